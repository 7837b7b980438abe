#!/usr/bin/env node
/**
 * `pnpm check:packages`: packs every published package and checks each
 * tarball with publint (strict), @arethetypeswrong/cli (ESM-only profile),
 * the content rules (no tests, sources or source maps; a README) and the
 * platform rules (`os`/`cpu` where native code runs). Exits 1 on any problem.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentProblems } from './contents.js';
import { packAll, tarballEntries } from './pack.js';
import { platformProblems } from './platform.js';
import { bindsNativeCode, publishedPackages, workspacePackages, workspaceRoot } from './workspace.js';

/** Runs a tool from the root's node_modules/.bin; returns its status and output. */
function tool(name: string, args: readonly string[]): { ok: boolean; output: string } {
  const r = spawnSync(join(workspaceRoot, 'node_modules', '.bin', name), args, { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

function main(): number {
  const dest = mkdtempSync(join(tmpdir(), 'sgio-check-packages-'));
  const all = workspacePackages();
  let failed = 0;
  try {
    for (const { pkg, tarball } of packAll(publishedPackages(), dest)) {
      const problems = [...contentProblems(tarballEntries(tarball)), ...platformProblems(pkg.manifest, bindsNativeCode(pkg, all))];
      const publint = tool('publint', ['run', tarball, '--strict']);
      if (!publint.ok || !publint.output.includes('All good!')) {
        problems.push(`publint:\n${publint.output}`);
      }
      // a command-only package (bin, no exports) has no types to check
      const library = pkg.manifest.exports !== undefined || pkg.manifest.bin === undefined;
      const attw = library ? tool('attw', [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji']) : undefined;
      if (attw && !attw.ok) problems.push(`attw:\n${attw.output}`);
      if (problems.length) {
        failed++;
        process.stdout.write(`✗ ${pkg.name}\n${problems.map((p) => `  - ${p.replace(/\n/g, '\n    ')}`).join('\n')}\n`);
      } else {
        const types = attw ? 'attw (esm-only) clean' : 'attw not needed (command only, no exports)';
        process.stdout.write(`✓ ${pkg.name}: publint clean, ${types}, contents and platform fields fine\n`);
      }
    }
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
  if (failed) process.stdout.write(`\n${failed} package(s) failed the packaging checks; fix the package.json fields or the files list named above.\n`);
  return failed ? 1 : 0;
}

process.exitCode = main();
