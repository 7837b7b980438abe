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
 * Where the program file is, as 8 hex digits (FNV-1a of its absolute path).
 * V8's code cache carries the name of the script that wrote it, and a run
 * that reads it names that script in its stack traces and profiles: two
 * installs of one build would name each other's files (or a deleted one's).
 * Each location gets caches of its own.
 */
export function locationTag(programFile: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < programFile.length; i++) h = Math.imul(h ^ programFile.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The cache file's name: the program, its content hash, where the program
 * file is ({@link locationTag}), the Node version and the architecture, so a
 * rebuilt bundle or another Node never reads a stale file (V8 checks only the
 * source's length, not its content) and another install never reads this
 * one's; and the part of the program the run used (see {@link cachePart}),
 * when there is one.
 */
export function cacheFileName(program: string, hash: string, where: string, nodeVersion: string, arch: string, part = ''): string {
  return `${program}-${hash}-${where}-${nodeVersion}-${arch}${part ? `.${part}` : ''}${CACHE_SUFFIX}`;
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
 * Whether `name` is a cache of another build of the same program at the same
 * place for the same Node and architecture (another hash, any part), or one
 * of the same program written by an older loader (no location in its name):
 * the loader removes those when it writes `current`. The name must match
 * exactly, so the cache of `sgio` never removes that of `sgiod`, and one
 * install never removes another's.
 */
export function isSupersededCache(name: string, current: string, program: string, nodeVersion: string, arch: string): boolean {
  if (name === current) return false;
  const mine = parseCacheFileName(current, program, nodeVersion, arch);
  const other = parseCacheFileName(name, program, nodeVersion, arch);
  if (other === undefined) return isUnlocatedCache(name, program, nodeVersion, arch);
  return other.where === mine?.where && other.hash !== mine.hash;
}

/** Escapes `text` for a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A cache file of `program` in the format of loaders before {@link locationTag} (hash, Node, architecture, part). */
function isUnlocatedCache(name: string, program: string, nodeVersion: string, arch: string): boolean {
  return new RegExp(`^${escape(program)}-[0-9a-f]+-${escape(nodeVersion)}-${escape(arch)}(?:\\.${PART})?${escape(CACHE_SUFFIX)}$`).test(name);
}

/**
 * The hash, location and part of a cache file `name` of `program` for this
 * Node and architecture ({@link cacheFileName}'s format), or undefined for
 * any other file (another program, Node or architecture, a partial write).
 */
export function parseCacheFileName(name: string, program: string, nodeVersion: string, arch: string): { hash: string; where: string; part: string } | undefined {
  const m = new RegExp(`^${escape(program)}-([0-9a-f]+)-([0-9a-f]{8})-${escape(nodeVersion)}-${escape(arch)}(?:\\.(${PART}))?${escape(CACHE_SUFFIX)}$`).exec(name);
  return m ? { hash: m[1]!, where: m[2]!, part: m[3] ?? '' } : undefined;
}

/** Days after which the loader removes the caches of this program's other locations (installs that may be gone). */
export const OTHER_LOCATION_DAYS = 30;

/** Whether `name` (modified at `mtimeMs`) is another location's cache of `program` unwritten for {@link OTHER_LOCATION_DAYS}. */
export function isStaleOtherLocation(name: string, mtimeMs: number, current: string, program: string, nodeVersion: string, arch: string, now: number): boolean {
  const other = parseCacheFileName(name, program, nodeVersion, arch);
  const mine = parseCacheFileName(current, program, nodeVersion, arch);
  return other !== undefined && mine !== undefined && other.where !== mine.where && now - mtimeMs > OTHER_LOCATION_DAYS * 86_400_000;
}

/**
 * The cache files of this build to remove so that at most `max` stay,
 * oldest first: `files` are this build's part files with their mtimes.
 */
export function excessCacheParts(files: readonly { name: string; mtimeMs: number }[], max = MAX_CACHE_PARTS): string[] {
  if (files.length <= max) return [];
  return [...files].sort((a, b) => a.mtimeMs - b.mtimeMs).slice(0, files.length - max).map((f) => f.name);
}

/**
 * How much larger (a fraction of the old size) the code cache a run could
 * write must be before it replaces the cache the run read: below that, the
 * two hold about the same functions, and rewriting would only cost the
 * write.
 */
export const CACHE_GROWTH_TO_REWRITE = 0.05;

/**
 * Whether a run that read its own cache (`readBytes`) replaces it with the
 * one it could write now (`nowBytes`): when the run lasted at least
 * `refreshAfterMs` (serializing the cache costs about 6 ms a MB on a host,
 * too much for a short command's exit) and the new one holds noticeably
 * more (the run compiled functions the cache lacked: a server's first
 * device request after a first run that served only `/healthz`, a command
 * whose first run failed early).
 */
export function shouldRefreshCache(readBytes: number, nowBytes: number, ranMs: number, refreshAfterMs: number): boolean {
  return ranMs >= refreshAfterMs && nowBytes >= readBytes * (1 + CACHE_GROWTH_TO_REWRITE);
}

/**
 * The mode of a young cache file: written by a program's first run (or
 * rewritten since), whose functions may be few (a `--help`, an early
 * error), so the next run checks it once whatever its length, and either
 * replaces it (it compiled 5% more) or settles it. The owner's write bit is
 * the flag: no extra file or system call for a settled cache.
 */
export const YOUNG_CACHE_MODE = 0o400;
/** The mode of a settled cache file (see {@link YOUNG_CACHE_MODE}). */
export const SETTLED_CACHE_MODE = 0o600;

/** Whether a trusted cache file's mode says it is young (see {@link YOUNG_CACHE_MODE}). */
export function isYoungCache(mode: number): boolean {
  return (mode & 0o200) === 0;
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
