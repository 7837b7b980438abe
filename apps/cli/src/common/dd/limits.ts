/** Limits of `sgio dd` that its option parsing needs without loading the copy code. */

/** Largest `--qd` (transfers in flight). */
export const MAX_QUEUE_DEPTH = 64;
