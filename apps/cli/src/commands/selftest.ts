/** `sgio selftest`: start, abort and follow self-tests, print the self-test log (like sg_senddiag and smartctl -t/-X/-l selftest). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `selftest`. */
export function register(program: Command): void {
  const cmd = program
    .command('selftest')
    .description('SEND DIAGNOSTIC self-tests: start (default, short, extended; background or foreground), abort, follow the progress, print the self-test log (like sg_senddiag, smartctl -t/-X/-l selftest)')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .option('--default', "the device's default self-test (SELFTEST bit; sg_senddiag -t): the command returns when it is over")
    .option('--short', 'a short self-test (about two minutes on a disk), in the background unless --foreground')
    .option('--extended', 'an extended self-test (minutes to hours), in the background unless --foreground')
    .option('--background', 'run --short/--extended in the background: SEND DIAGNOSTIC returns at once (the default)')
    .option('--foreground', 'run --short/--extended in the foreground: SEND DIAGNOSTIC returns when the test is over, the unit answers other commands NOT READY meanwhile')
    .addOption(new Option('-s, --selftest <code>', "sg_senddiag's SELF-TEST CODE: 1/2 background short/extended, 4 abort, 5/6 foreground short/extended").argParser(numberOption('--selftest', 7)))
    .option('-X, --abort', 'abort the background self-test in progress (smartctl -X)')
    .option('-w, --wait', 'background tests: poll until the test is over, with a progress bar on a terminal (foreground tests always wait)')
    .addOption(new Option('--poll <seconds>', 'seconds between progress polls').argParser(countOption('--poll')).default(1))
    .option('-l, --results', 'print the Self-Test Results log page (0x10), most recent first (the default without a test)')
    .option('-d, --doff', 'DEVOFFL with --default: the test may affect other logical units')
    .option('-u, --uoff', 'UNITOFFL with --default: the test may take this unit off line (and may write to the medium)')
    .option('--dry-run', 'print the commands that would be sent, and send nothing');
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      [
        '',
        'A background test returns at once; its outcome lands in the self-test log (sgio selftest DEV --results, sg_logs -p 0x10,',
        'smartctl -l selftest). --wait polls REQUEST SENSE and the log every --poll seconds until the latest entry is no longer',
        '"in progress". A foreground test holds SEND DIAGNOSTIC until it ends (timeout at least 7200 s, as sg_senddiag), while',
        'REQUEST SENSE shows its progress; a bar on a terminal, a line every few seconds otherwise.',
        '',
        'Exit status: 0 when the command (and a waited test) succeeded; 3 when the test failed (the device answered HARDWARE',
        'ERROR, LOGICAL UNIT FAILED SELF-TEST, as sg_senddiag exits, or a waited test was logged failed); 99 when a waited test',
        'was aborted; 2 when another test is running (NOT READY); 5 when the device has no such test or nothing to abort',
        '(9 when it has no SEND DIAGNOSTIC).',
        'sg_senddiag itself exits 0 after starting a background test whatever it finds later: so does sgio without --wait.',
        '--json: {device, action, test, waited, polls, outcome, latest, results?, error, exitStatus}.',
        '',
        'Examples:',
        '  sgio selftest /dev/sg1 --short --wait          # smartctl -t short, then watch it',
        '  sgio selftest /dev/sg1 --extended --foreground # sg_senddiag -s 6',
        '  sgio selftest /dev/sg1 --abort                 # smartctl -X',
        '  sgio selftest /dev/sg1                         # the self-test log',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/selftest.js')).selftest, [device, opts], opts.verbose));
}
