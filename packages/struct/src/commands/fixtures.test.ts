/**
 * Byte-exact CDB fixtures, written by hand from the T10 tables (SPC-6,
 * SBC-5, SSC-5, SAT-5) — not from this encoder's output — plus CDBs captured
 * from sg3_utils 1.46 run against scsi_debug in the lab (the command is in
 * each comment: `node tooling/lab/dist/cli.js -- <command>`).
 */
import { describe, expect, it } from 'vitest';
import * as c from './index.js';

const hex = (s: string): number[] => s.trim().split(/\s+/).map((b) => parseInt(b, 16));
const bytes = (u: Uint8Array): number[] => [...u];

describe('SPC-6 CDBs (hand-written from the tables)', () => {
  it('TEST UNIT READY', () => expect(bytes(c.testUnitReady.encode())).toEqual(hex('00 00 00 00 00 00')));
  it('REQUEST SENSE: DESC bit 0 of byte 1, allocation length byte 4', () =>
    expect(bytes(c.requestSense.encode({ desc: true, allocationLength: 0x12 }))).toEqual(hex('03 01 00 00 12 00')));
  it('INQUIRY standard, allocation length 0x0124 in bytes 3-4', () =>
    expect(bytes(c.inquiry.encode({ allocationLength: 0x0124 }))).toEqual(hex('12 00 00 01 24 00')));
  it('INQUIRY EVPD page 0x83, control 0x04', () =>
    expect(bytes(c.inquiry.encode({ evpd: true, pageCode: 0x83, allocationLength: 0x200, control: 4 }))).toEqual(hex('12 01 83 02 00 04')));
  it('MODE SENSE(6): DBD byte 1 bit 3, PC 7..6 + page 5..0 of byte 2, subpage byte 3', () =>
    expect(bytes(c.modeSense6.encode({ dbd: true, pc: 2, pageCode: 0x08, subpageCode: 0x01, allocationLength: 0xc0 }))).toEqual(hex('1a 08 88 01 c0 00')));
  it('MODE SENSE(10): LLBAA byte 1 bit 4, allocation length bytes 7-8', () =>
    expect(bytes(c.modeSense10.encode({ llbaa: true, pc: 3, pageCode: 0x3f, subpageCode: 0xff, allocationLength: 0x1234 }))).toEqual(
      hex('5a 10 ff ff 00 00 00 12 34 00'),
    ));
  it('MODE SELECT(6): PF bit 4, SP bit 0, list length byte 4', () =>
    expect(bytes(c.modeSelect6.encode({ sp: true, parameterListLength: 0x18 }))).toEqual(hex('15 11 00 00 18 00')));
  it('MODE SELECT(10): PF off, list length bytes 7-8', () =>
    expect(bytes(c.modeSelect10.encode({ pf: false, parameterListLength: 0x0102 }))).toEqual(hex('55 00 00 00 00 00 00 01 02 00')));
  it('LOG SENSE: PPC/SP, PC+page, subpage, parameter pointer 5-6, allocation 7-8', () =>
    expect(bytes(c.logSense.encode({ ppc: true, sp: true, pc: 1, pageCode: 0x0d, subpageCode: 2, parameterPointer: 0x0a0b, allocationLength: 0x0c0d }))).toEqual(
      hex('4d 03 4d 02 00 0a 0b 0c 0d 00'),
    ));
  it('LOG SELECT: PCR byte 1 bit 1, PC 3, list length 0', () =>
    expect(bytes(c.logSelect.encode({ pcr: true, pc: 3 }))).toEqual(hex('4c 02 c0 00 00 00 00 00 00 00')));
  it('REPORT LUNS: select report byte 2, allocation length bytes 6-9', () =>
    expect(bytes(c.reportLuns.encode({ selectReport: 2, allocationLength: 0x01020304 }))).toEqual(hex('a0 00 02 00 00 00 01 02 03 04 00 00')));
  it('REPORT SUPPORTED OPERATION CODES: RCTD, options 2, opcode 0x9e, SA 0x10', () =>
    expect(
      bytes(c.reportSupportedOpcodes.encode({ rctd: true, reportingOptions: 2, requestedOpcode: 0x9e, requestedServiceAction: 0x10, allocationLength: 0x200 })),
    ).toEqual(hex('a3 0c 82 9e 00 10 00 00 02 00 00 00')));
  it('REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS: REPD byte 2 bit 7', () =>
    expect(bytes(c.reportSupportedTmf.encode({ repd: true }))).toEqual(hex('a3 0d 80 00 00 00 00 00 00 10 00 00')));
  it('SEND DIAGNOSTIC: self-test code 7..5, PF, SELFTEST, DEVOFFL, UNITOFFL, list length 3-4', () => {
    expect(bytes(c.sendDiagnostic.encode({ selfTestCode: 6 }))).toEqual(hex('1d c0 00 00 00 00'));
    expect(bytes(c.sendDiagnostic.encode({ pf: true, selftest: true, devoffl: true, unitoffl: true, parameterListLength: 0x0123 }))).toEqual(hex('1d 17 00 01 23 00'));
  });
  it('RECEIVE DIAGNOSTIC RESULTS: PCV, page code, allocation 3-4', () =>
    expect(bytes(c.receiveDiagnosticResults.encode({ pcv: true, pageCode: 0x02, allocationLength: 0x1000 }))).toEqual(hex('1c 01 02 10 00 00')));
  it('PERSISTENT RESERVE IN: READ FULL STATUS, allocation 7-8', () =>
    expect(bytes(c.persistentReserveIn.encode({ serviceAction: c.PR_IN_SERVICE_ACTION.readFullStatus, allocationLength: 0x2000 }))).toEqual(
      hex('5e 03 00 00 00 00 00 20 00 00'),
    ));
  it('PERSISTENT RESERVE OUT: RESERVE, scope 0 type 3 (exclusive access), list length 5-8', () =>
    expect(bytes(c.persistentReserveOut.encode({ serviceAction: c.PR_OUT_SERVICE_ACTION.reserve, type: c.PR_TYPE.exclusiveAccess }))).toEqual(
      hex('5f 01 03 00 00 00 00 00 18 00'),
    ));
  it('SECURITY PROTOCOL IN: protocol, specific 2-3, INC_512 byte 4 bit 7, length 6-9', () =>
    expect(bytes(c.securityProtocolIn.encode({ securityProtocol: 0x01, securityProtocolSpecific: 0x0001, inc512: true, allocationLength: 2 }))).toEqual(
      hex('a2 01 00 01 80 00 00 00 00 02 00 00'),
    ));
  it('SECURITY PROTOCOL OUT', () =>
    expect(bytes(c.securityProtocolOut.encode({ securityProtocol: 0xee, securityProtocolSpecific: 0xabcd, transferLength: 0x10000 }))).toEqual(
      hex('b5 ee ab cd 00 00 00 01 00 00 00 00'),
    ));
  it('READ BUFFER(10): mode specific 7..5 + mode 4..0, buffer id, 24-bit offset, 24-bit length', () =>
    expect(bytes(c.readBuffer10.encode({ modeSpecific: 1, mode: 0x1c, bufferId: 5, bufferOffset: 0x010203, allocationLength: 0x040506 }))).toEqual(
      hex('3c 3c 05 01 02 03 04 05 06 00'),
    ));
  it('WRITE BUFFER: download microcode with offsets and save (mode 7)', () =>
    expect(bytes(c.writeBuffer.encode({ mode: 7, bufferOffset: 0x8000, parameterListLength: 0x8000 }))).toEqual(hex('3b 07 00 00 80 00 00 80 00 00')));
});

