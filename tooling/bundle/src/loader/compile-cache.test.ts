import { describe, expect, it } from 'vitest';
import { cacheDirectory, cacheFileName, isSupersededCache, isTrusted } from './compile-cache.js';

describe('cacheDirectory', () => {
  it('is under ~/.cache, or $XDG_CACHE_HOME, or $SGIO_COMPILE_CACHE', () => {
    expect(cacheDirectory({}, '/home/u')).toBe('/home/u/.cache/sgio/compile-cache');
    expect(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/u' }, '/home/u')).toBe('/var/cache/u/sgio/compile-cache');
    expect(cacheDirectory({ SGIO_COMPILE_CACHE: '/tmp/cc', XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/tmp/cc');
  });

  it('is off when asked, or without a home', () => {
    expect(cacheDirectory({ SGIO_COMPILE_CACHE: 'off' }, '/home/u')).toBeUndefined();
    expect(cacheDirectory({ SGIO_COMPILE_CACHE: '0' }, '/home/u')).toBeUndefined();
    expect(cacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1', SGIO_COMPILE_CACHE: '/tmp/cc' }, '/home/u')).toBeUndefined();
    expect(cacheDirectory({}, undefined)).toBeUndefined();
    expect(cacheDirectory({ XDG_CACHE_HOME: '' }, '')).toBeUndefined();
  });
});

describe('cache file names', () => {
  const name = cacheFileName('sgio', 'aaaa', 'v20.20.2', 'x64');

  it('name the program, its hash, the Node version and the architecture', () => {
    expect(name).toBe('sgio-aaaa-v20.20.2-x64.v8cache');
  });

  it('older builds of the same program for the same Node are superseded; nothing else is', () => {
    expect(isSupersededCache('sgio-bbbb-v20.20.2-x64.v8cache', name, 'sgio', 'v20.20.2', 'x64')).toBe(true);
    expect(isSupersededCache(name, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache('sgio-bbbb-v22.1.0-x64.v8cache', name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache('sgiod-bbbb-v20.20.2-x64.v8cache', name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache('sgio-bbbb-v20.20.2-x64.v8cache.123.tmp', name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
  });
});

describe('isTrusted', () => {
  it('trusts what this user owns and only this user may write', () => {
    expect(isTrusted({ uid: 1000, mode: 0o100600 }, 1000)).toBe(true);
    expect(isTrusted({ uid: 1000, mode: 0o40755 }, 1000)).toBe(true);
  });

  it('refuses another owner, or group or world write', () => {
    expect(isTrusted({ uid: 0, mode: 0o100600 }, 1000)).toBe(false);
    expect(isTrusted({ uid: 1000, mode: 0o100620 }, 1000)).toBe(false);
    expect(isTrusted({ uid: 1000, mode: 0o41777 }, 1000)).toBe(false);
  });
});
