/**
 * io_uring on the lab's kernel (Debian's UML build of Linux 6.1): the probe
 * ring works (a NOP completes with 0, URING_CMD is a known opcode, entries
 * are 128 bytes), and the bsg node of the scsi_debug disk refuses
 * IORING_OP_URING_CMD with EOPNOTSUPP: 6.1's bsg has no uring_cmd handler,
 * so SCSI passthrough over io_uring cannot run in this lab.
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
    const ops = ring.supportedOps();
    expect(ops.has(IORING_OP_NOP)).toBe(true);
    expect(ops.has(IORING_OP_URING_CMD)).toBe(true);
    for (let i = 0; i < 5; i++) expect(ring.run((e) => e.setUint8(0, IORING_OP_NOP))).toEqual({ res: 0 });
  });

  it('a closed ring refuses work, and closing twice is harmless', () => {
    const ring = ProbeRing.open({ sqe128: false });
    expect(ring.sqe128).toBe(false);
    ring.close();
    ring.close();
    expect(() => ring.run((e) => e.setUint8(0, IORING_OP_NOP))).toThrow(SystemError);
  });

  it('the bsg node refuses URING_CMD with EOPNOTSUPP: no passthrough on this kernel', () => {
    const report = probeUringPassthrough(bsgPathFor(firstDevice().path));
    expect(report).toMatchObject({
      kernel: release(),
      sqe128: true,
      uringCmdOpcode: true,
      nop: { res: 0 },
      bsg: { res: -95, code: 'EOPNOTSUPP' },
      supported: false,
    });
    expect(report.kernel).toMatch(/^6\.1\./);
    expect(report.reason).toContain('no uring_cmd handler');
  });
});
