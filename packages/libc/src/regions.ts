/**
 * Lifetime of mapped address ranges that JavaScript views point into.
 *
 * A view (an external ArrayBuffer over mapped memory) must never outlive the
 * memory it points to: touching an unmapped page kills the process with
 * SIGSEGV. So a range that had views is never simply unmapped. On close it
 * is atomically replaced (MAP_FIXED over our own range) by private anonymous
 * memory: the driver's or file's pages are released at once, stale views read
 * zeros and their writes go nowhere. The address range itself is released
 * with munmap only when the FinalizationRegistry reports that every view's
 * ArrayBuffer has been garbage-collected, i.e. when no JavaScript code can
 * reach the memory any more.
 */
import { libc, lastErrno } from './bindings.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE } from './constants/index.js';

/** One mapped range and the number of its views not yet collected. */
export interface Region {
  address: bigint;
  /** Bytes mapped (the requested length, rounded up to pages by the kernel). */
  length: number;
  /** Views (ArrayBuffers) created over the range and not yet collected. */
  liveViews: number;
  /** True once the owner closed it: the range holds placeholder memory. */
  retired: boolean;
  /** True once the address range has been unmapped. */
  released: boolean;
}

/** Counters for tests and diagnostics. */
export const regionStats = { placeholders: 0, deferredReleases: 0, leaked: 0, releaseFailures: 0 };

function release(region: Region): void {
  if (region.released) return;
  region.released = true;
  if (libc('munmap').munmap(region.address, region.length) < 0) regionStats.releaseFailures++;
}

const registry = new FinalizationRegistry<Region>((region) => {
  region.liveViews--;
  if (region.retired && region.liveViews === 0) {
    regionStats.deferredReleases++;
    release(region);
  }
});

/** Creates the bookkeeping for a freshly mapped range. */
export function trackRegion(address: bigint, length: number): Region {
  return { address, length, liveViews: 0, retired: false, released: false };
}

/** Records that `buffer` is a view into `region`. */
export function registerView(region: Region, buffer: ArrayBuffer): void {
  region.liveViews++;
  registry.register(buffer, region);
}

/**
 * Ends the owner's use of the range. Without live views it is unmapped now
 * (a failing munmap throws, with errno). With live views it is replaced by
 * placeholder memory and unmapped once the views are collected.
 * @returns the errno of a failed munmap, or 0
 */
export function retireRegion(region: Region): number {
  if (region.retired) return 0;
  region.retired = true;
  const c = libc('munmap');
  if (region.liveViews === 0) {
    region.released = true;
    return c.munmap(region.address, region.length) < 0 ? lastErrno() : 0;
  }
  const r = c.mmap(region.address, region.length, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (r === -1) {
    // Could not swap in the placeholder (e.g. map count exhausted): keep the
    // original pages mapped rather than leave views dangling. They are
    // unmapped when the views are collected, as usual.
    regionStats.leaked++;
  } else {
    regionStats.placeholders++;
  }
  return 0;
}
