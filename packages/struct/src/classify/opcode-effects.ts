/**
 * What every operation code of the T10 listing does (its {@link Effect}) and
 * which way its data flows, for CDBs no registered definition describes.
 * One rule per opcode and device type group of `tables/opcodes.ts`; opcodes
 * that multiplex commands by service action carry one rule per service
 * action. A unit test fails when the T10 table has an opcode (or group)
 * missing here.
 */
import type { DataDirection } from '../dsl/cdb.js';
import type { Effect } from '../dsl/effect.js';
import type { OpcodeDeviceGroup } from '../tables/opcodes.js';

/**
 * The data direction of a classified CDB: a {@link DataDirection}, or
 * `unknown` when the standard does not fix it (bidirectional commands, or
 * commands whose direction depends on fields sgio has no definition for).
 * For table-only commands `in`/`out` say which way data flows when there is
 * a data phase (a zero length field means none).
 */
export type CdbDirection = DataDirection | 'unknown';

/** The effect and direction of one command of the opcode table. */
export interface OpcodeRule {
  /** What the command does. */
  readonly effect: Effect;
  /** Its data direction. */
  readonly direction: CdbDirection;
}

/** Rules by service action, for opcodes that multiplex commands. */
export interface ServiceActionRules {
  /** Where the service action is: byte 1 bits 4..0, or bytes 8..9 (variable-length CDBs, 7Fh). */
  readonly serviceActionAt: 'byte1' | 'bytes8-9';
  /** The rule of each known service action. */
  readonly byServiceAction: ReadonlyMap<number, OpcodeRule>;
  /** The rule of the other (reserved or vendor) service actions. */
  readonly other: OpcodeRule;
}

/** The rule of an opcode for one device type group. */
export type OpcodeGroupRule = OpcodeRule | ServiceActionRules;

const rule = (effect: Effect, direction: CdbDirection = 'unknown'): OpcodeRule => ({ effect, direction });
const read = (direction: CdbDirection = 'in'): OpcodeRule => rule('read', direction);
const state = (direction: CdbDirection = 'none'): OpcodeRule => rule('state', direction);
const write = (direction: CdbDirection = 'out'): OpcodeRule => rule('write', direction);
const destructive = (direction: CdbDirection = 'unknown'): OpcodeRule => rule('destructive', direction);
const bySa = (serviceActionAt: ServiceActionRules['serviceActionAt'], known: ReadonlyArray<readonly [number, OpcodeRule]>, other: OpcodeRule = destructive()): ServiceActionRules => ({
  serviceActionAt,
  byServiceAction: new Map(known),
  other,
});

/** The rules of one opcode, by device type group of the T10 listing. */
export type OpcodeGroupRules = Readonly<Partial<Record<OpcodeDeviceGroup, OpcodeGroupRule>>>;