describe('SBC-5 CDBs (hand-written from the tables)', () => {
  it('READ CAPACITY(10)', () => expect(bytes(c.readCapacity10.encode())).toEqual(hex('25 00 00 00 00 00 00 00 00 00')));
  it('READ CAPACITY(16): SA 0x10, allocation length bytes 10-13', () =>
    expect(bytes(c.readCapacity16.encode({ allocationLength: 0x0a0b0c0d }))).toEqual(hex('9e 10 00 00 00 00 00 00 00 00 0a 0b 0c 0d 00 00')));
  it('READ(6): LBA in byte 1 bits 4..0 and bytes 2-3, length byte 4', () =>
    expect(bytes(c.read6.encode({ lba: 0x1fffff, transferLength: 0 }))).toEqual(hex('08 1f ff ff 00 00')));
  it('READ(10): RDPROTECT 3, DPO, FUA, RARC; group 0x3f; length 7-8', () =>
    expect(bytes(c.read10.encode({ rdprotect: 3, dpo: true, fua: true, rarc: true, lba: 0x12345678, groupNumber: 0x3f, transferLength: 0x0100 }))).toEqual(
      hex('28 7c 12 34 56 78 3f 01 00 00'),
    ));
  it('READ(12): length 6-9, group byte 10', () =>
    expect(bytes(c.read12.encode({ lba: 0xfffffffe, transferLength: 0x01000000, groupNumber: 1 }))).toEqual(hex('a8 00 ff ff ff fe 01 00 00 00 01 00')));
  it('READ(16): lba=0x0102030405060708 len=0x10 fua', () =>
    expect(bytes(c.read16.encode({ lba: 0x0102030405060708n, transferLength: 0x10, fua: true }))).toEqual(
      hex('88 08 01 02 03 04 05 06 07 08 00 00 00 10 00 00'),
    ));
  it('READ(16): DLD2 byte 1 bit 0, DLD1/DLD0 byte 14 bits 7/6, group 5..0', () =>
    expect(bytes(c.read16.encode({ dld2: true, dld1: true, dld0: true, groupNumber: 0x21, transferLength: 0 }))).toEqual(
      hex('88 01 00 00 00 00 00 00 00 00 00 00 00 00 e1 00'),
    ));
  it('WRITE(6)', () => expect(bytes(c.write6.encode({ lba: 0x012345, transferLength: 8 }))).toEqual(hex('0a 01 23 45 08 00')));
  it('WRITE(10): WRPROTECT 1, DPO, FUA', () =>
    expect(bytes(c.write10.encode({ wrprotect: 1, dpo: true, fua: true, lba: 0x100, transferLength: 2 }))).toEqual(hex('2a 38 00 00 01 00 00 00 02 00')));
  it('WRITE(12)', () => expect(bytes(c.write12.encode({ lba: 1, transferLength: 0x00010000, groupNumber: 2 }))).toEqual(hex('aa 00 00 00 00 01 00 01 00 00 02 00')));
  it('WRITE(16)', () =>
    expect(bytes(c.write16.encode({ fua: true, lba: 0xfedcba9876543210n, transferLength: 0x80 }))).toEqual(hex('8a 08 fe dc ba 98 76 54 32 10 00 00 00 80 00 00')));
  it('WRITE AND VERIFY(10): BYTCHK byte 1 bits 2..1', () =>
    expect(bytes(c.writeAndVerify10.encode({ dpo: true, bytchk: 1, lba: 0x10, transferLength: 4 }))).toEqual(hex('2e 12 00 00 00 10 00 00 04 00')));
  it('WRITE AND VERIFY(16)', () =>
    expect(bytes(c.writeAndVerify16.encode({ wrprotect: 2, lba: 0x100000000n, transferLength: 1, groupNumber: 3 }))).toEqual(
      hex('8e 40 00 00 00 01 00 00 00 00 00 00 00 01 03 00'),
    ));
  it('VERIFY(10): BYTCHK 3 (one block compared with every block)', () =>
    expect(bytes(c.verify10.encode({ vrprotect: 7, bytchk: 3, lba: 0x00ff00ff, verificationLength: 0x20 }))).toEqual(hex('2f e6 00 ff 00 ff 00 00 20 00')));
  it('VERIFY(16)', () =>
    expect(bytes(c.verify16.encode({ bytchk: 1, lba: 7, verificationLength: 0x01020304 }))).toEqual(hex('8f 02 00 00 00 00 00 00 00 07 01 02 03 04 00 00')));
  it('SYNCHRONIZE CACHE(10): IMMED byte 1 bit 1', () =>
    expect(bytes(c.synchronizeCache10.encode({ immed: true, lba: 0x1000, numberOfBlocks: 0x10 }))).toEqual(hex('35 02 00 00 10 00 00 00 10 00')));
  it('SYNCHRONIZE CACHE(16)', () =>
    expect(bytes(c.synchronizeCache16.encode({ immed: true, lba: 2n ** 40n, numberOfBlocks: 1, groupNumber: 4 }))).toEqual(
      hex('91 02 00 00 01 00 00 00 00 00 00 00 00 01 04 00'),
    ));
  it('WRITE SAME(10): ANCHOR bit 4, UNMAP bit 3', () =>
    expect(bytes(c.writeSame10.encode({ anchor: true, unmap: true, lba: 0x40, numberOfBlocks: 0x80 }))).toEqual(hex('41 18 00 00 00 40 00 00 80 00')));
  it('WRITE SAME(16): UNMAP and NDOB (bit 0)', () =>
    expect(bytes(c.writeSame16.encode({ unmap: true, ndob: true, lba: 0x1000n, numberOfBlocks: 0x10000 }))).toEqual(
      hex('93 09 00 00 00 00 00 00 10 00 00 01 00 00 00 00'),
    ));
  it('UNMAP: ANCHOR byte 1 bit 0, list length 7-8', () =>
    expect(bytes(c.unmap.encode({ anchor: true, parameterListLength: 40 }))).toEqual(hex('42 01 00 00 00 00 00 00 28 00')));
  it('GET LBA STATUS: SA 0x12, LBA 2-9, allocation 10-13, report type byte 14', () =>
    expect(bytes(c.getLbaStatus.encode({ lba: 0x1122334455667788n, allocationLength: 0x100, reportType: 3 }))).toEqual(
      hex('9e 12 11 22 33 44 55 66 77 88 00 00 01 00 03 00'),
    ));
  it('COMPARE AND WRITE: number of blocks byte 13', () =>
    expect(bytes(c.compareAndWrite.encode({ fua: true, lba: 9, numberOfBlocks: 2 }))).toEqual(hex('89 08 00 00 00 00 00 00 00 09 00 00 00 02 00 00')));
  it('START STOP UNIT: power condition 7..4, NO_FLUSH, LOEJ, START', () => {
    expect(bytes(c.startStopUnit.encode({ immed: true, start: false, loej: true }))).toEqual(hex('1b 01 00 00 02 00'));
    expect(bytes(c.startStopUnit.encode({ powerCondition: 3, powerConditionModifier: 1, noFlush: true, start: false }))).toEqual(hex('1b 00 00 01 34 00'));
  });
  it('PREVENT ALLOW MEDIUM REMOVAL: prevent byte 4 bits 1..0', () =>
    expect(bytes(c.preventAllowMediumRemoval.encode({ prevent: 1 }))).toEqual(hex('1e 00 00 00 01 00')));
  it('FORMAT UNIT: FMTPINFO 7..6, LONGLIST, FMTDATA, CMPLST, format 2..0; FFMT byte 4', () =>
    expect(bytes(c.formatUnit.encode({ fmtpinfo: 2, longlist: true, fmtdata: true, cmplst: true, defectListFormat: 5, ffmt: 1 }))).toEqual(
      hex('04 bd 00 00 01 00'),
    ));
  it('SANITIZE: IMMED, ZNR, AUSE, service action, parameter list length', () => {
    expect(bytes(c.sanitize.encode({ immed: true, ause: true, serviceAction: 0x01, parameterListLength: 8 }))).toEqual(hex('48 a1 00 00 00 00 00 00 08 00'));
    expect(bytes(c.sanitize.encode({ znr: true, serviceAction: 0x02 }))).toEqual(hex('48 42 00 00 00 00 00 00 00 00'));
    expect(bytes(c.sanitize.encode({ serviceAction: 0x1f }))).toEqual(hex('48 1f 00 00 00 00 00 00 00 00'));
    expect(c.sanitize.directionOf({ serviceAction: 3, parameterListLength: 0 })).toBe('none');
    expect(c.sanitize.directionOf({ serviceAction: 1, parameterListLength: 8 })).toBe('out');
  });
  it('SANITIZE OVERWRITE parameter list: INVERT, TEST, OVERWRITE COUNT, pattern length and pattern; decoded back', () => {
    const u8 = (s: string): Uint8Array => Uint8Array.from(hex(s));
    const list = c.encodeSanitizeOverwrite({ invert: true, test: 2, count: 3, pattern: u8('de ad be ef') });
    expect(bytes(list)).toEqual(hex('c3 00 00 04 de ad be ef'));
    const back = c.decodeSanitizeOverwrite(list);
    expect({ ...back, pattern: bytes(back.pattern) }).toEqual({ invert: true, test: 2, count: 3, pattern: hex('de ad be ef') });
    expect(() => c.encodeSanitizeOverwrite({ count: 0, pattern: u8('00') })).toThrow(/count.*1\.\.31/);
    expect(() => c.encodeSanitizeOverwrite({ pattern: new Uint8Array(0) })).toThrow(/pattern/);
    expect(() => c.decodeSanitizeOverwrite(u8('01 00 00 08 00'))).toThrow(/only 1 follow/);
  });
});

