/** Helpers shared by the host tests (not part of the build). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sgio-libc-'));
}

/** A temporary file holding `content`; returns its path. */
export function tempFile(content: Uint8Array | string, name = 'data.bin'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** Absolute path of a fixture script in this folder. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** Runs a fixture with node; returns status, signal and output. */
export function runFixture(name: string, args: string[] = [], nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, fixture(name), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Lines of /proc/self/maps. */
export function mapsLines(): string[] {
  return readFileSync('/proc/self/maps', 'utf8').trim().split('\n');
}

/** Open descriptors of this process. */
export function openFds(): string[] {
  return readdirSync('/proc/self/fd');
}

/** The /proc/self/maps line covering `address`, if any. */
export function mapsLineAt(address: bigint): string | undefined {
  return mapsLines().find((line) => {
    const [range] = line.split(' ');
    const [lo, hi] = (range ?? '').split('-').map((h) => BigInt(`0x${h}`));
    return lo !== undefined && hi !== undefined && address >= lo && address < hi;
  });
}
