/**
 * Unit tests' initiator side of a `ScsiDisk` (no kernel): requests built
 * from struct's definitions as the ring would hand them over, and core's
 * `Executor` over the disk, whose answers become results and typed errors
 * as a device's would.
 */
import { CheckConditionError, CommandResult, type Executor, type ExecuteOptions } from '@sgio/core';
import { classifySense, decodeSense, ScsiStatus, standardCommands, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import type { ScsiRequest } from '../scsi/request.js';
import type { ScsiResponse } from '../scsi/response.js';
import type { ScsiDisk } from '../scsi/scsi-disk.js';

/** The request the disk gets for command `name` with `fields` (and data-out bytes). */
export function request(name: string, fields: Record<string, unknown> = {}, dataOut: Uint8Array = new Uint8Array(0), dataLength = 4096): ScsiRequest {
  const definition = standardCommands.require(name);
  const cdb = definition.encode(fields as never);
  const decoded = definition.decode(cdb) as Record<string, unknown>;
  return { id: 1, cdb, opcode: cdb[0]!, definition, fields: decoded, direction: definition.directionOf(decoded as never), dataLength, dataOut };
}

/** Runs a request; a dropped command is an error here. */
export async function run(disk: ScsiDisk, req: ScsiRequest): Promise<ScsiResponse> {
  const r = await disk.execute(req);
  if (r === 'drop') throw new Error('dropped');
  return r;
}

/** core's initiator side over the disk: CDBs encoded by core (data-out included), answers turned into results and errors. */
export function executorOf(disk: ScsiDisk): Executor {
  const execute = async <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult> => {
    const cdb = definition.encode(fields ?? {});
    const decoded = definition.decode(cdb) as Record<string, unknown>;
    const dataLength = definition.dataLengthOf(fields);
    const dataOut = options?.data ?? new Uint8Array(0);
    const r = await run(disk, { id: 1, cdb, opcode: cdb[0]!, definition, fields: decoded, direction: definition.directionOf(fields), dataLength, dataOut });
    const data = r.data?.subarray(0, dataLength);
    const senseBytes = r.sense ?? new Uint8Array(0);
    const result = new CommandResult({
      command: definition.name,
      cdb,
      completion: { status: r.status, senseLength: senseBytes.length, hostStatus: 0, driverStatus: 0, resid: dataLength - (data?.length ?? 0), duration: 0, info: 0 },
      senseBytes,
      requested: dataLength,
      data,
      elapsedMs: 0,
      retries: [],
    });
    if (r.status === ScsiStatus.CHECK_CONDITION) {
      const sense = decodeSense(senseBytes);
      throw new CheckConditionError(result, sense, classifySense(sense));
    }
    return result;
  };
  return {
    execute,
    executeSync: () => {
      throw new Error('synchronous execution is not served here');
    },
  };
}
