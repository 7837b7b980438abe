/**
 * Proves the TypeScript struct layouts and constants against the system's
 * <scsi/sg.h> and <linux/bsg.h>: test/c-layout/sg_layout.c is compiled with
 * gcc and run; its JSON is compared member by member. Fails (never skips)
 * when gcc or the headers are missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BSG_FLAG, BSG_PROTOCOL, BSG_SUB_PROTOCOL } from './bsg-constants.js';
import { SG_DXFER, SG_FLAG, SG_INFO } from './flags.js';
import { SG_IOCTL, SG_SCSI_RESET_MODE } from './ioctl.js';
import * as limits from './limits.js';
import { sgIoHdrLayout } from './sg-io-hdr.js';
import { sgIoV4Layout } from './sg-io-v4.js';
import { sgIovecLayout } from './sg-iovec.js';
import { sgReqInfoLayout } from './sg-req-info.js';
import { sgScsiIdLayout } from './sg-scsi-id.js';
import type { StructLayout } from './struct-layout.js';

interface CLayout {
  structs: Record<string, { size: number; members: Record<string, [number, number]> }>;
  constants: Record<string, number>;
}

const source = fileURLToPath(new URL('../../test/c-layout/sg_layout.c', import.meta.url));
const INSTALL_HINT = 'the sg struct layout test needs a C compiler and the kernel headers: run `apt-get install gcc libc6-dev` (as root) and re-run the tests';
let dir: string;
let c: CLayout;

function compileAndRun(): CLayout {
  const exe = join(dir, 'sg_layout');
  try {
    execFileSync('gcc', ['-std=gnu11', '-Wall', '-o', exe, source], { stdio: 'pipe' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    const why = err.code === 'ENOENT' ? 'gcc was not found' : `gcc failed: ${err.stderr?.toString().trim() ?? err.message}`;
    throw new Error(`${why}. ${INSTALL_HINT}`);
  }
  return JSON.parse(execFileSync(exe, { encoding: 'utf8' })) as CLayout;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sgio-c-layout-'));
  c = compileAndRun();
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const layouts: StructLayout[] = [sgIoHdrLayout, sgIoV4Layout, sgScsiIdLayout, sgReqInfoLayout, sgIovecLayout];

describe('sg struct layouts match the C headers', () => {
  for (const layout of layouts) {
    it(`${layout.name}: sizeof and every member's offset and size`, () => {
      const cs = c.structs[layout.name];
      expect(cs, `${layout.name} missing from the C program`).toBeDefined();
      expect(layout.size).toBe(cs!.size);
      const ts = Object.fromEntries(layout.members.map((m) => [m.cName, [m.offset, m.size]]));
      expect(ts).toEqual(cs!.members);
    });
  }
  it('sg_io_hdr is 88 bytes and sg_io_v4 160 on this (LP64) machine', () => {
    expect(c.structs.sg_io_hdr!.size).toBe(88);
    expect(c.structs.sg_io_v4!.size).toBe(160);
  });
});

describe('sg and bsg constants match the C headers', () => {
  const ts: Record<string, number> = {
    ...SG_IOCTL,
    ...SG_SCSI_RESET_MODE,
    ...SG_DXFER,
    ...SG_FLAG,
    SG_FLAG_LUN_INHIBIT: SG_FLAG.SG_FLAG_UNUSED_LUN_INHIBIT,
    ...SG_INFO,
    ...Object.fromEntries(Object.entries(limits).filter(([k]) => k !== 'SG_DEFAULT_TIMEOUT_MS')),
    ...BSG_PROTOCOL,
    ...BSG_SUB_PROTOCOL,
    ...BSG_FLAG,
  };
  it('every constant the headers define has the same value here', () => {
    const mismatches = Object.entries(c.constants).filter(([name, value]) => ts[name] !== value);
    expect(mismatches).toEqual([]);
  });
  it('the headers define the core ioctls and masks (sanity check of the C side)', () => {
    for (const name of ['SG_IO', 'SG_GET_VERSION_NUM', 'SG_SET_RESERVED_SIZE', 'SG_DXFER_FROM_DEV', 'SG_INFO_CHECK', 'BSG_PROTOCOL_SCSI']) {
      expect(c.constants[name], name).toBeDefined();
    }
  });
});
