/** `sgio health`: device health, in smartctl's JSON shape with --json. */
import type { Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

/** Registers `health`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('health')
      .description('device health: identity, capacity, SMART (informational exceptions), temperature, counters, self-tests, defects (like smartctl -a)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0'),
  )
    .addHelpText(
      'after',
      [
        '',
        "JSON: smartctl 7.3's `-a -j` keys and shapes (snake_case: scsi_vendor, user_capacity.{blocks,bytes},",
        'smart_status.passed, temperature.current, scsi_error_counter_log, scsi_grown_defect_list, ...);',
        'facts smartctl does not report are under "sgio" (camelCase, like the rest of sgio\'s JSON).',
        '',
        'Exit status: 0 healthy; 8 when the device reports an informational exception (SMART failure',
        "prediction or warning: smartctl's DISK FAILING bit); a failed command exits as sg3_utils would.",
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/health.js')).health, [device, opts], opts.verbose));
}
