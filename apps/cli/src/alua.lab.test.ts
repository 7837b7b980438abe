/**
 * ALUA on LIO (two loopback initiators on one logical unit): `sgio rtpg`
 * reports the target port groups as sg_rtpg does, and `sgio stpg` moves the
 * group to standby and back, which both tools then report and which READs
 * through the port feel (NOT READY, exit 2 for sg_dd and sgio dd alike).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireLab, setUpLio, tearDownLio } from '@sgio/lab';
import { run, sgio } from './test-support/run.js';

requireLab('The sgio rtpg/stpg lab test');

const CORE = '/sys/kernel/config/target/core';
let a = '';

/** The default target port group's ALUA access type files of every LIO backstore. */
function accessTypeFiles(): string[] {
  const out: string[] = [];
  for (const hba of existsSync(CORE) ? readdirSync(CORE) : []) {
    const dir = join(CORE, hba);
    for (const dev of readdirSync(dir)) {
      const f = join(dir, dev, 'alua', 'default_tg_pt_gp', 'alua_access_type');
      if (existsSync(f)) out.push(f);
    }
  }
  return out;
}

beforeAll(async () => {
  const lio = await setUpLio({ initiators: 2, sizeMb: 16 });
  a = lio[0]!.path;
  // explicit ALUA (SET TARGET PORT GROUPS) besides implicit: access type 3
  for (const f of accessTypeFiles()) if (readFileSync(f, 'utf8').trim() !== '3') writeFileSync(f, '3');
  for (const d of lio) run('sg_turs', [d.path]); // the power-on unit attention of each new nexus
});

afterAll(async () => {
  if (a) run('sg_stpg', ['--optimized', a]);
  await tearDownLio();
});

interface Groups {
  groups: { group: number; accessState: number; accessStateName: string; ports: number[] }[];
}

/** sg_rtpg -d's groups: id, state code, relative target ports. */
function peerGroups(dev: string): { group: number; accessState: number; ports: number[] }[] {
  const r = run('sg_rtpg', ['-d', dev]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout
    .split(/target port group id\s*:/)
    .slice(1)
    .map((block) => ({
      group: parseInt(/^\s*0x([0-9a-f]+)/i.exec(block)![1]!, 16),
      accessState: parseInt(/asymmetric access state\s*:\s*0x([0-9a-f]+)/i.exec(block)![1]!, 16),
      ports: [...(block.split(/Relative target port ids:/i)[1] ?? '').matchAll(/^\s+0x([0-9a-f]+)\s*$/gim)].map((m) => parseInt(m[1]!, 16)),
    }));
}

function ours(dev: string): Groups {
  const r = sgio('rtpg', dev, '--json');
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Groups;
}

describe('ALUA on LIO: sgio rtpg/stpg against sg_rtpg', () => {
  it('rtpg reports the same groups, states and relative target ports as sg_rtpg', () => {
    const mine = ours(a).groups.map((g) => ({ group: g.group, accessState: g.accessState, ports: g.ports }));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toEqual(peerGroups(a));
    expect(ours(a).groups[0]!.accessStateName).toBe('active/optimized');
  });

  it('stpg --state standby makes READs through the port NOT READY for sg_dd and sgio dd; --state ao brings them back', () => {
    const down = sgio('stpg', a, '--state', 'standby', '--json');
    expect(down.status, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ action: 'set-target-port-groups', commands: [{ command: 'SET TARGET PORT GROUPS', status: 'Good' }] });
    expect(ours(a).groups[0]!.accessStateName).toBe('standby');
    expect(peerGroups(a)[0]!.accessState).toBe(0x2);
    const theirs = run('sg_dd', [`if=${a}`, 'of=/dev/null', 'bs=512', 'count=8']);
    expect(theirs.status, theirs.stderr).toBe(2);
    const mine = sgio('dd', `if=${a}`, 'of=/dev/null', 'bs=512', 'count=8');
    expect(mine.status, mine.stderr).toBe(2);
    expect(mine.stderr).toMatch(/standby/i);
    const up = sgio('stpg', a, '--state', 'ao');
    expect(up.status, up.stderr).toBe(0);
    expect(peerGroups(a)[0]!.accessState).toBe(0x0);
    expect(run('sg_dd', [`if=${a}`, 'of=/dev/null', 'bs=512', 'count=8']).status).toBe(0);
  });

  it('stpg refuses a state it cannot set before sending anything (exit 1)', () => {
    const r = sgio('stpg', a, '--state', 'transitioning');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/use ao, an, s, u, o/);
  });
});
