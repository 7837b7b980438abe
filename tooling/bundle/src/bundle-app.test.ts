/**
 * The bundle and its loader, end to end: a small app is bundled into a
 * temporary folder and run with node, as the apps' commands are.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleApp, PROGRAM_WRAPPER_END, PROGRAM_WRAPPER_START } from './bundle-app.js';

const root = mkdtempSync(join(tmpdir(), 'sgio-bundle-'));
const app = join(root, 'app');
const cache = join(root, 'cache');

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

/** Runs the built command; `debug` lines are what the loader said about the cache. */
function run(args: string[] = [], env: Record<string, string> = {}, bin = join(app, 'dist/bin.cjs')): { status: number | null; stdout: string; stderr: string; debug: string[] } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SGIO_COMPILE_CACHE: cache, NODE_DEBUG: 'sgio_compile_cache', ...env },
  });
  const debug = r.stderr.split('\n').filter((l) => l.startsWith('sgio_compile_cache: ')).map((l) => l.slice('sgio_compile_cache: '.length));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, debug };
}

function cacheFiles(): string[] {
  return readdirSync(cache).sort();
}

/** The program's base cache file (the one runs without a subcommand-like first argument use). */
function baseCacheFile(): string | undefined {
  return cacheFiles().find((f) => /^demo-[0-9a-f]{16}-[0-9a-f]{8}-v[\d.]+-\w+\.v8cache$/.test(f));
}

