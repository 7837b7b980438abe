/**
 * Byte-exact CDB fixtures of the commands added to match what sg3_utils
 * sends: hand-written from the T10 tables (SPC-6, SBC-5, ZBC-2, SSC-5,
 * MMC-6, SAT-5), then the CDBs sg3_utils 1.46 printed with `-vv` against
 * scsi_debug in the lab (`node tooling/lab/dist/cli.js --block -- bash
 * packages/struct/scripts/capture-command-cdbs.sh`; each test names the
 * command line). The tool prints the CDB before the device answers, so
 * commands scsi_debug rejects still count.
 */
import { describe, expect, it } from 'vitest';
import { decodeGrownDefectListHeader } from '../decoders/defect-list-header.js';
import * as c from './index.js';

const hex = (s: string): number[] => s.trim().split(/\s+/).map((b) => parseInt(b, 16));
const bytes = (u: Uint8Array): number[] => [...u];

describe('SPC-6 CDBs (hand-written from the tables)', () => {
  it('READ BUFFER(16): mode specific + mode byte 1, 64-bit offset 2-9, allocation 10-13, buffer id 14', () =>
    expect(bytes(c.readBuffer16.encode({ modeSpecific: 2, mode: 0x1c, bufferOffset: 0x0102030405060708n, allocationLength: 0x0a0b0c0d, bufferId: 0xee }))).toEqual(
      hex('9b 5c 01 02 03 04 05 06 07 08 0a 0b 0c 0d ee 00'),
    ));
  it('MODE SELECT(6)/(10): RTD byte 1 bit 1 (revert to defaults, no parameter list)', () => {
    expect(bytes(c.modeSelect6.encode({ pf: false, rtd: true }))).toEqual(hex('15 02 00 00 00 00'));
    expect(bytes(c.modeSelect10.encode({ rtd: true, sp: true }))).toEqual(hex('55 13 00 00 00 00 00 00 00 00'));
  });
  it('REPORT TIMESTAMP: MAINTENANCE IN SA 0x0F, allocation 6-9', () =>
    expect(bytes(c.reportTimestamp.encode({ allocationLength: 0x01020304 }))).toEqual(hex('a3 0f 00 00 00 00 01 02 03 04 00 00')));
  it('SET TIMESTAMP: MAINTENANCE OUT SA 0x0F, parameter list length 6-9', () =>
    expect(bytes(c.setTimestamp.encode({ parameterListLength: 0x0c, control: 4 }))).toEqual(hex('a4 0f 00 00 00 00 00 00 00 0c 00 04')));
  it('REPORT TARGET PORT GROUPS: PARAMETER DATA FORMAT byte 1 bits 7..5', () =>
    expect(bytes(c.reportTargetPortGroups.encode({ parameterDataFormat: 7, allocationLength: 0x10000 }))).toEqual(hex('a3 ea 00 00 00 00 00 01 00 00 00 00')));
  it('SET TARGET PORT GROUPS: parameter list length 6-9', () =>
    expect(bytes(c.setTargetPortGroups.encode({ parameterListLength: 0x00010004 }))).toEqual(hex('a4 0a 00 00 00 00 00 01 00 04 00 00')));
  it('REPORT IDENTIFYING INFORMATION: allocation 6-9, type byte 10 bits 7..1', () =>
    expect(bytes(c.reportIdentifyingInformation.encode({ allocationLength: 0x100, identifyingInformationType: 0x7f }))).toEqual(hex('a3 05 00 00 00 00 00 00 01 00 fe 00')));
  it('READ MEDIA SERIAL NUMBER: SERVICE ACTION IN(12) SA 0x01, allocation 6-9', () =>
    expect(bytes(c.readMediaSerialNumber.encode({ allocationLength: 0x1000 }))).toEqual(hex('ab 01 00 00 00 00 00 00 10 00 00 00')));
  it('READ ATTRIBUTE: SA 5, element 2-3, volume 5, partition 7, first attribute 8-9, allocation 10-13, CACHE 14.0', () =>
    expect(
      bytes(c.readAttribute.encode({ serviceAction: 5, elementAddress: 0xabcd, logicalVolumeNumber: 1, partitionNumber: 2, firstAttributeIdentifier: 0x0800, allocationLength: 0x123, cache: true })),
    ).toEqual(hex('8c 05 ab cd 00 01 00 02 08 00 00 00 01 23 01 00')));
  it('RECEIVE COPY OPERATING PARAMETERS: THIRD-PARTY COPY IN SA 0x03, allocation 10-13', () =>
    expect(bytes(c.receiveCopyOperatingParameters.encode({ allocationLength: 0x020304 }))).toEqual(hex('84 03 00 00 00 00 00 00 00 00 00 02 03 04 00 00')));
});

