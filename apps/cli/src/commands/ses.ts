/** `sgio ses` (SCSI Enclosure Services pages and indicators, like sg_ses) and `sgio sat-identify` (ATA IDENTIFY DEVICE / SMART data through SAT, like sg_sat_identify). */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `ses`. */
export function registerSes(program: Command): void {
  withCommonOptions(
    program
      .command('ses')
      .description('show an enclosure (SES) as its configuration, status, element descriptor and additional element status pages, joined per slot, or its threshold and string pages; or turn the locate/fault LEDs of the elements --index selects on or off (like sg_ses)')
      .argument('[device]', 'sg device node of the enclosure (or of a disk with EncServ), e.g. /dev/sg5; not needed with --inhex')
      .option('-p, --page <page>', 'one page instead of the join: 0 (sdp, supported pages), 1 (cf, configuration), 2 (es, enclosure status), 4 (str, string in), 5 (th, threshold in), 7 (ed, element descriptor), 0xa (aes, additional element status)')
      .option('-j, --join', 'one record per element: descriptor, status, slot number, SAS address (the default without --page)')
      .option('-X, --inhex <file>', 'decode pages from FILE instead of a device: ASCII hex of one or more whole pages, as sg_ses -HHHH or sgio ses --hex writes them (# comments allowed); - for stdin')
      .option('-I, --index <index>', 'the element(s) to show or change, as sg_ses --index: II, II-JJ, -1, TI,II, TI,II-JJ, ET, ET,II, ET,II-JJ, _CODE[_N][,II] (forms below)')
      .option('--set-ident', 'turn the locate indicator (RQST IDENT) of each element --index selects on')
      .option('--clear-ident', 'turn the locate indicator off, on each element --index selects')
      .option('--set-fault', 'turn the fault indicator on (RQST FAULT; RQST FAIL or REQUEST FAILURE for non-slot elements), on each element --index selects')
      .option('--clear-fault', 'turn the fault indicator off, on each element --index selects'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Reading opens the device read-only and sends RECEIVE DIAGNOSTIC RESULTS: the Configuration page first (its type headers say which element each',
        'status byte belongs to), then the pages asked for. An enclosure without the Element Descriptor or Additional Element Status page is still shown.',
        '',
        '--index forms (TI: type header index, 0-based, as --page cf lists them; II: individual index, -1 the overall element; numbers decimal,',
        '0x hex or a trailing h):',
        '  II  II-JJ           individual index II (or II..JJ) of type header 0;  -1  the overall element of type header 0',
        '  TI,II  TI,II-JJ  TI,-1    the same in type header TI',
        '  ET  ETn             the overall element of the first (or, with n, the n-th from 0) type header of element type ET:',
        '                      un dev ps coo ts do aa esc sce nc ior ups dis kpe enc sp lan cp vs cs stp sip ss arr sse ssc (sg_ses --enumerate)',
        '  ET,II  ET,II-JJ  ET,-1    individual elements or the overall element of that type header',
        '  _C  _C_n  _C,II ...  as ET, by element type code C (e.g. _23 is arr, _2_1 is ps1; vendor types 0x80..0xff have only this form)',
        'A range past the last element stops at it (3-100 is 3 and up); an index that selects no element is refused (exit status 1).',
        '',
        'Changing an indicator reads the Configuration and Enclosure Status pages and sends one Enclosure Control page with SEND DIAGNOSTIC that selects',
        'every element --index names (SELECT) and keeps their other control bits; it changes enclosure state, not data, and needs a read-write',
        'device node (refused with exit status 15 like sgio start/stop when the node is read-only to you).',
        '',
        'Threshold In (--page th): per element HIGH CRITICAL, HIGH WARNING, LOW WARNING, LOW CRITICAL, in the units of its type as sg_ses shows them:',
        'temperature sensors in C (byte - 20; 0 is reserved), voltage sensors in % above (high) or below (low) nominal, current sensors in % above',
        'nominal (high only), UPS in minutes of battery (low only; 0 is vendor specific); other types have none. String In (--page str): its vendor',
        'specific bytes (no configuration needed).',
        '',
        'JSON: --join (default) { configuration, elements: [{ typeIndex, index, elementType, elementTypeName, subenclosureId, withOverallIndex, elementIndex,',
        'descriptor, status: { statusCode, statusName, predictedFailure, disabled, swap, detail: { kind, ident, faultSensed, faultRequested, ... }, hex },',
        'additional: { eip, eiioe, protocolName, sas: { kind, deviceSlotNumber, phys: [{ sasAddress, attachedSasAddress, deviceTypeName, ... }] } },',
        'slotNumber, sasAddress, attachedSasAddress }] }; --page N the decoded page (th: { invop, generationCode, generationMatches, elements: [{ typeIndex,',
        'index, highCritical, highWarning, lowWarning, lowCritical (bytes), meaning: { kind, highCritical, ... (units) }, hex }] }; str: { length, hex });',
        'an indicator change { device, action, request, commands, exitStatus }.',
        '',
        'No lab target emulates an enclosure: the decoders are proven against sg_ses\' decoding of fixtures, never against a real enclosure.',
        'Exit status as sg3_utils: 5 when the device has no such page (ILLEGAL REQUEST), 15 when it cannot be opened, 97 for a malformed page, 1 bad options.',
        '',
        'Examples: sgio ses /dev/sg5 --join       sgio ses /dev/sg5 --index 3 --set-ident       sgio ses --inhex pages.hex --page es --json',
        '          sgio ses /dev/sg5 --index arr,0-3 --set-ident       sgio ses /dev/sg5 --page th --index ts       sgio ses /dev/sg5 -p es -I _2_1,0',
      ].join('\n'),
    )
    .action((device: string | undefined, opts: CommonOptions) => runAction(async () => (await import('../actions/ses.js')).ses, [device, opts], opts.verbose));
}

/** Registers `sat-identify`. */
export function registerSatIdentify(program: Command): void {
  withCommonOptions(
    program
      .command('sat-identify')
      .description('show an ATA disk behind a SCSI/ATA translation layer: IDENTIFY DEVICE (model, serial, firmware, capacity, sector sizes, WWN, features) or, with --smart, the SMART attributes, through ATA PASS-THROUGH(16) (like sg_sat_identify)')
      .argument('[device]', 'sg device node of the ATA disk, e.g. /dev/sg1; not needed with --inhex')
      .option('-s, --smart', 'SMART READ DATA instead: the attribute table (id, flags, value, worst, raw), self-test status, checksum')
      .option('-X, --inhex <file>', 'decode 512 bytes from FILE instead of a device: hex bytes as the device sends them, 256 4-digit words (hdparm --Istdout, /proc/ide identify) or binary; - for stdin'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Sends ATA PASS-THROUGH(16) with IDENTIFY DEVICE (ECh) or SMART READ DATA (B0h/D0h), PIO data-in of one sector: the CDBs sg_sat_identify',
        'and smartctl -d sat send. Opens the device read-write, as sg_sat_identify does (the kernel lets ATA PASS-THROUGH through a read-only node',
        'only with CAP_SYS_RAWIO).',
        'JSON: { model, serial, firmware, ataDevice, majorVersion, lba28Sectors, lba48Sectors, sectors, logicalSectorSize, physicalSectorSize,',
        'capacityBytes, wwn, rotationRate, rotationRateText, formFactor, formFactorName, features: { smartSupported, smartEnabled, trim, ncq,',
        'queueDepth, lba48, writeCacheEnabled, ... }, checksum }; --smart: { revision, attributes: [{ id, name, flags, prefailure, online, current,',
        'worst, raw, rawHex }], offlineCollectionStatus, selfTestStatus, ..., checksumValid }.',
        'No lab target emulates a SAT layer: the IDENTIFY decoder is proven against hdparm --Istdin on fixtures, never against a real disk.',
        'Exit status as sg3_utils (5 when the device does not translate ATA PASS-THROUGH, 15 cannot open, 97 malformed data).',
      ].join('\n'),
    )
    .action((device: string | undefined, opts: CommonOptions) => runAction(async () => (await import('../actions/sat-identify.js')).satIdentify, [device, opts], opts.verbose));
}
