/**
 * Opening a device for a subcommand and running commands and core's flows
 * on it with the common options: timeout, and -v/-vv tracing of CDBs, sense
 * and data on stderr (like sg3_utils' verbose output) through core's
 * `onCommand` hook.
 */
import { SgDevice, runFlowAsync, runFlowSync, type CommandFlow, type CommandOptions, type CommandResult, type ExecuteOptions } from '@sgio/core';
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import { commandTracer } from './command-trace.js';
import type { CommonOptions } from './global-options.js';
import { timeoutMs } from './global-options.js';

/** An open device plus the options every command run on it uses. */
export interface DeviceSession {
  /** The open device. */
  readonly device: SgDevice;
  /** The subcommand's common options. */
  readonly options: CommonOptions;
}

/**
 * Opens `path`, runs `body`, closes the device (also when `body` throws).
 * Opening errors carry their own advice (not an sg node, permissions, busy).
 */
export async function withDevice<T>(path: string, options: CommonOptions & { readOnly?: boolean }, body: (session: DeviceSession) => Promise<T>): Promise<T> {
  const verbose = options.verbose ?? 0;
  const session: DeviceSession = { device: undefined as unknown as SgDevice, options };
  const onCommand = commandTracer(verbose, 'each');
  // a subcommand runs a few commands: the sg driver takes them at once, where a ring on the bsg node would first
  // cost its set-up (0.4 ms, 1.5 ms more for the kernel probe) to save ~10 us a command
  const device = await SgDevice.open(path, { readOnly: options.readOnly ?? false, via: 'sg', ...(onCommand ? { onCommand } : {}) });
  (session as { device: SgDevice }).device = device;
  try {
    return await body(session);
  } finally {
    await device.close();
  }
}

/** Options for {@link runDefinition} and {@link runCdb} besides the common ones. */
export type RunOptions = Omit<ExecuteOptions, 'timeout'>;

/** Runs a DSL command on the session's device (traced at -v/-vv by the device's onCommand hook). */
export function runDefinition<F extends FieldSpecs>(session: DeviceSession, definition: CdbDefinition<string, F>, fields: FieldsInput<F>, extra: RunOptions = {}): Promise<CommandResult> {
  // the sg driver refuses write() on a read-only fd, so read-only sessions use SG_IO
  const device = session.device;
  const options = { ...extra, timeout: timeoutMs(session.options) };
  return device.readOnly ? Promise.resolve().then(() => device.executeSync(definition, fields, options)) : device.execute(definition, fields, options);
}

/** Runs raw CDB bytes on the session's device (traced at -v/-vv as `CDB 0x..`). */
export function runCdb(session: DeviceSession, cdb: Uint8Array, extra: RunOptions = {}): Promise<CommandResult> {
  const device = session.device;
  const options = { ...extra, timeout: timeoutMs(session.options), name: `CDB 0x${cdb[0]?.toString(16).padStart(2, '0') ?? '??'}` };
  return device.readOnly ? Promise.resolve().then(() => device.executeSync(cdb, options)) : device.execute(cdb, options);
}

/** The common options a flow of core takes from the session (the timeout). */
export function flowOptions(session: DeviceSession): CommandOptions {
  return { timeout: timeoutMs(session.options) };
}

/** Runs one of core's flows on the session's device (synchronously on a read-only fd, as {@link runDefinition}). */
export function runFlow<T>(session: DeviceSession, flow: CommandFlow<T>): Promise<T> {
  const device = session.device;
  return device.readOnly ? Promise.resolve().then(() => runFlowSync(device, flow)) : runFlowAsync(device, flow);
}

/** The bytes a data-in command returned (empty when none). */
export function dataOf(result: CommandResult): Uint8Array {
  return result.data ? result.data.subarray(0, result.transferred) : new Uint8Array(0);
}
