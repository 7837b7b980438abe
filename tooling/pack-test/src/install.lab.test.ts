/**
 * The lab half of the packaging test: the npm project that the host half
 * (install.pack.test.ts) installed from the packed tarballs runs its smoke script on
 * the real sg driver, opening /dev/sg0 and reading its capacity. The guest
 * has no network, so it reuses that project instead of installing again.
 */
import { firstDevice, requireLab, scsiDebugParams } from '@sgio/lab';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACK_TEST_DIR } from './project.js';

requireLab();

const project = join(PACK_TEST_DIR, 'npm-project');

describe('packed tarballs on the real sg driver', () => {
  it('open /dev/sg0 and read its capacity from the installed packages', () => {
    if (!existsSync(join(project, 'node_modules', '@sgio', 'core'))) {
      throw new Error(`${project} has no installed tarballs: run the host half first (pnpm test:pack, or pnpm test, which runs it before the lab)`);
    }
    const out = JSON.parse(execFileSync(process.execPath, ['smoke.mjs', '--lab'], { cwd: project, encoding: 'utf8' })) as {
      inLab: boolean;
      capacity: { blocks: string; blockLength: number };
    };
    const params = scsiDebugParams();
    const sectorSize = Number(params.sector_size ?? 512);
    const sizeMb = Number(params.dev_size_mb ?? 0);
    expect(out.inLab).toBe(true);
    expect(out.capacity.blockLength).toBe(sectorSize);
    expect(BigInt(out.capacity.blocks) * BigInt(sectorSize)).toBe(BigInt(sizeMb) * 1024n * 1024n);
  });

  it('the installed sgio command (a bundle loading koffi from its package) sends INQUIRY', () => {
    // other lab tests delete and rescan devices: name the one that is there now
    const out = JSON.parse(execFileSync(join(project, 'node_modules', '.bin', 'sgio'), ['inq', firstDevice().path, '--json'], { cwd: project, encoding: 'utf8' })) as { vendorId: string };
    expect(out.vendorId.trim().length).toBeGreaterThan(0);
  });
});
