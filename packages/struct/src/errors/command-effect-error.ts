/** The error for a command definition that does not say what it does. */

/**
 * Thrown when a command pack or registry gets a definition without a valid
 * `effect` (only possible from JavaScript, or with a definition built by an
 * older `defineCdb`). Code `ECOMMAND_EFFECT`.
 */
export class CommandEffectError extends Error {
  /** Stable error code. */
  readonly code = 'ECOMMAND_EFFECT';
  /** The id of the definition that lacks an effect. */
  readonly commandId: string;
  constructor(commandId: string, commandName: string, pack: string, got: unknown) {
    super(
      `command '${commandId}' (${commandName}) from ${pack} has ${got === undefined ? 'no effect' : `an invalid effect ${JSON.stringify(got)}`}; ` +
        `add effect: 'read' | 'state' | 'write' | 'destructive' to its defineCdb({...}) call (what it does to the device: read changes nothing, ` +
        `state changes device state, write changes user data, destructive may destroy data or configuration)`,
    );
    this.name = 'CommandEffectError';
    this.commandId = commandId;
  }
}
