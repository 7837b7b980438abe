/**
 * READ CAPACITY: (10) first and (16) when the capacity does not fit 32 bits,
 * or (16) first for protection and provisioning details.
 */
import { SenseKey, decodeReadCapacity10, decodeReadCapacity16, readCapacity10, readCapacity16 } from '@sgio/struct';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { capacityFrom10, capacityFrom16, type Capacity } from '../commands/capacity.js';
import { commandOptions, type ReadCapacityOptions } from '../commands/command-options.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { dataOf, decodeResponse } from './fetch-whole.js';
import { isUnsupportedCommand } from './page-flows.js';

/** Allocation length of READ CAPACITY(16): the whole 32-byte parameter data. */
export const READ_CAPACITY_16_LENGTH = 32;

/**
 * The device's capacity (see {@link ReadCapacityOptions.detailed}); `data`
 * and `result` are those of the command that gave the answer, so
 * `result.command` says whether it was READ CAPACITY(10) or (16).
 */
export function* readCapacityFlow(options: ReadCapacityOptions = {}): CommandFlow<FlowResult<Capacity>> {
  const exec = commandOptions(options);
  if (options.detailed) {
    try {
      return yield* readCapacity16Flow(options);
    } catch (e) {
      if (!isUnsupportedCommand(e) && !isInvalidFieldInCdb(e)) throw e;
    }
  }
  const result = yield step(readCapacity10, {}, exec);
  const data = dataOf(result);
  const rc10 = decodeResponse('READ CAPACITY(10)', data, decodeReadCapacity10);
  if (rc10.needsReadCapacity16) return yield* readCapacity16Flow(options);
  return { data, result, decoded: capacityFrom10(rc10) };
}

/** READ CAPACITY(16) alone: capacity with protection and provisioning fields. */
export function* readCapacity16Flow(options: ReadCapacityOptions = {}): CommandFlow<FlowResult<Capacity>> {
  const exec = commandOptions(options);
  const result = yield step(readCapacity16, { allocationLength: READ_CAPACITY_16_LENGTH }, exec);
  const data = dataOf(result);
  return { data, result, decoded: capacityFrom16(decodeResponse('READ CAPACITY(16)', data, decodeReadCapacity16)) };
}

/** ILLEGAL REQUEST / INVALID FIELD IN CDB: how SERVICE ACTION IN(16) rejects an unknown service action. */
function isInvalidFieldInCdb(e: unknown): boolean {
  return e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST && e.asc === 0x24;
}
