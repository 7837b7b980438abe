/**
 * The workspace as the packaging checks see it: where it is, and which of
 * its packages are published (every package whose manifest is not private).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the monorepo root. */
export const workspaceRoot: string = fileURLToPath(new URL('../../..', import.meta.url));

/** The fields of a package.json the checks read. */
export interface Manifest {
  /** Package name. */
  readonly name: string;
  /** Version. */
  readonly version: string;
  /** True for packages that are never published. */
  readonly private?: boolean;
  /** Supported operating systems. */
  readonly os?: readonly string[];
  /** Supported CPU architectures. */
  readonly cpu?: readonly string[];
  /** The export map; absent for command-only packages. */
  readonly exports?: unknown;
  /** Commands the package installs. */
  readonly bin?: Readonly<Record<string, string>>;
  /** Runtime dependencies. */
  readonly dependencies?: Readonly<Record<string, string>>;
}

/** A workspace package. */
export interface WorkspacePackage {
  /** Package name (`@sgio/core`). */
  readonly name: string;
  /** Absolute folder. */
  readonly dir: string;
  /** Its package.json. */
  readonly manifest: Manifest;
}

const GROUPS = ['packages', 'apps', 'tooling', 'examples'];

/** Every package of the workspace, in folder order. */
export function workspacePackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const group of GROUPS) {
    const base = join(workspaceRoot, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base).sort()) {
      const file = join(base, entry, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      out.push({ name: manifest.name, dir: join(base, entry), manifest });
    }
  }
  return out;
}

/** The packages that go to npm: every workspace package not marked private. */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((p) => p.manifest.private !== true);
}

/**
 * True when a package runs native code: it depends on koffi, directly or
 * through another workspace package.
 */
export function bindsNativeCode(pkg: WorkspacePackage, all: readonly WorkspacePackage[] = workspacePackages()): boolean {
  const seen = new Set<string>();
  const visit = (p: WorkspacePackage): boolean => {
    if (seen.has(p.name)) return false;
    seen.add(p.name);
    const deps = Object.keys(p.manifest.dependencies ?? {});
    if (deps.includes('koffi')) return true;
    return deps.some((d) => {
      const inner = all.find((w) => w.name === d);
      return inner !== undefined && visit(inner);
    });
  };
  return visit(pkg);
}
