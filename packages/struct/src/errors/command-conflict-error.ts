/**
 * The error a command set raises when a registration collides with a
 * command it already holds.
 */

/** Thrown when registering a command whose id or opcode/service action is taken. */
export class CommandConflictError extends Error {
  /** Stable error code. */
  readonly code = 'ECOMMAND_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'CommandConflictError';
  }
}