beforeAll(async () => {
  write(join(app, 'src/bin.ts'), [
    "import { here } from './here.js';",
    "import { loadHeavy } from './load-heavy.js';",
    "const [mode, arg] = process.argv.slice(2);",
    "const importModule = (globalThis as Record<symbol, unknown>)[Symbol.for('sgio.importModule')] as (s: string) => Promise<{ answer: number }>;",
    "if (mode === 'import') importModule(arg!).then((m) => console.log('imported', m.answer));",
    "else if (mode === 'exit') process.exitCode = Number(arg);",
    "else if (mode === 'throw') throw new Error('thrown by the program');",
    "else if (mode === 'lazy') { console.log('before'); console.log(loadHeavy().heavy); }",
    "else if (mode === 'text') console.log('gr\\u00fc\\u00dfe 5 \\u00b5s \\u2713 \\u{1F4BE}'.normalize() === 'grüße 5 µs ✓ 💾' ? 'grüße 5 µs ✓ 💾' : 'mangled');",
    "else console.log('hello from', here(), typeof require, __filename.endsWith('program.cjs'));",
  ].join('\n'));
  write(join(app, 'src/here.ts'), "export const here = (): string => new URL(import.meta.url).pathname.split('/').slice(-2).join('/');\n");
  write(join(root, 'pack.mjs'), 'export const answer = 42;\n');
  // the pattern of apps/server's schema-compiler-modules.ts: a literal require() where the program has one
  write(join(app, 'src/heavy.cjs'), "console.log('heavy evaluated');\nmodule.exports = { heavy: 'heavy used' };\n");
  write(
    join(app, 'src/load-heavy.ts'),
    [
      "import { createRequire } from 'node:module';",
      "export const loadHeavy = (): { heavy: string } => (typeof require === 'function' ? require('./heavy.cjs') : createRequire(import.meta.url)('./heavy.cjs')) as { heavy: string };",
    ].join('\n'),
  );
  await bundleApp({ appDir: app, name: 'demo' });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a bundled command', () => {
  it('runs its program as CommonJS, with import.meta.url naming the bundle', () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello from dist/program.cjs function true\n');
  });

  it('writes the cache on a miss (young), the next run settles it, and later runs only read it', () => {
    rmSync(cache, { recursive: true, force: true });
    const first = run();
    expect(first.debug[0]).toMatch(/^miss /);
    expect(first.debug[1]).toMatch(/^wrote \d+ bytes to .* \(young\)$/);
    const [file] = cacheFiles();
    expect(file).toMatch(new RegExp(`^demo-[0-9a-f]{16}-[0-9a-f]{8}-${process.version}-${process.arch}\\.v8cache$`));
    // young: the owner's write bit is off
    expect(statSync(join(cache, file!)).mode & 0o777).toBe(0o400);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const second = run();
    expect(second.stdout).toBe(first.stdout);
    expect(second.debug[0]).toBe('hit');
    expect(second.debug[1]).toMatch(/^settled the cache \(\d+ bytes; this run's would be \d+\)$/);
    expect(statSync(join(cache, file!)).mode & 0o777).toBe(0o600);
    expect(run().debug).toEqual(['hit']);
  });

  it('a young cache that the next run outgrows is replaced, still young, whatever the run\'s length', () => {
    rmSync(cache, { recursive: true, force: true });
    // the first run of the part compiles little (it throws at once); the second compiles the import path
    const pack = new URL(`file://${join(root, 'pack.mjs')}`).href;
    expect(run(['import', '/no/such/pack.mjs']).debug.at(-1)).toMatch(/^wrote .*\.import\.v8cache \(young\)$/);
    const file = cacheFiles().find((f) => f.endsWith('.import.v8cache'))!;
    const small = statSync(join(cache, file)).size;
    const grown = run(['import', pack]);
    expect(grown.stdout).toBe('imported 42\n');
    if (statSync(join(cache, file)).size >= small * 1.05) {
      expect(grown.debug.at(-1)).toMatch(/^wrote .*\.import\.v8cache \(young\)$/);
      expect(run(['import', pack]).debug.at(-1)).toMatch(/^settled the cache/);
    } else {
      expect(grown.debug.at(-1)).toMatch(/^settled the cache/);
    }
    expect(run(['import', pack]).debug).toEqual(['hit']);
  });

  it("bundles a literal require() of an ES module's source as a lazy init: evaluated on the first call, not at start", () => {
    expect(run().stdout).not.toContain('heavy evaluated');
    expect(run(['lazy']).stdout).toBe('before\nheavy evaluated\nheavy used\n');
    // bundled, not left to Node's resolver at run time (only the ES-module branch, never taken here, names the file)
    expect(readFileSync(join(app, 'dist/program.cjs'), 'latin1')).not.toContain('require("./heavy.cjs")');
  });

  it('keeps text outside ASCII intact: the program is ASCII, read as Latin-1', () => {
    expect(readFileSync(join(app, 'dist/program.cjs')).every((byte) => byte <= 0x7f)).toBe(true);
    for (let i = 0; i < 2; i++) expect(run(['text']).stdout).toBe('grüße 5 µs ✓ 💾\n');
  });

  it('writes the program as one function expression, compiled by the loader as it is', () => {
    const text = readFileSync(join(app, 'dist/program.cjs'), 'latin1');
    expect(text.startsWith(PROGRAM_WRAPPER_START)).toBe(true);
    expect(text.trimEnd().endsWith(PROGRAM_WRAPPER_END)).toBe(true);
    // the loader compiles no copy of the file with a wrapper of its own
    expect(readFileSync(join(app, 'dist/bin.cjs'), 'utf8')).not.toContain('(function (exports, require');
  });

  it('keeps the exit status and the uncaught error of the program', () => {
    expect(run(['exit', '3']).status).toBe(3);
    const thrown = run(['throw']);
    expect(thrown.status).toBe(1);
    expect(thrown.stderr).toContain('thrown by the program');
    expect(thrown.stderr).toContain('program.cjs');
  });

  it('imports ES modules through its import hook (command packs), from a cache hit too', () => {
    const pack = new URL(`file://${join(root, 'pack.mjs')}`).href;
    run(['import', pack]);
    run(['import', pack]);
    const r = run(['import', pack]);
    expect(r.debug).toEqual(['hit']);
    expect(r.stdout).toBe('imported 42\n');
  });

  it('replaces a cache V8 refuses, and ignores one others may write', () => {
    rmSync(cache, { recursive: true, force: true });
    run();
    const file = baseCacheFile();
    writeFileSync(join(cache, file!), Buffer.alloc(4096, 7), { mode: 0o600 });
    const rejected = run();
    expect(rejected.status).toBe(0);
    expect(rejected.debug[0]).toBe('rejected by V8');
    expect(rejected.debug[1]).toMatch(/^wrote /);
    expect(run().debug[1]).toMatch(/^settled/);
    expect(run().debug).toEqual(['hit']);
    chmodSync(join(cache, file!), 0o666);
    const untrusted = run();
    expect(untrusted.stdout).toBe('hello from dist/program.cjs function true\n');
    expect(untrusted.debug[0]).toMatch(/^not trusted/);
    chmodSync(join(cache, file!), 0o600);
  });

  it('keeps a cache per part (first argument); a part\'s first run reads the base cache and writes its own', () => {
    rmSync(cache, { recursive: true, force: true });
    run();
    run(); // settles the base cache
    const first = run(['exit', '0']);
    expect(first.debug[0]).toMatch(/^miss .*\.exit\.v8cache$/);
    expect(first.debug[1]).toBe('hit');
    expect(first.debug[2]).toMatch(/^wrote \d+ bytes to .*\.exit\.v8cache \(young\)$/);
    expect(run(['exit', '0']).debug[1]).toMatch(/^settled/);
    expect(run(['exit', '0']).debug).toEqual(['hit']);
    // an option or a path first is no part: the base cache
    expect(run(['--flag']).debug).toEqual(['hit']);
    expect(cacheFiles().map((f) => f.replace(/^demo-[0-9a-f]{16}-[0-9a-f]{8}-v[\d.]+-\w+/, ''))).toEqual(['.exit.v8cache', '.v8cache']);
  });

  it('writes nothing when the cache is off', () => {
    rmSync(cache, { recursive: true, force: true });
    for (const env of [{ SGIO_COMPILE_CACHE: 'off' }, { NODE_DISABLE_COMPILE_CACHE: '1' }] as Record<string, string>[]) {
      const r = run([], env);
      expect(r.status).toBe(0);
      expect(r.debug).toEqual(['off']);
    }
    expect(() => readdirSync(cache)).toThrow();
  });

  it('runs without a cache when the cache folder cannot be written', () => {
    rmSync(cache, { recursive: true, force: true });
    write(cache, 'a file where the folder should be');
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello from dist/program.cjs function true\n');
    expect(r.debug.some((l) => l.startsWith('cannot write the cache'))).toBe(true);
    rmSync(cache, { force: true });
  });

  it('a rebuilt program gets a new cache file, and the old one is removed', async () => {
    rmSync(cache, { recursive: true, force: true });
    run();
    const [before] = cacheFiles();
    write(join(app, 'src/here.ts'), "export const here = (): string => 'rebuilt';\n");
    await bundleApp({ appDir: app, name: 'demo' });
    expect(run().stdout).toBe('hello from rebuilt function true\n');
    const after = cacheFiles();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
  });

  it('two installs of one build keep a cache each, so an error names the install that ran', () => {
    rmSync(cache, { recursive: true, force: true });
    const copy = join(root, 'copy');
    mkdirSync(join(copy, 'dist'), { recursive: true });
    for (const f of ['bin.cjs', 'program.cjs']) copyFileSync(join(app, 'dist', f), join(copy, 'dist', f));
    // an old loader's file (no place in its name) goes when this loader writes
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const unlocated = `demo-0123456789abcdef-${process.version}-${process.arch}.v8cache`;
    writeFileSync(join(cache, unlocated), 'old', { mode: 0o600 });
    for (const [bin, other] of [
      [join(app, 'dist/bin.cjs'), copy],
      [join(copy, 'dist/bin.cjs'), app],
      [join(app, 'dist/bin.cjs'), copy],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const r = run(['throw'], {}, bin);
        expect(r.status).toBe(1);
        // V8 would name the script that wrote the cache: the other install's, had they shared it
        expect(r.stderr).toContain(join(bin, '../program.cjs'));
        expect(r.stderr).not.toContain(join(other, 'dist/program.cjs'));
      }
    }
    const files = cacheFiles();
    expect(files).not.toContain(unlocated);
    expect(files.filter((f) => f.endsWith('.throw.v8cache'))).toHaveLength(2);
  });

  it('a run that compiled more replaces its own cache at exit when the program refreshes at once (sgiod)', async () => {
    rmSync(cache, { recursive: true, force: true });
    const server = join(root, 'server');
    // --more runs 200 functions a plain run never compiles (an option, so no part of its own: the base cache)
    const more = Array.from({ length: 200 }, (_, i) => `function f${i}(x: number): number { let s = ${i}; for (let k = 0; k < x; k++) s = (s * 31 + k) % 1009; return s; }`);
    write(join(server, 'src/bin.ts'), [...more, `if (process.argv.includes('--more')) console.log([${more.map((_, i) => `f${i}(3)`).join(', ')}].length);`, "else console.log('plain');"].join('\n'));
    await bundleApp({ appDir: server, name: 'srv', refreshCacheAfterMs: 0 });
    const bin = join(server, 'dist/bin.cjs');
    const file = (): string => join(cache, readdirSync(cache).find((f) => f.startsWith('srv-'))!);
    expect(run([], {}, bin).debug[1]).toMatch(/^wrote /);
    const plainBytes = statSync(file()).size;
    const grown = run(['--more'], {}, bin);
    expect(grown.stdout).toBe('200\n');
    expect(grown.debug[0]).toBe('hit');
    expect(grown.debug[1]).toMatch(/^wrote \d+ bytes to /);
    expect(statSync(file()).size).toBeGreaterThan(plainBytes * 1.05);
    // the next run reads the larger (still young) cache and, compiling nothing new, settles it; later runs keep it
    const again = run(['--more'], {}, bin);
    expect(again.debug[0]).toBe('hit');
    expect(again.debug[1]).toMatch(/^settled the cache \(\d+ bytes; this run's would be \d+\)$/);
    expect(run([], {}, bin).debug[1]).toMatch(/^kept the cache \(\d+ bytes; this run's would be \d+\)$/);
    // the default program (2 s): once settled, a short run never serializes its cache again
    run();
    run();
    expect(run().debug).toEqual(['hit']);
  });

  it('refuses an entry that starts with a hashbang (the loader wraps the program)', async () => {
    const other = join(root, 'hashbang');
    write(join(other, 'src/bin.ts'), '#!/usr/bin/env node\nconsole.log(1);\n');
    await expect(bundleApp({ appDir: other, name: 'x' })).rejects.toThrow(/starts with #!/);
  });

  it('lists no third-party code for an app that bundles none', () => {
    expect(readFileSync(join(app, 'dist/THIRD-PARTY-LICENSES.txt'), 'utf8')).toBe('dist/program.cjs bundle code of these packages:\n\n');
  });
});
