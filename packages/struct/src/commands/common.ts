/**
 * Field builders shared by several command definitions (the same T10 field
 * at different byte offsets), so their help texts read the same everywhere.
 */
import type { ServiceActionPosition } from '../dsl/cdb.js';
import { bits, flag, u32, u8, type FlagField, type UintField } from '../dsl/fields.js';

/** GROUP NUMBER (6 bits, bits 5..0 of `byte`), as in SBC-5's READ/WRITE CDBs. */
export function groupNumber(byte: number): UintField {
  return bits(byte, 5, 6, { description: 'GROUP NUMBER: I/O advice / statistics group (0 = none)' });
}

/** A 3-bit protection field (RDPROTECT, WRPROTECT, VRPROTECT) at bits 7..5 of `byte`. */
export function protectField(byte: number, name: 'RDPROTECT' | 'WRPROTECT' | 'VRPROTECT'): UintField {
  return bits(byte, 7, 3, { description: `${name}: protection information checking (0 = none; needs a formatted PI device otherwise)` });
}

/** DPO at bit 4 of `byte`. */
export function dpoFlag(byte: number): FlagField {
  return flag(byte, 4, { description: 'DPO: disable page out (do not keep the data in the cache)' });
}

/** FUA at bit 3 of `byte`. */
export function fuaFlag(byte: number): FlagField {
  return flag(byte, 3, { description: 'FUA: force unit access (read from / write through to the medium)' });
}

/** IMMED at `bit` of `byte`. */
export function immedFlag(byte: number, bit: number): FlagField {
  return flag(byte, bit, { description: 'IMMED: return status as soon as the command is accepted, before it completes' });
}

/** Block size from the context, 512 when the caller does not know it. */
export function blockSizeOf(context: { readonly blockSize?: number }): number {
  return context.blockSize ?? 512;
}

/**
 * Where the service action of a variable-length CDB (opcode 7Fh) lives:
 * bytes 8..9 (SPC-6 4.2.4).
 */
export const VARIABLE_LENGTH_SERVICE_ACTION: ServiceActionPosition = { byte: 8, bit: 7, width: 16 };

/** ADDITIONAL CDB LENGTH (byte 7) of a 32-byte variable-length CDB: 18h, the bytes after byte 7. */
export function additionalCdbLength(): UintField {
  return u8(7, { default: 0x18, description: 'ADDITIONAL CDB LENGTH: bytes after byte 7 (18h for a 32-byte CDB)' });
}

/** A 32-bit ALLOCATION LENGTH at `byte` (bytes the initiator can receive), with its default in the help text. */
export function allocationLength32(byte: number, defaultLength = 4096): UintField {
  return u32(byte, { default: defaultLength, description: `ALLOCATION LENGTH: bytes the initiator can receive (default ${defaultLength})` });
}
