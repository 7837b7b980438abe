/** `sgio list`: the SCSI devices with sg nodes (like `lsscsi -g`, `sg_map`). */
import type { Command } from 'commander';
import { runAction } from '../common/run-action.js';

/** Registers `list`. */
export function register(program: Command): void {
  program
    .command('list')
    .alias('ls')
    .description('list SCSI devices with their sg, block and bsg nodes (like lsscsi -g)')
    .option('--json', 'print stable JSON: [{ name, path, hctl, host, channel, target, lun, peripheralType, typeName, vendor, model, revision, blockDevice, bsgDevice, state }]')
    .option('-m, --map', 'print only the sg node and its block node per device (like sg_map)')
    .addHelpText('after', '\nReads sysfs only; opens no device. Exit status 0 even when no device exists.')
    .action((opts: { json?: boolean; map?: boolean }) => runAction(async () => (await import('../actions/list.js')).list, [opts]));
}
