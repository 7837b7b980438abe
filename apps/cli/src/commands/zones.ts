/** `sgio zones` (REPORT ZONES, like sg_rep_zones) and `sgio zone` (the zone actions, like sg_zone). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `zones`. */
export function registerZones(program: Command): void {
  withCommonOptions(
    program
      .command('zones')
      .description('list the zones of a zoned block device with REPORT ZONES (like sg_rep_zones)')
      .argument('<device>', 'sg device node of a zoned (ZBC) disk, e.g. /dev/sg0')
      .addOption(new Option('-s, --start <lba>', 'report from the zone holding this LBA').argParser(countOption('--start')).default(0))
      .addOption(new Option('-o, --report <n>', 'REPORTING OPTIONS: 0 all, 1 empty, 2 implicitly open, 3 explicitly open, 4 closed, 5 full, 6 read only, 7 offline, 0x10 reset recommended, 0x11 non-sequential, 0x3f not write pointer').argParser(numberOption('--report', 0x3f)).default(0))
      .addOption(new Option('-n, --num <n>', 'at most this many zones (default: all)').argParser(countOption('--num'))),
  )
    .addHelpText(
      'after',
      '\nText: the header, then one block per zone (type, condition, flags, length, start, write pointer).\nJSON: { zoneListLength, same, maximumLba, zones: [{ zoneType, zoneTypeName, zoneCondition, zoneConditionName, nonSeq, reset, zoneLength, zoneStartLba, writePointerLba }], truncated }.\nExit status 5 when the device is not zoned (ILLEGAL REQUEST: REPORT ZONES is not supported).',
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/zones.js')).zones, [device, opts], opts.verbose));
}

/** Registers `zone`. */
export function registerZone(program: Command): void {
  const cmd = program
    .command('zone')
    .description('open, close, finish or reset zones of a zoned block device (like sg_zone)')
    .argument('<device>', 'sg device node of a zoned (ZBC) disk, e.g. /dev/sg0')
    .option('-o, --open', 'OPEN ZONE: open the zone explicitly')
    .option('-c, --close', 'CLOSE ZONE: close an open zone (it keeps its write pointer)')
    .option('-f, --finish', 'FINISH ZONE: make the zone full (write pointer to its end)')
    .option('-R, --reset', 'RESET WRITE POINTER: empty the zone (its data is lost)')
    .addOption(new Option('-z, --zone <lba>', 'ZONE ID: the start LBA of the zone').argParser(countOption('--zone')))
    .addOption(new Option('-C, --count <n>', 'act on this many zones from --zone').argParser(countOption('--count')).default(1))
    .option('-a, --all', 'ALL: act on every zone the action applies to (--zone ignored)');
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      [
        '',
        'Exactly one of --open, --close, --finish, --reset; then --zone LBA or --all.',
        'sg_zone takes --reset as the default action; sgio wants it named, since it loses data.',
        'Exit status 5 with "Invalid field in cdb" when --zone is not the start of a zone.',
        '--json: {device, action, request, commands: [{command, cdb, status, durationMs}], exitStatus}.',
        '',
        'Example: sgio zone /dev/sg0 --reset --zone 0x10000',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/zones.js')).zone, [device, opts], opts.verbose));
}
