/**
 * The convenience commands (testUnitReady, inquiry, readCapacity,
 * readBlocks, ...) shared by every transport: a transport only provides
 * `execute` and `executeSync`.
 */
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';

/** Base class of devices: the convenience methods are built on `execute`/`executeSync`. */
export abstract class ScsiCommands {
  /** Runs a command asynchronously (see SgDevice.execute). */
  abstract execute<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult>;
  abstract execute(cdb: Uint8Array, options?: ExecuteOptions): Promise<CommandResult>;
  /** Runs a command synchronously (see SgDevice.executeSync). */
  abstract executeSync<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult;
  abstract executeSync(cdb: Uint8Array, options?: ExecuteOptions): CommandResult;
}
