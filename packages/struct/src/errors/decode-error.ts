/**
 * The error every decoder of `@sgio/struct` throws when the bytes it was given
 * cannot be decoded: too short, too long, or inconsistent with themselves.
 *
 * @packageDocumentation
 */

/** Options accepted by the {@link DecodeError} constructor. */
export interface DecodeErrorOptions {
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Thrown by every decoder of this package when its input is malformed:
 * truncated where the standard gives no room for a short allocation length,
 * larger than the structure can be, or with fields that contradict each other.
 *
 * Decoders never throw anything else for bad input, so `instanceof DecodeError`
 * (or `code === 'EDECODE'`) separates bad device data from programming errors.
 *
 * @example
 * ```ts
 * try {
 *   decodeSense(bytes);
 * } catch (err) {
 *   if (err instanceof DecodeError) console.error(err.page, err.offset);
 * }
 * ```
 */
export class DecodeError extends Error {
  /** Stable error code, the same for every decode failure. */
  readonly code = 'EDECODE' as const;
  /** What was being decoded, e.g. `'sense data'` or `'INQUIRY'`. */
  readonly page: string;
  /** Byte offset, from the start of the decoded buffer, where the problem was found. */
  readonly offset: number;

  /**
   * @param page - what was being decoded (a page, structure or descriptor name)
   * @param offset - the byte offset of the problem within the decoded buffer
   * @param detail - what is wrong at that offset
   * @param options - optional `cause`
   */
  constructor(page: string, offset: number, detail: string, options?: DecodeErrorOptions) {
    super(
      `Cannot decode ${page} at byte offset ${offset}: ${detail}. ` +
        'Check that the whole buffer returned by the device was passed, and its length.',
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'DecodeError';
    this.page = page;
    this.offset = offset;
  }
}

/**
 * Whether `value` is a {@link DecodeError} (also across copies of the package,
 * by its `code`).
 */
export function isDecodeError(value: unknown): value is DecodeError {
  return (
    value instanceof DecodeError ||
    (value instanceof Error && (value as { code?: unknown }).code === 'EDECODE')
  );
}
