/**
 * A consumer project outside the workspace: a package.json that depends on
 * the packed tarballs (and forces every inner `@sgio/*` range onto them, as
 * a registry would), installed with plain npm or pnpm, plus the smoke script.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackedPackage } from './pack.js';

/**
 * Where the host test leaves its work for the lab test: tarballs, the npm
 * project and the pnpm project. Fixed, so the lab test finds it.
 */
export const PACK_TEST_DIR: string = join(tmpdir(), 'sgio-pack-test');

/** The smoke script every project runs. */
export const SMOKE_SCRIPT: string = fileURLToPath(new URL('../fixtures/smoke.mjs', import.meta.url));

/** Package managers the test installs with. */
export type Manager = 'npm' | 'pnpm';

/** The package.json of a consumer project that depends on `packed`. */
export function consumerManifest(packed: readonly PackedPackage[]): Record<string, unknown> {
  const deps = Object.fromEntries(packed.map(({ pkg, tarball }) => [pkg.name, `file:${tarball}`]));
  return {
    name: 'sgio-pack-smoke',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: deps,
    overrides: deps,
    pnpm: { overrides: deps },
  };
}

/** The JavaScript entry of a package manager on the PATH (to run it with another Node). */
function managerScript(manager: Manager): string {
  return realpathSync(execFileSync('which', [manager], { encoding: 'utf8' }).trim());
}

/**
 * Makes a fresh project in `dir` (removing what was there), installs the
 * tarballs with `manager` under its default script policy, and copies the
 * smoke script in. With `node`, the package manager runs on that Node binary
 * (and finds it first on the PATH for any install script). Returns the
 * command's output.
 */
export function installProject(dir: string, packed: readonly PackedPackage[], manager: Manager, node?: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(consumerManifest(packed), null, 2)}\n`);
  copyFileSync(SMOKE_SCRIPT, join(dir, 'smoke.mjs'));
  const args = manager === 'npm' ? ['install', '--no-audit', '--no-fund', '--prefer-offline'] : ['install', '--prefer-offline'];
  // a clean environment: no workspace settings leak into the consumer
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|PNPM_|pnpm_)/i.test(k) || k === 'PNPM_HOME'));
  if (node === undefined) return execFileSync(manager, args, { cwd: dir, env, encoding: 'utf8', stdio: 'pipe' });
  env.PATH = `${dirname(node)}:${env.PATH ?? ''}`;
  return execFileSync(node, [managerScript(manager), ...args], { cwd: dir, env, encoding: 'utf8', stdio: 'pipe' });
}
