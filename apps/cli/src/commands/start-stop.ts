/** `sgio start` and `sgio stop`: spin a unit up or down (like sg_start). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { runAction } from '../common/run-action.js';

const JSON_HELP = '\nPrints nothing on success (a line with -v). --json: {device, action, request, commands: [{command, cdb, status, durationMs}], exitStatus}.';

/** Registers `start`. */
export function registerStart(program: Command): void {
  const cmd = program
    .command('start')
    .description('send START STOP UNIT with START=1: spin the unit up (like sg_start --start)')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .option('-i, --immed', 'IMMED: the device answers before the unit is ready')
    .option('-l, --load', 'load the medium, then start (LOEJ=1)')
    .addOption(new Option('-p, --pc <n>', 'POWER CONDITION instead of START: 1 active, 2 idle, 3 standby, 7 LU control, 0xa/0xb force idle/standby').argParser(countOption('--pc')))
    .addOption(new Option('-m, --mod <n>', 'POWER CONDITION MODIFIER').argParser(countOption('--mod')));
  withCommonOptions(cmd, { hex: false })
    .addHelpText('after', JSON_HELP)
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/start-stop.js')).start, [device, opts], opts.verbose));
}

/** Registers `stop`. */
export function registerStop(program: Command): void {
  const cmd = program
    .command('stop')
    .description('send START STOP UNIT with START=0: spin the unit down (like sg_start --stop)')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .option('-i, --immed', 'IMMED: the device answers before the unit has stopped')
    .option('-e, --eject', 'stop, then eject the medium (LOEJ=1)')
    .option('-n, --noflush', 'NO_FLUSH: do not write the cache to the medium first');
  withCommonOptions(cmd, { hex: false })
    .addHelpText('after', JSON_HELP)
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/start-stop.js')).stop, [device, opts], opts.verbose));
}
