/**
 * How much of a response is really there: the device's length field says how
 * long the whole response is; the buffer may hold less (short allocation
 * length) or more (a larger buffer than the response).
 */

/** The part of a response that decoders may read. */
export interface ResponseExtent {
  /** Offset one past the last byte both declared by the device and present. */
  readonly end: number;
  /** Whether the device declared more bytes than the buffer holds. */
  readonly truncated: boolean;
}

/**
 * Computes the readable extent of a response whose length field declares
 * `declaredTotal` bytes in all (header included) and of which `available`
 * bytes were returned.
 */
export function responseExtent(available: number, declaredTotal: number): ResponseExtent {
  return available < declaredTotal ? { end: available, truncated: true } : { end: declaredTotal, truncated: false };
}
