/**
 * Opening a device for a subcommand and running commands on it with the
 * common options: timeout, and -v/-vv tracing of CDBs, sense and data on
 * stderr (like sg3_utils' verbose output).
 */
import { SgDevice, type CommandResult, type ExecuteOptions } from '@sgio/core';
import { formatSense, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import type { CommonOptions } from './global-options.js';
import { timeoutMs } from './global-options.js';
import { hexDump, toHex } from './output.js';

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
  const device = await SgDevice.open(path, { readOnly: options.readOnly ?? false });
  try {
    return await body({ device, options });
  } finally {
    await device.close();
  }
}

/** Writes a trace line on stderr. */
function trace(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Traces the outcome (sense at -v, data at -vv) of a finished or failed command. */
function traceResult(result: CommandResult, verbose: number): void {
  if (result.status !== 0 || result.senseBytes.length > 0) {
    trace(`    status: ${result.statusName} (0x${result.status.toString(16).padStart(2, '0')}), host ${result.hostStatusName}, driver ${result.driverStatusName}`);
  }
  if (result.senseBytes.length > 0) {
    trace(`    sense (${result.senseBytes.length} bytes): ${toHex(result.senseBytes)}`);
    if (result.sense) trace(formatSense(result.sense, { multiLine: true, indent: '      ' }));
  }
  if (verbose > 1 && result.data && result.transferred > 0) {
    trace(`    data-in (${result.transferred} bytes):`);
    trace(hexDump(result.data.subarray(0, result.transferred), '    '));
  }
}

/** Options for {@link runDefinition} and {@link runCdb} besides the common ones. */
export type RunOptions = Omit<ExecuteOptions, 'timeout'>;

async function traced(cdb: Uint8Array, name: string, session: DeviceSession, extra: RunOptions, run: (options: ExecuteOptions) => Promise<CommandResult>): Promise<CommandResult> {
  const verbose = session.options.verbose ?? 0;
  if (verbose > 0) trace(`    ${name} cdb: ${toHex(cdb)}`);
  if (verbose > 1 && extra.data) {
    trace(`    data-out (${extra.data.length} bytes):`);
    trace(hexDump(extra.data, '    '));
  }
  try {
    const result = await run({ ...extra, timeout: timeoutMs(session.options) });
    if (verbose > 0) traceResult(result, verbose);
    return result;
  } catch (e) {
    const result = (e as { result?: unknown }).result;
    if (verbose > 0 && result && typeof result === 'object' && 'senseBytes' in result) traceResult(result as CommandResult, verbose);
    throw e;
  }
}

/** Runs a DSL command on the session's device, tracing it at -v/-vv. */
export function runDefinition<F extends FieldSpecs>(session: DeviceSession, definition: CdbDefinition<string, F>, fields: FieldsInput<F>, extra: RunOptions = {}): Promise<CommandResult> {
  // the sg driver refuses write() on a read-only fd, so read-only sessions use SG_IO
  const device = session.device;
  return traced(definition.encode(fields), definition.name, session, extra, (options) =>
    device.readOnly ? Promise.resolve().then(() => device.executeSync(definition, fields, options)) : device.execute(definition, fields, options),
  );
}

/** Runs raw CDB bytes on the session's device, tracing it at -v/-vv. */
export function runCdb(session: DeviceSession, cdb: Uint8Array, extra: RunOptions = {}): Promise<CommandResult> {
  const device = session.device;
  return traced(cdb, `CDB 0x${cdb[0]?.toString(16).padStart(2, '0') ?? '??'}`, session, extra, (options) =>
    device.readOnly ? Promise.resolve().then(() => device.executeSync(cdb, options)) : device.execute(cdb, options),
  );
}

/** The bytes a data-in command returned (empty when none). */
export function dataOf(result: CommandResult): Uint8Array {
  return result.data ? result.data.subarray(0, result.transferred) : new Uint8Array(0);
}