describe('SSC-5 CDBs (hand-written from the tables)', () => {
  it('REWIND: IMMED', () => expect(bytes(c.rewind.encode({ immed: true }))).toEqual(hex('01 01 00 00 00 00')));
  it('SPACE(6): code 1 (filemarks), count -2 in 24-bit two\'s complement', () =>
    expect(bytes(c.space6.encode({ code: c.SPACE_CODE.filemarks, count: -2 }))).toEqual(hex('11 01 ff ff fe 00')));
  it('SPACE(6): end of data', () => expect(bytes(c.space6.encode({ code: 3, count: 0 }))).toEqual(hex('11 03 00 00 00 00')));
  it('WRITE FILEMARKS(6): WSMK, IMMED, 24-bit count', () =>
    expect(bytes(c.writeFilemarks6.encode({ wsmk: true, immed: true, count: 0x010203 }))).toEqual(hex('10 03 01 02 03 00')));
  it('READ POSITION: long form (SA 6)', () => expect(bytes(c.readPosition.encode({ serviceAction: 6 }))).toEqual(hex('34 06 00 00 00 00 00 00 00 00')));
  it('READ POSITION: extended form with allocation length', () =>
    expect(bytes(c.readPosition.encode({ serviceAction: 8, allocationLength: 0x20 }))).toEqual(hex('34 08 00 00 00 00 00 00 20 00')));
  it('LOAD UNLOAD: HOLD, EOT, RETEN, LOAD', () => {
    expect(bytes(c.loadUnload.encode({ immed: true, hold: true, eot: true, reten: true }))).toEqual(hex('1b 01 00 00 0f 00'));
    expect(bytes(c.loadUnload.encode({ load: false }))).toEqual(hex('1b 00 00 00 00 00'));
  });
});

