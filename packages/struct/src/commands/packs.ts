/**
 * The built-in command packs. They are ordinary packs, made with the same
 * `defineCommandPack` a vendor uses.
 */
import { defineCommandPack } from '../dsl/command-set.js';
import { ataPassThrough12, ataPassThrough16, ataPassThrough32 } from './ata/ata-pass-through.js';
import { getConfiguration } from './mmc/get-configuration.js';
import { backgroundControl } from './sbc/background-control.js';
import { compareAndWrite } from './sbc/compare-and-write.js';
import { formatUnit } from './sbc/format-unit.js';
import { sanitize } from './sbc/sanitize.js';
import { readDefectData10, readDefectData12 } from './sbc/read-defect-data.js';
import { getLbaStatus, getLbaStatus32 } from './sbc/get-lba-status.js';
import { getPhysicalElementStatus } from './sbc/get-physical-element-status.js';
import { preFetch10, preFetch16 } from './sbc/pre-fetch.js';
import { preventAllowMediumRemoval } from './sbc/prevent-allow-medium-removal.js';
import { read10, read12, read16, read6 } from './sbc/read.js';
import { readCapacity10, readCapacity16 } from './sbc/read-capacity.js';
import { readLong10, readLong16 } from './sbc/read-long.js';
import { reportProvisioningInitializationPattern } from './sbc/report-provisioning-initialization-pattern.js';
import { reportReferrals } from './sbc/report-referrals.js';
import { seek10 } from './sbc/seek.js';
import { startStopUnit } from './sbc/start-stop-unit.js';
import { getStreamStatus, streamControl } from './sbc/streams.js';
import { synchronizeCache10, synchronizeCache16 } from './sbc/synchronize-cache.js';
import { unmap } from './sbc/unmap.js';
import { verify10, verify16 } from './sbc/verify.js';
import { write10, write12, write16, write32, write6 } from './sbc/write.js';
import { writeAndVerify10, writeAndVerify16 } from './sbc/write-and-verify.js';
import { writeSame10, writeSame16, writeSame32 } from './sbc/write-same.js';
import { readBuffer10, readBuffer16, writeBuffer } from './spc/buffer.js';
import { inquiry } from './spc/inquiry.js';
import { logSelect } from './spc/log-select.js';
import { logSense } from './spc/log-sense.js';
import { modeSelect10, modeSelect6 } from './spc/mode-select.js';
import { modeSense10, modeSense6 } from './spc/mode-sense.js';
import { persistentReserveIn } from './spc/persistent-reserve-in.js';
import { persistentReserveOut } from './spc/persistent-reserve-out.js';
import { readAttribute } from './spc/read-attribute.js';
import { readMediaSerialNumber } from './spc/read-media-serial-number.js';
import { receiveCopyOperatingParameters } from './spc/receive-copy-operating-parameters.js';
import { receiveDiagnosticResults } from './spc/receive-diagnostic-results.js';
import { reportIdentifyingInformation } from './spc/report-identifying-information.js';
import { reportLuns } from './spc/report-luns.js';
import { reportSupportedOpcodes } from './spc/report-supported-opcodes.js';
import { reportSupportedTmf } from './spc/report-supported-tmf.js';
import { requestSense } from './spc/request-sense.js';
import { securityProtocolIn, securityProtocolOut } from './spc/security-protocol.js';
import { sendDiagnostic } from './spc/send-diagnostic.js';
import { reportTargetPortGroups, setTargetPortGroups } from './spc/target-port-groups.js';
import { testUnitReady } from './spc/test-unit-ready.js';
import { reportTimestamp, setTimestamp } from './spc/timestamp.js';
import { loadUnload } from './ssc/load-unload.js';
import { readBlockLimits } from './ssc/read-block-limits.js';
import { readPosition } from './ssc/read-position.js';
import { rewind } from './ssc/rewind.js';
import { space6 } from './ssc/space.js';
import { writeFilemarks6 } from './ssc/write-filemarks.js';
import { closeZone, finishZone, openZone, resetWritePointer } from './zbc/zone-actions.js';
import { reportZones } from './zbc/report-zones.js';

/** SPC-6 commands every device type implements (or may). */
export const spcCommands = defineCommandPack({
  name: 'spc',
  description: 'SCSI Primary Commands (SPC-6): commands for every device type',
  commands: [
    testUnitReady,
    requestSense,
    inquiry,
    modeSense6,
    modeSense10,
    modeSelect6,
    modeSelect10,
    logSense,
    logSelect,
    reportLuns,
    reportSupportedOpcodes,
    reportSupportedTmf,
    sendDiagnostic,
    receiveDiagnosticResults,
    persistentReserveIn,
    persistentReserveOut,
    securityProtocolIn,
    securityProtocolOut,
    readBuffer10,
    readBuffer16,
    writeBuffer,
    reportTimestamp,
    setTimestamp,
    reportTargetPortGroups,
    setTargetPortGroups,
    reportIdentifyingInformation,
    readMediaSerialNumber,
    readAttribute,
    receiveCopyOperatingParameters,
  ],
});

/** SBC-5 commands for direct-access block devices (disks). */
export const sbcCommands = defineCommandPack({
  name: 'sbc',
  description: 'SCSI Block Commands (SBC-5): disks and other direct-access devices',
  commands: [
    readCapacity10,
    readCapacity16,
    read6,
    read10,
    read12,
    read16,
    write6,
    write10,
    write12,
    write16,
    write32,
    writeAndVerify10,
    writeAndVerify16,
    verify10,
    verify16,
    synchronizeCache10,
    synchronizeCache16,
    writeSame10,
    writeSame16,
    writeSame32,
    unmap,
    getLbaStatus,
    getLbaStatus32,
    reportProvisioningInitializationPattern,
    seek10,
    preFetch10,
    preFetch16,
    readLong10,
    readLong16,
    streamControl,
    getStreamStatus,
    backgroundControl,
    getPhysicalElementStatus,
    reportReferrals,
    compareAndWrite,
    startStopUnit,
    preventAllowMediumRemoval,
    formatUnit,
    sanitize,
    readDefectData10,
    readDefectData12,
  ],
});

/** SSC-5 commands for tapes; limited to peripheral device type 0x01 where their opcodes mean something else on disks. */
export const sscCommands = defineCommandPack({
  name: 'ssc',
  description: 'SCSI Stream Commands (SSC-5): tape drives',
  commands: [rewind, space6, writeFilemarks6, readPosition, loadUnload, readBlockLimits],
});

/** SAT-5 ATA PASS-THROUGH commands. */
export const ataCommands = defineCommandPack({
  name: 'ata',
  description: 'SCSI / ATA Translation (SAT-5): ATA PASS-THROUGH',
  commands: [ataPassThrough12, ataPassThrough16, ataPassThrough32],
});

/** ZBC-2 commands for zoned block devices (host-managed and host-aware disks). */
export const zbcCommands = defineCommandPack({
  name: 'zbc',
  description: 'Zoned Block Commands (ZBC-2): REPORT ZONES and the zone actions',
  commands: [reportZones, openZone, closeZone, finishZone, resetWritePointer],
});

/** MMC-6 commands for CD/DVD/BD devices; limited to peripheral device type 0x05. */
export const mmcCommands = defineCommandPack({
  name: 'mmc',
  description: 'Multi-Media Commands (MMC-6): CD, DVD and BD devices',
  commands: [getConfiguration],
});
