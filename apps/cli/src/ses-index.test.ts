/**
 * `sgio ses --index` and `--page th|str` against sg_ses on struct's SES
 * fixtures (no device: no lab target emulates an enclosure).
 *
 * - Every --index form: the elements sgio selects (parseSesIndex, then
 *   struct's selectSesElements; and for a sample, the built CLI's
 *   `--page es --index ... --json`) are the rows `sg_ses --join --index=...`
 *   prints. Where sg_ses refuses a form sgio refuses it too; where sg_ses
 *   prints "no match" (no rows, exit 0) sgio refuses with exit status 1.
 *   The two forms sgio accepts beyond sg_ses 1.46 (`ps1`, documented in
 *   sg_ses(8) but refused by its parser, and upper-case acronyms) are
 *   compared with the sg_ses form they mean (`_2_1`, `ps`).
 * - `--page th --json`: every threshold sg_ses prints, in its units.
 * - `--page str`: the hex dump lines are sg_ses' own.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeSesConfiguration, SES_ELEMENT_TYPE_ACRONYMS, selectSesElements, splitDiagnosticPages } from '@sgio/struct';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSesIndex } from './actions/ses-index.js';

const BIN = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
const DIR = fileURLToPath(new URL('../../../packages/struct/test/fixtures/ses/', import.meta.url));

function run(cmd: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const sgio = (...args: string[]): ReturnType<typeof run> => run(process.execPath, [BIN, ...args]);

function configOf(file: string): ReturnType<typeof decodeSesConfiguration> {
  const bytes = Uint8Array.from(readFileSync(`${DIR}${file}`, 'utf8').replace(/#.*$/gm, '').match(/[0-9a-f]{2}/gi) ?? [], (h) => parseInt(h, 16));
  return decodeSesConfiguration(splitDiagnosticPages(bytes).find((p) => p.pageCode === 1)!.bytes);
}

/** The rows sg_ses --join --index=INDEX prints, or 'refused' when it fails. */
function theirSelection(file: string, index: string): string[] | 'refused' {
  const r = run('sg_ses', [`--inhex=${DIR}${file}`, '--status', '--join', `--index=${index}`]);
  if (r.status !== 0) return 'refused';
  return [...r.stdout.matchAll(/^(?:\S.* )?\[(\d+),(-?\d+)\]\s+Element type: /gm)].map((m) => `${m[1]},${m[2]}`);
}

/** The elements sgio selects, or 'refused'. */
function ourSelection(file: string, index: string): string[] | 'refused' {
  try {
    return selectSesElements(configOf(file), parseSesIndex(index)).map((p) => `${p.typeIndex},${p.index}`);
  } catch {
    return 'refused';
  }
}

const SENSORS = [
  '0', '2', '1-3', '0x2', '2h', '3-3', '-1', '0,-1', '3,0-1', '2,1-9', '9,0', '0,0x1-0x2',
  'ts', 'ts,1', 'ts,1-9', 'ps', 'ps,0', 'ps,-1', 'vs,0-1', 'cs,1', 'ups,-1', 'coo', 'enc,0', 'dev,3', 'dev,1-2',
  '_2', '_2,0', '_2_0', '_2_1', '_2_1,0-1', '_128', '_128,0', '_0x80,0', '_4,2',
  // refused by both
  'arr', 'x', 'x,1', '5-3', '3-', '3-x', 'ts,-1-2', '-1,0', '_2_2', '_99', '10,0', '1,2,3', '',
  // sg_ses prints "no match" (no rows); sgio refuses
  '1,5', '0,7-9', 'ups,1',
];
const JBOD = ['3', '3-5', '3-100', 'arr', 'arr,3', 'arr,3-5', '0,3-5', '_23,2-4', 'sse,0', 'aa,0', 'coo,-1', 'dev', 'ts,0-2', '1,0-1'];

