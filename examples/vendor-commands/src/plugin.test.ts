/**
 * The pack loads into the `sgio` command with `--plugin`, as a user would
 * load it: the built entry file, the generic `cmd` and `decode-cdb`.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve('@sgio/cli/package.json'));
const { bin } = require('@sgio/cli/package.json') as { bin: { sgio: string } };
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

function sgio(...args: string[]): string {
  return execFileSync(process.execPath, [join(cliDir, bin.sgio), '--plugin', entry, ...args], { encoding: 'utf8' });
}

describe('sgio --plugin', () => {
  it('lists the pack and its commands', () => {
    const list = sgio('cmd', '--list');
    expect(list).toMatch(/acme/);
    expect(list).toMatch(/acmeReadHealth\s+ACME READ HEALTH\s+0xc1\/0x05/);
  });

  it('builds a vendor CDB from generated options (sgio cmd ... --dry-run)', () => {
    const out = sgio('cmd', 'acme-read-health', '--detailed', '--since-hours', '0x01020304', '--dry-run');
    expect(out).toContain('c1 85 01 02 03 04 00 00 02 00 00 00');
  });

  it('decodes a vendor CDB (sgio decode-cdb)', () => {
    const out = sgio('decode-cdb', 'c1 85 00 00 00 2a 00 00 02 00 00 00');
    expect(out).toMatch(/ACME READ HEALTH \[acmeReadHealth, pack acme\]/);
    expect(out).toMatch(/sinceHours\s+42/);
  });
});
