/**
 * io_uring on the lab's kernel: the probe ring works (a NOP completes with
 * 0, URING_CMD is a known opcode, entries are 128 bytes, completions 32),
 * and the bsg node of the scsi_debug disk answers IORING_OP_URING_CMD.
 * Debian's UML build of Linux 6.1 (what CI boots) refuses it with
 * EOPNOTSUPP: its bsg has no uring_cmd handler. Debian unstable's 7.2.7
 * (`sgio-lab --fetch-kernel`) has the handler.
 */
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { firstDevice, requireLab } from '@sgio/lab';
import { IORING_OP_NOP, IORING_OP_URING_CMD, ProbeRing, SystemError } from '@sgio/libc';
import { bsgPathFor } from '../../device/bsg-path.js';
import { probeUringPassthrough } from './passthrough-probe.js';

requireLab('The io_uring passthrough probe lab test');

describe('io_uring on the lab kernel', () => {
  it('the probe ring completes a NOP and knows URING_CMD', () => {
    using ring = ProbeRing.open();
    expect(ring.sqe128).toBe(true);
    expect(ring.cqe32).toBe(true);
    const ops = ring.supportedOps();
    expect(ops.has(IORING_OP_NOP)).toBe(true);
    expect(ops.has(IORING_OP_URING_CMD)).toBe(true);
    for (let i = 0; i < 5; i++) expect(ring.run((e) => e.setUint8(0, IORING_OP_NOP))).toEqual({ res: 0 });
  });

  it('a closed ring refuses work, and closing twice is harmless', () => {
    const ring = ProbeRing.open({ sqe128: false });
    expect(ring.sqe128).toBe(false);
    expect(ring.cqe32).toBe(false);
    ring.close();
    ring.close();
    expect(() => ring.run((e) => e.setUint8(0, IORING_OP_NOP))).toThrow(SystemError);
  });

  // Debian's UML kernel (6.1, what CI boots) has no bsg uring_cmd handler; Debian unstable's
  // (7.2.7, `sgio-lab --fetch-kernel`) has one, which answers the probe's all-zero command with EINVAL.
  const hasHandler = Number(release().split('.')[0]) >= 7;
  it(`the bsg node ${hasHandler ? 'has a' : 'has no'} uring_cmd handler on Linux ${release()}: ${hasHandler ? 'an all-zero URING_CMD is refused as invalid, not unsupported' : 'URING_CMD answers EOPNOTSUPP'}`, () => {
    const report = probeUringPassthrough(bsgPathFor(firstDevice().path));
    expect(report).toMatchObject({ kernel: release(), sqe128: true, cqe32: true, uringCmdOpcode: true, nop: { res: 0 } });
    if (hasHandler) {
      expect(report).toMatchObject({ bsg: { res: -22, code: 'EINVAL' }, supported: true });
      expect(report.reason).toContain('it has a uring_cmd handler');
    } else {
      expect(report).toMatchObject({ bsg: { res: -95, code: 'EOPNOTSUPP' }, supported: false });
      expect(report.kernel).toMatch(/^6\.1\./);
      expect(report.reason).toContain('no uring_cmd handler');
    }
  });
});