describe('SBC-5 CDBs (hand-written from the tables)', () => {
  it('GET LBA STATUS(16): REPORT TYPE is the whole byte 14 (4 anchored, 10h unrecovered error)', () => {
    expect(bytes(c.getLbaStatus.encode({ reportType: c.LBA_STATUS_REPORT_TYPE.anchored, allocationLength: 0x20 }))).toEqual(hex('9e 12 00 00 00 00 00 00 00 00 00 00 00 20 04 00'));
    expect(bytes(c.getLbaStatus.encode({ reportType: c.LBA_STATUS_REPORT_TYPE.unrecoveredError, allocationLength: 0x20 }))).toEqual(hex('9e 12 00 00 00 00 00 00 00 00 00 00 00 20 10 00'));
    expect(c.getLbaStatus.decode(Uint8Array.from(hex('9e 12 00 00 00 00 00 00 00 00 00 00 00 20 ff 00'))).reportType).toBe(0xff);
  });
  it('GET LBA STATUS(32): 7Fh, additional length 18h, SA 0012h, report type 10, LBA 12-19, scan length 20-23, element 24-27, allocation 28-31', () =>
    expect(
      bytes(c.getLbaStatus32.encode({ reportType: 2, lba: 0x1122334455667788n, scanLength: 0x01020304, elementIdentifier: 0x05060708, allocationLength: 0x090a0b0c, control: 0x04 })),
    ).toEqual(hex('7f 04 00 00 00 00 00 18 00 12 02 00 11 22 33 44 55 66 77 88 01 02 03 04 05 06 07 08 09 0a 0b 0c')));
  it('WRITE(32): group byte 6, WRPROTECT/DPO/FUA byte 10, LBA 12-19, tags 20-27, transfer length 28-31', () =>
    expect(
      bytes(
        c.write32.encode({
          groupNumber: 0x21,
          wrprotect: 5,
          dpo: true,
          fua: true,
          lba: 0x0102030405060708n,
          expectedInitialReferenceTag: 0xa1a2a3a4,
          expectedApplicationTag: 0xb1b2,
          applicationTagMask: 0xc1c2,
          transferLength: 0x10,
        }),
      ),
    ).toEqual(hex('7f 00 00 00 00 00 21 18 00 0b b8 00 01 02 03 04 05 06 07 08 a1 a2 a3 a4 b1 b2 c1 c2 00 00 00 10')));
  it('WRITE SAME(32): WRPROTECT, ANCHOR, UNMAP, NDOB in byte 10; number of blocks 28-31', () =>
    expect(bytes(c.writeSame32.encode({ wrprotect: 1, anchor: true, unmap: true, ndob: true, lba: 0x40n, numberOfBlocks: 0x100 }))).toEqual(
      hex('7f 00 00 00 00 00 00 18 00 0d 39 00 00 00 00 00 00 00 00 40 00 00 00 00 00 00 00 00 00 00 01 00'),
    ));
  it('SEEK(10): LBA 2-5', () => expect(bytes(c.seek10.encode({ lba: 0xdeadbeef }))).toEqual(hex('2b 00 de ad be ef 00 00 00 00')));
  it('PRE-FETCH(10): IMMED byte 1 bit 1, LBA 2-5, group 6, length 7-8', () =>
    expect(bytes(c.preFetch10.encode({ immed: true, lba: 0x01020304, groupNumber: 0x3f, prefetchLength: 0xffff }))).toEqual(hex('34 02 01 02 03 04 3f ff ff 00')));
  it('PRE-FETCH(16): LBA 2-9, length 10-13, group 14', () =>
    expect(bytes(c.preFetch16.encode({ lba: 2n ** 40n, prefetchLength: 0x01000000, groupNumber: 1 }))).toEqual(hex('90 00 00 00 01 00 00 00 00 00 01 00 00 00 01 00')));
  it('READ LONG(10): PBLOCK bit 2, CORRCT bit 1, LBA 2-5, byte transfer length 7-8', () =>
    expect(bytes(c.readLong10.encode({ pblock: true, correct: true, lba: 0x10, byteTransferLength: 0x1234 }))).toEqual(hex('3e 06 00 00 00 10 00 12 34 00')));
  it('READ LONG(16): SA 0x11, LBA 2-9, length 12-13, PBLOCK 14.1, CORRCT 14.0', () =>
    expect(bytes(c.readLong16.encode({ lba: 0xffn, byteTransferLength: 0x0210, pblock: true }))).toEqual(hex('9e 11 00 00 00 00 00 00 00 ff 00 00 02 10 02 00')));
  it('STREAM CONTROL: STR_CTL byte 1 bits 6..5 beside SA 0x14, STR_ID 4-5, allocation 10-13', () => {
    expect(bytes(c.streamControl.encode({ strCtl: c.STREAM_CONTROL.close, strId: 0x0102, allocationLength: 0 }))).toEqual(hex('9e 54 00 00 01 02 00 00 00 00 00 00 00 00 00 00'));
    expect(c.streamControl.directionOf({ allocationLength: 0 })).toBe('none');
    expect(c.streamControl.directionOf()).toBe('in');
  });
  it('GET STREAM STATUS: SA 0x16, starting stream id 4-5, allocation 10-13', () =>
    expect(bytes(c.getStreamStatus.encode({ startingStreamIdentifier: 0xfffe, allocationLength: 0x100 }))).toEqual(hex('9e 16 00 00 ff fe 00 00 00 00 00 00 01 00 00 00')));
  it('BACKGROUND CONTROL: BO_CTL byte 2 bits 7..6, BO_TIME byte 3', () =>
    expect(bytes(c.backgroundControl.encode({ boCtl: c.BACKGROUND_OPERATION_CONTROL.stop, boTime: 0xff }))).toEqual(hex('9e 15 80 ff 00 00 00 00 00 00 00 00 00 00 00 00')));
  it('GET PHYSICAL ELEMENT STATUS: starting element 6-9, allocation 10-13, FILTER 14.7-6, REPORT TYPE 14.3-0', () =>
    expect(bytes(c.getPhysicalElementStatus.encode({ startingElement: 0x0a0b0c0d, allocationLength: 0x40, filter: 2, reportType: 0xf }))).toEqual(
      hex('9e 17 00 00 00 00 0a 0b 0c 0d 00 00 00 40 8f 00'),
    ));
  it('REPORT REFERRALS: SA 0x13, LBA 2-9, allocation 10-13, ONE_SEG 14.0', () =>
    expect(bytes(c.reportReferrals.encode({ lba: 0x77n, allocationLength: 0x10, oneSegment: true }))).toEqual(hex('9e 13 00 00 00 00 00 00 00 77 00 00 00 10 01 00')));
  it('REPORT PROVISIONING INITIALIZATION PATTERN: MAINTENANCE IN SA 0x1D, allocation 6-9', () =>
    expect(bytes(c.reportProvisioningInitializationPattern.encode({ allocationLength: 0x0201 }))).toEqual(hex('a3 1d 00 00 00 00 00 00 02 01 00 00')));
});