describe('sgio ses --index selects what sg_ses --index selects', { timeout: 60_000 }, () => {
  it.each([...SENSORS.map((i) => ['sensors.hex', i]), ...JBOD.map((i) => ['all.hex', i])])('%s --index=%s', (file, index) => {
    const theirs = theirSelection(file, index);
    const ours = ourSelection(file, index);
    if (theirs === 'refused' || theirs.length === 0) expect(ours).toBe('refused');
    else expect(ours).toEqual(theirs);
  });

  it.each([
    ['ps1', '_2_1'],
    ['ps1,0-1', '_2_1,0-1'],
    ['PS', 'ps'],
    ['Ts,2', 'ts,2'],
  ])('%s (refused by sg_ses 1.46) selects what sg_ses selects for %s', (ours, theirs) => {
    expect(theirSelection('sensors.hex', ours)).toBe('refused');
    const want = theirSelection('sensors.hex', theirs);
    expect(want).not.toBe('refused');
    expect(ourSelection('sensors.hex', ours)).toEqual(want);
  });

  it.each(['3,0-1', '_2_1', 'ts,1-9', 'ps1,0'])('the built CLI: --page es --index %s --json lists the same elements', (index) => {
    const r = sgio('ses', '--inhex', `${DIR}sensors.hex`, '--page', 'es', '--index', index, '--json');
    expect(r.status, r.stderr).toBe(0);
    const keys = (JSON.parse(r.stdout) as { elements: { typeIndex: number; index: number }[] }).elements.map((e) => `${e.typeIndex},${e.index}`);
    expect(keys).toEqual(ourSelection('sensors.hex', index));
    expect(keys.length).toBeGreaterThan(0);
  });

  it("--help lists struct's acronyms (kept static so that registering the command loads no decoder)", () => {
    const help = sgio('ses', '--help').stdout;
    expect(help).toContain(SES_ELEMENT_TYPE_ACRONYMS.map((a) => a.acronym).join(' '));
  });

  it('refuses an index that names nothing with exit status 1 and the type headers as a hint', () => {
    const r = sgio('ses', '--inhex', `${DIR}sensors.hex`, '--page', 'th', '--index', 'arr,0');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no Array device slot \(arr\) type header.*0: Device slot \[dev\]/);
    expect(sgio('ses', '--inhex', `${DIR}sensors.hex`, '-I', 'foo').stderr).toMatch(/not an element type acronym \(un, dev, ps/);
  });
});

describe('sgio ses --page th and --page str against sg_ses', { timeout: 60_000 }, () => {
  interface Element {
    typeIndex: number;
    index: number;
    meaning: { kind: string; highCritical?: number | null; highWarning?: number | null; lowWarning?: number | null; lowCritical?: number | null };
  }

  it('--page th --json: every threshold sg_ses prints, in its units', () => {
    const r = sgio('ses', '--inhex', `${DIR}sensors.hex`, '--page', 'th', '--json');
    expect(r.status, r.stderr).toBe(0);
    const page = JSON.parse(r.stdout) as { invop: boolean; generationCode: number; elements: Element[] };
    const theirs = run('sg_ses', [`--inhex=${DIR}sensors.hex`, '--status', '--page=th']).stdout;
    expect(page.invop).toBe(/INVOP=1/.test(theirs));
    // sg_ses' blocks in order: every element with thresholds
    const blocks = theirs.split(/\n\s+(?=Overall descriptor:|Element \d+ descriptor:)/).slice(1);
    const withThresholds = page.elements.filter((e) => e.meaning.kind !== 'none');
    expect(withThresholds).toHaveLength(blocks.length);
    let facts = 0;
    withThresholds.forEach((e, i) => {
      const values = Object.fromEntries([...blocks[i]!.matchAll(/(high critical|high warning|low warning|low critical)=(<\w+>|-?[\d.]+)/g)].map((m) => [m[1]!.replace(/ (\w)/, (_, c: string) => c.toUpperCase()), m[2]!]));
      for (const [k, v] of Object.entries(values)) {
        const ours = e.meaning[k as keyof Element['meaning']] as number | null;
        const text = ours === null ? (e.meaning.kind === 'ups' ? '<vendor>' : '<res>') : e.meaning.kind === 'voltage' || e.meaning.kind === 'current' ? ours.toFixed(1) : String(ours);
        expect(text, `[${e.typeIndex},${e.index}] ${k}`).toBe(v);
        facts++;
      }
    });
    expect(facts).toBeGreaterThan(30);
  });

  it('--page th text names each element [ti,ii] with its values', () => {
    const text = sgio('ses', '--inhex', `${DIR}sensors.hex`, '-p', '5', '-I', 'ts').stdout;
    expect(text).toMatch(/\[2,-1\] +Temperature sensor: high critical 60 C, high warning 50 C, low warning 5 C, low critical 0 C/);
    expect(sgio('ses', '--inhex', `${DIR}sensors.hex`, '-p', 'th', '-I', '5,-1').stdout).toMatch(/low warning 10 min, low critical vendor specific/);
  });

  it.each(['sensors.hex', 'string-in.hex', 'string-in-empty.hex'])('--page str of %s: the hex dump lines are sg_ses\' own', (file) => {
    const ours = sgio('ses', '--inhex', `${DIR}${file}`, '--page', 'str');
    expect(ours.status, ours.stderr).toBe(0);
    const theirs = run('sg_ses', [`--inhex=${DIR}${file}`, '--status', '--page=str']).stdout;
    const dump = (t: string): string[] => t.split('\n').filter((l) => /^ [0-9a-f]{2} {4}/.test(l) || /<empty>/.test(l)).map((l) => l.trimEnd());
    expect(dump(ours.stdout)).toEqual(dump(theirs));
    expect(dump(ours.stdout).length).toBeGreaterThan(0);
  });

  it('--page str refuses --index (the page has no elements)', () => {
    expect(sgio('ses', '--inhex', `${DIR}sensors.hex`, '--page', 'str', '-I', '1').status).toBe(1);
  });
});
