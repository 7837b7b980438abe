/** `sgio target`: serve memory or a file as a SCSI disk through the kernel's TCMU user backstore. */
import { Option, type Command } from 'commander';
import type { TargetCommandOptions } from '../actions/target.js';
import { countOption } from '../common/numbers.js';
import { runAction } from '../common/run-action.js';

/** Registers `target`. */
export function register(program: Command): void {
  const cmd = program
    .command('target')
    .description('serve memory or a file as a SCSI disk written in TypeScript, through the kernel TCMU user backstore (target_core_user)')
    .addOption(new Option('--memory <size>', 'serve a zero-filled disk of SIZE bytes kept in memory (suffixes k, M, G)').argParser(countOption('--memory')).conflicts('file'))
    .option('--file <path>', 'serve this file or block device')
    .addOption(new Option('--size <size>', 'size of the file-backed disk (a smaller file is extended, sparse)').argParser(countOption('--size')))
    .option('--uio <path>', 'serve this existing TCMU device (/dev/uioN) instead of creating a backstore in configfs')
    .option('--name <name>', 'name of the backstore created under /sys/kernel/config/target/core/user_1/', 'sgio0')
    .addOption(new Option('--block-size <bytes>', 'logical block length').choices(['512', '1024', '2048', '4096']).default('512'))
    .option('--thin', 'thin provisioning: UNMAP and WRITE SAME with UNMAP deallocate')
    .option('--read-only', 'write protected: writes fail with DATA PROTECT')
    .addOption(new Option('--max-transfer <blocks>', 'largest READ/WRITE in blocks, said in the Block Limits page and set as hw_max_sectors of a backstore this command creates (with --uio, set the backstore\'s hw_max_sectors to match)').argParser(countOption('--max-transfer')).default(128))
    .addOption(new Option('--self-test-ms <ms>', 'how long a short self-test (SEND DIAGNOSTIC) takes; an extended one takes three times as long').argParser(countOption('--self-test-ms')).default(2000))
    .addOption(new Option('--sanitize-ms <ms>', 'how long a SANITIZE takes at the least (its progress shows in REQUEST SENSE meanwhile)').argParser(countOption('--sanitize-ms')).default(1000))
    .option('--self-test-fail <KEY/ASC/ASCQ[@LBA]>', 'make every self-test fail, logging this sense (and first failing LBA), e.g. 3/0x11/0@4096')
    .option('--json', 'print a JSON line on stdout when serving starts, and one with the counters when it stops');
  cmd.addHelpText(
    'after',
    `
Without --uio, a TCMU backstore is created in configfs (root, configfs mounted,
target_core_mod and target_core_user loaded) with nl_reply_supported=-1, so no
netlink daemon (tcmu-runner) is needed. Link it to a fabric LUN yourself, e.g.
tcm_loop: mkdir .../loopback/naa.X/tpgt_1, write the nexus, mkdir lun/lun_0,
ln -s /sys/kernel/config/target/core/user_1/NAME lun/lun_0/.

SIGTERM or SIGINT stops cleanly: commands in flight are finished, the ring is
unmapped, a backstore this command created is removed (unlink it from its LUN
first, or it stays and the next 'sgio target --uio' can serve it again).

Examples:
  sgio target --memory 64M --thin
  sgio target --file disk.img --size 1G --name disk1
  sgio target --uio /dev/uio0 --memory 64M
  sgio target --memory 256M --max-transfer 2048   # 1 MiB commands
  sgio target --memory 64M --self-test-ms 500 --self-test-fail 4/0x3e/3   # self-tests that fail`,
  );
  cmd.action((opts: Omit<TargetCommandOptions, 'blockSize'> & { blockSize: string }) =>
    runAction(async () => (await import('../actions/target.js')).target, [{ ...opts, blockSize: Number(opts.blockSize) }]),
  );
}