describe('ZBC-2, SSC-5, MMC-6 and SAT-5 CDBs (hand-written from the tables)', () => {
  it('REPORT ZONES: ZBC IN SA 0, zone start LBA 2-9, allocation 10-13, PARTIAL 14.7, REPORTING OPTIONS 14.5-0', () =>
    expect(bytes(c.reportZones.encode({ zoneStartLba: 0x80000n, allocationLength: 0x10000, partial: true, reportingOptions: c.REPORT_ZONES_OPTION.notWritePointer }))).toEqual(
      hex('95 00 00 00 00 00 00 08 00 00 00 01 00 00 bf 00'),
    ));
  it('zone actions: ZBC OUT SA 1..4, zone id 2-9, zone count 12-13, ALL 14.0', () => {
    expect(bytes(c.closeZone.encode({ zoneId: 0x1000n }))).toEqual(hex('94 01 00 00 00 00 00 00 10 00 00 00 00 00 00 00'));
    expect(bytes(c.finishZone.encode({ all: true }))).toEqual(hex('94 02 00 00 00 00 00 00 00 00 00 00 00 00 01 00'));
    expect(bytes(c.openZone.encode({ zoneId: 0x2000n, zoneCount: 0x0102 }))).toEqual(hex('94 03 00 00 00 00 00 00 20 00 00 00 01 02 00 00'));
    expect(bytes(c.resetWritePointer.encode({ zoneId: 0xffffffffffffffffn, control: 4 }))).toEqual(hex('94 04 ff ff ff ff ff ff ff ff 00 00 00 00 00 04'));
  });
  it('READ BLOCK LIMITS: MLOC byte 1 bit 0; 6 bytes back, 20 with MLOC', () => {
    expect(bytes(c.readBlockLimits.encode({ mloc: true }))).toEqual(hex('05 01 00 00 00 00'));
    expect(c.readBlockLimits.dataLengthOf()).toBe(6);
    expect(c.readBlockLimits.dataLengthOf({ mloc: true })).toBe(20);
  });
  it('GET CONFIGURATION: RT byte 1 bits 1..0, starting feature 2-3, allocation 7-8', () =>
    expect(bytes(c.getConfiguration.encode({ rt: 2, startingFeatureNumber: 0x0107, allocationLength: 0x0800 }))).toEqual(hex('46 02 01 07 00 00 00 08 00 00')));
  it('ATA PASS-THROUGH(32): SA 1FF0h, protocol/extend byte 10, flags 11, LBA 14-19, features 20-21, count 22-23, device, command, ICC 27, AUXILIARY 28-31', () =>
    expect(
      bytes(
        c.ataPassThrough32.encode({
          multipleCount: 1,
          protocol: 12,
          extend: true,
          offLine: 1,
          tDir: true,
          bytBlok: true,
          tLength: 3,
          lba: 0x0102030405,
          features: 0x0a0b,
          count: 0x0c0d,
          device: 0x40,
          command: 0x60,
          icc: 0x11,
          auxiliary: 0x22334455,
        }),
      ),
    ).toEqual(hex('7f 00 00 00 00 00 00 18 1f f0 39 4f 00 00 00 01 02 03 04 05 0a 0b 0c 0d 40 60 00 11 22 33 44 55')));
});

