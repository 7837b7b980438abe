import { describe, expect, it } from 'vitest';
import { allowedCpus, chooseCpu, parseCpuChoice, pinnedSpawn } from './cpu-pin.js';

describe('cpu pinning', () => {
  it('parses --cpu values and refuses anything else', () => {
    expect(parseCpuChoice('auto')).toBe('auto');
    expect(parseCpuChoice('all')).toBe('all');
    expect(parseCpuChoice('3')).toBe(3);
    expect(parseCpuChoice('-1')).toBeUndefined();
    expect(parseCpuChoice('0-1')).toBeUndefined();
    expect(parseCpuChoice('')).toBeUndefined();
  });

  it("reads the allowed CPUs from /proc's status text, ranges and single CPUs alike", () => {
    expect(allowedCpus('Name:\tnode\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n')).toEqual([0, 1]);
    expect(allowedCpus('Cpus_allowed_list:\t0-2,5,8-9\n')).toEqual([0, 1, 2, 5, 8, 9]);
    expect(allowedCpus('Name:\tnode\n')).toEqual([]);
  });

  it('picks one allowed CPU by seed with auto, pins nothing with all or on a single CPU', () => {
    expect(chooseCpu('auto', [0, 1], 7)).toBe(1);
    expect(chooseCpu('auto', [0, 1], 8)).toBe(0);
    expect(chooseCpu('auto', [4], 8)).toBeUndefined();
    expect(chooseCpu('all', [0, 1], 8)).toBeUndefined();
    expect(chooseCpu(1, [0, 1], 8)).toBe(1);
    expect(chooseCpu('auto', [], 8)).toBeUndefined();
    expect(() => chooseCpu(3, [0, 1], 8)).toThrow(/--cpu 3 is not a CPU this process may run on \(0,1\)/);
    expect(chooseCpu(3, [], 8), 'allowed CPUs unknown (no /proc): nothing is pinned').toBeUndefined();
  });

  it('starts the kernel through taskset only when there is a CPU and a taskset', () => {
    expect(pinnedSpawn('/k/linux', ['mem=2G'], 1, '/usr/bin/taskset')).toEqual({ file: '/usr/bin/taskset', args: ['--cpu-list', '1', '/k/linux', 'mem=2G'], env: {} });
    expect(pinnedSpawn('/k/linux', ['mem=2G'], undefined, '/usr/bin/taskset')).toEqual({ file: '/k/linux', args: ['mem=2G'], env: {} });
    expect(pinnedSpawn('/k/linux', ['mem=2G'], 1, undefined)).toEqual({ file: '/k/linux', args: ['mem=2G'], env: {} });
  });

  it("keeps the kernel's own environment (a newer C library) away from taskset: env sets it after taskset", () => {
    const env = { LD_LIBRARY_PATH: '/opt/sgio-lab/lib' };
    expect(pinnedSpawn('/k/linux', ['mem=2G'], 1, '/usr/bin/taskset', env, '/usr/bin/env')).toEqual({
      file: '/usr/bin/taskset',
      args: ['--cpu-list', '1', '/usr/bin/env', 'LD_LIBRARY_PATH=/opt/sgio-lab/lib', '/k/linux', 'mem=2G'],
      env: {},
    });
    // not pinned (or no env program): the variables go to the kernel's own environment
    expect(pinnedSpawn('/k/linux', ['mem=2G'], undefined, '/usr/bin/taskset', env, '/usr/bin/env')).toEqual({ file: '/k/linux', args: ['mem=2G'], env });
    expect(pinnedSpawn('/k/linux', ['mem=2G'], 1, '/usr/bin/taskset', env, undefined)).toEqual({ file: '/k/linux', args: ['mem=2G'], env });
  });
});
