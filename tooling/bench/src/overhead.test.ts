import { describe, expect, it } from 'vitest';
import { measureOverhead } from './overhead.js';

describe('overhead', () => {
  it('measures every step of a command on the host (no sg device needed)', () => {
    const rows = measureOverhead(2000);
    expect(rows.map((r) => r.name)).toContain('FFI: getpid()');
    for (const r of rows) {
      expect(r.ns, r.name).toBeGreaterThan(0);
      expect(r.bytesPerOp, r.name).toBeGreaterThanOrEqual(0);
    }
  });
});
