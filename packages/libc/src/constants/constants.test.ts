import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/helpers.js';
import * as C from './index.js';

// Every exported constant, checked against the C headers of this machine.
const names = Object.keys(C).filter((k) => /^(O|PROT|MAP|MS|MADV|MREMAP|MLOCK|POLL|F|FD|_SC)_/.test(k) && typeof (C as Record<string, unknown>)[k] === 'number');
// MAP_UNINITIALIZED and MAP_TYPE are not in glibc's headers; glibc defines O_LARGEFILE as 0 on 64-bit, we export the kernel's value (what F_GETFL reports).
const skipInC = new Set(['MAP_UNINITIALIZED', 'MAP_TYPE', 'O_LARGEFILE']);

describe('constants', () => {
  it('match <fcntl.h>, <sys/mman.h>, <poll.h>, <unistd.h> compiled with gcc', () => {
    const gcc = spawnSync('gcc', ['--version']);
    expect(gcc.status, 'gcc is needed to check the constants against the C headers').toBe(0);
    const dir = tempDir();
    const checked = names.filter((n) => !skipInC.has(n));
    const src = [
      '#define _GNU_SOURCE',
      '#include <fcntl.h>',
      '#include <sys/mman.h>',
      '#include <poll.h>',
      '#include <unistd.h>',
      '#include <stdio.h>',
      '#include <linux/mman.h>',
      'int main(void) {',
      ...checked.map((n) => `  printf("%s %ld\\n", "${n}", (long)(${n}));`),
      '  return 0;',
      '}',
    ].join('\n');
    writeFileSync(join(dir, 'c.c'), src);
    execFileSync('gcc', ['-o', join(dir, 'c'), join(dir, 'c.c')]);
    const out = execFileSync(join(dir, 'c'), { encoding: 'utf8' });
    const fromC = Object.fromEntries(out.trim().split('\n').map((l) => [l.split(' ')[0], Number(l.split(' ')[1])]));
    const fromTs = Object.fromEntries(checked.map((n) => [n, (C as Record<string, unknown>)[n]]));
    expect(fromTs).toEqual(fromC);
    expect(checked.length).toBeGreaterThan(80);
  });

  it('has both architectures for the flags that differ', () => {
    expect(C.openFlagsX64.O_DIRECTORY).toBe(0o200000);
    expect(C.openFlagsArm64.O_DIRECTORY).toBe(0o40000);
    expect(C.O_TMPFILE & C.O_DIRECTORY).toBe(C.O_DIRECTORY);
  });
});