describe('SAT-5 CDBs (hand-written from the tables)', () => {
  it('ATA PASS-THROUGH(12): IDENTIFY DEVICE, PIO data-in, 1 block in COUNT', () =>
    expect(
      bytes(c.ataPassThrough12.encode({ protocol: 4, tDir: true, bytBlok: true, tLength: 2, count: 1, command: 0xec })),
    ).toEqual(hex('a1 08 0e 00 01 00 00 00 00 ec 00 00')));
  it('ATA PASS-THROUGH(12): multiple count, off line, CK_COND, T_TYPE, LBA bytes 5-7, device', () =>
    expect(
      bytes(
        c.ataPassThrough12.encode({ multipleCount: 5, protocol: 6, offLine: 3, ckCond: true, tType: true, features: 0xd0, lbaLow: 1, lbaMid: 2, lbaHigh: 3, device: 0x40, command: 0xb0, control: 0 }),
      ),
    ).toEqual(hex('a1 ac f0 d0 00 01 02 03 40 b0 00 00')));
  it('ATA PASS-THROUGH(16): 48-bit READ DMA EXT, LBA 0x0000_1234_5678 through splitAtaLba48', () =>
    expect(
      bytes(
        c.ataPassThrough16.encode({
          protocol: 6,
          extend: true,
          tDir: true,
          bytBlok: true,
          tLength: 2,
          count: 0x0102,
          ...c.splitAtaLba48(0xab12345678),
          device: 0x40,
          command: 0x25,
        }),
      ),
    ).toEqual(hex('85 0d 0e 00 00 01 02 12 78 ab 56 00 34 40 25 00')));
});

