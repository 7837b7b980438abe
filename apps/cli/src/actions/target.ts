/** `sgio target`: create (or take) a TCMU device, serve it with @sgio/target's ScsiDisk until SIGTERM/SIGINT. */
import { checkMaxTransferBlocks, createTcmuBackstore, FileStore, MemoryStore, removeTcmuBackstore, ScsiDisk, TcmuTarget, type BackingStore, type SelfTestFailureRule } from '@sgio/target';
import { CliError } from '../common/cli-error.js';
import { listenForStop } from '../common/stop-signal.js';
import { stderr, stdout } from '../common/stdio.js';

/** Options of `sgio target`. */
export interface TargetCommandOptions {
  /** Serve a zero-filled disk of this many bytes kept in memory. */
  readonly memory?: number;
  /** Serve this file (or block device). */
  readonly file?: string;
  /** Size of the file-backed disk (extends the file); default the file's size. */
  readonly size?: number;
  /** Serve this existing TCMU uio device instead of creating a backstore. */
  readonly uio?: string;
  /** Name of the backstore created in configfs. */
  readonly name: string;
  /** Logical block length. */
  readonly blockSize: number;
  /** Thin provisioning (UNMAP, WRITE SAME with UNMAP). */
  readonly thin?: boolean;
  /** Write protected. */
  readonly readOnly?: boolean;
  /** Largest READ/WRITE in blocks: the Block Limits page says it, and a backstore this command creates takes it as hw_max_sectors; default 128. */
  readonly maxTransfer?: number;
  /** Print a JSON line when serving starts and one with the counters when it stops. */
  readonly json?: boolean;
  /** Duration of the short self-test in milliseconds (the extended one takes three times as long); default 2000. */
  readonly selfTestMs?: number;
  /** How long a SANITIZE takes at the least, in milliseconds; default 1000. */
  readonly sanitizeMs?: number;
  /** Every self-test fails, recording this `KEY/ASC/ASCQ[@LBA]` in the self-test log. */
  readonly selfTestFail?: string;
}

/** Parses `--self-test-fail KEY/ASC/ASCQ[@LBA]` (numbers in decimal or 0x hex) into a failure rule. */
export function parseSelfTestFailure(text: string): SelfTestFailureRule {
  const m = /^\s*(\w+)\/(\w+)\/(\w+)(?:@(\w+))?\s*$/.exec(text);
  const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : /^(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s) : Number.NaN);
  const [key, asc, ascq, lba] = m ? [num(m[1]), num(m[2]), num(m[3]), num(m[4])] : [];
  if (key === undefined || asc === undefined || ascq === undefined || [key, asc, ascq, lba].some((n) => Number.isNaN(n)) || key > 15 || asc > 0xff || ascq > 0xff) {
    throw new CliError(`--self-test-fail: '${text}' is not KEY/ASC/ASCQ[@LBA] (e.g. 3/0x11/0@4096: MEDIUM ERROR, UNRECOVERED READ ERROR at LBA 4096)`);
  }
  return { sense: { key, asc, ascq }, ...(lba === undefined ? {} : { lba }) };
}

async function openStore(o: TargetCommandOptions): Promise<BackingStore> {
  if (o.memory !== undefined && o.file !== undefined) throw new CliError('give --memory SIZE or --file PATH, not both');
  if (o.memory !== undefined) return new MemoryStore(o.memory - (o.memory % o.blockSize));
  if (o.file !== undefined) return FileStore.open(o.file, { size: o.size, readOnly: o.readOnly });
  throw new CliError('give --memory SIZE or --file PATH: what the disk holds');
}

/** Serves until a signal; resolves with the exit status. */
export async function target(o: TargetCommandOptions): Promise<number> {
  // before anything is opened or printed (the disk and the backstore check it again)
  if (o.maxTransfer !== undefined) {
    try {
      checkMaxTransferBlocks(o.maxTransfer);
    } catch (e) {
      throw new CliError(`--max-transfer: ${(e as Error).message}`);
    }
  }
  const failure = o.selfTestFail === undefined ? undefined : parseSelfTestFailure(o.selfTestFail);
  // listening before 'serving' is printed: a SIGTERM sent on that line must find the handler
  const stop = listenForStop();
  const store = await openStore(o).catch((e: unknown) => {
    stop.dispose();
    throw e;
  });
  let created: string | undefined;
  let uio = o.uio;
  try {
    const disk = new ScsiDisk({ store, blockSize: o.blockSize, thin: o.thin, readOnly: o.readOnly, maxTransferBlocks: o.maxTransfer, selfTest: { shortMs: o.selfTestMs }, sanitizeMs: o.sanitizeMs });
    if (failure) disk.faults.selfTestFailure(failure);
    if (uio === undefined) {
      const backstore = await createTcmuBackstore({ name: o.name, size: disk.context.blocks * o.blockSize, blockSize: o.blockSize, maxTransferBlocks: o.maxTransfer });
      created = backstore.configfsPath;
      uio = backstore.uio.path;
    }
    const served = TcmuTarget.open(uio, disk, { onError: (e) => stderr.write(`sgio target: ${e.message}\n`) });
    const facts = { uio, configfs: created ?? null, bytes: disk.context.blocks * o.blockSize, blockSize: o.blockSize, blocks: disk.context.blocks };
    if (o.json) stdout.write(`${JSON.stringify({ serving: facts })}\n`);
    stderr.write(`sgio target: serving ${facts.bytes} bytes (${facts.blocks} blocks of ${o.blockSize}) on ${uio}${created ? `, backstore ${created}` : ''}; SIGTERM or Ctrl-C stops\n`);
    const stopped = await Promise.race([stop.received, served.done.then(() => undefined)]);
    await served.close();
    if (o.json) stdout.write(`${JSON.stringify({ stopped: stopped ?? 'ring', stats: served.stats })}\n`);
    if (served.failure) {
      stderr.write(`sgio target: ${served.failure.message}\n`);
      return 99;
    }
    return 0;
  } finally {
    stop.dispose();
    await store.close?.();
    if (created) {
      try {
        removeTcmuBackstore(created);
      } catch (e) {
        stderr.write(`sgio target: ${(e as Error).message}\n`);
      }
    }
  }
}