describe('cross-check with sg3_utils 1.46 (CDBs captured in the lab from scsi_debug runs)', () => {
  const cases: ReadonlyArray<readonly [string, string, () => Uint8Array]> = [
    ['sg_rtpg -vv', 'a3 0a 00 00 00 00 00 00 04 00 00 00', () => c.reportTargetPortGroups.encode()],
    ['sg_rtpg -e -vv', 'a3 2a 00 00 00 00 00 00 04 00 00 00', () => c.reportTargetPortGroups.encode({ parameterDataFormat: c.RTPG_FORMAT.extended })],
    ['sg_stpg -vv --tp=1 --state=ao', 'a4 0a 00 00 00 00 00 00 00 08 00 00', () => c.setTargetPortGroups.encode({ parameterListLength: 8 })],
    ['sg_stpg -vv --tp=1,2 --state=s,u', 'a4 0a 00 00 00 00 00 00 00 0c 00 00', () => c.setTargetPortGroups.encode({ parameterListLength: 12 })],
    ['sg_rep_zones -vv', '95 00 00 00 00 00 00 00 00 00 00 00 20 00 00 00', () => c.reportZones.encode({ allocationLength: 0x2000 })],
    [
      'sg_rep_zones -vv --start=0x1000 --report=2 --partial --maxlen=1024',
      '95 00 00 00 00 00 00 00 10 00 00 00 04 00 82 00',
      () => c.reportZones.encode({ zoneStartLba: 0x1000n, reportingOptions: 2, partial: true, allocationLength: 1024 }),
    ],
    ['sg_zone -vv --zone=0x80000 --open --count=2', '94 03 00 00 00 00 00 08 00 00 00 00 00 02 00 00', () => c.openZone.encode({ zoneId: 0x80000n, zoneCount: 2 })],
    ['sg_zone -vv --close --all', '94 01 00 00 00 00 00 00 00 00 00 00 00 00 01 00', () => c.closeZone.encode({ all: true })],
    ['sg_zone -vv --finish --zone=0x100', '94 02 00 00 00 00 00 00 01 00 00 00 00 00 00 00', () => c.finishZone.encode({ zoneId: 0x100n })],
    ['sg_reset_wp -vv --zone=0x4000', '94 04 00 00 00 00 00 00 40 00 00 00 00 00 00 00', () => c.resetWritePointer.encode({ zoneId: 0x4000n })],
    ['sg_reset_wp -vv --all', '94 04 00 00 00 00 00 00 00 00 00 00 00 00 01 00', () => c.resetWritePointer.encode({ all: true })],
    ['sg_timestamp -vv', 'a3 0f 00 00 00 00 00 00 00 0c 00 00', () => c.reportTimestamp.encode()],
    ['sg_timestamp -vv -m 123456789', 'a4 0f 00 00 00 00 00 00 00 0c 00 00', () => c.setTimestamp.encode()],
    ['sg_stream_ctl -vv --open', '9e 34 00 00 00 00 00 00 00 00 00 00 00 08 00 00', () => c.streamControl.encode()],
    ['sg_stream_ctl -vv --close --id=3', '9e 54 00 00 00 03 00 00 00 00 00 00 00 08 00 00', () => c.streamControl.encode({ strCtl: c.STREAM_CONTROL.close, strId: 3 })],
    ['sg_stream_ctl -vv --get --id=1 --maxlen=64', '9e 16 00 00 00 01 00 00 00 00 00 00 00 40 00 00', () => c.getStreamStatus.encode({ startingStreamIdentifier: 1, allocationLength: 64 })],
    ['sg_get_elem_status -vv', '9e 17 00 00 00 00 00 00 00 00 00 00 00 20 00 00', () => c.getPhysicalElementStatus.encode({ allocationLength: 32 })],
    [
      'sg_get_elem_status -vv --filter=1 --report-type=1 --starting=5 --maxlen=1024',
      '9e 17 00 00 00 00 00 00 00 05 00 00 04 00 41 00',
      () => c.getPhysicalElementStatus.encode({ filter: 1, reportType: 1, startingElement: 5, allocationLength: 1024 }),
    ],
    ['sg_bg_ctl -vv --ctl=1 --time=20', '9e 15 40 14 00 00 00 00 00 00 00 00 00 00 00 00', () => c.backgroundControl.encode({ boCtl: c.BACKGROUND_OPERATION_CONTROL.start, boTime: 20 })],
    ['sg_read_attr -vv', '8c 00 00 00 00 00 00 00 00 00 00 00 20 00 00 00', () => c.readAttribute.encode({ allocationLength: 0x2000 })],
    [
      'sg_read_attr -vv --sa=1 --element=2 --lvn=3 --partition=4 --first=0x405 --cache --maxlen=512',
      '8c 01 00 02 00 03 00 04 04 05 00 00 02 00 01 00',
      () => c.readAttribute.encode({ serviceAction: 1, elementAddress: 2, logicalVolumeNumber: 3, partitionNumber: 4, firstAttributeIdentifier: 0x405, cache: true, allocationLength: 512 }),
    ],
    ['sg_rmsn -vv (first call: the length)', 'ab 01 00 00 00 00 00 00 00 04 00 00', () => c.readMediaSerialNumber.encode({ allocationLength: 4 })],
    ['sg_seek -vv --lba=0x1234', '2b 00 00 00 12 34 00 00 00 00', () => c.seek10.encode({ lba: 0x1234 })],
    [
      'sg_seek -vv --pre-fetch --10 --immed --lba=0x20 --num-blocks=8 --grpnum=3',
      '34 02 00 00 00 20 03 00 08 00',
      () => c.preFetch10.encode({ immed: true, lba: 0x20, prefetchLength: 8, groupNumber: 3 }),
    ],
    [
      'sg_seek -vv --pre-fetch --lba=0x20 --num-blocks=8 --grpnum=3',
      '90 00 00 00 00 00 00 00 00 20 00 00 00 08 03 00',
      () => c.preFetch16.encode({ lba: 0x20n, prefetchLength: 8, groupNumber: 3 }),
    ],
    ['sg_read_long -vv --lba=5', '3e 00 00 00 00 05 00 02 08 00', () => c.readLong10.encode({ lba: 5 })],
    [
      'sg_read_long -vv --lba=5 --correct --pblock --xfer_len=600',
      '3e 06 00 00 00 05 00 02 58 00',
      () => c.readLong10.encode({ lba: 5, correct: true, pblock: true, byteTransferLength: 600 }),
    ],
    ['sg_read_long -vv --16 --lba=5 --correct --xfer_len=520', '9e 11 00 00 00 00 00 00 00 05 00 00 02 08 01 00', () => c.readLong16.encode({ lba: 5n, correct: true })],
    [
      'sg_write_same -vv --32 --lba=16 --num=8',
      '7f 00 00 00 00 00 00 18 00 0d 00 00 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00 08',
      () => c.writeSame32.encode({ lba: 16n, numberOfBlocks: 8 }),
    ],
    [
      'sg_write_same -vv --32 --unmap --anchor --ndob --lba=16 --num=8 --grpnum=2',
      '7f 00 00 00 00 00 02 18 00 0d 19 00 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00 08',
      () => c.writeSame32.encode({ unmap: true, anchor: true, ndob: true, lba: 16n, numberOfBlocks: 8, groupNumber: 2 }),
    ],
    [
      'sg_write_x -vv --32 --lba=8 --num=1 --in=/dev/zero (tags default to all ones)',
      '7f 00 00 00 00 00 00 18 00 0b 00 00 00 00 00 00 00 00 00 08 ff ff ff ff ff ff ff ff 00 00 00 01',
      () => c.write32.encode({ lba: 8n, transferLength: 1, expectedInitialReferenceTag: 0xffffffff, expectedApplicationTag: 0xffff, applicationTagMask: 0xffff }),
    ],
    ['sg_get_lba_status -vv', '9e 12 00 00 00 00 00 00 00 00 00 00 00 18 00 00', () => c.getLbaStatus.encode({ allocationLength: 24 })],
    ['sg_get_lba_status -vv --report-type=4', '9e 12 00 00 00 00 00 00 00 00 00 00 00 18 04 00', () => c.getLbaStatus.encode({ allocationLength: 24, reportType: 4 })],
    [
      'sg_get_lba_status -vv --report-type=16 --lba=0x100 --maxlen=64',
      '9e 12 00 00 00 00 00 00 01 00 00 00 00 40 10 00',
      () => c.getLbaStatus.encode({ allocationLength: 64, reportType: 16, lba: 0x100n }),
    ],
    [
      'sg_get_lba_status -vv --32 --element-id=2 --scan-len=100 --report-type=3 --lba=0x100',
      '7f 00 00 00 00 00 00 18 00 12 03 00 00 00 00 00 00 00 01 00 00 00 00 64 00 00 00 02 00 00 00 18',
      () => c.getLbaStatus32.encode({ elementIdentifier: 2, scanLength: 100, reportType: 3, lba: 0x100n, allocationLength: 24 }),
    ],
    ['sg_read_buffer -vv --16', '9b 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00', () => c.readBuffer16.encode({ mode: 0, allocationLength: 0 })],
    [
      'sg_sat_identify -vv --len=32',
      '7f 00 00 00 00 00 00 18 1f f0 08 0e 00 00 00 00 00 00 00 00 00 00 00 01 00 ec 00 00 00 00 00 00',
      () => c.ataPassThrough32.encode({ protocol: 4, tDir: true, bytBlok: true, tLength: 2, count: 1, command: 0xec }),
    ],
    [
      'sg_sat_identify -vv --len=32 --extend --ck_cond',
      '7f 00 00 00 00 00 00 18 1f f0 09 2e 00 00 00 00 00 00 00 00 00 00 00 01 00 ec 00 00 00 00 00 00',
      () => c.ataPassThrough32.encode({ protocol: 4, extend: true, ckCond: true, tDir: true, bytBlok: true, tLength: 2, count: 1, command: 0xec }),
    ],
    ['sg_get_config -vv', '46 00 00 00 00 00 00 20 00 00', () => c.getConfiguration.encode()],
    ['sg_get_config -vv --rt=2 --starting=0x1f', '46 02 00 1f 00 00 00 20 00 00', () => c.getConfiguration.encode({ rt: 2, startingFeatureNumber: 0x1f })],
    ['sg_rep_pip -vv', 'a3 1d 00 00 00 00 00 00 02 00 00 00', () => c.reportProvisioningInitializationPattern.encode({ allocationLength: 512 })],
    ['sg_read_block_limits -vv', '05 00 00 00 00 00', () => c.readBlockLimits.encode()],
    ['sg_ident -vv', 'a3 05 00 00 00 00 00 00 00 04 00 00', () => c.reportIdentifyingInformation.encode({ allocationLength: 4 })],
    ['sg_ident -vv --itype=2', 'a3 05 00 00 00 00 00 00 00 04 04 00', () => c.reportIdentifyingInformation.encode({ allocationLength: 4, identifyingInformationType: 2 })],
    ['sg_copy_results -vv --params', '84 03 00 00 00 00 00 00 00 00 00 00 02 08 00 00', () => c.receiveCopyOperatingParameters.encode({ allocationLength: 520 })],
    ['sg_referrals -vv', '9e 13 00 00 00 00 00 00 00 00 00 00 01 00 00 00', () => c.reportReferrals.encode({ allocationLength: 256 })],
    [
      'sg_referrals -vv --lba=0x2000 --one-segment --maxlen=64',
      '9e 13 00 00 00 00 00 00 20 00 00 00 00 40 01 00',
      () => c.reportReferrals.encode({ lba: 0x2000n, oneSegment: true, allocationLength: 64 }),
    ],
  ];
  it.each(cases)('%s → [%s]', (_tool, cdb, encode) => expect(bytes(encode())).toEqual(hex(cdb)));

  it('sg_read_buffer -vv --16 --mode=2 --id=3 --offset=0x100 --length=64 --specific=1 sends [9b 22 .. 01 00 00 00 00 00 03 00]: same fields, but sg3_utils 1.46 leaves ALLOCATION LENGTH (bytes 10-13) 0', () => {
    const sgio = c.readBuffer16.encode({ mode: 2, bufferId: 3, bufferOffset: 0x100n, allocationLength: 64, modeSpecific: 1 });
    const captured = hex('9b 22 00 00 00 00 00 00 01 00 00 00 00 00 03 00');
    expect(bytes(sgio)).toEqual(hex('9b 22 00 00 00 00 00 00 01 00 00 00 00 40 03 00'));
    expect(bytes(sgio).map((b, i) => (i >= 10 && i <= 13 ? 0 : b))).toEqual(captured);
  });
});

