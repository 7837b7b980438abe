/**
 * Packing: `pnpm pack` of each published package (which rewrites
 * `workspace:` ranges to real versions, as publishing does), and reading a
 * tarball's file list.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePackage } from './workspace.js';

/** A packed package. */
export interface PackedPackage {
  /** The workspace package it came from. */
  readonly pkg: WorkspacePackage;
  /** Absolute path of the .tgz. */
  readonly tarball: string;
}

/** The file name `pnpm pack` gives a package's tarball. */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/** Packs each package into `dest` (created if missing); returns the tarballs. */
export function packAll(packages: readonly WorkspacePackage[], dest: string): PackedPackage[] {
  mkdirSync(dest, { recursive: true });
  return packages.map((pkg) => {
    execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: pkg.dir, stdio: 'pipe' });
    const tarball = join(dest, tarballName(pkg.name, pkg.manifest.version));
    if (!readdirSync(dest).includes(tarballName(pkg.name, pkg.manifest.version))) {
      throw new Error(`pnpm pack of ${pkg.name} did not write ${tarball}`);
    }
    return { pkg, tarball };
  });
}

/** The paths inside a tarball, without the leading `package/`. */
export function tarballEntries(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
}
