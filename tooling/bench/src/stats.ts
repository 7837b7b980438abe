/** Small statistics helpers for repeated runs. */

/** Minimum, median and maximum of a non-empty list. */
export interface Spread {
  /** Smallest value. */
  readonly min: number;
  /** Median. */
  readonly median: number;
  /** Largest value. */
  readonly max: number;
}

/** The {@link Spread} of `values`. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: NaN, median: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]! };
}
