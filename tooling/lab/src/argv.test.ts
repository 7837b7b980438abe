import { describe, expect, it } from 'vitest';
import { splitArgv } from './argv.js';
import { expectedDeviceCount, parseParam, profiles } from './profiles.js';

describe('splitArgv', () => {
  it('splits at -- and keeps option values', () => {
    expect(splitArgv(['--profile', 'multi', '--', 'ls', '-l'])).toEqual({ own: ['--profile', 'multi'], command: ['ls', '-l'] });
  });
  it('keeps the value of every option that takes one', () => {
    expect(splitArgv(['--mem', '1G', '--timeout', '9', '--block', 'node', 'x.js'])).toEqual({ own: ['--mem', '1G', '--timeout', '9', '--block'], command: ['node', 'x.js'] });
  });
  it('splits at the first word without --', () => {
    expect(splitArgv(['--block', 'sg_inq', '-v', '/dev/sg0'])).toEqual({ own: ['--block'], command: ['sg_inq', '-v', '/dev/sg0'] });
  });
});

describe('profiles', () => {
  it('count the devices they create', () => {
    expect(expectedDeviceCount(profiles.default.scsiDebug)).toBe(1);
    expect(expectedDeviceCount(profiles.multi.scsiDebug)).toBe(4);
    expect(profiles['4k'].scsiDebug.sector_size).toBe(4096);
    expect(profiles.thin.scsiDebug).toMatchObject({ lbpu: 1, lbpws: 1 });
  });
  it('parse --param and explain a bad one', () => {
    expect(parseParam('every_nth=10')).toEqual(['every_nth', '10']);
    expect(() => parseParam('every_nth')).toThrow(/NAME=VALUE/);
  });
});
