/**
 * READ CAPACITY: (10) first and (16) when the capacity does not fit 32 bits,
 * or (16) first for protection and provisioning details.
 */
import { SenseKey, decodeReadCapacity10, decodeReadCapacity16, readCapacity10, readCapacity16 } from '@sgio/struct';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { capacityFrom10, capacityFrom16, type Capacity } from './capacity.js';
import { commandOptions, type ReadCapacityOptions } from './command-options.js';
import { step, type CommandFlow } from './command-step.js';
import { decodeResponse } from './fetch-whole.js';
import { isUnsupportedCommand } from './page-flows.js';

const EMPTY = new Uint8Array(0);

/** The device's capacity (see {@link ReadCapacityOptions.detailed}). */
export function* readCapacityFlow(options: ReadCapacityOptions): CommandFlow<Capacity> {
  const exec = commandOptions(options);
  if (options.detailed) {
    try {
      return yield* readCapacity16Flow(options);
    } catch (e) {
      if (!isUnsupportedCommand(e) && !isInvalidFieldInCdb(e)) throw e;
    }
  }
  const r = yield step(readCapacity10, {}, exec);
  const rc10 = decodeResponse('READ CAPACITY(10)', r.data ?? EMPTY, decodeReadCapacity10);
  if (rc10.needsReadCapacity16) return yield* readCapacity16Flow(options);
  return capacityFrom10(rc10);
}

function* readCapacity16Flow(options: ReadCapacityOptions): CommandFlow<Capacity> {
  const exec = commandOptions(options);
  const r = yield step(readCapacity16, { allocationLength: 32 }, exec);
  return capacityFrom16(decodeResponse('READ CAPACITY(16)', r.data ?? EMPTY, decodeReadCapacity16));
}

/** ILLEGAL REQUEST / INVALID FIELD IN CDB: how SERVICE ACTION IN(16) rejects an unknown service action. */
function isInvalidFieldInCdb(e: unknown): boolean {
  return e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST && e.asc === 0x24;
}
