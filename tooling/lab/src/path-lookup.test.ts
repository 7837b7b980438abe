import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOnPath } from './path-lookup.js';

describe('findOnPath', () => {
  it('takes the folders in order and, in each, the names in order; skips files that are not executable', () => {
    const a = mkdtempSync(join(tmpdir(), 'sgio-path-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sgio-path-b-'));
    try {
      writeFileSync(join(a, 'second'), '');
      chmodSync(join(a, 'second'), 0o755);
      writeFileSync(join(a, 'first'), ''); // not executable
      writeFileSync(join(b, 'first'), '');
      chmodSync(join(b, 'first'), 0o755);
      expect(findOnPath(['first', 'second'], `/nonexistent:${a}:${b}`)).toBe(join(a, 'second'));
      expect(findOnPath(['first'], `${a}:${b}`)).toBe(join(b, 'first'));
      expect(findOnPath(['third'], `${a}:${b}`)).toBeUndefined();
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