describe('READ DEFECT DATA (SBC-5 5.20, 5.21; hand-written from the tables)', () => {
  it('(10): REQ_PLIST byte 2 bit 4, REQ_GLIST bit 3, format bits 2..0, allocation 7-8', () =>
    expect(bytes(c.readDefectData10.encode({ reqGlist: true, defectListFormat: 5, allocationLength: 4 }))).toEqual(hex('37 00 0d 00 00 00 00 00 04 00')));
  it('(12): the same bits in byte 1, allocation 6-9', () =>
    expect(bytes(c.readDefectData12.encode({ reqPlist: true, reqGlist: true, defectListFormat: 4, allocationLength: 8 }))).toEqual(hex('b7 1c 00 00 00 00 00 00 00 08 00 00')));
  it('decodes the grown list header: GLISTV, format and the entry count from the length', () => {
    expect(c.readDefectData10.name).toBe('READ DEFECT DATA(10)');
    expect(decodeGrownDefectListHeader(Uint8Array.from(hex('00 0d 00 28')), 10)).toEqual({ grownListValid: true, format: 5, lengthBytes: 40, count: 5 });
    expect(decodeGrownDefectListHeader(Uint8Array.from(hex('00 08 00 00 00 00 00 00')), 12)).toEqual({ grownListValid: true, format: 0, lengthBytes: 0, count: 0 });
    expect(decodeGrownDefectListHeader(Uint8Array.from(hex('00 08')), 10)).toBeUndefined();
  });
});
