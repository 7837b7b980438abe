/**
 * READ / WRITE / VERIFY CDBs for a block range: the 10-byte CDB when the LBA
 * fits 32 bits and the count 16 bits, else the 16-byte one. Encoded with the
 * DSL definitions into buffers that are reused from command to command.
 */
import { read10, read16, verify10, verify16, write10, write16, type FieldsInput } from '@sgio/struct';
import { BlockRequestError } from './command-errors.js';

/** Which block command to encode. */
export type BlockOperation = 'read' | 'write' | 'verify';

/** A CDB size for block commands. */
export type BlockCdbSize = 10 | 16;

/** Flags shared by the block commands. */
export interface BlockCdbFlags {
  /** FUA: force unit access (read / write only). */
  readonly fua?: boolean;
  /** DPO: disable page out. */
  readonly dpo?: boolean;
  /** VERIFY only: BYTCHK (0 medium check, 1 compare every block, 3 compare with one block). */
  readonly bytchk?: number;
}

const MAX_LBA = 0xffff_ffff_ffff_ffffn;

/** Checks an LBA (a safe non-negative integer or a bigint below 2^64) and returns it as a bigint. */
export function checkLba(lba: number | bigint, what = 'lba'): bigint {
  if (typeof lba === 'bigint') {
    if (lba < 0n || lba > MAX_LBA) throw new BlockRequestError(`${what} must be 0..2^64-1, got ${lba}`);
    return lba;
  }
  if (!Number.isSafeInteger(lba) || lba < 0) throw new BlockRequestError(`${what} must be a non-negative safe integer or a bigint, got ${String(lba)}`);
  return BigInt(lba);
}

/** Checks a block count for the 32-bit TRANSFER LENGTH of the 16-byte CDBs. */
export function checkCount(count: number, what = 'count'): number {
  if (!Number.isInteger(count) || count < 0 || count > 0xffff_ffff) throw new BlockRequestError(`${what} must be an integer 0..2^32-1, got ${String(count)}`);
  return count;
}

/** True when a range can use a 10-byte CDB: LBA below 2^32 and at most 65535 blocks. */
export function fitsCdb10(lba: bigint, count: number): boolean {
  return lba <= 0xffff_ffffn && count <= 0xffff;
}

/**
 * The CDB size for a range: `forced` when given (and possible), else 10 when
 * the range fits, else 16.
 */
export function chooseCdbSize(lba: bigint, count: number, forced?: BlockCdbSize): BlockCdbSize {
  if (forced === undefined) return fitsCdb10(lba, count) ? 10 : 16;
  if (forced !== 10 && forced !== 16) throw new BlockRequestError(`cdbSize must be 10 or 16, got ${String(forced)}`);
  if (forced === 10 && !fitsCdb10(lba, count)) {
    throw new BlockRequestError(`a 10-byte CDB cannot address LBA ${lba} with ${count} blocks (limits: LBA < 2^32, 65535 blocks); use cdbSize 16 or leave it out`);
  }
  return forced;
}

/**
 * The name of the command {@link BlockCdbEncoder.encode} builds (its DSL
 * definition's, e.g. `READ(16)`), for the command's events, metrics and
 * errors: executed as CDB bytes, a command would otherwise be named from the
 * opcode table (`Read(16) (opcode 0x88)`), unlike the same command run
 * through its definition.
 */
export function blockCommandName(operation: BlockOperation, size: BlockCdbSize): string {
  if (operation === 'read') return size === 10 ? read10.name : read16.name;
  if (operation === 'write') return size === 10 ? write10.name : write16.name;
  return size === 10 ? verify10.name : verify16.name;
}

/** Encodes block CDBs into two reused buffers (one per size); not shared between commands in flight. */
export class BlockCdbEncoder {
  /** The 10-byte CDB buffer. */
  readonly cdb10 = new Uint8Array(10);
  /** The 16-byte CDB buffer. */
  readonly cdb16 = new Uint8Array(16);
  readonly #r10: FieldsInput<typeof read10.fields> = { lba: 0, transferLength: 0, fua: false, dpo: false };
  readonly #r16: FieldsInput<typeof read16.fields> = { lba: 0n, transferLength: 0, fua: false, dpo: false };
  readonly #w10: FieldsInput<typeof write10.fields> = { lba: 0, transferLength: 0, fua: false, dpo: false };
  readonly #w16: FieldsInput<typeof write16.fields> = { lba: 0n, transferLength: 0, fua: false, dpo: false };
  readonly #v10: FieldsInput<typeof verify10.fields> = { lba: 0, verificationLength: 0, bytchk: 0, dpo: false };
  readonly #v16: FieldsInput<typeof verify16.fields> = { lba: 0n, verificationLength: 0, bytchk: 0, dpo: false };

  /**
   * Encodes `operation` for `count` blocks at `lba` into the buffer of
   * `size` and returns that buffer (valid until the next encode).
   */
  encode(operation: BlockOperation, lba: bigint, count: number, size: BlockCdbSize, flags: BlockCdbFlags = {}): Uint8Array {
    const fua = flags.fua ?? false;
    const dpo = flags.dpo ?? false;
    if (size === 10) {
      const l = Number(lba);
      if (operation === 'read') {
        const f = this.#r10;
        f.lba = l;
        f.transferLength = count;
        f.fua = fua;
        f.dpo = dpo;
        read10.encodeInto(this.cdb10, 0, f);
      } else if (operation === 'write') {
        const f = this.#w10;
        f.lba = l;
        f.transferLength = count;
        f.fua = fua;
        f.dpo = dpo;
        write10.encodeInto(this.cdb10, 0, f);
      } else {
        const f = this.#v10;
        f.lba = l;
        f.verificationLength = count;
        f.bytchk = flags.bytchk ?? 0;
        f.dpo = dpo;
        verify10.encodeInto(this.cdb10, 0, f);
      }
      return this.cdb10;
    }
    if (operation === 'read') {
      const f = this.#r16;
      f.lba = lba;
      f.transferLength = count;
      f.fua = fua;
      f.dpo = dpo;
      read16.encodeInto(this.cdb16, 0, f);
    } else if (operation === 'write') {
      const f = this.#w16;
      f.lba = lba;
      f.transferLength = count;
      f.fua = fua;
      f.dpo = dpo;
      write16.encodeInto(this.cdb16, 0, f);
    } else {
      const f = this.#v16;
      f.lba = lba;
      f.verificationLength = count;
      f.bytchk = flags.bytchk ?? 0;
      f.dpo = dpo;
      verify16.encodeInto(this.cdb16, 0, f);
    }
    return this.cdb16;
  }
}
