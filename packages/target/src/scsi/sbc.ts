/**
 * Default SBC handlers over a backing store: READ/WRITE(6/10/12/16), READ
 * CAPACITY(10/16), SYNCHRONIZE CACHE, VERIFY, UNMAP, WRITE SAME, COMPARE AND
 * WRITE, GET LBA STATUS, START STOP UNIT. Every store write goes through the
 * disk's write gate (see write-gate.ts).
 */
import { LBA_STATUS_DESCRIPTOR_LAYOUT, READ_CAPACITY_10_LAYOUT, READ_CAPACITY_16_LAYOUT } from '@sgio/struct';
import type { DiskContext } from './disk-context.js';
import { fieldFlag, fieldNumber, type ScsiRequest } from './request.js';
import { checkCondition, good, Sense, type ScsiResponse } from './response.js';

/** DATA PROTECT, WRITE PROTECTED. */
const WRITE_PROTECTED = { key: 0x7, asc: 0x27, ascq: 0x00 } as const;

/** The block range a command touches, from its CDB fields; undefined for commands without one. */
export function blockRangeOf(request: ScsiRequest): { lba: number; blocks: number } | undefined {
  if (!('lba' in request.fields)) return undefined;
  const lba = fieldNumber(request, 'lba');
  for (const name of ['transferLength', 'numberOfBlocks', 'verificationLength']) {
    if (name in request.fields) {
      let blocks = fieldNumber(request, name);
      if (blocks === 0 && (request.opcode === 0x08 || request.opcode === 0x0a)) blocks = 256; // READ(6)/WRITE(6)
      return { lba, blocks };
    }
  }
  return { lba, blocks: 1 };
}

function outOfRange(disk: DiskContext, lba: number, blocks: number): ScsiResponse | undefined {
  if (lba + blocks > disk.blocks || lba < 0) return checkCondition(Sense.LBA_OUT_OF_RANGE, lba);
  return undefined;
}

/** READ(6/10/12/16). */
export async function readBlocks(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
  const { lba, blocks } = blockRangeOf(request)!;
  const bad = outOfRange(disk, lba, blocks);
  if (bad) return bad;
  if (blocks === 0) return good();
  const offset = lba * disk.blockSize;
  const length = blocks * disk.blockSize;
  const store = disk.store;
  if (store.readInto === undefined) return good(await store.read(offset, length));
  // a reused buffer: a fresh one per READ is page faults before the data can land (see libc's BufferPool)
  const data = disk.dataInBuffers.acquire(length);
  try {
    await store.readInto(offset, data);
  } catch (e) {
    disk.dataInBuffers.release(data);
    throw e;
  }
  return { ...good(data), release: () => disk.dataInBuffers.release(data) };
}

/**
 * What WRITE and COMPARE AND WRITE check before touching the store: the
 * range, write protection, and that the data sent covers `copies` x the
 * blocks (COMPARE AND WRITE sends two). The answer to give instead (a
 * zero-block command is simply GOOD), or where to write.
 */
function writeTarget(request: ScsiRequest, disk: DiskContext, copies: number): ScsiResponse | { offset: number; bytes: number } {
  const { lba, blocks } = blockRangeOf(request)!;
  const bad = outOfRange(disk, lba, blocks);
  if (bad) return bad;
  if (disk.readOnly) return checkCondition(WRITE_PROTECTED);
  if (blocks === 0) return good();
  const bytes = blocks * disk.blockSize;
  if (request.dataOut.length < copies * bytes) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  return { offset: lba * disk.blockSize, bytes };
}

/** WRITE(6/10/12/16). */
export async function writeBlocks(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
  const t = writeTarget(request, disk, 1);
  if ('status' in t) return t;
  await disk.writeGate.write(() => disk.store.write(t.offset, request.dataOut.subarray(0, t.bytes)));
  return good();
}

/**
 * COMPARE AND WRITE: compares the blocks with the first half of the data
 * sent and, only when every byte is equal, writes the second half; no other
 * write lands in between. A miscompare is MISCOMPARE DURING VERIFY
 * OPERATION with the offset of the first unequal byte in INFORMATION, and
 * nothing is written.
 */
export async function compareAndWrite(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
  const t = writeTarget(request, disk, 2);
  if ('status' in t) return t;
  const { offset, bytes } = t;
  return disk.writeGate.exclusive(async () => {
    const stored = await disk.store.read(offset, bytes);
    for (let i = 0; i < bytes; i++) if (stored[i] !== request.dataOut[i]) return checkCondition(Sense.MISCOMPARE_DURING_VERIFY, i);
    await disk.store.write(offset, request.dataOut.subarray(bytes, 2 * bytes));
    return good();
  });
}

/** READ CAPACITY(10). */
export function readCapacity10(_request: ScsiRequest, disk: DiskContext): ScsiResponse {
  return good(READ_CAPACITY_10_LAYOUT.encode({ returnedLba: Math.min(disk.blocks - 1, 0xffffffff), blockLength: disk.blockSize }));
}

/** READ CAPACITY(16). */
export function readCapacity16(_request: ScsiRequest, disk: DiskContext): ScsiResponse {
  return good(READ_CAPACITY_16_LAYOUT.encode({ returnedLba: BigInt(disk.blocks - 1), blockLength: disk.blockSize, lbpme: disk.thin, lbprz: disk.thin }));
}

/** SYNCHRONIZE CACHE(10/16): flushes the store. */
export async function synchronizeCache(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
  const { lba, blocks } = blockRangeOf(request)!;
  const bad = outOfRange(disk, lba, blocks);
  if (bad) return bad;
  await disk.store.flush?.();
  return good();
}

