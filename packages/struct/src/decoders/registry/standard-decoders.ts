/** The built-in page decoders, registered as a pack like a vendor's. */
import { decodeBackgroundScanResultsLogPage } from '../log/background-scan.js';
import { decodeEnvironmentalReportingLogPage } from '../log/environmental-reporting.js';
import { decodeErrorCounterLogPage } from '../log/error-counter.js';
import { decodeFormatStatusLogPage } from '../log/format-status.js';
import { decodeInformationalExceptionsLogPage } from '../log/informational-exceptions.js';
import { decodeNonMediumErrorLogPage } from '../log/non-medium-error.js';
import { decodePendingDefectsLogPage } from '../log/pending-defects.js';
import { decodeSolidStateMediaLogPage } from '../log/solid-state-media.js';
import { decodeSelfTestResultsLogPage } from '../log/self-test-results.js';
import { decodeStartStopCycleLogPage } from '../log/start-stop-cycle.js';
import { decodeSupportedLogPages, decodeSupportedLogPagesAndSubpages } from '../log/supported-pages.js';
import { decodeTemperatureLogPage } from '../log/temperature.js';
import { decodeCachingModePage } from '../mode/caching.js';
import { decodeControlModePage } from '../mode/control.js';
import { decodeInformationalExceptionsModePage } from '../mode/informational-exceptions.js';
import { decodeReadWriteErrorRecoveryModePage } from '../mode/read-write-error-recovery.js';
import { decodeAtaInformation } from '../vpd/ata-information.js';
import { decodeBlockDeviceCharacteristics } from '../vpd/block-device-characteristics.js';
import { decodeBlockLimits } from '../vpd/block-limits.js';
import { decodeDeviceIdentification } from '../vpd/device-identification.js';
import { decodeExtendedInquiry } from '../vpd/extended-inquiry.js';
import { decodeLogicalBlockProvisioning } from '../vpd/logical-block-provisioning.js';
import { decodeSupportedVpdPages } from '../vpd/supported-pages.js';
import { decodeUnitSerialNumber } from '../vpd/unit-serial-number.js';
import { BLOCK_DEVICE_TYPES } from '../../tables/device-types.js';
import { DecoderRegistry } from './decoder-registry.js';
import type { LogPagesOf, ModePagesOf, VpdPagesOf } from './page-decoder.js';

/** The built-in page decoders (SPC and SBC pages), as a pack. */
export const standardPageDecoders = {
  name: 'standard-pages',
  vpdPages: [
    { pageCode: 0x00, name: 'Supported VPD Pages', decode: decodeSupportedVpdPages },
    { pageCode: 0x80, name: 'Unit Serial Number', decode: decodeUnitSerialNumber },
    { pageCode: 0x83, name: 'Device Identification', decode: decodeDeviceIdentification },
    { pageCode: 0x86, name: 'Extended INQUIRY Data', decode: decodeExtendedInquiry },
    { pageCode: 0x89, name: 'ATA Information', decode: decodeAtaInformation },
    { pageCode: 0xb0, name: 'Block Limits', decode: decodeBlockLimits, deviceTypes: BLOCK_DEVICE_TYPES },
    { pageCode: 0xb1, name: 'Block Device Characteristics', decode: decodeBlockDeviceCharacteristics, deviceTypes: BLOCK_DEVICE_TYPES },
    { pageCode: 0xb2, name: 'Logical Block Provisioning', decode: decodeLogicalBlockProvisioning, deviceTypes: BLOCK_DEVICE_TYPES },
  ],
  modePages: [
    { pageCode: 0x01, name: 'Read-Write Error Recovery', decode: decodeReadWriteErrorRecoveryModePage },
    { pageCode: 0x08, name: 'Caching', decode: decodeCachingModePage },
    { pageCode: 0x0a, name: 'Control', decode: decodeControlModePage },
    { pageCode: 0x1c, name: 'Informational Exceptions Control', decode: decodeInformationalExceptionsModePage },
  ],
  logPages: [
    { pageCode: 0x00, name: 'Supported Log Pages', decode: decodeSupportedLogPages },
    { pageCode: 0x00, subpageCode: 0xff, name: 'Supported Log Pages and Subpages', decode: decodeSupportedLogPagesAndSubpages },
    { pageCode: 0x02, name: 'Write Error Counter', decode: decodeErrorCounterLogPage },
    { pageCode: 0x03, name: 'Read Error Counter', decode: decodeErrorCounterLogPage },
    { pageCode: 0x04, name: 'Read Reverse Error Counter', decode: decodeErrorCounterLogPage },
    { pageCode: 0x05, name: 'Verify Error Counter', decode: decodeErrorCounterLogPage },
    { pageCode: 0x06, name: 'Non-Medium Error', decode: decodeNonMediumErrorLogPage },
    { pageCode: 0x08, name: 'Format Status', decode: decodeFormatStatusLogPage, deviceTypes: BLOCK_DEVICE_TYPES },
    { pageCode: 0x0d, name: 'Temperature', decode: decodeTemperatureLogPage },
    { pageCode: 0x0d, subpageCode: 0x01, name: 'Environmental Reporting', decode: decodeEnvironmentalReportingLogPage },
    { pageCode: 0x0e, name: 'Start-Stop Cycle Counter', decode: decodeStartStopCycleLogPage },
    { pageCode: 0x10, name: 'Self-Test Results', decode: decodeSelfTestResultsLogPage },
    { pageCode: 0x11, name: 'Solid State Media', decode: decodeSolidStateMediaLogPage, deviceTypes: BLOCK_DEVICE_TYPES },
    { pageCode: 0x15, name: 'Background Scan Results', decode: decodeBackgroundScanResultsLogPage, deviceTypes: BLOCK_DEVICE_TYPES },
    { pageCode: 0x15, subpageCode: 0x01, name: 'Pending Defects', decode: decodePendingDefectsLogPage, deviceTypes: BLOCK_DEVICE_TYPES },
    { pageCode: 0x2f, name: 'Informational Exceptions', decode: decodeInformationalExceptionsLogPage },
  ],
} as const;

/** The registry type of {@link standardDecoders}: the built-in page result types. */
export type StandardDecoders = DecoderRegistry<VpdPagesOf<typeof standardPageDecoders>, ModePagesOf<typeof standardPageDecoders>, LogPagesOf<typeof standardPageDecoders>>;

/** Builds a registry holding the built-in decoders. */
function buildStandardDecoders(): StandardDecoders {
  return new DecoderRegistry().use(standardPageDecoders);
}

/**
 * The built-in VPD, mode and log page decoders, registered with `.use()` as
 * a vendor's pack would be. Treat it as read-only; `clone()` it to add packs.
 */
export const standardDecoders: StandardDecoders = buildStandardDecoders();

/** A fresh copy of {@link standardDecoders}, for callers that register their own packs. */
export function createDecoderRegistry(): StandardDecoders {
  return standardDecoders.clone();
}
