/**
 * Logical unit number addresses (SAM-6 4.7): the 8-byte LUNs of REPORT
 * LUNS, decoded into their addressing levels.
 */
import { checkInput, readUint, toHex } from './bytes.js';

/** Well-known logical units (SPC-6 8). */
export type WellKnownLunName =
  | 'report-luns'
  | 'access-controls'
  | 'target-log-pages'
  | 'security-protocol'
  | 'management-protocol'
  | 'target-commands'
  | 'reserved';

const WELL_KNOWN: readonly WellKnownLunName[] = [
  'reserved',
  'report-luns',
  'access-controls',
  'target-log-pages',
  'security-protocol',
  'management-protocol',
  'target-commands',
];

/** Peripheral device addressing (method 0). */
export interface PeripheralLunLevel {
  /** Address method. */
  readonly method: 'peripheral';
  /** Bus identifier (0: the LUN is in `targetOrLun`). */
  readonly busIdentifier: number;
  /** Target or LUN. */
  readonly targetOrLun: number;
}
/** Flat space addressing (method 1). */
export interface FlatLunLevel {
  /** Address method. */
  readonly method: 'flat';
  /** The 14-bit LUN. */
  readonly lun: number;
}
/** Logical unit addressing (method 2). */
export interface LogicalUnitLunLevel {
  /** Address method. */
  readonly method: 'logical-unit';
  /** Target (6 bits). */
  readonly target: number;
  /** Bus number (3 bits). */
  readonly bus: number;
  /** LUN (5 bits). */
  readonly lun: number;
}
/** Extended logical unit addressing (method 3). */
export interface ExtendedLunLevel {
  /** Address method. */
  readonly method: 'extended';
  /** Length code: the level is 2, 4, 6 or 8 bytes. */
  readonly lengthCode: number;
  /** Extended address method. */
  readonly extendedAddressMethod: number;
  /** What the extended address is. */
  readonly kind: 'well-known' | 'extended-flat' | 'long-extended-flat' | 'not-specified' | 'reserved';
  /** Well-known LUN number (kind `'well-known'`). */
  readonly wellKnownLun?: number;
  /** Well-known LUN by name (kind `'well-known'`). */
  readonly wellKnownName?: WellKnownLunName;
  /** Extended flat space LUN (kinds `'extended-flat'` and `'long-extended-flat'`). */
  readonly extendedFlatLun?: number;
  /** The level's bytes as hex. */
  readonly hex: string;
}

/** One addressing level of a LUN. */
export type LunLevel = PeripheralLunLevel | FlatLunLevel | LogicalUnitLunLevel | ExtendedLunLevel;

/** A decoded 8-byte LUN. */
export interface LunAddress {
  /** The 8 bytes as hex (16 digits), as sg_luns prints them. */
  readonly hex: string;
  /** The addressing levels, first level first (at most 4). */
  readonly levels: LunLevel[];
  /** The Linux kernel's integer form of the LUN (scsilun_to_int). */
  readonly linuxLun: bigint;
  /** Whether this is a well-known LUN. */
  readonly wellKnown: boolean;
}

function extendedLevel(lun: Uint8Array, off: number, size: number): ExtendedLunLevel {
  const b0 = lun[off]!;
  const lengthCode = (b0 >> 4) & 3;
  const extendedAddressMethod = b0 & 0x0f;
  const hex = toHex(lun, off, off + size);
  if (lengthCode === 0 && extendedAddressMethod === 1) {
    const n = lun[off + 1]!;
    return { method: 'extended', lengthCode, extendedAddressMethod, kind: 'well-known', wellKnownLun: n, wellKnownName: WELL_KNOWN[n] ?? 'reserved', hex };
  }
  if (lengthCode === 1 && extendedAddressMethod === 2) {
    return { method: 'extended', lengthCode, extendedAddressMethod, kind: 'extended-flat', extendedFlatLun: readUint(lun, off + 1, 3), hex };
  }
  if (lengthCode === 2 && extendedAddressMethod === 2) {
    return { method: 'extended', lengthCode, extendedAddressMethod, kind: 'long-extended-flat', extendedFlatLun: readUint(lun, off + 1, 5), hex };
  }
  if (lengthCode === 3 && extendedAddressMethod === 0xf) return { method: 'extended', lengthCode, extendedAddressMethod, kind: 'not-specified', hex };
  return { method: 'extended', lengthCode, extendedAddressMethod, kind: 'reserved', hex };
}

/**
 * Decodes the 8-byte LUN at `offset`; fewer than 8 bytes there is a
 * {@link DecodeError}.
 * Levels are read in order: peripheral device addressing with a non-zero bus
 * identifier leads to the next level; every other method addresses the
 * logical unit and ends the LUN.
 */
export function decodeLunAddress(bytes: Uint8Array, offset = 0): LunAddress {
  checkInput(bytes, 'LUN', offset + 8);
  const lun = bytes.subarray(offset, offset + 8);
  const levels: LunLevel[] = [];
  let off = 0;
  while (off < 8) {
    const b0 = lun[off]!;
    const b1 = lun[off + 1]!;
    const method = b0 >> 6;
    if (method === 0) {
      levels.push({ method: 'peripheral', busIdentifier: b0 & 0x3f, targetOrLun: b1 });
      // A bus identifier of 0 addresses a logical unit at this level; others lead to the next level.
      if ((b0 & 0x3f) === 0) break;
      off += 2;
    } else if (method === 1) {
      levels.push({ method: 'flat', lun: ((b0 & 0x3f) << 8) | b1 });
      break;
    } else if (method === 2) {
      levels.push({ method: 'logical-unit', target: b0 & 0x3f, bus: b1 >> 5, lun: b1 & 0x1f });
      break;
    } else {
      levels.push(extendedLevel(lun, off, Math.min(2 * (((b0 >> 4) & 3) + 1), 8 - off)));
      break;
    }
  }
  let linuxLun = 0n;
  for (let i = 0; i < 4; i++) linuxLun |= BigInt(readUint(lun, 2 * i, 2)) << BigInt(16 * i);
  const first = levels[0];
  return { hex: toHex(lun), levels, linuxLun, wellKnown: first?.method === 'extended' && first.kind === 'well-known' };
}

/** The name of a well-known LUN number, e.g. `1` gives `'report-luns'`. */
export function wellKnownLunName(n: number): WellKnownLunName {
  return WELL_KNOWN[n] ?? 'reserved';
}

