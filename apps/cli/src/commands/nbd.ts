/** `sgio nbd`: serve an sg device over NBD (to nbdcopy, qemu-img, nbdinfo, nbd-client). */
import { Option, type Command } from 'commander';
import { CliError } from '../common/cli-error.js';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { runAction } from '../common/run-action.js';

function lanes(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new CliError(`--lanes expects an integer 1..64, got '${value}'`);
  return n;
}

/** Registers `nbd`. */
export function register(program: Command): void {
  const cmd = program
    .command('nbd')
    .description('export an sg device over NBD (Network Block Device) until SIGTERM/SIGINT: read-only unless --writable')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .option('--socket <path>', 'listen on this Unix socket (the default: $XDG_RUNTIME_DIR, else /run for root, else /tmp, as sgio-nbd-DEVICE.sock)')
    .option('--tcp <[host:]port>', 'listen on TCP instead (host defaults to 127.0.0.1: loopback only; another address needs TLS or --insecure)')
    .option('--writable', 'accept WRITE, TRIM (UNMAP) and WRITE_ZEROES (WRITE SAME); the device cache is flushed on the way out')
    .option('--name <name>', "export name (default: the device's name, e.g. sg1); the default export '' is always served too")
    .addOption(new Option('--lanes <n>', 'sg fds, each with its own mmap-ed reserved buffer: the most SCSI commands in flight (1..64)').argParser(lanes).default(8))
    .option('--tls-cert <file>', 'offer TLS (NBD_OPT_STARTTLS) with this PEM certificate (chain)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .option('--tls-ca <file>', 'PEM CA certificate(s): every client must present a certificate signed by it (with --tls-cert)')
    .option('--tls-psk <file>', "offer TLS with pre-shared keys instead of a certificate: psktool's IDENTITY:HEXKEY lines, file mode 600")
    .addOption(new Option('--tls <mode>', 'require: every option before STARTTLS is refused (the default with credentials); on: clients may stay in plain text').choices(['require', 'on']))
    .option('--insecure', 'allow --tcp on a non-loopback address without --tls require (the disk then crosses the network in clear text)');
  withCommonOptions(cmd, { hex: false });
  cmd.addHelpText(
    'after',
    `
Prints where it listens (an NBD URI) on stderr, then serves until SIGTERM or
SIGINT: the requests in flight finish, a writable export gets SYNCHRONIZE
CACHE, the socket is removed, exit status 0. --json prints
{device, uri, socket, host, port, size, blockSize, writable, flags, tls}
on stdout once listening (tls: "require", "on" or null). -v prints one line
per request answered (type, offset, length, flags, errno, time).
A failed request is answered with an NBD error (EIO for a medium error,
with its LBA in the log) and the server goes on; but when the device is
gone (deleted, unplugged) the requests in flight get EIO, every connection
is closed and sgio nbd exits with status 35 and the device's error.

TLS: with --tls-cert/--tls-key (or --tls-psk) the server answers
NBD_OPT_STARTTLS and, by default, refuses every other option until the
client has started TLS (NBD_REP_ERR_TLS_REQD); --tls on lets clients choose.
Clients connect with nbds:// or nbds+unix:// URIs: libnbd tools take
tls-certificates=DIR (DIR/ca-cert.pem, and client-cert.pem/client-key.pem
for --tls-ca) or tls-psk-file=FILE with the identity as the URI's user.
Make a PSK file with: psktool -u alice -p keys.psk (chmod 600 keys.psk).
TCP on an address other than loopback needs --tls require, or --insecure.
A client whose handshake fails is closed and logged; the server goes on.

Examples:
  sgio nbd /dev/sg1 --socket /tmp/sg1.sock &
  nbdcopy 'nbd+unix:///?socket=/tmp/sg1.sock' disk.img
  nbd-client -unix /tmp/sg1.sock /dev/nbd0 -N ''    # after: modprobe nbd
  sgio nbd /dev/sg1 --writable --tcp 10809
  qemu-img info nbd://127.0.0.1:10809
  sgio nbd /dev/sg1 --tcp 0.0.0.0:10809 --tls-cert server-cert.pem --tls-key server-key.pem
  nbdinfo 'nbds://disk.example:10809/?tls-certificates=/etc/pki/libnbd'
  sgio nbd /dev/sg1 --socket /tmp/sg1.sock --tls-psk keys.psk
  nbdcopy 'nbds+unix://alice@/?socket=/tmp/sg1.sock&tls-psk-file=keys.psk' disk.img`,
  );
  cmd.action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/nbd.js')).nbd, [device, opts], opts.verbose));
}
