/**
 * `@sgio/struct` runs in a browser: esbuild bundles its published entry for
 * `platform: 'browser'` with no Node built-in and no polyfill, and the bundle
 * encodes and decodes a CDB in a bare JavaScript realm that has only what
 * browsers have (no `process`, `Buffer`, `require` or `global`).
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './browser-bundle.js';

const entry = `
import { inquiry, read16, standardCommands, decodeSense, formatSense } from '@sgio/struct';
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const cdb = read16.encode({ lba: 0x1000, transferLength: 8 });
const sense = decodeSense(Uint8Array.of(0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x20, 0x00, 0, 0, 0, 0));
globalThis.result = {
  inquiry: hex(inquiry.encode({ allocationLength: 36 })),
  read16: hex(cdb),
  decoded: standardCommands.decode(cdb).definition.name,
  senseKey: sense.senseKey,
  senseText: formatSense(sense),
};
`;

describe('@sgio/struct in a browser', () => {
  it('bundles with esbuild for the browser with no Node built-ins and no polyfills', async () => {
    const bundle = await bundleForBrowser(entry, import.meta.dirname);
    expect(bundle.externals).toEqual([]);
    const foreign = bundle.inputs.filter((i) => !i.endsWith('browser-entry.js') && !/(^|\/)(packages\/struct|@sgio\/struct)\/dist\//.test(i));
    expect(foreign).toEqual([]);
    // no CommonJS loading and no Node globals (a method named `require` is fine)
    expect(bundle.code).not.toMatch(/\brequire\(\s*['"`]|\bprocess\.\w|\bBuffer\.|__dirname|__filename/);
  });

  it('encodes and decodes in a realm with only browser globals', async () => {
    const { code } = await bundleForBrowser(entry, import.meta.dirname);
    const realm: Record<string, unknown> = { TextDecoder, TextEncoder, console };
    realm.globalThis = realm;
    runInNewContext(code.replace(/^export\s*\{\s*\};?\s*$/m, ''), realm);
    const result = realm.result as Record<string, unknown>;
    expect(result.inquiry).toBe('12 00 00 00 24 00');
    expect(result.read16).toBe('88 00 00 00 00 00 00 00 10 00 00 00 00 08 00 00');
    expect(result.decoded).toBe('READ(16)');
    expect(result.senseKey).toBe(5);
    expect(String(result.senseText)).toMatch(/illegal request/i);
    expect(realm.process).toBeUndefined();
    expect(realm.Buffer).toBeUndefined();
  });
});
