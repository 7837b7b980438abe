/**
 * The start-up loader of a bundled command (`dist/bin.cjs`), built by
 * `tooling/bundle/src/cli.ts` with the program's file name and content hash filled in.
 *
 * It compiles the program (`dist/program.cjs`, one CommonJS bundle) with
 * V8's code cache from {@link cacheDirectory}, runs it as a CommonJS module,
 * and when there was no usable cache writes one at exit, so it holds every
 * function the run compiled. A run that read its own cache and lasted at
 * least the program's refresh time (`--refresh-cache-after-ms` of the
 * bundler: 0 for sgiod, 2 s for sgio) rewrites it at exit when the cache it
 * could write now is 5% larger or more (it compiled what the cache lacked). Each part of the program (the first argument:
 * a subcommand) has a cache of its own, so it holds that part's functions;
 * a part's first run reads the program's base cache. Any failure of the
 * cache is silent (printed with `NODE_DEBUG=sgio_compile_cache`): the
 * program runs without it.
 */
import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { DEBUG_SECTION, cacheDirectory, cacheFileName, cachePart, excessCacheParts, isStaleOtherLocation, isSupersededCache, isTrusted, isYoungCache, locationTag, parseCacheFileName, SETTLED_CACHE_MODE, shouldRefreshCache, YOUNG_CACHE_MODE } from './compile-cache.js';

declare const SGIO_PROGRAM_FILE: string;
declare const SGIO_PROGRAM_HASH: string;
declare const SGIO_PROGRAM_NAME: string;
declare const SGIO_CACHE_REFRESH_AFTER_MS: number;

/** Where the program finds the loader's import function (packages/core/src/packs/load-command-packs.ts). */
const IMPORT_HOOK = Symbol.for('sgio.importModule');

const debugging = (process.env.NODE_DEBUG ?? '').split(',').includes(DEBUG_SECTION);

function debug(message: string): void {
  if (debugging) process.stderr.write(`${DEBUG_SECTION}: ${message}\n`);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A cache file read: its bytes, and whether it is young (see {@link YOUNG_CACHE_MODE}). */
interface CacheRead {
  readonly data: Buffer;
  readonly young: boolean;
}

/** The cache file's content when it exists and may be trusted. */
function readTrusted(file: string, uid: number): CacheRead | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    debug(`miss ${file}`);
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!isTrusted(stat, uid)) {
      debug(`not trusted (owner or mode) ${file}`);
      return undefined;
    }
    return { data: readFileSync(fd), young: isYoungCache(stat.mode) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the cache atomically (a reader sees the old file or the new), young
 * (its next run checks it once more) or settled, then removes older ones.
 */
function save(dir: string, name: string, data: Buffer, uid: number, young: boolean): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isTrusted(statSync(dir), uid)) throw new Error(`${dir} is not owned by this user or others may write it`);
  const file = join(dir, name);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, data, { mode: young ? YOUNG_CACHE_MODE : SETTLED_CACHE_MODE });
  renameSync(partial, file);
  const parts: { name: string; mtimeMs: number }[] = [];
  const where = parseCacheFileName(name, SGIO_PROGRAM_NAME, process.version, process.arch)?.where;
  const now = Date.now();
  for (const other of readdirSync(dir)) {
    if (isSupersededCache(other, name, SGIO_PROGRAM_NAME, process.version, process.arch)) {
      unlinkSync(join(dir, other));
      continue;
    }
    const parsed = parseCacheFileName(other, SGIO_PROGRAM_NAME, process.version, process.arch);
    if (!parsed) continue;
    const mtimeMs = statSync(join(dir, other)).mtimeMs;
    // another install's, unwritten for a month: it may be gone (it writes its cache again if not)
    if (isStaleOtherLocation(other, mtimeMs, name, SGIO_PROGRAM_NAME, process.version, process.arch, now)) unlinkSync(join(dir, other));
    // not superseded, this place's: this build's (a part, or the base cache, which is not counted)
    else if (parsed.where === where && parsed.part) parts.push({ name: other, mtimeMs });
  }
  // a part per first argument: mistyped subcommands too, so their number is bounded
  for (const old of excessCacheParts(parts)) if (old !== name) unlinkSync(join(dir, old));
  debug(`wrote ${data.length} bytes to ${file}${young ? ' (young)' : ''}`);
}

