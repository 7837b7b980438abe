/**
 * REPORT SUPPORTED OPERATION CODES for a disk: the list of the commands it
 * answers (REPORTING OPTIONS 0) or one of them with its CDB usage data
 * (1..3), encoded by struct from the same definitions the CDBs are decoded
 * with. Timeouts descriptors (RCTD) say "not specified" (0).
 */
import { encodeOneSupportedOpcode, encodeSupportedOpcodes, type ReportedCommand } from '@sgio/struct';
import { fieldFlag, fieldNumber, type ScsiRequest } from './request.js';
import { checkCondition, good, Sense, type ScsiResponse } from './response.js';

const hasServiceAction = (c: ReportedCommand): boolean => 'kind' in c && c.serviceAction !== undefined;
const serviceActionOf = (c: ReportedCommand): number | undefined => ('kind' in c ? c.serviceAction : undefined);

/** Answers REPORT SUPPORTED OPERATION CODES from the `commands` the disk serves. */
export function reportSupportedOpcodes(request: ScsiRequest, commands: readonly ReportedCommand[]): ScsiResponse {
  const options = fieldNumber(request, 'reportingOptions');
  const timeouts = fieldFlag(request, 'rctd') ? { nominal: 0, recommended: 0 } : undefined;
  if (options === 0) return good(encodeSupportedOpcodes(commands, timeouts));
  if (options > 3) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  const opcode = fieldNumber(request, 'requestedOpcode');
  const serviceAction = fieldNumber(request, 'requestedServiceAction');
  const same = commands.filter((c) => c.opcode === opcode);
  // SPC-6: 1 asks without a service action (wrong for an opcode that has them), 2 with one (wrong for one that has none)
  if (options === 1 && same.some(hasServiceAction)) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  if (options === 2 && same.length > 0 && !same.some(hasServiceAction)) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  const found = options === 1 ? same[0] : same.find((c) => !hasServiceAction(c) || serviceActionOf(c) === serviceAction);
  return good(encodeOneSupportedOpcode(found, timeouts));
}
