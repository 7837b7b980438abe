/**
 * Waiting for the kernel's sd driver to finish attaching a disk.
 *
 * A new SCSI disk gets its sg node during the scan, but sd attaches it in the
 * background (an asynchronous probe): it reads the capacity and the mode and
 * VPD pages, then opens the disk to scan its partitions, a dozen commands or
 * more. A test that starts right after the sg node appears shares the device
 * with that probe: a delay it sets (scsi_debug's `ndelay`) stretches the
 * probe to seconds, the probe's commands show in `device_busy`, and the open
 * disk keeps scsi_debug from unloading. sd says "Attached SCSI disk" in the
 * kernel log at the very end of its probe; the helpers here wait for that
 * line in `/dev/kmsg`, after a mark taken before the scan began.
 */
import { closeSync, constants, existsSync, openSync, readFileSync, readSync } from 'node:fs';

/** One record of `/dev/kmsg`. */
export interface KernelLogRecord {
  /** The record's sequence number (grows by one per record). */
  readonly seq: number;
  /** The message text (the first line, without the prefix). */
  readonly message: string;
}

/**
 * SCSI peripheral device types sd attaches: disk, optical memory, RBC. Not
 * host-managed zoned disks (0x14): sd takes them only in a kernel built with
 * zoned block devices, and otherwise says "Unsupported ZBC host-managed
 * device" and attaches nothing (the lab's kernels), so there is nothing to wait for.
 */
const SD_TYPES = new Set([0x00, 0x07, 0x0e]);

/** Parses one `/dev/kmsg` record (`prio,seq,usec,flags;message\n KEY=value...`); undefined for anything else. */
export function parseKernelLogRecord(text: string): KernelLogRecord | undefined {
  const semi = text.indexOf(';');
  if (semi < 0) return undefined;
  const seq = Number(text.slice(0, semi).split(',')[1]);
  if (!Number.isSafeInteger(seq)) return undefined;
  const end = text.indexOf('\n', semi);
  return { seq, message: text.slice(semi + 1, end < 0 ? undefined : end) };
}

/** The H:C:T:L of an sd "Attached SCSI disk" message, or undefined for other messages. */
export function attachedDisk(message: string): string | undefined {
  return /^sd (\d+:\d+:\d+:\d+): \[\w+\] Attached SCSI (?:removable )?disk$/.exec(message)?.[1];
}

/**
 * A reader of `/dev/kmsg` that keeps its place: the first {@link next} gives
 * every record the log holds, later ones only the records that came since.
 * Where `/dev/kmsg` cannot be opened it reads nothing.
 */
class KernelLogTail {
  readonly #fd: number | undefined;
  readonly #buf = Buffer.alloc(8192);
  /** Times the kernel had overwritten records before they were read (EPIPE). */
  lost = 0;

  constructor() {
    try {
      this.#fd = openSync('/dev/kmsg', constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      this.#fd = undefined;
    }
  }

  /** The records not read yet, oldest first. */
  next(): KernelLogRecord[] {
    const records: KernelLogRecord[] = [];
    if (this.#fd === undefined) return records;
    for (;;) {
      let n: number;
      try {
        n = readSync(this.#fd, this.#buf, 0, this.#buf.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          // records were overwritten under us: go on with the next one
          this.lost++;
          continue;
        }
        if (code === 'EAGAIN') break; // read them all
        throw e;
      }
      if (n === 0) break;
      const record = parseKernelLogRecord(this.#buf.toString('utf8', 0, n));
      if (record) records.push(record);
    }
    return records;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
  }
}

/** Every record the kernel log holds now (oldest first); empty where `/dev/kmsg` cannot be read. */
export function kernelLog(): KernelLogRecord[] {
  const tail = new KernelLogTail();
  try {
    return tail.next();
  } finally {
    tail.close();
  }
}

/** The newest kernel log sequence number now: pass it to {@link waitForDiskAttach} as where to look from. */
export function kernelLogMark(): number {
  const log = kernelLog();
  return log.length > 0 ? log[log.length - 1]!.seq : -1;
}

/** True when sd is in the kernel and `hctl` is a device type it attaches. */
export function sdAttaches(hctl: string): boolean {
  if (!existsSync('/sys/bus/scsi/drivers/sd')) return false;
  try {
    return SD_TYPES.has(Number(readFileSync(`/sys/bus/scsi/devices/${hctl}/type`, 'utf8').trim()));
  } catch {
    return false;
  }
}

/**
 * Waits until sd has said "Attached SCSI disk" (after the kernel log record
 * `since`) for every one of `hctls` that sd attaches. Throws when
 * `timeoutMs` pass without one more of them attaching, naming those still
 * being probed: sd probes disks one after another, so 64 new disks take
 * longer than one, but each comes in a bounded time. The log is read
 * incrementally (every 50 ms, only what came since): reading it whole at
 * each turn cost the one-CPU guest enough to slow the probe it waits for.
 */
export async function waitForDiskAttach(hctls: readonly string[], since: number, timeoutMs = 20_000): Promise<void> {
  const pending = new Set(hctls.filter(sdAttaches));
  if (pending.size === 0) return;
  const tail = new KernelLogTail();
  try {
    let progressAt = Date.now();
    for (;;) {
      for (const r of tail.next()) {
        if (r.seq <= since) continue;
        const hctl = attachedDisk(r.message);
        if (hctl !== undefined && pending.delete(hctl)) progressAt = Date.now();
      }
      if (pending.size === 0) return;
      if (Date.now() - progressAt > timeoutMs) {
        const overflow = tail.lost > 0 ? `; the kernel log overflowed while it was read (records lost), so their lines may be gone: boot with a larger log_buf_len` : '';
        throw new Error(`sgio-lab: sd did not finish attaching ${[...pending].join(', ')}: none of them attached in ${timeoutMs} ms (no "Attached SCSI disk" in the kernel log)${overflow}; a test started now would share the disk with the kernel's probe`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    tail.close();
  }
}
