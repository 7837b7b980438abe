import { describe, expect, it } from 'vitest';
import { CheckConditionError, type CommandResult } from '@sgio/core';
import { decodeSense, encodeSense, SenseKey, SenseCategory, type LbaStatusDescriptor, type SenseKeyValue } from '@sgio/struct';
import { AllocationState, NbdErrno } from '../protocol/constants.js';
import { allocationFlags, extentsFromLbaStatus } from './allocation-extents.js';
import { blockSizesFor, MAX_REQUEST_BYTES } from './block-sizes.js';
import { NbdRequestError, requestErrorFor } from './request-error.js';

describe('blockSizesFor', () => {
  it('minimum is the block size, maximum the device maximum capped at 32 MiB, preferred a power of two ≥ 4096', () => {
    expect(blockSizesFor({ blockSize: 512 })).toEqual({ minimum: 512, preferred: 4096, maximum: MAX_REQUEST_BYTES });
    expect(blockSizesFor({ blockSize: 512, optimalTransferBlocks: 3000, maximumTransferBlocks: 8192 })).toEqual({ minimum: 512, preferred: 1024 * 1024, maximum: 4 * 1024 * 1024 });
    expect(blockSizesFor({ blockSize: 4096, maximumTransferBlocks: 0x7fffffff })).toEqual({ minimum: 4096, preferred: 4096, maximum: MAX_REQUEST_BYTES });
    expect(blockSizesFor({ blockSize: 512, optimalTransferBlocks: 64, maximumTransferBlocks: 4 })).toEqual({ minimum: 512, preferred: 2048, maximum: 2048 });
  });

  it('refuses block sizes NBD cannot express', () => {
    expect(() => blockSizesFor({ blockSize: 520 })).toThrow(/power of two/);
    expect(() => blockSizesFor({ blockSize: 256 })).toThrow(RangeError);
  });
});

const d = (lba: number, blocks: number, status: number): LbaStatusDescriptor => ({ lba: BigInt(lba), numberOfBlocks: blocks, provisioningStatus: status, provisioningStatusName: 'mapped', additionalStatus: 0 });

describe('extentsFromLbaStatus', () => {
  const req = { offset: 0n, length: 8 * 512, blockSize: 512, readsZeros: true, one: false };

  it('maps mapped / deallocated / anchored and merges neighbours', () => {
    expect(allocationFlags(0, true)).toBe(0);
    expect(allocationFlags(1, true)).toBe(AllocationState.HOLE | AllocationState.ZERO);
    expect(allocationFlags(1, false)).toBe(AllocationState.HOLE);
    expect(allocationFlags(2, true)).toBe(AllocationState.ZERO);
    expect(extentsFromLbaStatus([d(0, 2, 0), d(2, 2, 0), d(4, 100, 1)], req)).toEqual([
      { length: 2048, flags: 0 },
      { length: 2048, flags: 3 },
    ]);
  });

  it('clips a descriptor that starts before the request and stops at a gap', () => {
    expect(extentsFromLbaStatus([d(0, 10, 1), d(12, 4, 0)], { ...req, offset: 1024n, length: 8192 })).toEqual([{ length: 4096, flags: 3 }]);
  });

  it('REQ_ONE gives one extent; nothing useful gives one allocated extent of the request', () => {
    expect(extentsFromLbaStatus([d(0, 2, 0), d(2, 6, 1)], { ...req, one: true })).toEqual([{ length: 1024, flags: 0 }]);
    expect(extentsFromLbaStatus([], req)).toEqual([{ length: 4096, flags: 0 }]);
    expect(extentsFromLbaStatus([d(5, 2, 1)], req)).toEqual([{ length: 4096, flags: 0 }]);
  });
});

function checkCondition(key: SenseKeyValue, asc: number, information?: number): CheckConditionError {
  const sense = decodeSense(encodeSense({ key, asc, ascq: 0, ...(information === undefined ? {} : { information }) }));
  const result = { command: 'READ(16)' } as unknown as CommandResult;
  return new CheckConditionError(result, sense, SenseCategory.MEDIUM_HARD);
}

describe('requestErrorFor', () => {
  it('a medium error is EIO at the failing LBA as a byte offset', () => {
    const e = requestErrorFor(checkCondition(SenseKey.MEDIUM_ERROR, 0x11, 1234), 'read', 512);
    expect(e.errno).toBe(NbdErrno.EIO);
    expect(e.offset).toBe(1234n * 512n);
    expect(e.message).toMatch(/LBA 1234/);
  });

  it('DATA PROTECT is EPERM; LBA out of range is ENOSPC for writes, EINVAL for reads; others EIO', () => {
    expect(requestErrorFor(checkCondition(SenseKey.DATA_PROTECT, 0x27), 'write', 512).errno).toBe(NbdErrno.EPERM);
    expect(requestErrorFor(checkCondition(SenseKey.ILLEGAL_REQUEST, 0x21), 'write', 512).errno).toBe(NbdErrno.ENOSPC);
    expect(requestErrorFor(checkCondition(SenseKey.ILLEGAL_REQUEST, 0x21), 'read', 512).errno).toBe(NbdErrno.EINVAL);
    expect(requestErrorFor(checkCondition(SenseKey.ABORTED_COMMAND, 0x47), 'read', 512).errno).toBe(NbdErrno.EIO);
    expect(requestErrorFor(new Error('gone'), 'read', 512).errno).toBe(NbdErrno.EIO);
    const own = new NbdRequestError(NbdErrno.EPERM, 'ro');
    expect(requestErrorFor(own, 'write', 512)).toBe(own);
  });
});