describe('cross-check with sg3_utils (CDBs captured in the lab from scsi_debug runs)', () => {
  it('sg_turs -vv /dev/sg0 → test unit ready cdb: [00 00 00 00 00 00]', () =>
    expect(bytes(c.testUnitReady.encode())).toEqual(hex('00 00 00 00 00 00')));
  it('sg_inq -vv /dev/sg0 → inquiry cdb: [12 00 00 00 24 00] and [12 01 80 00 fc 00]', () => {
    expect(bytes(c.inquiry.encode({ allocationLength: 0x24 }))).toEqual(hex('12 00 00 00 24 00'));
    expect(bytes(c.inquiry.encode({ evpd: true, pageCode: 0x80 }))).toEqual(hex('12 01 80 00 fc 00'));
  });
  it('sg_readcap -16 -vv /dev/sg0 → [9e 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00]', () =>
    expect(bytes(c.readCapacity16.encode())).toEqual(hex('9e 10 00 00 00 00 00 00 00 00 00 00 00 20 00 00')));
  it('sg_readcap -vv /dev/sg0 → [25 00 00 00 00 00 00 00 00 00]', () =>
    expect(bytes(c.readCapacity10.encode())).toEqual(hex('25 00 00 00 00 00 00 00 00 00')));
  it('sg_luns -vv /dev/sg0 → [a0 00 00 00 00 00 00 00 20 00 00 00]', () =>
    expect(bytes(c.reportLuns.encode({ allocationLength: 0x2000 }))).toEqual(hex('a0 00 00 00 00 00 00 00 20 00 00 00')));
  it('sg_modes -vv -p 8 /dev/sg0 → mode sense(10) cdb: [5a 00 08 00 00 00 00 10 00 00]', () =>
    expect(bytes(c.modeSense10.encode({ pageCode: 8 }))).toEqual(hex('5a 00 08 00 00 00 00 10 00 00')));
  it('sg_modes -6 -vv -p 8 /dev/sg0 → mode sense(6) cdb: [1a 00 08 00 fc 00]', () =>
    expect(bytes(c.modeSense6.encode({ pageCode: 8 }))).toEqual(hex('1a 00 08 00 fc 00')));
  it('sg_logs -vv /dev/sg0 → log sense cdb: [4d 00 40 00 00 00 00 00 04 00]', () =>
    expect(bytes(c.logSense.encode({ allocationLength: 4 }))).toEqual(hex('4d 00 40 00 00 00 00 00 04 00')));
  it('sg_opcodes -vv /dev/sg0 → [a3 0c 00 00 00 00 00 00 20 00 00 00]', () =>
    expect(bytes(c.reportSupportedOpcodes.encode())).toEqual(hex('a3 0c 00 00 00 00 00 00 20 00 00 00')));
  it('sg_opcodes -t -vv /dev/sg0 → [a3 0d 00 00 00 00 00 00 00 04 00 00]', () =>
    expect(bytes(c.reportSupportedTmf.encode({ allocationLength: 4 }))).toEqual(hex('a3 0d 00 00 00 00 00 00 00 04 00 00')));
  it('sg_requests -vv /dev/sg0 → Request Sense [03 00 00 00 fc 00]', () =>
    expect(bytes(c.requestSense.encode())).toEqual(hex('03 00 00 00 fc 00')));
  it('sg_sync -vv /dev/sg0 → synchronize cache(10) cdb: [35 00 00 00 00 00 00 00 00 00]', () =>
    expect(bytes(c.synchronizeCache10.encode())).toEqual(hex('35 00 00 00 00 00 00 00 00 00')));
  it('sg_start -vv 1 /dev/sg0 → start stop unit cdb: [1b 00 00 00 01 00]', () =>
    expect(bytes(c.startStopUnit.encode())).toEqual(hex('1b 00 00 00 01 00')));
  it('sg_prevent -vv --allow /dev/sg0 → [1e 00 00 00 00 00]', () =>
    expect(bytes(c.preventAllowMediumRemoval.encode({ prevent: 0 }))).toEqual(hex('1e 00 00 00 00 00')));
  it('sg_persist -vv -k /dev/sg0 → Persistent reservation in cdb: [5e 00 00 00 00 00 00 20 00 00]', () =>
    expect(bytes(c.persistentReserveIn.encode())).toEqual(hex('5e 00 00 00 00 00 00 20 00 00')));
  it('sg_get_lba_status -vv /dev/sg0 → [9e 12 00 00 00 00 00 00 00 00 00 00 00 18 00 00]', () =>
    expect(bytes(c.getLbaStatus.encode({ allocationLength: 24 }))).toEqual(hex('9e 12 00 00 00 00 00 00 00 00 00 00 00 18 00 00')));
  it('sg_verify -vv --lba=5 --count=2 /dev/sg0 → verify(10) cdb: [2f 00 00 00 00 05 00 00 02 00]', () =>
    expect(bytes(c.verify10.encode({ lba: 5, verificationLength: 2 }))).toEqual(hex('2f 00 00 00 00 05 00 00 02 00')));
  it('sg_sat_identify -vv /dev/sg0 → ATA pass-through(16) cdb: [85 08 0e 00 00 00 01 00 00 00 00 00 00 00 ec 00]', () => {
    const fields = { protocol: 4, tDir: true, bytBlok: true, tLength: 2, count: 1, command: 0xec } as const;
    expect(bytes(c.ataPassThrough16.encode(fields))).toEqual(hex('85 08 0e 00 00 00 01 00 00 00 00 00 00 00 ec 00'));
    expect(c.ataPassThrough16.directionOf(fields)).toBe('in');
    expect(c.ataPassThrough16.dataLengthOf(fields)).toBe(512);
  });
});
