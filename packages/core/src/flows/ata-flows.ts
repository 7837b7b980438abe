/**
 * ATA commands through a SCSI/ATA translation layer (SAT): IDENTIFY DEVICE
 * and SMART READ DATA with ATA PASS-THROUGH(16), the CDBs sg_sat_identify
 * and `smartctl -d sat` send, decoded with struct's ATA decoders.
 *
 * ATA PASS-THROUGH classifies `destructive` (its CDB carries any ATA
 * command); these flows send only the two reading commands. No lab target
 * emulates a SAT layer: the flows are tested on scripted devices
 * (flows.test.ts), the decoders on hdparm's decoding of fixtures.
 */
import { ataIdentifyDeviceFields, ataPassThrough16, ataSmartReadDataFields, decodeAtaIdentifyDevice, decodeAtaSmartData, type AtaIdentifyDevice, type AtaSmartData } from '@sgio/struct';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { dataOf, decodeResponse } from './fetch-whole.js';

/** IDENTIFY DEVICE through ATA PASS-THROUGH(16), decoded. */
export function* ataIdentifyFlow(options: CommandOptions = {}): CommandFlow<FlowResult<AtaIdentifyDevice>> {
  const result = yield step(ataPassThrough16, ataIdentifyDeviceFields(), commandOptions(options));
  const data = dataOf(result);
  return { data, result, decoded: decodeResponse('ATA PASS-THROUGH(16) IDENTIFY DEVICE', data, decodeAtaIdentifyDevice) };
}

/** SMART READ DATA through ATA PASS-THROUGH(16), decoded (attributes, self-test status, checksum). */
export function* ataSmartDataFlow(options: CommandOptions = {}): CommandFlow<FlowResult<AtaSmartData>> {
  const result = yield step(ataPassThrough16, ataSmartReadDataFields(), commandOptions(options));
  const data = dataOf(result);
  return { data, result, decoded: decodeResponse('ATA PASS-THROUGH(16) SMART READ DATA', data, decodeAtaSmartData) };
}
