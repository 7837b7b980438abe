/**
 * The ATA commands sgio sends through ATA PASS-THROUGH(16): IDENTIFY DEVICE
 * (ECh) and SMART READ DATA (B0h, feature D0h), both PIO data-in of one
 * 512-byte sector, with the CDB fields sg_sat_identify and `smartctl -d sat`
 * use (CDBs `85 08 0e 00 00 00 01 00 00 00 00 00 00 00 ec 00` and
 * `85 08 0e 00 d0 00 01 00 00 00 4f 00 c2 00 b0 00`; compared with their
 * `-vv` / `-r ioctl,2` output in struct's ata peer test).
 */
import type { FieldsInput } from '../../dsl/fields.js';
import type { ataPassThrough16 } from './ata-pass-through.js';
import { ATA_PROTOCOL, ATA_T_LENGTH } from './ata-protocol.js';

/** ATA command codes used here (ACS-4). */
export const ATA_COMMAND = {
  /** IDENTIFY DEVICE. */
  identifyDevice: 0xec,
  /** IDENTIFY PACKET DEVICE (ATAPI). */
  identifyPacketDevice: 0xa1,
  /** SMART (the FEATURES field picks the subcommand). */
  smart: 0xb0,
} as const;

/** SMART subcommands (the FEATURES field of command B0h). */
export const ATA_SMART_FEATURE = {
  /** SMART READ DATA: the attribute table and the offline/self-test status. */
  readData: 0xd0,
  /** SMART READ ATTRIBUTE THRESHOLDS (obsolete in ACS, still answered by most drives). */
  readThresholds: 0xd1,
  /** SMART RETURN STATUS. */
  returnStatus: 0xda,
} as const;

/** The SMART key every SMART subcommand carries in LBA (23:8): 4Fh, C2h. */
export const ATA_SMART_SIGNATURE = { lbaMid: 0x4f, lbaHigh: 0xc2 } as const;

/** ATA PASS-THROUGH(16) fields (each builder's result is checked against the definition with `satisfies`). */
type AtaPassThrough16Fields = FieldsInput<typeof ataPassThrough16.fields>;

/** The transfer of one 512-byte sector from the device: PIO data-in, T_DIR in, BYT_BLOK, T_LENGTH in COUNT, COUNT 1. */
const ONE_SECTOR_IN = { protocol: ATA_PROTOCOL.pioDataIn, tDir: true, bytBlok: true, tLength: ATA_T_LENGTH.count, count: 1 } as const;

/** ATA PASS-THROUGH(16) fields for IDENTIFY DEVICE: 512 bytes of identify data. */
export function ataIdentifyDeviceFields() {
  return { ...ONE_SECTOR_IN, command: ATA_COMMAND.identifyDevice } satisfies AtaPassThrough16Fields;
}

/** ATA PASS-THROUGH(16) fields for SMART READ DATA: the 512-byte SMART data structure. */
export function ataSmartReadDataFields() {
  return { ...ONE_SECTOR_IN, features: ATA_SMART_FEATURE.readData, lbaMid: ATA_SMART_SIGNATURE.lbaMid, lbaHigh: ATA_SMART_SIGNATURE.lbaHigh, command: ATA_COMMAND.smart } satisfies AtaPassThrough16Fields;
}

/** ATA PASS-THROUGH(16) fields for SMART READ ATTRIBUTE THRESHOLDS: 512 bytes. */
export function ataSmartReadThresholdsFields() {
  return { ...ataSmartReadDataFields(), features: ATA_SMART_FEATURE.readThresholds } satisfies AtaPassThrough16Fields;
}
