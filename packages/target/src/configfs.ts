/**
 * Creating and removing a TCMU backstore in configfs (what targetcli's
 * `backstores/user:...` does): `core/user_<hba>/<name>`, `dev_size` and
 * `nl_reply_supported=-1` to `control`, `1` to `enable`. The kernel then
 * makes `/dev/uioN` for it. Linking it to a fabric (tcm_loop, iSCSI, ...)
 * is left to the caller.
 *
 * `nl_reply_supported=-1`: target_core_user waits for a netlink reply to its
 * device add/remove events only when a daemon announced reply support
 * (TCMU_CMD_SET_FEATURES) and the device's nl_reply_supported is above 0.
 * With -1 it never waits, so no netlink daemon is needed beside this handler.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { TargetError } from './errors.js';
import { checkMaxTransferBlocks } from './scsi/transfer-limit.js';
import { findTcmuUio, type UioInfo } from './ring/uio-device.js';

/** configfs root of the target subsystem. */
export const TARGET_CONFIGFS = '/sys/kernel/config/target';

/** Options of {@link createTcmuBackstore}. */
export interface TcmuBackstoreOptions {
  /** The backstore's name (configfs folder), letters, digits, `_`, `-`. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** HBA number (`user_<hba>`); default 1. */
  readonly hba?: number;
  /** Logical block length the kernel's target core uses (`hw_block_size`); default 512. */
  readonly blockSize?: number;
  /** `dev_config` string (tcmu-runner picks its handler from it); default `sgio/<name>`. */
  readonly config?: string;
  /** Largest command in blocks the kernel's target core takes for it (`hw_max_sectors`); default the kernel's (128). */
  readonly maxTransferBlocks?: number;
}

/** A TCMU backstore created in configfs. */
export interface TcmuBackstore {
  /** Its configfs folder. */
  readonly configfsPath: string;
  /** Its uio device. */
  readonly uio: UioInfo;
}

function put(path: string, value: string): void {
  try {
    writeFileSync(path, value);
  } catch (e) {
    throw new TargetError('ETCMU_CONFIGFS', `configfs refused '${value.trim()}' in ${path} (${(e as Error).message})`, { cause: e });
  }
}

/** Creates and enables a TCMU backstore; resolves when its uio device is there. Needs root, configfs mounted and target_core_user loaded. */
export async function createTcmuBackstore(options: TcmuBackstoreOptions): Promise<TcmuBackstore> {
  const hba = options.hba ?? 1;
  if (!/^[A-Za-z0-9_-]+$/.test(options.name)) throw new TargetError('ETCMU_ARGUMENT', `TCMU backstore name '${options.name}' may hold only letters, digits, '_' and '-'`);
  if (options.maxTransferBlocks !== undefined) checkMaxTransferBlocks(options.maxTransferBlocks);
  if (!Number.isSafeInteger(options.size) || options.size <= 0) throw new TargetError('ETCMU_ARGUMENT', `TCMU backstore size must be a positive number of bytes, got ${options.size}`);
  if (!existsSync(`${TARGET_CONFIGFS}/core`)) {
    throw new TargetError('ETCMU_CONFIGFS', `${TARGET_CONFIGFS}/core does not exist: load target_core_mod and target_core_user and mount configfs (mount -t configfs none /sys/kernel/config)`);
  }
  const path = `${TARGET_CONFIGFS}/core/user_${hba}/${options.name}`;
  if (existsSync(path)) throw new TargetError('ETCMU_CONFIGFS', `${path} already exists: remove it first (removeTcmuBackstore) or choose another name`);
  try {
    mkdirSync(path, { recursive: true });
  } catch (e) {
    throw new TargetError('ETCMU_CONFIGFS', `cannot create ${path} (${(e as Error).message}); is target_core_user loaded?`, { cause: e });
  }
  const config = options.config ?? `sgio/${options.name}`;
  put(`${path}/control`, `dev_size=${options.size}`);
  put(`${path}/control`, `dev_config=${config}`);
  put(`${path}/control`, 'nl_reply_supported=-1');
  if (options.blockSize !== undefined) put(`${path}/control`, `hw_block_size=${options.blockSize}`);
  if (options.maxTransferBlocks !== undefined) put(`${path}/control`, `hw_max_sectors=${options.maxTransferBlocks}`);
  put(`${path}/enable`, '1');
  const until = Date.now() + 5000;
  for (;;) {
    const uio = findTcmuUio(`${hba}/${options.name}`);
    if (uio) return { configfsPath: path, uio };
    if (Date.now() > until) throw new TargetError('ETCMU_UIO', `${path} is enabled but no /dev/uioN names it after 5 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Removes a TCMU backstore (it must not be linked to a LUN any more); the empty `user_<hba>` folder goes too. */
export function removeTcmuBackstore(configfsPath: string): void {
  if (!existsSync(configfsPath)) return;
  try {
    rmdirSync(configfsPath);
    const hbaPath = configfsPath.replace(/\/[^/]+$/, '');
    if (readdirSync(hbaPath).length === 0) rmdirSync(hbaPath);
  } catch (e) {
    throw new TargetError('ETCMU_CONFIGFS', `cannot remove ${configfsPath} (${(e as Error).message}); unlink it from every LUN first`, { cause: e });
  }
}
