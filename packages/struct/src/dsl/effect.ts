/**
 * What a command does to the device: the fact a policy needs (may a
 * read-only client send this CDB?), declared by every command definition.
 */

/**
 * What a command does, from harmless to dangerous:
 *
 * - `read`: returns data or state and changes nothing (INQUIRY, READ(16),
 *   MODE SENSE, VERIFY, TEST UNIT READY).
 * - `state`: changes the device's state but not user data (START STOP UNIT,
 *   MODE SELECT, LOG SELECT, PREVENT ALLOW, SYNCHRONIZE CACHE, REWIND).
 * - `write`: changes user data (WRITE*, WRITE SAME*, UNMAP, COMPARE AND
 *   WRITE, WRITE AND VERIFY, WRITE FILEMARKS).
 * - `destructive`: may destroy data or the device's configuration beyond the
 *   addressed blocks, or does something sgio cannot know (FORMAT UNIT,
 *   SANITIZE, WRITE BUFFER, SECURITY PROTOCOL OUT, PERSISTENT RESERVE OUT,
 *   ATA PASS-THROUGH, vendor-specific and unknown opcodes).
 */
export type Effect = 'read' | 'state' | 'write' | 'destructive';

/** Every effect, from least to most dangerous (the order {@link effectRank} gives). */
export const EFFECTS: readonly Effect[] = Object.freeze(['read', 'state', 'write', 'destructive'] as const);

const RANK: Readonly<Record<Effect, number>> = { read: 0, state: 1, write: 2, destructive: 3 };

/** The rank of an effect: `read` 0, `state` 1, `write` 2, `destructive` 3. */
export function effectRank(effect: Effect): number {
  return RANK[effect];
}

/** The more dangerous of two effects (`maxEffect('read', 'write')` is `'write'`). */
export function maxEffect(a: Effect, b: Effect): Effect {
  return RANK[b] > RANK[a] ? b : a;
}

/** True for the four {@link Effect} strings (for values from JavaScript or JSON). */
export function isEffect(value: unknown): value is Effect {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}
