/**
 * The device allowlist. Entries are absolute paths or globs. Plain paths are
 * canonicalised once, at start-up: symlinks resolve to their target
 * (realpath), a block device (`/dev/sda`) becomes its sg node. Globs match
 * the canonical `/dev/sgN` paths that discovery finds. A request can only
 * name a discovered device (by sg name or H:C:T:L), never a path, so
 * nothing outside this list is ever opened.
 */
import { existsSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../config/errors.js';

/** How entries are canonicalised (injectable for tests). */
export interface AllowlistResolver {
  /** realpath; throws when the path does not exist. */
  realpath(path: string): string;
  /** The sg node of a block device path, or undefined. */
  sgNodeForBlock(path: string): string | undefined;
  /** True when the (canonical) path is a partition of a disk, not a whole device. */
  isPartition?(path: string): boolean;
}

/** True when `/dev/NAME` is a partition (sysfs `/sys/class/block/NAME/partition` exists). */
export function isPartitionNode(path: string, sysfs = '/sys'): boolean {
  const name = posix.basename(path);
  return path.startsWith('/dev/') && existsSync(posix.join(sysfs, 'class', 'block', name, 'partition'));
}

/** The canonical form of one entry, for logs. */
export interface AllowEntry {
  /** As configured. */
  readonly entry: string;
  /** Exact path it stands for, or undefined for a glob. */
  readonly path: string | undefined;
  /** True for a glob. */
  readonly glob: boolean;
}

/** Decides whether a discovered device path is allowed. */
export class Allowlist {
  #exact = new Set<string>();
  readonly #globs: ((path: string) => boolean)[] = [];
  readonly #links: string[] = [];
  readonly #resolver: AllowlistResolver;
  /** The entries and what they resolved to. */
  entries: readonly AllowEntry[];

  /** @throws {ConfigError} for a partition entry (it would grant the whole disk). */
  constructor(entries: readonly string[], resolver: AllowlistResolver) {
    this.#resolver = resolver;
    this.#links = entries.filter((e) => !picomatch.scan(e).isGlob);
    const out: AllowEntry[] = [];
    for (const entry of entries) {
      if (picomatch.scan(entry).isGlob) {
        this.#globs.push(picomatch(posix.normalize(entry), { dot: false, nonegate: true, noextglob: true }));
        out.push({ entry, path: undefined, glob: true });
        continue;
      }
      let path = posix.normalize(entry);
      try {
        path = resolver.realpath(path);
      } catch {
        // not present now: keep the normalized path; it can only match a device with exactly that node
      }
      if (resolver.isPartition?.(path)) {
        throw new ConfigError(
          `allowlist entry '${entry}' is a partition (${path}); sg commands address the whole disk, so allowing it would grant every partition of that disk. Allow the whole disk (e.g. /dev/sdb or its /dev/disk/by-id name) if that is what you mean.`,
        );
      }
      path = resolver.sgNodeForBlock(path) ?? path;
      this.#exact.add(path);
      out.push({ entry, path, glob: false });
    }
    this.entries = out;
  }

  /**
   * Re-resolves the plain entries (symlinks such as `/dev/disk/by-id/...`
   * follow their disk to its new node after rediscovery). Called by the
   * catalog each time it re-reads sysfs. A partition found now is dropped,
   * not thrown.
   */
  refresh(): void {
    const exact = new Set<string>();
    const out: AllowEntry[] = this.entries.filter((e) => e.glob);
    for (const entry of this.#links) {
      let path = posix.normalize(entry);
      try {
        path = this.#resolver.realpath(path);
      } catch {
        // not present now
      }
      if (this.#resolver.isPartition?.(path)) continue;
      path = this.#resolver.sgNodeForBlock(path) ?? path;
      exact.add(path);
      out.push({ entry, path, glob: false });
    }
    this.#exact = exact;
    this.entries = out;
  }

  /** Canonicalises with the real file system and sysfs; refuses partitions. */
  static resolve(entries: readonly string[], sgNodeForBlock: (path: string) => string | undefined): Allowlist {
    return new Allowlist(entries, { realpath: (p) => realpathSync(p), sgNodeForBlock, isPartition: (p) => isPartitionNode(p) });
  }

  /** True when the device at canonical path `path` may be opened. */
  allows(path: string): boolean {
    return this.#exact.has(path) || this.#globs.some((m) => m(path));
  }
}
