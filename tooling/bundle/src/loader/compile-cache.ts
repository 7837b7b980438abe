/**
 * Where a bundled command keeps V8's compiled code between runs, and when a
 * cache file may be trusted. Pure decisions; `start.ts` does the file work.
 *
 * Node 20 has no compile cache for a program of its own (Node >= 22.1's
 * `module.enableCompileCache()` came later), so the loader compiles the
 * bundle with `vm.Script` and V8's code cache: the second run of a command
 * skips parsing and compiling the functions the first run used.
 */
import { join } from 'node:path';

/** The environment variable that moves the cache (a directory) or turns it off (`off` or `0`). */
export const CACHE_ENV = 'SGIO_COMPILE_CACHE';

/** Node's own switch for its compile cache, honoured too: `1` turns the cache off. */
export const NODE_DISABLE_ENV = 'NODE_DISABLE_COMPILE_CACHE';

/** `NODE_DEBUG` names this section to print what the loader did with the cache on stderr. */
export const DEBUG_SECTION = 'sgio_compile_cache';

/** The suffix of every cache file. */
export const CACHE_SUFFIX = '.v8cache';

/**
 * The cache directory for this environment, or undefined when the cache is
 * off: `$SGIO_COMPILE_CACHE`, else `$XDG_CACHE_HOME/sgio/compile-cache`,
 * else `~/.cache/sgio/compile-cache`; off with `SGIO_COMPILE_CACHE=off|0`,
 * `NODE_DISABLE_COMPILE_CACHE=1`, or when there is no home directory.
 * @param env - the process environment
 * @param home - the user's home directory, when known
 */
export function cacheDirectory(env: Readonly<Record<string, string | undefined>>, home: string | undefined): string | undefined {
  const setting = env[CACHE_ENV];
  if (env[NODE_DISABLE_ENV] === '1' || setting === 'off' || setting === '0') return undefined;
  if (setting) return setting;
  const base = env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined);
  return base ? join(base, 'sgio', 'compile-cache') : undefined;
}

/**
 * The cache file's name: the program, its content hash, the Node version and
 * the architecture, so a rebuilt bundle or another Node never reads a stale
 * file (V8 checks only the source's length, not its content); and the part
 * of the program the run used (see {@link cachePart}), when there is one.
 */
export function cacheFileName(program: string, hash: string, nodeVersion: string, arch: string, part = ''): string {
  return `${program}-${hash}-${nodeVersion}-${arch}${part ? `.${part}` : ''}${CACHE_SUFFIX}`;
}

/** What a part name may be (a subcommand's name), in cache file names too. */
const PART = '[a-z][a-z0-9-]{0,31}';

/**
 * Which part of the program a run uses, from its first argument: a
 * subcommand's name (`sgio inq ...` is `inq`), or '' (options first, no
 * argument). The code cache holds what the run that wrote it compiled, so
 * each part gets a file of its own: `sgio inq` read from a cache that
 * `sgio --version` wrote started 126 ms slower in the lab (903 against
 * 777 ms, `node -e 0` 532) than from one an `inq` run wrote.
 */
export function cachePart(firstArgument: string | undefined): string {
  return firstArgument !== undefined && new RegExp(`^${PART}$`).test(firstArgument) ? firstArgument : '';
}

/** Most cache files one build of a program keeps (its parts, a mistyped subcommand's included); the oldest go first. */
export const MAX_CACHE_PARTS = 48;

/**
 * Whether `name` is a cache of another build of the same program for the
 * same Node and architecture (another hash, any part): the loader removes
 * those when it writes `current`. The name must match exactly, so the cache
 * of `sgio` never removes that of `sgiod`.
 */
export function isSupersededCache(name: string, current: string, program: string, nodeVersion: string, arch: string): boolean {
  if (name === current) return false;
  const other = parseCacheFileName(name, program, nodeVersion, arch);
  return other !== undefined && other.hash !== parseCacheFileName(current, program, nodeVersion, arch)?.hash;
}

/**
 * The hash and part of a cache file `name` of `program` for this Node and
 * architecture ({@link cacheFileName}'s format), or undefined for any other
 * file (another program, Node or architecture, a partial write).
 */
export function parseCacheFileName(name: string, program: string, nodeVersion: string, arch: string): { hash: string; part: string } | undefined {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^${escape(program)}-([0-9a-f]+)-${escape(nodeVersion)}-${escape(arch)}(?:\\.(${PART}))?${escape(CACHE_SUFFIX)}$`).exec(name);
  return m ? { hash: m[1]!, part: m[2] ?? '' } : undefined;
}

/**
 * The cache files of this build to remove so that at most `max` stay,
 * oldest first: `files` are this build's part files with their mtimes.
 */
export function excessCacheParts(files: readonly { name: string; mtimeMs: number }[], max = MAX_CACHE_PARTS): string[] {
  if (files.length <= max) return [];
  return [...files].sort((a, b) => a.mtimeMs - b.mtimeMs).slice(0, files.length - max).map((f) => f.name);
}

/** What {@link isTrusted} needs of a `stat`. */
export interface OwnerAndMode {
  /** Owner's user id. */
  readonly uid: number;
  /** File mode bits. */
  readonly mode: number;
}

/**
 * Whether a cache file or its directory may be trusted: owned by this user
 * and writable by nobody else. Compiled code is code: a file another user
 * could write would let them run theirs in every sgio process.
 * @param uid - this process's user id (`process.getuid()`)
 */
export function isTrusted(stat: OwnerAndMode, uid: number): boolean {
  return stat.uid === uid && (stat.mode & 0o022) === 0;
}
