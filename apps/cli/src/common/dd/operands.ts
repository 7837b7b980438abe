/**
 * sg_dd's operand syntax (`if=IFILE of=OFILE bs=BS bpt=BPT count=N skip=N
 * seek=N ...`) turned into a {@link DdOperands} value.
 */
import { CliError } from '../cli-error.js';
import { parseCount } from '../numbers.js';

/** The operands of one `sgio dd` run. */
export interface DdOperands {
  /** Input path; `-` is stdin (the default, like dd). */
  readonly input: string;
  /** Output path; `-` is stdout (the default), `.` is /dev/null (as sg_dd). */
  readonly output: string;
  /** Logical block size in bytes; undefined: the sg device's, else 512. */
  readonly blockSize: number | undefined;
  /** Blocks per transfer (per SCSI command); undefined: 128, or 32 when bs >= 2048 (sg_dd's defaults). */
  readonly blocksPerTransfer: number | undefined;
  /** Blocks to copy; undefined: to the end of the input (or of an sg output). */
  readonly count: number | undefined;
  /** Blocks skipped at the start of the input. */
  readonly skip: number;
  /** Blocks skipped at the start of the output. */
  readonly seek: number;
  /** READ/WRITE CDB size (10 or 16); undefined: 10, or 16 when the LBA or length needs it. */
  readonly cdbSize: 10 | 16 | undefined;
  /** `dio=1`: same as --dio. */
  readonly dio: boolean;
  /** `time=1`: same as --time. */
  readonly time: boolean;
  /** `sync=1`: same as --sync. */
  readonly sync: boolean;
  /** `verbose=N`: added to -v. */
  readonly verbose: number;
}

/** The operands `sgio dd` accepts, with a one-line description each (used by --help). */
export const DD_OPERANDS: readonly (readonly [string, string])[] = [
  ['if=IFILE', 'input: an sg device (its /dev/sgN or /dev/bsg/H:C:T:L node), block device, regular file, /dev/zero, or - for stdin (default -)'],
  ['of=OFILE', 'output: an sg device (sg or bsg node), block device, regular file (created, not truncated), /dev/null or . , or - for stdout (default -)'],
  ['bs=BS', "logical block size in bytes; must equal an sg device's block size (default: the device's, else 512)"],
  ['ibs=BS, obs=BS', 'accepted for sg_dd compatibility; must equal bs'],
  ['bpt=BPT', 'blocks per transfer, i.e. per SCSI command (default 128, or 32 when bs >= 2048)'],
  ['count=N', 'blocks to copy (default: the rest of the input, or of an sg output when the input is endless)'],
  ['skip=N', 'blocks to skip at the start of the input (default 0)'],
  ['seek=N', 'blocks to skip at the start of the output (default 0)'],
  ['cdbsz=10|16', 'READ/WRITE CDB size (default 10, or 16 when the LBA or the transfer needs it)'],
  ['dio=0|1', '1: same as --dio'],
  ['time=0|1', '1: same as --time'],
  ['sync=0|1', '1: same as --sync'],
  ['verbose=N', 'adds N to the verbosity (-v)'],
];

function flag01(name: string, value: string): boolean {
  if (value !== '0' && value !== '1') throw new CliError(`${name}= expects 0 or 1, got '${value}'`);
  return value === '1';
}

/** Parses the operand words; throws a {@link CliError} (exit status 1) for an unknown or malformed one. */
export function parseDdOperands(words: readonly string[]): DdOperands {
  const seen = new Map<string, string>();
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new CliError(`'${word}' is not an operand: write NAME=VALUE (for example if=/dev/sg0 of=out.bin bs=512)`);
    const name = word.slice(0, eq);
    if (!DD_OPERANDS.some(([syntax]) => syntax.split(', ').some((s) => s.startsWith(`${name}=`)))) {
      throw new CliError(`unknown operand '${name}=': sgio dd takes ${DD_OPERANDS.map(([s]) => s.split('=')[0]).join(', ')}`);
    }
    if (seen.has(name)) throw new CliError(`operand '${name}=' given twice`);
    seen.set(name, word.slice(eq + 1));
  }
  const num = (name: string): number | undefined => {
    const v = seen.get(name);
    return v === undefined ? undefined : parseCount(v, `${name}=`);
  };
  const blockSize = num('bs');
  for (const other of ['ibs', 'obs']) {
    const v = num(other);
    if (v !== undefined && v !== (blockSize ?? v)) throw new CliError(`${other}=${v} differs from bs=${blockSize}: sgio dd copies with one block size`);
  }
  const bs = blockSize ?? num('ibs') ?? num('obs');
  if (bs !== undefined && bs <= 0) throw new CliError('bs= must be positive');
  const bpt = num('bpt');
  if (bpt !== undefined && bpt <= 0) throw new CliError('bpt= must be positive');
  const cdb = num('cdbsz');
  if (cdb !== undefined && cdb !== 10 && cdb !== 16) throw new CliError(`cdbsz= must be 10 or 16, got ${cdb}`);
  const output = seen.get('of') ?? '-';
  return {
    input: seen.get('if') ?? '-',
    output: output === '.' ? '/dev/null' : output,
    blockSize: bs,
    blocksPerTransfer: bpt,
    count: num('count'),
    skip: num('skip') ?? 0,
    seek: num('seek') ?? 0,
    cdbSize: cdb === 10 || cdb === 16 ? cdb : undefined,
    dio: seen.has('dio') ? flag01('dio', seen.get('dio')!) : false,
    time: seen.has('time') ? flag01('time', seen.get('time')!.split(',')[0]!) : false,
    sync: seen.has('sync') ? flag01('sync', seen.get('sync')!) : false,
    verbose: num('verbose') ?? 0,
  };
}

/** sg_dd's default blocks per transfer for a block size. */
export function defaultBlocksPerTransfer(blockSize: number): number {
  return blockSize >= 2048 ? 32 : 128;
}
