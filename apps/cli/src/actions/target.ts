/** `sgio target`: create (or take) a TCMU device, serve it with @sgio/target's ScsiDisk until SIGTERM/SIGINT. */
import { createTcmuBackstore, FileStore, MemoryStore, removeTcmuBackstore, ScsiDisk, TcmuTarget, type BackingStore } from '@sgio/target';
import { CliError } from '../common/cli-error.js';
import type { TargetCommandOptions } from '../commands/target.js';

function waitForStop(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

async function openStore(o: TargetCommandOptions): Promise<BackingStore> {
  if (o.memory !== undefined && o.file !== undefined) throw new CliError('give --memory SIZE or --file PATH, not both');
  if (o.memory !== undefined) return new MemoryStore(o.memory - (o.memory % o.blockSize));
  if (o.file !== undefined) return FileStore.open(o.file, { size: o.size, readOnly: o.readOnly });
  throw new CliError('give --memory SIZE or --file PATH: what the disk holds');
}

/** Serves until a signal; resolves with the exit status. */
export async function target(o: TargetCommandOptions): Promise<number> {
  const store = await openStore(o);
  let created: string | undefined;
  let uio = o.uio;
  try {
    const disk = new ScsiDisk({ store, blockSize: o.blockSize, thin: o.thin, readOnly: o.readOnly });
    if (uio === undefined) {
      const backstore = await createTcmuBackstore({ name: o.name, size: disk.context.blocks * o.blockSize, blockSize: o.blockSize });
      created = backstore.configfsPath;
      uio = backstore.uio.path;
    }
    const served = TcmuTarget.open(uio, disk, { onError: (e) => process.stderr.write(`sgio target: ${e.message}\n`) });
    const facts = { uio, configfs: created ?? null, bytes: disk.context.blocks * o.blockSize, blockSize: o.blockSize, blocks: disk.context.blocks };
    if (o.json) process.stdout.write(`${JSON.stringify({ serving: facts })}\n`);
    process.stderr.write(`sgio target: serving ${facts.bytes} bytes (${facts.blocks} blocks of ${o.blockSize}) on ${uio}${created ? `, backstore ${created}` : ''}; SIGTERM or Ctrl-C stops\n`);
    const stopped = await Promise.race([waitForStop(), served.done.then(() => undefined)]);
    await served.close();
    if (o.json) process.stdout.write(`${JSON.stringify({ stopped: stopped ?? 'ring', stats: served.stats })}\n`);
    if (served.failure) {
      process.stderr.write(`sgio target: ${served.failure.message}\n`);
      return 99;
    }
    return 0;
  } finally {
    await store.close?.();
    if (created) {
      try {
        removeTcmuBackstore(created);
      } catch (e) {
        process.stderr.write(`sgio target: ${(e as Error).message}\n`);
      }
    }
  }
}
