/**
 * Test-only: records the CDB of every command a device runs, by wrapping its
 * `execute` and `executeSync` (core has no command trace hook yet). Block IO
 * passes CDB bytes from a reused encoder, so each CDB is copied at call time;
 * definition-based calls are encoded with their fields.
 */
import type { CdbDefinition } from '@sgio/struct';
import { vi } from 'vitest';
import type { ScsiCommands } from '../scsi-commands.js';

/** The CDBs a device was asked to run, in order. */
export interface CdbRecorder {
  /** Every CDB so far (copies). */
  readonly cdbs: Uint8Array[];
  /** The CDBs as lowercase hex without spaces. */
  hex(): string[];
  /** Forgets the CDBs recorded so far. */
  clear(): void;
  /** Puts the device's own methods back. */
  restore(): void;
}

function cdbOf(a: unknown, b: unknown): Uint8Array {
  if (a instanceof Uint8Array) return a.slice();
  return (a as CdbDefinition).encode(b ?? {});
}

/** Starts recording the CDBs `device` runs. */
export function recordCdbs(device: ScsiCommands): CdbRecorder {
  const cdbs: Uint8Array[] = [];
  const execute = device.execute.bind(device) as (...args: unknown[]) => unknown;
  const executeSync = device.executeSync.bind(device) as (...args: unknown[]) => unknown;
  const a = vi.spyOn(device, 'execute').mockImplementation(((x: unknown, y?: unknown, z?: unknown) => {
    cdbs.push(cdbOf(x, y));
    return execute(x, y, z);
  }) as never);
  const s = vi.spyOn(device, 'executeSync').mockImplementation(((x: unknown, y?: unknown, z?: unknown) => {
    cdbs.push(cdbOf(x, y));
    return executeSync(x, y, z);
  }) as never);
  return {
    cdbs,
    hex: () => cdbs.map((c) => Buffer.from(c).toString('hex')),
    clear: () => void cdbs.splice(0),
    restore: () => {
      a.mockRestore();
      s.mockRestore();
    },
  };
}
