/** Loading captured and handmade fixtures, and running sg3_utils on them (test-only helpers: named *.test.mts so the layer rule treats them as test code and vitest does not collect them). */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folder of the fixtures. */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * The scsi_debug profiles scripts/capture-fixtures.sh captures, fixed here so
 * that a missing profile folder fails (see `fixtureSetProblems`) instead of
 * shrinking the peer tests.
 */
export const PROFILES: readonly string[] = ['4k', 'default', 'dif', 'multi', 'thin'];

/**
 * Responses every profile must have captured (`NAME.bin` and `NAME.txt`).
 * scsi_debug answers all of them in every profile today, VPD 0xB2 and
 * GET LBA STATUS included; the capture script fails when one is missing.
 */
export const REQUIRED_CAPTURES: readonly string[] = [
  'inquiry',
  ...['00', '80', '83', '86', '89', 'b0', 'b1', 'b2'].map((p) => `vpd-${p}`),
  'readcap10',
  'readcap16',
  'mode10-all',
  'mode10-all-subpages',
  'mode6-all',
  'mode10-llbaa',
  'mode10-changeable',
  'log-00',
  'log-00-ff',
  'log-0d',
  'log-2f',
  'luns',
  'luns-select1',
  'luns-select2',
  'opcodes-all',
  'opcodes-all-rctd',
  'opcodes-one-28',
  'opcodes-one-9e-10-rctd',
  'lba-status',
];

/** sdparm texts every profile must have captured. */
export const REQUIRED_SDPARM: readonly string[] = ['rw', 'ca', 'co', 'ie'].map((a) => `sdparm-${a}.txt`);

/**
 * What is wrong with the captured fixture set: profile folders that are
 * missing or unexpected, and required files a profile lacks. Empty when complete.
 */
export function fixtureSetProblems(): string[] {
  const problems: string[] = [];
  const present = readdirSync(join(FIXTURES, 'scsi_debug')).sort();
  for (const p of present) if (!PROFILES.includes(p)) problems.push(`unexpected profile folder ${p} (add it to PROFILES)`);
  for (const profile of PROFILES) {
    if (!present.includes(profile)) {
      problems.push(`profile ${profile} was not captured`);
      continue;
    }
    const files = new Set(readdirSync(join(FIXTURES, 'scsi_debug', profile)));
    for (const name of REQUIRED_CAPTURES) {
      for (const f of [`${name}.bin`, `${name}.txt`]) if (!files.has(f)) problems.push(`${profile}/${f} is missing`);
    }
    for (const f of REQUIRED_SDPARM) if (!files.has(f)) problems.push(`${profile}/${f} is missing`);
  }
  return problems;
}

/** Path of a captured file. */
export function capturedPath(profile: string, name: string): string {
  return join(FIXTURES, 'scsi_debug', profile, name);
}

/** Bytes of a captured `.bin` fixture, or undefined when the device gave none. */
export function captured(profile: string, name: string): Uint8Array | undefined {
  const p = capturedPath(profile, `${name}.bin`);
  return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
}

/** Text sg3_utils printed in the lab for a captured response. */
export function capturedText(profile: string, name: string): string {
  return readFileSync(capturedPath(profile, `${name}.txt`), 'utf8');
}

/** Path of a handmade hex fixture. */
export function handmadePath(name: string): string {
  return join(FIXTURES, 'handmade', name);
}

/** Bytes of a handmade hex fixture (whitespace separated hex pairs). */
export function handmade(name: string): Uint8Array {
  const text = readFileSync(handmadePath(name), 'utf8');
  return new Uint8Array((text.match(/[0-9a-fA-F]{2}/g) ?? []).map((h) => parseInt(h, 16)));
}

/** Every captured `.bin` fixture, as [profile, name, bytes]. */
export function allCaptured(): [string, string, Uint8Array][] {
  const out: [string, string, Uint8Array][] = [];
  for (const profile of PROFILES) {
    for (const f of readdirSync(join(FIXTURES, 'scsi_debug', profile))) {
      if (f.endsWith('.bin')) out.push([profile, f.slice(0, -4), new Uint8Array(readFileSync(capturedPath(profile, f)))]);
    }
  }
  return out;
}

let checked = false;

/**
 * Runs an sg3_utils tool and returns its standard output. Fails (never
 * skips) with an install hint when sg3_utils is missing, and fails when the
 * tool exits with a status other than 0 or one listed in `okStatuses`: a
 * tool that rejected its input must not hand half an output to a comparison.
 */
export function sg3(tool: string, args: string[], okStatuses: readonly number[] = []): string {
  if (!checked) {
    try {
      execFileSync('sg_inq', ['--version'], { stdio: 'pipe' });
    } catch {
      throw new Error('sg3_utils is not installed on this machine; the decoder peer tests need it: apt-get install sg3-utils');
    }
    checked = true;
  }
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; status?: number | null };
    if (typeof e.status === 'number' && okStatuses.includes(e.status) && typeof e.stdout === 'string') return e.stdout;
    throw new Error(`${tool} ${args.join(' ')} exited with status ${String(e.status)}:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

/** A number as sg3_utils prints it (decimal or 0x hex). */
export function num(text: string): number {
  return text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10);
}

/** Lowercase alphanumerics only: compares sg3_utils acronyms with camelCase field names. */
export function norm(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** KEY=VALUE pairs of sg3_utils output (obsolete ones in brackets included). */
export function keyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    for (const segment of line.trim().split(/,\s+|\s{2,}/)) {
      const eq = segment.split('=').length - 1;
      if (eq === 0) continue;
      const tokens = eq === 1 ? [segment] : segment.split(/\s+/);
      for (const t of tokens) {
        const m = /^[[(]?([^=]+)=(0x[0-9a-fA-F]+|\d+)/.exec(t);
        if (m) out.set(norm(m[1]!.split(':').pop()!), num(m[2]!));
      }
    }
  }
  return out;
}

/** A field value as a number (booleans as 0/1, bigints converted). */
export function asNumber(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return v as number;
}