function start(): void {
  const programFile = join(__dirname, SGIO_PROGRAM_FILE);
  // ASCII by construction (the bundler checks): Latin-1 is the same text, decoded faster than UTF-8
  const source = readFileSync(programFile, 'latin1');
  const uid = process.getuid?.() ?? -1;
  const dir = uid >= 0 ? cacheDirectory(process.env, process.env.HOME) : undefined;
  // each part of the program (a subcommand) has its own cache, holding what a run of that part compiled; a part's
  // first run reads the program's base cache, and writes its own at exit
  const part = cachePart(process.argv[2]);
  // a cache per place: V8 names the script that wrote a cache in the stack traces of every run that reads it
  const where = locationTag(programFile);
  const name = cacheFileName(SGIO_PROGRAM_NAME, SGIO_PROGRAM_HASH, where, process.version, process.arch, part);
  let own: CacheRead | undefined;
  let cached: Buffer | undefined;
  if (dir) {
    try {
      own = readTrusted(join(dir, name), uid);
      cached = own?.data ?? (part ? readTrusted(join(dir, cacheFileName(SGIO_PROGRAM_NAME, SGIO_PROGRAM_HASH, where, process.version, process.arch)), uid)?.data : undefined);
    } catch (e) {
      debug(`cannot read the cache: ${message(e)}`);
    }
  } else {
    debug('off');
  }
  // the file is already the function expression (the bundler writes the wrapper): a 700 KB copy less at each start
  const script = new Script(source, {
    filename: programFile,
    ...(cached ? { cachedData: cached } : {}),
  });
  if (cached) debug(script.cachedDataRejected ? 'rejected by V8' : 'hit');
  if (dir && (!own || script.cachedDataRejected)) {
    // a first cache holds what its run compiled, which may be little (a --help, an early error): young
    process.once('exit', () => {
      try {
        save(dir, name, script.createCachedData(), uid, true);
      } catch (e) {
        debug(`cannot write the cache: ${message(e)}`);
      }
    });
  } else if (dir && own) {
    // the run after a young cache's checks it (whatever its length); later runs only when long enough to pay for it:
    // a cache is replaced when the run compiled noticeably more than it held
    const readBytes = own.data.length;
    const young = own.young;
    process.once('exit', () => {
      const ranMs = process.uptime() * 1000;
      if (!young && ranMs < SGIO_CACHE_REFRESH_AFTER_MS) return;
      try {
        const data = script.createCachedData();
        if (shouldRefreshCache(readBytes, data.length, young ? Infinity : ranMs, SGIO_CACHE_REFRESH_AFTER_MS)) save(dir, name, data, uid, young);
        else if (young) {
          chmodSync(join(dir, name), SETTLED_CACHE_MODE);
          debug(`settled the cache (${readBytes} bytes; this run's would be ${data.length})`);
        } else debug(`kept the cache (${readBytes} bytes; this run's would be ${data.length})`);
      } catch (e) {
        debug(`cannot write the cache: ${message(e)}`);
      }
    });
  }
  // Node 20 cannot import() from code compiled out of V8's code cache: the program
  // (core's pack loader) imports ES modules through this function instead
  (globalThis as Record<symbol, unknown>)[IMPORT_HOOK] = (specifier: string): Promise<unknown> => import(specifier);
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dir: string) => void;
  const programModule = { exports: {} };
  run.call(programModule.exports, programModule.exports, createRequire(programFile), programModule, programFile, dirname(programFile));
}

start();
