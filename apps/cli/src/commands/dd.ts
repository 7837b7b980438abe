/** `sgio dd`: copy between sg devices, block devices and files (like sg_dd, sgm_dd, sgp_dd). */
import { Option, type Command } from 'commander';
import { CliError } from '../common/cli-error.js';
import { DD_OPERANDS } from '../common/dd/operands.js';
import { MAX_QUEUE_DEPTH } from '../common/dd/limits.js';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

function queueDepth(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_QUEUE_DEPTH) throw new CliError(`--qd expects an integer 1..${MAX_QUEUE_DEPTH}, got '${value}'`);
  return n;
}

/** Registers `dd`. */
export function register(program: Command): void {
  const cmd = program
    .command('dd')
    .description('copy blocks between sg devices, block devices and files, like sg_dd (--mmap: sgm_dd, --qd: sgp_dd)')
    .argument('[operands...]', 'sg_dd-style operands: if= of= bs= bpt= count= skip= seek= (see below)')
    .option('--mmap', 'mmap-ed IO through the sg reserved buffer (of the input if it is an sg device, else of the output), like sgm_dd')
    .option('--dio', 'direct IO on the sg device(s): the driver moves data straight to user memory when /proc/scsi/sg/allow_dio is 1 (else it falls back and the summary says so)')
    .addOption(new Option('--qd <n>', `keep N transfers in flight (1..${MAX_QUEUE_DEPTH}; with --mmap one sg fd, each with its own reserved buffer, per transfer, like sgp_dd's threads)`).argParser(queueDepth).default(1))
    .option('--always-queue', 'with --qd > 1, keep queueing even when the device answers each command inside its submit (by default dd then goes on with SG_IO: see below)')
    .option('--no-io-uring', "with --qd > 1 on an sg node, use the sg driver's queue even where the device's bsg node takes io_uring (see below)")
    .option('--verify', "compare instead of copying: an sg output gets VERIFY with BYTCHK=1 (the device compares, like sg_dd --verify); a file output is read back and compared. Exit status 14 on a miscompare")
    .option('--progress', 'show a progress bar with rate and ETA on stderr (a line every 5 s when stderr is not a terminal)')
    .option('--time', "print the time taken, the throughput (MB/s, 10^6 bytes) and transfers per second, like sg_dd time=1")
    .option('--sync', 'SYNCHRONIZE CACHE on an sg output (fsync for a file) after the copy');
  withCommonOptions(cmd, { hex: false });
  cmd.addHelpText(
    'after',
    `
Operands:
${DD_OPERANDS.map(([syntax, text]) => `  ${syntax.padEnd(16)} ${text}`).join('\n')}

Numbers take sg3_utils suffixes (k, M, G = 1024-based; KB, MB, GB = 1000-based;
b = 512; 0x for hex). An sg device's block size comes from READ CAPACITY and
bs= must match it. By default one transfer at a time goes through SG_IO (as
sg_dd); --qd N uses the driver's asynchronous interface (a write() to submit,
a read() for the answer). A device that answers each command inside the
submitting write() (scsi_debug without delay, for one) leaves
nothing to overlap: when each of the first 32 queued commands was answered
by the time its submit returned, dd goes on with SG_IO, one transfer at a
time as with --qd 1 (one system call a transfer instead of two, no promise
per transfer; --time and --json say so). A single command still
in flight keeps queueing for the whole copy. --always-queue never switches.
Where the kernel's bsg takes commands through io_uring (Linux 7.2+) and the
device's bsg node opens (root, by default), --qd N on an sg node without
--mmap, --dio or --always-queue goes through that node instead (mode
"io_uring": the transfers of one turn reach the kernel with one system call;
in the lab 2.3 times sg_dd's rate at 4 KiB, --qd 16); --no-io-uring keeps the
sg driver's queue.

A bsg node (/dev/bsg/H:C:T:L) goes through the bsg driver instead: SG_IO on
the node at --qd 1; with --qd N through io_uring where the kernel's bsg takes
commands that way (Linux 7.2+: the transfers of one turn reach the kernel with
one system call), else SG_IO on worker threads. --time and --json name the
way ("io_uring" or "bsg" as the mode). It has no reserved buffer and maps the
memory it is given itself: --mmap and --dio want the sg node.

Output, on stderr like sg_dd: "N+P records in", "N+P records out" (P: partial
blocks); with --time "time to transfer data: S secs at R MB/sec, I IOPS".
--json prints {recordsIn, recordsInPartial, recordsOut, recordsOutPartial,
bytes, seconds, mbPerSecond, iops, transfers, scsiCommands, blockSize,
blocksPerTransfer, queueDepth, switchedToSgIo, mode, verify, interrupted, remaining, residual,
dioIncomplete, error} on stdout (on stderr when of=-). -v prints the first CDB
of each command, -vv every CDB.

Ctrl-C (SIGINT) stops after the transfers in flight, prints how far the copy
got, then ends by the signal like sg_dd (shell status 130).

Examples:
  sgio dd if=/dev/sg0 of=disk.img --time
  sgio dd if=pattern.bin of=/dev/sg1 seek=2048 --mmap
  sgio dd if=/dev/sg0 of=/dev/null --mmap --qd 4 --progress
  sgio dd if=pattern.bin of=/dev/sg1 seek=2048 --verify
  sgio dd if=/dev/bsg/0:0:0:0 of=/dev/null bs=512 bpt=8 --qd 16 --time`,
  );
  cmd.action((operands: string[], opts: CommonOptions) =>
    runAction(async () => (await import('../actions/dd.js')).dd, [operands, opts], opts.verbose),
  );
}
