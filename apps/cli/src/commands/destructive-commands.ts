/**
 * The guarded destructive subcommands: `format` (FORMAT UNIT, like
 * sg_format), `sanitize` (SANITIZE, like sg_sanitize), `write-buffer`
 * (microcode download, like sg_write_buffer) and `reset` (SG_SCSI_RESET,
 * like sg_reset). Each needs `--confirm` naming the
 * device by its unit serial number or WWN, or `--dry-run` to print the plan.
 */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { countOption } from '../common/numbers.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

const CONFIRM_HELP = "the device's unit serial number or WWN (sgio vpd DEV --page sn / --page di): nothing is sent unless it names the device opened";

/** Registers `format`. */
export function registerFormat(program: Command): void {
  const cmd = program
    .command('format')
    .description('FORMAT UNIT: reformat the medium, destroying all data, and show the progress (like sg_format --format)')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .option('--confirm <id>', CONFIRM_HELP)
    .option('--dry-run', 'print the commands that would be sent, and send nothing')
    .addOption(new Option('--fmtpinfo <n>', 'FMTPINFO: protection information format 0..3').argParser(numberOption('--fmtpinfo', 3)).default(0))
    .addOption(new Option('--ffmt <n>', 'FFMT fast format: 0 normal, 1 or 2 without overwriting').argParser(numberOption('--ffmt', 2)).default(0))
    .option('-w, --wait', 'send FORMAT UNIT without IMMED and wait for it (no progress; give a long --timeout)')
    .addOption(new Option('--poll <seconds>', 'seconds between progress polls').argParser(countOption('--poll')).default(1));
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      [
        '',
        'Without --wait FORMAT UNIT is sent with IMMED and the progress the device reports in REQUEST SENSE is shown',
        '(a bar on a terminal, a line every few seconds otherwise) until it ends, as sg_format does.',
        'Refused (exit 1, nothing sent) without --confirm naming this device, unless --dry-run.',
        '--json: {device, action, request, commands: [...], exitStatus}.',
        '',
        'Example: sgio format /dev/sg1 --confirm 2000',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/destructive.js')).format, [device, opts], opts.verbose));
}

/** Registers `sanitize`. */
export function registerSanitize(program: Command): void {
  const cmd = program
    .command('sanitize')
    .description('SANITIZE: make all user data unrecoverable (overwrite, block erase, cryptographic erase) and show the progress (like sg_sanitize)')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .option('--confirm <id>', CONFIRM_HELP)
    .option('--dry-run', 'print the commands that would be sent, and send nothing')
    .option('-O, --overwrite', 'OVERWRITE: write the initialization pattern over every block (needs --pattern or --zero)')
    .option('-B, --block', 'BLOCK ERASE')
    .option('-C, --crypto', 'CRYPTOGRAPHIC ERASE')
    .option('-F, --fail', 'EXIT FAILURE MODE: leave the failure mode a failed sanitize (with AUSE) left')
    .option('-p, --pattern <file>', 'the initialization pattern for --overwrite (1 byte up to a logical block; - for stdin)')
    .option('-z, --zero', 'a pattern of zeros for --overwrite (--ipl bytes, default 4)')
    .addOption(new Option('-i, --ipl <bytes>', 'initialization pattern length: of the zeros with --zero, or the first bytes of --pattern').argParser(countOption('--ipl')))
    .addOption(new Option('-c, --count <n>', 'OVERWRITE COUNT: passes, 1..31 (default 1)').argParser(numberOption('--count', 31)))
    .option('-I, --invert', 'INVERT: invert the pattern between passes')
    .addOption(new Option('-T, --test <n>', 'TEST field of the OVERWRITE parameters, 0..3 (default 0)').argParser(numberOption('--test', 3)))
    .option('-A, --ause', 'AUSE: allow EXIT FAILURE MODE if this sanitize fails')
    .option('-Z, --znr', 'ZNR: a zoned device keeps its zones as they are')
    .option('-w, --wait', 'send SANITIZE without IMMED and wait for it (no progress; give a long --timeout)')
    .option('-e, --early', 'return once the sanitize has started (IMMED, no polling); sgio requests DEV shows its progress')
    .addOption(new Option('--poll <seconds>', 'seconds between progress polls').argParser(countOption('--poll')).default(1));
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      [
        '',
        'All user data on the device is lost, for good. Without --wait SANITIZE is sent with IMMED and the progress the',
        'device reports in REQUEST SENSE (NOT READY, SANITIZE IN PROGRESS) is shown until it ends, as sg_sanitize does;',
        'meanwhile other commands to the device end with NOT READY (exit 2). A device without SANITIZE ends it with',
        'INVALID COMMAND OPERATION CODE (exit 9, as sg_sanitize): of the lab targets only sgio\'s own TCMU disk',
        '(sgio target) supports it.',
        'Refused (exit 1, nothing sent) without --confirm naming this device, unless --dry-run.',
        '--json: {device, action, request, commands: [...], exitStatus}.',
        '',
        'Examples:',
        '  sgio sanitize /dev/sg1 --block --confirm 2000',
        '  sgio sanitize /dev/sg1 --overwrite --pattern pattern.bin --count 3 --invert --confirm 5000c500a1b2c3d4',
        '  sgio sanitize /dev/sg1 --crypto --dry-run',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/sanitize.js')).sanitizeCommand, [device, opts], opts.verbose));
}

/** Registers `write-buffer`. */
export function registerWriteBuffer(program: Command): void {
  const cmd = program
    .command('write-buffer')
    .description('WRITE BUFFER: download microcode (firmware) to the device (like sg_write_buffer)')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .requiredOption('-I, --in <file>', 'the microcode image (- for stdin)')
    .option('--confirm <id>', CONFIRM_HELP)
    .option('--dry-run', 'print the commands that would be sent, and send nothing')
    .addOption(new Option('-m, --mode <mode>', 'WRITE BUFFER mode: 5 (one command), 7 (chunks), 0x0d or 0x0e (chunks, deferred activation)').argParser(numberOption('--mode', 0x1f)).default(7))
    .addOption(new Option('-b, --bpw <bytes>', 'bytes per WRITE BUFFER in the chunked modes').argParser(countOption('--bpw')).default(65536))
    .addOption(new Option('-o, --offset <bytes>', 'buffer offset of the first byte').argParser(countOption('--offset')).default(0))
    .addOption(new Option('-i, --id <n>', 'BUFFER ID').argParser(numberOption('--id', 0xff)).default(0))
    .option('--activate', 'after mode 0x0d/0x0e, send mode 0x0f to activate the microcode now');
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      [
        '',
        'A wrong image can make a real device unusable: use the firmware its vendor supplied. The device reports a unit',
        'attention (MICROCODE HAS BEEN CHANGED) afterwards. Refused (exit 1, nothing sent) without --confirm naming the',
        'device, unless --dry-run.',
        '',
        'Example: sgio write-buffer /dev/sg1 --in fw.bin --mode 7 --bpw 32768 --confirm 5000c500a1b2c3d4',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/destructive.js')).writeBufferCommand, [device, opts], opts.verbose));
}

/** Registers `reset`. */
export function registerReset(program: Command): void {
  const cmd = program
    .command('reset')
    .description('SG_SCSI_RESET: reset the logical unit, its target, the bus or the host adapter (like sg_reset)')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .option('-d, --device', 'reset the logical unit (default)')
    .option('--target', 'reset the target (sg_reset -t; -t is the timeout here)')
    .option('-b, --bus', 'reset the bus')
    .option('-H, --host', 'reset the host adapter (every device on it)')
    .option('-N, --no-esc', 'do not escalate to a wider reset when this one fails')
    .option('--confirm <id>', CONFIRM_HELP)
    .option('--dry-run', 'say what would be reset, and do nothing');
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      '\nCommands in flight in the reset\'s scope fail; the device reports a unit attention afterwards. Needs CAP_SYS_ADMIN.\nRefused (exit 1) without --confirm naming the device, unless --dry-run.\n\nExample: sgio reset /dev/sg1 --device --confirm 2000',
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/destructive.js')).reset, [device, opts], opts.verbose));
}
