/**
 * The host half of the packaging test: pack every published package, install
 * the tarballs into fresh projects outside the workspace with plain npm and
 * with pnpm 10 (default script policies: koffi's install script does not
 * run), each running on Node 20 and on Node 22, and run the smoke script
 * there on both; then run the packed CLI. The npm project stays in
 * PACK_TEST_DIR for the lab test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { node22, OTHER_NODE_MAJOR } from './node22.js';
import { packAll, type PackedPackage } from './pack.js';
import { installProject, PACK_TEST_DIR } from './project.js';
import { publishedPackages } from './workspace.js';

interface Smoke {
  node: string;
  inquiryCdb: string;
  decoded: string;
  pageSize: number;
  platform: boolean;
  coreExports: string[];
  inLab?: boolean;
}

const npmProject = join(PACK_TEST_DIR, 'npm-project');
const pnpmProject = join(PACK_TEST_DIR, 'pnpm-project');
let packed: PackedPackage[];

function smoke(project: string, node = process.execPath): Smoke {
  return JSON.parse(execFileSync(node, ['smoke.mjs'], { cwd: project, encoding: 'utf8' })) as Smoke;
}

/**
 * The CLI is a bundle with koffi left external: `dist/program.cjs` requires koffi
 * from the installed CLI's own folder. Load it from there, as they do.
 */
function koffiFromCliBundle(project: string, node = process.execPath): string {
  const bin = realpathSync(join(project, 'node_modules', '@sgio', 'cli', 'dist', 'program.cjs'));
  return execFileSync(node, ['-e', `process.stdout.write(require('node:module').createRequire(${JSON.stringify(bin)})('koffi').version)`], { encoding: 'utf8' });
}

function expectSmoke(s: Smoke): void {
  expect(s.inquiryCdb).toBe('12 00 00 00 60 00');
  expect(s.decoded).toBe('inquiry');
  expect(s.pageSize).toBeGreaterThanOrEqual(4096);
  expect(s.platform).toBe(true);
  expect(s.coreExports).toEqual(['SgDevice', 'listDevices', 'CheckConditionError']);
  if (process.arch === 'x64') expect(s.inLab).toBe(false);
}

beforeAll(() => {
  rmSync(join(PACK_TEST_DIR, 'tarballs'), { recursive: true, force: true });
  // the lab is x86_64 only: elsewhere it is not installable, so leave it out
  const packages = publishedPackages().filter((p) => process.arch === 'x64' || p.name !== '@sgio/lab');
  packed = packAll(packages, join(PACK_TEST_DIR, 'tarballs'));
});

describe('packed tarballs installed with npm', () => {
  beforeAll(() => {
    installProject(npmProject, packed, 'npm');
  });

  it('import, encode a CDB and call into koffi on this Node', () => {
    const s = smoke(npmProject);
    expect(s.node).toBe(process.versions.node);
    expectSmoke(s);
  });

  it(`work on Node ${OTHER_NODE_MAJOR} too`, () => {
    const s = smoke(npmProject, node22(join(PACK_TEST_DIR, 'node22')));
    expect(s.node.split('.')[0]).toBe(String(OTHER_NODE_MAJOR));
    expectSmoke(s);
  });

  it("koffi's own install script (prebuilt binary check) succeeds where a policy runs it", () => {
    const koffi = join(npmProject, 'node_modules', 'koffi');
    expect(existsSync(koffi)).toBe(true);
    execFileSync('npm', ['run', 'install', '--ignore-scripts=false'], { cwd: koffi, stdio: 'pipe' });
    expectSmoke(smoke(npmProject));
  });

  it('the sgio command prints its help', () => {
    const help = execFileSync(join(npmProject, 'node_modules', '.bin', 'sgio'), ['--help'], { cwd: npmProject, encoding: 'utf8' });
    expect(help).toMatch(/^Usage: sgio/m);
    expect(help).toContain('--plugin');
  });

  it('sgio cmd inquiry --dry-run shows the CDB without a device', () => {
    const out = execFileSync(join(npmProject, 'node_modules', '.bin', 'sgio'), ['cmd', 'inquiry', '--allocation-length', '96', '--dry-run'], {
      cwd: npmProject,
      encoding: 'utf8',
    });
    expect(out.toLowerCase()).toMatch(/12 00 00 00 60 00/);
  });

  it("the sgio bundle finds koffi from the CLI's installed folder", () => {
    expect(koffiFromCliBundle(npmProject)).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('packed tarballs installed with pnpm 10', () => {
  it("install under pnpm's build-script policy (koffi's script not approved) and work", () => {
    const log = installProject(pnpmProject, packed, 'pnpm');
    expect(log).not.toMatch(/ERR_/);
    expectSmoke(smoke(pnpmProject));
    // pnpm's strict layout: the CLI sees only its own dependencies, koffi among them
    expect(koffiFromCliBundle(pnpmProject)).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe(`packed tarballs installed by npm and pnpm running on Node ${OTHER_NODE_MAJOR}`, () => {
  for (const manager of ['npm', 'pnpm'] as const) {
    it(`${manager} on Node ${OTHER_NODE_MAJOR}: install and work`, () => {
      const node = node22(join(PACK_TEST_DIR, 'node22'));
      const project = join(PACK_TEST_DIR, `${manager}-node${OTHER_NODE_MAJOR}-project`);
      installProject(project, packed, manager, node);
      const s = smoke(project, node);
      expect(s.node.split('.')[0]).toBe(String(OTHER_NODE_MAJOR));
      expectSmoke(s);
    });
  }
});
