/**
 * A TCMU uio device (`/dev/uioN`): its sysfs facts, the mapping of its map 0
 * (mailbox, command ring, data area), waiting for the kernel's events and
 * the kick that tells the kernel completions are there.
 *
 * Waiting is a `poll()` on libc's worker pool over the uio fd and a pipe:
 * no busy loop, and {@link UioDevice.close} wakes it through the pipe.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { close, type Mapping, mmap, O_CLOEXEC, O_RDWR, open, pipe, POLLERR, POLLHUP, POLLIN, POLLNVAL, pollAsync, read, write } from '@sgio/libc';
import { TargetError } from '../errors.js';
import type { DataAreaCopier } from './tcmu-ring.js';

/** The uio class folder in sysfs. */
export const UIO_SYSFS = '/sys/class/uio';
/** The prefix of a TCMU device's uio name: `tcm-user/<hba>/<device>/<dev_config>`. */
export const TCMU_UIO_NAME_PREFIX = 'tcm-user/';

/** What sysfs says about a uio device. */
export interface UioInfo {
  /** `uioN`. */
  readonly node: string;
  /** `/dev/uioN`. */
  readonly path: string;
  /** The uio name (`tcm-user/<hba>/<device>/<dev_config>` for TCMU). */
  readonly name: string;
  /** Bytes of map 0 (mailbox, ring and data area). */
  readonly mapSize: number;
}

function readText(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

/** Reads the sysfs facts of `/dev/uioN` (or `uioN`). Throws `ETCMU_UIO` when it is missing. */
export function uioInfo(pathOrNode: string): UioInfo {
  const node = basename(pathOrNode);
  if (!/^uio\d+$/.test(node)) throw new TargetError('ETCMU_UIO', `'${pathOrNode}' is not a uio device name (expected /dev/uioN)`);
  try {
    const name = readText(`${UIO_SYSFS}/${node}/name`);
    const mapSize = Number(readText(`${UIO_SYSFS}/${node}/maps/map0/size`));
    if (!Number.isSafeInteger(mapSize) || mapSize <= 0) throw new TargetError('ETCMU_UIO', `${node}: map0 size is not a positive number`);
    return { node, path: `/dev/${node}`, name, mapSize };
  } catch (e) {
    if (e instanceof TargetError) throw e;
    throw new TargetError('ETCMU_UIO', `${node}: cannot read ${UIO_SYSFS}/${node} (${(e as Error).message}); is target_core_user loaded and the device enabled?`, { cause: e });
  }
}

/** Every TCMU uio device in sysfs. */
export function listTcmuUio(): UioInfo[] {
  let nodes: string[];
  try {
    nodes = readdirSync(UIO_SYSFS);
  } catch {
    return [];
  }
  return nodes
    .filter((n) => /^uio\d+$/.test(n))
    .flatMap((n) => {
      try {
        const info = uioInfo(n);
        return info.name.startsWith(TCMU_UIO_NAME_PREFIX) ? [info] : [];
      } catch {
        return [];
      }
    });
}

/**
 * The uio device of the TCMU backstore `<hba>/<device>` (e.g. `user_1/disk0`
 * or just `disk0`), or undefined.
 */
export function findTcmuUio(device: string): UioInfo | undefined {
  const wanted = device.includes('/') ? device.replace(/^user_/, '') : undefined;
  return listTcmuUio().find((u) => {
    const [, hba, dev] = u.name.split('/');
    return wanted === undefined ? dev === device : `${hba}/${dev}` === wanted;
  });
}

/** An open TCMU uio device with its ring mapped. */
export class UioDevice {
  readonly #info: UioInfo;
  #fd: number;
  #mapping: Mapping | undefined;
  #wakeRead: number;
  #wakeWrite: number;
  #waiting: Promise<boolean> | undefined;
  #closed = false;
  readonly #word = new Uint8Array(4);

  private constructor(info: UioInfo, fd: number, mapping: Mapping, wake: [number, number]) {
    this.#info = info;
    this.#fd = fd;
    this.#mapping = mapping;
    [this.#wakeRead, this.#wakeWrite] = wake;
  }

  /** Opens `/dev/uioN` and maps its map 0 with the size sysfs gives. */
  static open(path: string): UioDevice {
    const info = uioInfo(path);
    if (!info.name.startsWith(TCMU_UIO_NAME_PREFIX)) {
      throw new TargetError('ETCMU_UIO', `${info.path} is '${info.name}', not a TCMU device (tcm-user/...)`);
    }
    const fd = open(info.path, O_RDWR | O_CLOEXEC);
    let mapping: Mapping;
    try {
      mapping = mmap({ fd, length: info.mapSize, offset: 0, path: info.path, allowPastEnd: true });
    } catch (e) {
      close(fd);
      throw e;
    }
    return new UioDevice(info, fd, mapping, pipe(O_CLOEXEC));
  }

  /** The sysfs facts. */
  get info(): UioInfo {
    return this.#info;
  }

  /** The mapped bytes (mailbox at 0). Throws after close. */
  get bytes(): Uint8Array {
    return this.#live().view;
  }

  /**
   * Copies into and out of the data area made by the kernel (libc's
   * `Mapping.copyIn`/`copyOut`, which check every piece against the mapping
   * and throw after close).
   */
  readonly copier: DataAreaCopier = {
    copyIn: (source, pieces) => this.#live().copyIn(source, pieces),
    copyOut: (pieces, target) => this.#live().copyOut(pieces, target),
  };

  #live(): Mapping {
    if (!this.#mapping) throw new TargetError('ETCMU_CLOSED', `${this.#info.path} is closed`);
    return this.#mapping;
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Waits until the kernel signals new commands (or completions to reap);
   * resolves false when the device is being closed, rejects with
   * `ETCMU_UIO` when the device went away. One wait at a time.
   */
  wait(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#waiting) return this.#waiting;
    const fds = [
      { fd: this.#fd, events: POLLIN, revents: 0 },
      { fd: this.#wakeRead, events: POLLIN, revents: 0 },
    ];
    this.#waiting = pollAsync(fds, -1).then(() => {
      if (this.#closed || (fds[1]!.revents ?? 0) !== 0) return false;
      const revents = fds[0]!.revents ?? 0;
      if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
        throw new TargetError('ETCMU_UIO', `${this.#info.path} went away (poll revents 0x${revents.toString(16)}); the backstore was removed while served`);
      }
      // consume the event count, so the next poll waits for a new event
      if (revents & POLLIN) read(this.#fd, this.#word, 4);
      return true;
    });
    void this.#waiting.finally(() => (this.#waiting = undefined)).catch(() => undefined);
    return this.#waiting;
  }

  /** Tells the kernel that completions are in the ring (a 4-byte write to the uio fd). */
  kick(): void {
    if (this.#closed) return;
    write(this.#fd, this.#word, 4);
  }

  /** Stops waiting, unmaps the ring and closes the fds. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    write(this.#wakeWrite, new Uint8Array(1), 1);
    try {
      await this.#waiting;
    } catch {
      // a failed poll does not keep the fds open
    }
    this.#mapping?.close();
    this.#mapping = undefined;
    close(this.#fd);
    close(this.#wakeRead);
    close(this.#wakeWrite);
    this.#fd = this.#wakeRead = this.#wakeWrite = -1;
  }
}
