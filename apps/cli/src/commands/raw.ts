/** `sgio raw`: send any CDB (like sg_raw). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `raw`. */
export function register(program: Command): void {
  withCommonOptions(
    program
      .command('raw')
      .description('send a CDB given in hex and show status, sense and data (like sg_raw)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .argument('<cdb...>', "CDB bytes in hex: '12 00 00 00 24 00' or 120000002400")
      .addOption(new Option('-r, --request <n>', 'receive N bytes (data-in)').argParser(numberOption('--request', 0x7fffffff)))
      .option('-s, --send <file>', 'send the bytes of FILE (data-out; - for stdin)')
      .option('-o, --outfile <file>', 'write received data to FILE (- for stdout, binary) instead of a hex dump')
      .option('-R, --readonly', 'open the device read-only'),
    { hex: false },
  )
    .addHelpText('after', '\nExit status: that of the outcome, as sg_raw (0 good, 2 not ready, 3 medium error, 5 illegal request, 9 invalid opcode, ...).\nJSON: { command, status, hostStatus, driverStatus, requested, transferred, residual, durationMs, cdb, senseBytes, decodedSense, exitStatus, outcome, data }.')
    .action((device: string, cdb: string[], opts: CommonOptions) => runAction(async () => (await import('../actions/raw.js')).raw, [device, cdb, opts], opts.verbose));
}
