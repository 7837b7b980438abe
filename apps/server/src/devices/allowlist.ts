/**
 * The device allowlist. Entries are absolute paths or globs. Plain paths are
 * canonicalised once, at start-up: symlinks resolve to their target
 * (realpath), a block device (`/dev/sda`) becomes its sg node. Globs match
 * the canonical `/dev/sgN` paths that discovery finds. A request can only
 * name a discovered device (by sg name or H:C:T:L), never a path, so
 * nothing outside this list is ever opened.
 */
import { realpathSync } from 'node:fs';
import { posix } from 'node:path';
import picomatch from 'picomatch';

/** How entries are canonicalised (injectable for tests). */
export interface AllowlistResolver {
  /** realpath; throws when the path does not exist. */
  realpath(path: string): string;
  /** The sg node of a block device path, or undefined. */
  sgNodeForBlock(path: string): string | undefined;
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
  readonly #exact = new Set<string>();
  readonly #globs: ((path: string) => boolean)[] = [];
  /** The entries and what they resolved to. */
  readonly entries: readonly AllowEntry[];

  constructor(entries: readonly string[], resolver: AllowlistResolver) {
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
      path = resolver.sgNodeForBlock(path) ?? path;
      this.#exact.add(path);
      out.push({ entry, path, glob: false });
    }
    this.entries = out;
  }

  /** Canonicalises with the real file system and sysfs. */
  static resolve(entries: readonly string[], sgNodeForBlock: (path: string) => string | undefined): Allowlist {
    return new Allowlist(entries, { realpath: (p) => realpathSync(p), sgNodeForBlock });
  }

  /** True when the device at canonical path `path` may be opened. */
  allows(path: string): boolean {
    return this.#exact.has(path) || this.#globs.some((m) => m(path));
  }
}
