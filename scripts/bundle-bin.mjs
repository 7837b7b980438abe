#!/usr/bin/env node
/**
 * Bundles an app's command (`src/bin.ts`) with esbuild into `dist/bin.js`
 * plus `dist/chunks/*.js`, run from the app's folder after `tsc` (whose
 * `dist/bin.js` it replaces).
 *
 * Why: unbundled, a command resolves, reads and compiles some 400 ES modules
 * of the workspace and its dependencies before its first SCSI command (a
 * stat and an open per file, far worse in the lab, where UML makes every
 * system call slow). One bundle with code splitting keeps the lazy
 * `import()` of each subcommand's action (each becomes a chunk) while the
 * start-up reads a handful of files.
 *
 * koffi stays external: it loads its native module from its own package
 * folder, so the app lists koffi as a dependency and the bundle requires it
 * from the app's installed location.
 *
 * Usage: node ../../scripts/bundle-bin.mjs
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * commander requires node:child_process (which loads net, dgram and more)
 * at its top, for executable subcommands only, which sgio does not use:
 * in the bundle it loads on first use instead. The build fails if
 * commander's line changes, rather than silently keeping the cost.
 */
const lazyChildProcessInCommander = {
  name: 'lazy-child-process-in-commander',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!source.includes(line)) throw new Error(`${args.path} no longer has the line ${line}: update scripts/bundle-bin.mjs`);
      return { contents: source.replace(line, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

rmSync('dist/chunks', { recursive: true, force: true });
const result = await build({
  entryPoints: { bin: 'src/bin.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['koffi'],
  // CommonJS dependencies (commander, fastify, ...) call require() for Node's built-ins
  banner: { js: "import { createRequire as __sgioCreateRequire } from 'node:module';\nconst require = __sgioCreateRequire(import.meta.url);" },
  // whitespace and syntax only: class and function names stay (error names and stack traces use them)
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [lazyChildProcessInCommander],
});

/** The folder of the npm package that holds `file` (its nearest package.json with a name). */
function packageDir(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) return dir;
  }
  return undefined;
}

// the bundle copies third-party code: ship their licence texts beside it
const thirdParty = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  if (!input.includes('node_modules/')) continue;
  const dir = packageDir(input);
  if (!dir || thirdParty.has(dir)) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.name.startsWith('@sgio/')) continue;
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  thirdParty.set(dir, `${manifest.name}@${manifest.version} (${manifest.license ?? 'see its package'})\n\n${licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : 'no licence file in the package'}\n`);
}
writeFileSync(
  'dist/THIRD-PARTY-LICENSES.txt',
  `dist/bin.js and dist/chunks/ bundle code of these packages:\n\n${[...thirdParty.values()].sort().join('\n---\n\n')}`,
);
