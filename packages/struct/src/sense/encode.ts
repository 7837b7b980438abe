/**
 * Building sense data: the bytes a device (or a test double, or a
 * user-space target) returns with CHECK CONDITION, in fixed format
 * (SPC-6 4.4.3) or descriptor format (4.4.2) with an INFORMATION
 * descriptor.
 */

/** What {@link encodeSense} puts into sense data. */
export interface SenseInput {
  /** Sense key (0..15). */
  readonly key: number;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier (default 0). */
  readonly ascq?: number;
  /** The INFORMATION field (e.g. the failing LBA); sets VALID. */
  readonly information?: bigint | number;
  /** A deferred error (response code 0x71 / 0x73) instead of a current one. */
  readonly deferred?: boolean;
  /** Descriptor format (0x72 / 0x73) instead of fixed format (0x70 / 0x71). Default false. */
  readonly descriptor?: boolean;
  /**
   * A progress indication (0..1 done) in the sense-key specific bytes, with
   * SKSV set (SPC-6 4.4.1.2.3: the fraction in units of 1/65536); in
   * descriptor format a sense-key specific descriptor carries it.
   */
  readonly progress?: number;
}

function checkByte(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`encodeSense(): ${name} must be an integer 0..${max}, got ${value}`);
}

/**
 * Sense data for `input`: 18 bytes in fixed format, or 8 bytes plus a
 * 12-byte INFORMATION descriptor (when given) in descriptor format. The
 * result decodes with `decodeSense` to the same key, ASC, ASCQ and
 * information.
 *
 * @example
 * ```ts
 * encodeSense({ key: SenseKey.MEDIUM_ERROR, asc: 0x11, information: 1234n }); // 70 00 03 00 00 04 d2 0a ...
 * ```
 */
export function encodeSense(input: SenseInput): Uint8Array {
  const ascq = input.ascq ?? 0;
  checkByte('key', input.key, 15);
  checkByte('asc', input.asc, 0xff);
  checkByte('ascq', ascq, 0xff);
  const info = input.information === undefined ? undefined : BigInt(input.information);
  let progress: number | undefined;
  if (input.progress !== undefined) {
    if (!(input.progress >= 0 && input.progress <= 1)) throw new RangeError(`encodeSense(): progress must be 0..1, got ${input.progress}`);
    progress = Math.min(0xffff, Math.floor(input.progress * 65536));
  }
  if (input.descriptor) {
    const b = new Uint8Array(8 + (info === undefined ? 0 : 12) + (progress === undefined ? 0 : 8));
    b[0] = input.deferred ? 0x73 : 0x72;
    b[1] = input.key;
    b[2] = input.asc;
    b[3] = ascq;
    if (info !== undefined) {
      if (info < 0n || info > 0xffff_ffff_ffff_ffffn) throw new RangeError(`encodeSense(): information must fit 64 bits, got ${info}`);
      b[8] = 0x00; // INFORMATION descriptor
      b[9] = 0x0a;
      b[10] = 0x80; // VALID
      new DataView(b.buffer).setBigUint64(12, info);
    }
    if (progress !== undefined) {
      const at = info === undefined ? 8 : 20;
      b[at] = 0x02; // sense key specific descriptor
      b[at + 1] = 0x06;
      b[at + 4] = 0x80; // SKSV
      new DataView(b.buffer).setUint16(at + 5, progress);
    }
    b[7] = b.length - 8;
    return b;
  }
  const b = new Uint8Array(18);
  b[0] = (input.deferred ? 0x71 : 0x70) | (info !== undefined ? 0x80 : 0);
  b[2] = input.key;
  b[7] = 10;
  b[12] = input.asc;
  b[13] = ascq;
  if (info !== undefined) {
    if (info < 0n || info > 0xffff_ffffn) throw new RangeError(`encodeSense(): fixed-format information must fit 32 bits, got ${info} (use descriptor: true)`);
    new DataView(b.buffer).setUint32(3, Number(info));
  }
  if (progress !== undefined) {
    b[15] = 0x80; // SKSV
    new DataView(b.buffer).setUint16(16, progress);
  }
  return b;
}
