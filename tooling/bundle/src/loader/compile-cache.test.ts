import { describe, expect, it } from 'vitest';
import { OTHER_LOCATION_DAYS, cacheDirectory, cacheFileName, cachePart, excessCacheParts, isStaleOtherLocation, isSupersededCache, isTrusted, isYoungCache, locationTag, parseCacheFileName, SETTLED_CACHE_MODE, shouldRefreshCache, YOUNG_CACHE_MODE } from './compile-cache.js';

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
  const W = 'c0ffee00';
  const OTHER = '0badf00d';
  const name = cacheFileName('sgio', 'aaaa', W, 'v20.20.2', 'x64');

  it('name the program, its hash, its place, the Node version and the architecture', () => {
    expect(name).toBe('sgio-aaaa-c0ffee00-v20.20.2-x64.v8cache');
  });

  it('tags a place with 8 hex digits of its path', () => {
    expect(locationTag('/usr/lib/node_modules/@sgio/cli/dist/program.cjs')).toMatch(/^[0-9a-f]{8}$/);
    expect(locationTag('/a/dist/program.cjs')).toBe(locationTag('/a/dist/program.cjs'));
    expect(locationTag('/a/dist/program.cjs')).not.toBe(locationTag('/b/dist/program.cjs'));
  });

  it('older builds of the same program at the same place for the same Node are superseded; nothing else is', () => {
    expect(isSupersededCache(`sgio-bbbb-${W}-v20.20.2-x64.v8cache`, name, 'sgio', 'v20.20.2', 'x64')).toBe(true);
    expect(isSupersededCache(name, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache(`sgio-bbbb-${OTHER}-v20.20.2-x64.v8cache`, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache(`sgio-bbbb-${W}-v22.1.0-x64.v8cache`, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache(`sgiod-bbbb-${W}-v20.20.2-x64.v8cache`, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache(`sgio-bbbb-${W}-v20.20.2-x64.v8cache.123.tmp`, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
  });

  it('removes what loaders before the place tag wrote for the program, and only that', () => {
    expect(isSupersededCache('sgio-aaaa-v20.20.2-x64.v8cache', name, 'sgio', 'v20.20.2', 'x64')).toBe(true);
    expect(isSupersededCache('sgio-aaaa-v20.20.2-x64.inq.v8cache', name, 'sgio', 'v20.20.2', 'x64')).toBe(true);
    expect(isSupersededCache('sgiod-aaaa-v20.20.2-x64.v8cache', name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache('sgio-aaaa-v22.1.0-x64.v8cache', name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
  });

  it('keeps the parts of this build and removes those of another build at the same place', () => {
    expect(cacheFileName('sgio', 'aaaa', W, 'v20.20.2', 'x64', 'inq')).toBe('sgio-aaaa-c0ffee00-v20.20.2-x64.inq.v8cache');
    expect(isSupersededCache(`sgio-aaaa-${W}-v20.20.2-x64.inq.v8cache`, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache(name, `sgio-aaaa-${W}-v20.20.2-x64.dd.v8cache`, 'sgio', 'v20.20.2', 'x64')).toBe(false);
    expect(isSupersededCache(`sgio-bbbb-${W}-v20.20.2-x64.inq.v8cache`, name, 'sgio', 'v20.20.2', 'x64')).toBe(true);
    expect(isSupersededCache(`sgiod-bbbb-${W}-v20.20.2-x64.inq.v8cache`, name, 'sgio', 'v20.20.2', 'x64')).toBe(false);
  });

  it('removes another place\'s caches once they are a month old', () => {
    const now = Date.UTC(2026, 11, 1);
    const old = now - (OTHER_LOCATION_DAYS + 1) * 86_400_000;
    expect(isStaleOtherLocation(`sgio-aaaa-${OTHER}-v20.20.2-x64.v8cache`, old, name, 'sgio', 'v20.20.2', 'x64', now)).toBe(true);
    expect(isStaleOtherLocation(`sgio-aaaa-${OTHER}-v20.20.2-x64.v8cache`, now - 86_400_000, name, 'sgio', 'v20.20.2', 'x64', now)).toBe(false);
    expect(isStaleOtherLocation(`sgio-aaaa-${W}-v20.20.2-x64.inq.v8cache`, old, name, 'sgio', 'v20.20.2', 'x64', now)).toBe(false);
    expect(isStaleOtherLocation(`sgiod-aaaa-${OTHER}-v20.20.2-x64.v8cache`, old, name, 'sgio', 'v20.20.2', 'x64', now)).toBe(false);
  });

  it('parses the hash, place and part of this program\'s cache files, and nothing else', () => {
    expect(parseCacheFileName(cacheFileName('sgio', 'ab12', W, 'v20.20.2', 'x64', 'decode-sense'), 'sgio', 'v20.20.2', 'x64')).toEqual({ hash: 'ab12', where: W, part: 'decode-sense' });
    expect(parseCacheFileName(cacheFileName('sgio', 'ab12', W, 'v20.20.2', 'x64'), 'sgio', 'v20.20.2', 'x64')).toEqual({ hash: 'ab12', where: W, part: '' });
    for (const other of [`sgiod-ab12-${W}-v20.20.2-x64.v8cache`, `sgio-ab12-${W}-v22.1.0-x64.v8cache`, `sgio-ab12-${W}-v20.20.2-x64.v8cache.77.tmp`, `sgio-ab12-${W}-v20.20.2-x64.INQ.v8cache`, 'sgio-ab12-v20.20.2-x64.v8cache']) {
      expect(parseCacheFileName(other, 'sgio', 'v20.20.2', 'x64'), other).toBeUndefined();
    }
  });
});

describe('cachePart', () => {
  it('is the first argument when it reads like a subcommand, else none', () => {
    expect(cachePart('inq')).toBe('inq');
    expect(cachePart('decode-sense')).toBe('decode-sense');
    expect(cachePart(undefined)).toBe('');
    expect(cachePart('--version')).toBe('');
    expect(cachePart('/dev/sg0')).toBe('');
    expect(cachePart('INQ')).toBe('');
    expect(cachePart('a'.repeat(33))).toBe('');
  });

  it('keeps at most the newest parts of a build', () => {
    const files = [
      { name: 'x.c', mtimeMs: 3 },
      { name: 'x.a', mtimeMs: 1 },
      { name: 'x.b', mtimeMs: 2 },
    ];
    expect(excessCacheParts(files, 3)).toEqual([]);
    expect(excessCacheParts(files, 1)).toEqual(['x.a', 'x.b']);
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

describe('shouldRefreshCache', () => {
  it('replaces a cache when the run lasted long enough and compiled 5% more or beyond', () => {
    expect(shouldRefreshCache(1_000_000, 1_050_000, 0, 0)).toBe(true);
    expect(shouldRefreshCache(1_000_000, 1_400_000, 2_500, 2_000)).toBe(true);
  });

  it('keeps it when the run was short, or its cache would hold about the same or less', () => {
    expect(shouldRefreshCache(1_000_000, 1_400_000, 1_999, 2_000)).toBe(false);
    expect(shouldRefreshCache(1_000_000, 1_049_999, 10_000, 0)).toBe(false);
    // a long-running server whose unused functions V8 flushed: a smaller cache never replaces a larger one
    expect(shouldRefreshCache(1_000_000, 600_000, 10_000, 0)).toBe(false);
  });
});

describe('young and settled cache files', () => {
  it('tell a young cache by the owner\'s write bit; both modes are trusted', () => {
    expect(isYoungCache(0o100000 | YOUNG_CACHE_MODE)).toBe(true);
    expect(isYoungCache(0o100000 | SETTLED_CACHE_MODE)).toBe(false);
    expect(isTrusted({ uid: 1000, mode: YOUNG_CACHE_MODE }, 1000)).toBe(true);
    expect(isTrusted({ uid: 1000, mode: SETTLED_CACHE_MODE }, 1000)).toBe(true);
  });
});
