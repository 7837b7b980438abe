/**
 * A dry run: an executor that records the commands a flow would send and
 * answers each with GOOD and no data, so `--dry-run` shows the exact CDBs
 * of the real flow (the same code builds them) without touching a device.
 */
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import type { ExecuteOptions } from '../execute/options.js';
import { CommandResult } from '../execute/result.js';
import type { Executor } from '../flows/command-step.js';

/** One command a dry run recorded. */
export interface PlannedCommand {
  /** The command's name (`FORMAT UNIT`). */
  readonly command: string;
  /** The CDB it would send. */
  readonly cdb: Uint8Array;
  /** Bytes of data it would send (data-out) or receive (data-in). */
  readonly dataLength: number;
  /** Whether the data goes to the device. */
  readonly direction: 'none' | 'in' | 'out';
}

/** An {@link Executor} that sends nothing and keeps what it was asked to send. */
export interface DryRunExecutor extends Executor {
  /** The commands in the order asked. */
  readonly planned: readonly PlannedCommand[];
}

/** A new dry-run executor. */
export function dryRunExecutor(): DryRunExecutor {
  const planned: PlannedCommand[] = [];
  const record = <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult => {
    const cdb = definition.encode(fields ?? ({}));
    const direction = definition.directionOf(fields);
    const dataLength = options?.data?.length ?? definition.dataLengthOf(fields);
    planned.push({ command: definition.name, cdb, dataLength, direction });
    return new CommandResult({
      command: definition.name,
      cdb,
      completion: { status: 0, senseLength: 0, hostStatus: 0, driverStatus: 0, resid: 0, duration: 0, info: 0 },
      senseBytes: new Uint8Array(0),
      requested: 0,
      data: direction === 'in' ? new Uint8Array(0) : undefined,
      elapsedMs: undefined,
      retries: [],
    });
  };
  return { planned, executeSync: record, execute: (d, f, o) => Promise.resolve(record(d, f, o)) };
}