/** VERIFY(10/16): BYTCHK 0 checks the range; 1 compares the sent blocks; 3 compares one sent block with each. */
export async function verify(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
  const { lba, blocks } = blockRangeOf(request)!;
  const bad = outOfRange(disk, lba, blocks);
  if (bad) return bad;
  const bytchk = fieldNumber(request, 'bytchk');
  if (bytchk === 0 || blocks === 0) return good();
  if (bytchk !== 1 && bytchk !== 3) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  const stored = await disk.store.read(lba * disk.blockSize, blocks * disk.blockSize);
  for (let i = 0; i < stored.length; i++) {
    const expected = bytchk === 1 ? request.dataOut[i] : request.dataOut[i % disk.blockSize];
    if (stored[i] !== expected) return checkCondition(Sense.MISCOMPARE_DURING_VERIFY, i);
  }
  return good();
}

async function deallocate(disk: DiskContext, lba: number, blocks: number): Promise<void> {
  const offset = lba * disk.blockSize;
  const length = blocks * disk.blockSize;
  const discard = disk.store.discard?.bind(disk.store);
  if (discard) await disk.writeGate.write(() => discard(offset, length));
  else await writeRepeated(disk, lba, blocks, new Uint8Array(disk.blockSize));
}

async function writeRepeated(disk: DiskContext, lba: number, blocks: number, block: Uint8Array): Promise<void> {
  const perChunk = Math.max(1, Math.floor((1 << 20) / disk.blockSize));
  const chunk = new Uint8Array(Math.min(blocks, perChunk) * disk.blockSize);
  for (let i = 0; i < chunk.length; i += disk.blockSize) chunk.set(block, i);
  for (let done = 0; done < blocks; done += perChunk) {
    const n = Math.min(perChunk, blocks - done);
    await disk.writeGate.write(() => disk.store.write((lba + done) * disk.blockSize, chunk.subarray(0, n * disk.blockSize)));
  }
}

/** UNMAP: deallocates each descriptor's range (thin devices only). */
export async function unmap(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
  if (!disk.thin) return checkCondition(Sense.INVALID_OPCODE);
  if (disk.readOnly) return checkCondition(WRITE_PROTECTED);
  const list = request.dataOut;
  if (list.length === 0) return good();
  if (list.length < 8) return checkCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
  const dv = new DataView(list.buffer, list.byteOffset, list.byteLength);
  const descriptorBytes = Math.min(dv.getUint16(2), list.length - 8);
  const ranges: { lba: number; blocks: number }[] = [];
  for (let at = 8; at + 16 <= 8 + descriptorBytes; at += 16) {
    const lba = Number(dv.getBigUint64(at));
    const blocks = dv.getUint32(at + 8);
    const bad = outOfRange(disk, lba, blocks);
    if (bad) return bad;
    ranges.push({ lba, blocks });
  }
  for (const r of ranges) await deallocate(disk, r.lba, r.blocks);
  return good();
}

/** WRITE SAME(10/16): one block written to every block of the range, or the range deallocated with UNMAP on a thin device. */
export async function writeSame(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
  const range = blockRangeOf(request)!;
  const blocks = range.blocks === 0 ? disk.blocks - range.lba : range.blocks;
  const bad = outOfRange(disk, range.lba, blocks);
  if (bad) return bad;
  if (disk.readOnly) return checkCondition(WRITE_PROTECTED);
  if (blocks > disk.maxTransferBlocks && range.blocks !== 0) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  if (fieldFlag(request, 'unmap') && disk.thin) {
    await deallocate(disk, range.lba, blocks);
    return good();
  }
  const block = fieldFlag(request, 'ndob') ? new Uint8Array(disk.blockSize) : request.dataOut.subarray(0, disk.blockSize);
  if (block.length < disk.blockSize) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  await writeRepeated(disk, range.lba, blocks, block);
  return good();
}

/** Descriptors GET LBA STATUS returns at most (the initiator's allocation length cuts the rest). */
const MAX_LBA_STATUS_DESCRIPTORS = 32;

/**
 * GET LBA STATUS: from the LBA on, runs of mapped (0) and deallocated (1)
 * blocks as the store reports them (`allocation`, on a thin disk); one
 * mapped run to the end when the store does not track allocation or the
 * disk is not thin.
 */
export function getLbaStatus(request: ScsiRequest, disk: DiskContext): ScsiResponse {
  const lba = fieldNumber(request, 'lba');
  if (lba >= disk.blocks) return checkCondition(Sense.LBA_OUT_OF_RANGE, lba);
  const bs = disk.blockSize;
  const runs: { lba: number; blocks: number; status: number }[] = [];
  const store = disk.store;
  if (disk.thin && store.allocation !== undefined) {
    for (let at = lba; at < disk.blocks && runs.length < MAX_LBA_STATUS_DESCRIPTORS; ) {
      const run = store.allocation(at * bs, (disk.blocks - at) * bs);
      const blocks = Math.min(0xffffffff, Math.max(1, Math.floor(run.length / bs)));
      runs.push({ lba: at, blocks, status: run.allocated ? 0 : 1 });
      at += blocks;
    }
  } else runs.push({ lba, blocks: disk.blocks - lba, status: 0 });
  const out = new Uint8Array(8 + 16 * runs.length);
  new DataView(out.buffer).setUint32(0, 4 + 16 * runs.length);
  runs.forEach((r, i) => out.set(LBA_STATUS_DESCRIPTOR_LAYOUT.encode({ lba: BigInt(r.lba), numberOfBlocks: Math.min(r.blocks, 0xffffffff), provisioningStatus: r.status }), 8 + 16 * i));
  return good(out);
}
