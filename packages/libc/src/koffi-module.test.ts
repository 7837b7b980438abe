import { createRequire } from 'node:module';
import type * as Koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { koffiPath, locateKoffi, requireKoffi } from './koffi-module.js';

const require = createRequire(import.meta.url);

describe('koffi loading', () => {
  it('finds the prebuilt native module for this platform beside the entry point', () => {
    const where = locateKoffi();
    expect(where.entry).toBe(require.resolve('koffi'));
    expect(where.native).toMatch(new RegExp(`/build/koffi/${process.platform}_${process.arch}/koffi\\.node$`));
    expect(where.version).toBe((require('koffi/package.json') as { version: string }).version);
  });

  it('loads the native module itself, which answers every call the bindings and the worker make', () => {
    const koffi = requireKoffi<typeof Koffi>();
    expect(koffi).not.toBe(require('koffi'));
    const lib = koffi.load('libc.so.6');
    const getpid = lib.func('int getpid()') as () => number;
    expect(getpid()).toBe(process.pid);
    expect(typeof koffi.errno).toBe('function');
    expect(koffiPath()).toBe(locateKoffi().native);
  });

  it('falls back to the entry point when the native module does not load or has another version', () => {
    const entry = locateKoffi().entry;
    const seen: string[] = [];
    const failing = (path: string): unknown => {
      seen.push(path);
      if (path.endsWith('.node')) throw new Error('wrong C library');
      return { fromEntry: true };
    };
    expect(requireKoffi(failing)).toEqual({ fromEntry: true });
    expect(seen).toEqual([locateKoffi().native, entry]);
    const otherVersion = (path: string): unknown => (path.endsWith('.node') ? { version: '0.0.1' } : { fromEntry: true });
    expect(requireKoffi(otherVersion)).toEqual({ fromEntry: true });
  });
});