/** The rules, by opcode. Names in comments are those of the T10 listing. */
export const OPCODE_RULES: ReadonlyMap<number, OpcodeGroupRules> = new Map<number, OpcodeGroupRules>([
  [0x00, { ALL: read('none') }], // TEST UNIT READY
  [0x01, { ALL: state(), TAPE: state() }], // REZERO UNIT, REWIND
  [0x03, { ALL: read() }], // REQUEST SENSE
  [0x04, { DISK_ZBC: destructive('out'), TAPE: destructive('none'), PRINTER: destructive() }], // FORMAT UNIT, FORMAT MEDIUM, FORMAT
  [0x05, { TAPE: read() }], // READ BLOCK LIMITS
  [0x07, { DISK_ZBC: destructive('out'), MCHANGER: state() }], // REASSIGN BLOCKS (can lose the data of the blocks), INITIALIZE ELEMENT STATUS
  [0x08, { DISK_ZBC: read(), PROCESSOR: read() }], // READ(6), RECEIVE
  [0x0a, { DISK_ZBC: write(), PRINTER: write(), PROCESSOR: write() }], // WRITE(6), PRINT, SEND
  [0x0b, { ALL: state(), TAPE: destructive('none'), PRINTER: write() }], // SEEK(6), SET CAPACITY (repartitions the medium), SLEW AND PRINT
  [0x0f, { TAPE: read() }], // READ REVERSE(6)
  [0x10, { TAPE: write('none'), PRINTER: state() }], // WRITE FILEMARKS(6) (written to the medium), SYNCHRONIZE BUFFER
  [0x11, { TAPE: state() }], // SPACE(6)
  [0x12, { ALL: read() }], // INQUIRY
  [0x13, { TAPE: read('unknown') }], // VERIFY(6)
  [0x14, { ALL: read() }], // RECOVER BUFFERED DATA
  [0x15, { ALL: state('out') }], // MODE SELECT(6)
  [0x16, { ALL: state(), MCHANGER: state() }], // RESERVE(6)
  [0x17, { ALL: state(), MCHANGER: state() }], // RELEASE(6)
  [0x18, { ALL: write('out') }], // COPY
  [0x19, { ALL: destructive('none') }], // ERASE(6)
  [0x1a, { ALL: read() }], // MODE SENSE(6)
  [0x1b, { ALL: state(), TAPE: state(), ADC: state(), PRINTER: state() }], // START STOP UNIT, LOAD UNLOAD, STOP PRINT
  [0x1c, { ALL: read() }], // RECEIVE DIAGNOSTIC RESULTS
  [0x1d, { ALL: state('out') }], // SEND DIAGNOSTIC (the definition raises it with UNITOFFL or pages)
  [0x1e, { ALL: state() }], // PREVENT ALLOW MEDIUM REMOVAL
  [0x23, { MMC: read() }], // READ FORMAT CAPACITIES
  [0x24, { ALL: state('out') }], // SET WINDOW
  [0x25, { ALL: read(), OCRW: read() }], // READ CAPACITY(10), READ CARD CAPACITY
  [0x28, { ALL: read() }], // READ(10)
  [0x29, { ALL: read() }], // READ GENERATION
  [0x2a, { ALL: write() }], // WRITE(10)
  [0x2b, { ALL: state(), TAPE: state(), MCHANGER: state() }], // SEEK(10), LOCATE(10), POSITION TO ELEMENT
  [0x2c, { ALL: destructive('none') }], // ERASE(10)
  [0x2d, { OPTICAL: read() }], // READ UPDATED BLOCK
  [0x2e, { ALL: write() }], // WRITE AND VERIFY(10)
  [0x2f, { ALL: read('unknown') }], // VERIFY(10) (BYTCHK sends data out)
  [0x30, { ALL: read('out') }], // SEARCH DATA HIGH(10)
  [0x31, { ALL: read('out') }], // SEARCH DATA EQUAL(10)
  [0x32, { ALL: read('out') }], // SEARCH DATA LOW(10)
  [0x33, { ALL: state() }], // SET LIMITS(10)
  [0x34, { ALL: state(), TAPE: read() }], // PRE-FETCH(10), READ POSITION
  [0x35, { ALL: state() }], // SYNCHRONIZE CACHE(10)
  [0x36, { ALL: state() }], // LOCK UNLOCK CACHE(10)
  [0x37, { MCHANGER: state(), ALL: read() }], // INITIALIZE ELEMENT STATUS WITH RANGE, READ DEFECT DATA(10)
  [0x38, { DISK_ZBC: destructive(), OCRW: read() }], // FORMAT WITH PRESET, MEDIUM SCAN
  [0x39, { ALL: read('out') }], // COMPARE
  [0x3a, { ALL: write('out') }], // COPY AND VERIFY
  [0x3b, { ALL: destructive('out') }], // WRITE BUFFER(10) (microcode download)
  [0x3c, { ALL: read() }], // READ BUFFER(10)
  [0x3d, { OPTICAL: write() }], // UPDATE BLOCK
  [0x3e, { ALL: read() }], // READ LONG(10)
  [0x3f, { ALL: write() }], // WRITE LONG(10)
  [0x40, { ALL: destructive('out') }], // CHANGE DEFINITION
  [0x41, { ALL: write() }], // WRITE SAME(10)
  [0x42, { DISK_ZBC: write(), MMC: read() }], // UNMAP, READ SUB-CHANNEL
  [0x43, { MMC: read() }], // READ TOC/PMA/ATIP
  [0x44, { ALL: read() }], // REPORT DENSITY SUPPORT
  [0x45, { MMC: state() }], // PLAY AUDIO(10)
  [0x46, { MMC: read() }], // GET CONFIGURATION
  [0x47, { MMC: state() }], // PLAY AUDIO MSF
  [0x48, { ALL: destructive() }], // SANITIZE (every service action)
  [0x4a, { MMC: read() }], // GET EVENT STATUS NOTIFICATION
  [0x4b, { MMC: state() }], // PAUSE/RESUME
  [0x4c, { ALL: state('out') }], // LOG SELECT
  [0x4d, { ALL: read() }], // LOG SENSE
  [0x4e, { MMC: state() }], // STOP PLAY/SCAN
  [0x50, { DISK: write() }], // XDWRITE(10)
  [0x51, { DISK: write(), MMC: read() }], // XPWRITE(10), READ DISC INFORMATION
  [0x52, { DISK: read(), MMC: read() }], // XDREAD(10), READ TRACK INFORMATION
  [0x53, { DISK: write('unknown') }], // XDWRITEREAD(10) (bidirectional)
  [0x54, { MMC: state('out') }], // SEND OPC INFORMATION
  [0x55, { ALL: state('out') }], // MODE SELECT(10)
  [0x56, { ALL: state(), MCHANGER: state() }], // RESERVE(10)
  [0x57, { ALL: state(), MCHANGER: state() }], // RELEASE(10)
  [0x58, { MMC: write() }], // REPAIR TRACK
  [0x5a, { ALL: read() }], // MODE SENSE(10)
  [0x5b, { MMC: write() }], // CLOSE TRACK/SESSION (finalises the medium)
  [0x5c, { MMC: read() }], // READ BUFFER CAPACITY
  [0x5d, { MMC: write('out') }], // SEND CUE SHEET
  [0x5e, { ALL: bySa('byte1', [[0x00, read()], [0x01, read()], [0x02, read()], [0x03, read()]]) }], // PERSISTENT RESERVE IN
  [0x5f, { ALL: destructive('out') }], // PERSISTENT RESERVE OUT (can preempt and abort other initiators)
  [0x7e, { ALL: destructive() }], // EXTENDED CDB: the command inside is not looked at
  [
    0x7f, // VARIABLE LENGTH: service action in bytes 8..9
    {
      ALL: bySa('bytes8-9', [
        [0x0003, read()], // XDREAD(32)
        [0x0004, write()], // XDWRITE(32)
        [0x0006, write()], // XPWRITE(32)
        [0x0007, write('unknown')], // XDWRITEREAD(32)
        [0x0009, read()], // READ(32)
        [0x000a, read('unknown')], // VERIFY(32)
        [0x000b, write()], // WRITE(32)
        [0x000c, write()], // WRITE AND VERIFY(32)
        [0x000d, write()], // WRITE SAME(32)
        [0x000e, write()], // ORWRITE(32)
        [0x000f, write()], // WRITE ATOMIC(32)
        [0x0010, write()], // WRITE STREAM(32)
        [0x0011, write()], // WRITE SCATTERED(32)
        [0x0012, read()], // GET LBA STATUS(32)
        [0x1ff0, destructive()], // ATA PASS-THROUGH(32): any ATA command
      ]),
    },
  ],
  [0x80, { DISK: write(), TAPE: write('none') }], // XDWRITE EXTENDED(16), WRITE FILEMARKS(16)
  [0x81, { DISK: write(), TAPE: read() }], // REBUILD(16), READ REVERSE(16)
  [0x82, { DISK: read() }], // REGENERATE(16)
  [
    0x83, // THIRD-PARTY COPY OUT
    {
      ALL: bySa('byte1', [
        [0x00, write('out')], // EXTENDED COPY(LID1)
        [0x01, write('out')], // EXTENDED COPY(LID4)
        [0x10, state('out')], // POPULATE TOKEN
        [0x11, write('out')], // WRITE USING TOKEN
        [0x1c, state()], // COPY OPERATION ABORT
      ]),
    },
  ],
  [
    0x84, // THIRD-PARTY COPY IN
    { ALL: bySa('byte1', [[0x00, read()], [0x01, read()], [0x03, read()], [0x04, read()], [0x05, read()], [0x06, read()], [0x07, read()], [0x08, read()]]) },
  ],
  [0x85, { ALL: destructive() }], // ATA PASS-THROUGH(16): any ATA command
  [0x86, { ALL: read() }], // ACCESS CONTROL IN
  [0x87, { ALL: destructive('out') }], // ACCESS CONTROL OUT (who may access which logical unit)
  [0x88, { ALL: read() }], // READ(16)
  [0x89, { ALL: write() }], // COMPARE AND WRITE
  [0x8a, { ALL: write() }], // WRITE(16)
  [0x8b, { DISK: write() }], // ORWRITE(16)
  [0x8c, { ALL: read() }], // READ ATTRIBUTE
  [0x8d, { ALL: state('out') }], // WRITE ATTRIBUTE (medium auxiliary memory, not user data)
  [0x8e, { ALL: write() }], // WRITE AND VERIFY(16)
  [0x8f, { ALL: read('unknown') }], // VERIFY(16)
  [0x90, { ALL: state() }], // PRE-FETCH(16)
  [0x91, { ALL: state(), TAPE: state() }], // SYNCHRONIZE CACHE(16), SPACE(16)
  [0x92, { DISK: state(), TAPE: state() }], // LOCK UNLOCK CACHE(16), LOCATE(16)
  [0x93, { ALL: write(), TAPE: destructive('none') }], // WRITE SAME(16), ERASE(16) (to the end of the medium)
  [
    0x94, // ZBC OUT
    {
      DISK_ZBC: bySa('byte1', [
        [0x01, state()], // CLOSE ZONE
        [0x02, state()], // FINISH ZONE
        [0x03, state()], // OPEN ZONE
        [0x04, write('none')], // RESET WRITE POINTER (the zone's data is gone)
        [0x10, state()], // SEQUENTIALIZE ZONE
      ]),
    },
  ],
  [
    0x95, // ZBC IN
    {
      DISK_ZBC: bySa('byte1', [
        [0x00, read()], // REPORT ZONES
        [0x06, read()], // REPORT REALMS
        [0x07, read()], // REPORT ZONE DOMAINS
        [0x08, destructive('in')], // ZONE ACTIVATE (changes zone types)
        [0x09, read()], // ZONE QUERY
      ]),
    },
  ],
  [0x96, { ALL: destructive('out') }], // WRITE BUFFER(16)
  [0x9a, { ALL: write() }], // WRITE STREAM(16)
  [0x9b, { ALL: read() }], // READ BUFFER(16)
  [0x9c, { ALL: write() }], // WRITE ATOMIC(16)
  [0x9d, { ALL: destructive() }], // SERVICE ACTION BIDIRECTIONAL
  [
    0x9e, // SERVICE ACTION IN(16)
    {
      ALL: bySa('byte1', [
        [0x10, read()], // READ CAPACITY(16)
        [0x11, read()], // READ LONG(16)
        [0x12, read()], // GET LBA STATUS(16)
        [0x13, read()], // REPORT REFERRALS
        [0x14, state('in')], // STREAM CONTROL (returns the assigned stream id)
        [0x15, state()], // BACKGROUND CONTROL
        [0x16, read()], // GET STREAM STATUS
        [0x17, read()], // GET PHYSICAL ELEMENT STATUS
        [0x18, destructive()], // REMOVE ELEMENT AND TRUNCATE
        [0x19, destructive()], // RESTORE ELEMENTS AND REBUILD
        [0x1a, destructive()], // REMOVE ELEMENT AND MODIFY ZONES
      ]),
    },
  ],
  [0x9f, { ALL: bySa('byte1', [[0x11, write()]]) }], // SERVICE ACTION OUT(16): WRITE LONG(16); the rest destructive
  [0xa0, { ALL: read() }], // REPORT LUNS
  [0xa1, { ALL: destructive(), MMC: destructive('none') }], // ATA PASS-THROUGH(12), BLANK
  [0xa2, { ALL: read() }], // SECURITY PROTOCOL IN
  [
    0xa3, // MAINTENANCE IN
    {
      ALL: bySa('byte1', [
        [0x05, read()], // REPORT IDENTIFYING INFORMATION
        [0x0a, read()], // REPORT TARGET PORT GROUPS
        [0x0b, read()], // REPORT ALIASES
        [0x0c, read()], // REPORT SUPPORTED OPERATION CODES
        [0x0d, read()], // REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS
        [0x0e, read()], // REPORT PRIORITY
        [0x0f, read()], // REPORT TIMESTAMP
        [0x10, read()], // MANAGEMENT PROTOCOL IN
        [0x1d, read()], // REPORT PROVISIONING INITIALIZATION PATTERN
      ]),
      MMC: state('out'), // SEND KEY
    },
  ],
  [
    0xa4, // MAINTENANCE OUT
    {
      ALL: bySa('byte1', [
        [0x06, state('out')], // SET IDENTIFYING INFORMATION
        [0x0a, state('out')], // SET TARGET PORT GROUPS
        [0x0b, state('out')], // CHANGE ALIASES
        [0x0e, state('out')], // SET PRIORITY
        [0x0f, state('out')], // SET TIMESTAMP
      ]),
      MMC: read(), // REPORT KEY
    },
  ],
  [0xa5, { ALL: state(), MMC: state() }], // MOVE MEDIUM, PLAY AUDIO(12)
  [0xa6, { MCHANGER: state(), MMC: state() }], // EXCHANGE MEDIUM, LOAD/UNLOAD MEDIUM
  [0xa7, { OPTICAL: state(), MMC: state() }], // MOVE MEDIUM ATTACHED, SET READ AHEAD
  [0xa8, { ALL: read() }], // READ(12)
  [0xa9, { ALL: destructive() }], // SERVICE ACTION OUT(12)
  [0xaa, { ALL: write() }], // WRITE(12)
  [0xab, { ALL: bySa('byte1', [[0x01, read()]]) }], // SERVICE ACTION IN(12): READ MEDIA SERIAL NUMBER
  [0xac, { OPTICAL: destructive('none'), MMC: read() }], // ERASE(12), GET PERFORMANCE
  [0xad, { MMC: read() }], // READ DVD/BD STRUCTURE
  [0xae, { ALL: write() }], // WRITE AND VERIFY(12)
  [0xaf, { ALL: read('unknown') }], // VERIFY(12)
  [0xb0, { DISK: read('out') }], // SEARCH DATA HIGH(12)
  [0xb1, { DISK: read('out'), MCHANGER: state() }], // SEARCH DATA EQUAL(12), OPEN/CLOSE IMPORT/EXPORT ELEMENT
  [0xb2, { DISK: read('out') }], // SEARCH DATA LOW(12)
  [0xb3, { DISK: state() }], // SET LIMITS(12)
  [0xb4, { ALL: read() }], // READ ELEMENT STATUS ATTACHED
  [0xb5, { MCHANGER: read(), ALL: destructive('out') }], // REQUEST VOLUME ELEMENT ADDRESS, SECURITY PROTOCOL OUT
  [0xb6, { MCHANGER: state('out'), MMC: state('out') }], // SEND VOLUME TAG, SET STREAMING
  [0xb7, { ALL: read() }], // READ DEFECT DATA(12)
  [0xb8, { ALL: read() }], // READ ELEMENT STATUS
  [0xb9, { MMC: read() }], // READ CD MSF
  [0xba, { MMC: state(), ALL: read() }], // SCAN, REDUNDANCY GROUP IN
  [0xbb, { ALL: destructive('out'), MMC: state() }], // REDUNDANCY GROUP OUT (RAID configuration), SET CD SPEED
  [0xbc, { ALL: read() }], // SPARE IN
  [0xbd, { ALL: destructive('out'), MMC: read() }], // SPARE OUT, MECHANISM STATUS
  [0xbe, { MMC: read(), ALL: read() }], // READ CD, VOLUME SET IN
  [0xbf, { MMC: write('out'), ALL: destructive('out') }], // SEND DVD/BD STRUCTURE, VOLUME SET OUT
]);

/** The rule for opcodes the table does not know (reserved) and vendor-specific ones (0xC0..0xFF). */
export const UNKNOWN_OPCODE_RULE: OpcodeRule = destructive();
