/** `sgio nbd`: serve an sg device over NBD (to nbdcopy, qemu-img, nbdinfo, nbd-client). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

function lanes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--lanes expects an integer 1..64, got '${value}'`);
  return n;
}

/** Registers `nbd`. */
export function register(program: Command): void {
  const cmd = program
    .command('nbd')
    .description('export an sg device over NBD (Network Block Device) until SIGTERM/SIGINT: read-only unless --writable')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .option('--socket <path>', 'listen on this Unix socket (the default: $XDG_RUNTIME_DIR, else /run for root, else /tmp, as sgio-nbd-DEVICE.sock)')
    .option('--tcp <[host:]port>', 'listen on TCP instead (host defaults to 127.0.0.1: loopback only; there is no TLS, so keep it off untrusted networks)')
    .option('--writable', 'accept WRITE, TRIM (UNMAP) and WRITE_ZEROES (WRITE SAME); the device cache is flushed on the way out')
    .option('--name <name>', "export name (default: the device's name, e.g. sg1); the default export '' is always served too")
    .addOption(new Option('--lanes <n>', 'sg fds, each with its own mmap-ed reserved buffer: the most SCSI commands in flight (1..64)').argParser(lanes).default(8));
  withCommonOptions(cmd, { hex: false });
  cmd.addHelpText(
    'after',
    `
Prints where it listens (an NBD URI) on stderr, then serves until SIGTERM or
SIGINT: the requests in flight finish, a writable export gets SYNCHRONIZE
CACHE, the socket is removed, exit status 0. --json prints
{device, uri, socket, host, port, size, blockSize, writable, flags} on stdout
once listening. -v prints one line per request answered (type, offset,
length, flags, errno, time).

Examples:
  sgio nbd /dev/sg1 --socket /tmp/sg1.sock &
  nbdcopy 'nbd+unix:///?socket=/tmp/sg1.sock' disk.img
  nbd-client -unix /tmp/sg1.sock /dev/nbd0 -N ''    # after: modprobe nbd
  sgio nbd /dev/sg1 --writable --tcp 10809
  qemu-img info nbd://127.0.0.1:10809`,
  );
  cmd.action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/nbd.js')).nbd, [device, opts], opts.verbose));
}
