/**
 * The commands sgio gained to match sg3_utils, sent through the real sg
 * driver to scsi_debug: `sgio cmd NAME DEV --FIELD ... -v` and the sg3_utils
 * tool with the same options put the same CDB on the wire (sgio -v and the
 * tool's -vv print it) and end with the same exit status, whether scsi_debug
 * implements the command or rejects it. REPORT TARGET PORT GROUPS, which
 * scsi_debug answers, decodes to what sg_rtpg reads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTargetPortGroups, standardCommands } from '@sgio/struct';
import { reloadScsiDebug, requireLab } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, sgio } from './test-support/run.js';

requireLab('The sgio command set lab test');

const dir = mkdtempSync(join(tmpdir(), 'sgio-cmdset-'));
const zeroBlock = join(dir, 'zero.bin');
writeFileSync(zeroBlock, new Uint8Array(512));

/** The first CDB `output` prints after `label` and `cdb:` (sgio: `NAME cdb: 9e 16 ...`, sg3_utils: `Name cdb: [9e 16 ...]`), packed lowercase hex. */
function cdbAfter(output: string, label: RegExp): string {
  const m = new RegExp(`${label.source} cdb: \\[?((?:[0-9a-f]{2} ?)+)\\]?`, 'i').exec(output);
  if (!m) throw new Error(`no ${label.source} cdb in:\n${output}`);
  return m[1]!.replace(/\s+/g, '').toLowerCase();
}

/** [sgio cmd words, the sg3_utils command line, the name both print before the CDB]. */
const PEERS: ReadonlyArray<readonly [string[], string[], RegExp]> = [
  [['reportTimestamp'], ['sg_timestamp'], /Report timestamp/],
  [['getStreamStatus', '--starting-stream-identifier', '1', '--allocation-length', '64'], ['sg_stream_ctl', '--get', '--id=1', '--maxlen=64'], /Get stream status/],
  [['backgroundControl', '--bo-ctl', '1', '--bo-time', '20'], ['sg_bg_ctl', '--ctl=1', '--time=20'], /Background control/],
  [['getPhysicalElementStatus', '--allocation-length', '32'], ['sg_get_elem_status'], /Get physical element status/],
  [['readAttribute', '--allocation-length', '0x2000'], ['sg_read_attr'], /Read attribute/],
  [['seek10', '--lba', '0x1234'], ['sg_seek', '--lba=0x1234'], /Seek\(10\)/],
  [['preFetch16', '--lba', '0x20', '--prefetch-length', '8', '--group-number', '3'], ['sg_seek', '--pre-fetch', '--lba=0x20', '--num-blocks=8', '--grpnum=3'], /Pre-fetch\(16\)/],
  [['readLong10', '--lba', '5'], ['sg_read_long', '--lba=5'], /read long\(10\)/],
  [
    ['getLbaStatus32', '--element-identifier', '2', '--scan-length', '100', '--report-type', '3', '--lba', '0x100', '--allocation-length', '24'],
    ['sg_get_lba_status', '--32', '--element-id=2', '--scan-len=100', '--report-type=3', '--lba=0x100'],
    /Get LBA status\(32\)/,
  ],
  [['getLbaStatus', '--report-type', '16', '--lba', '0x100', '--allocation-length', '64'], ['sg_get_lba_status', '--report-type=16', '--lba=0x100', '--maxlen=64'], /Get LBA status(\(16\))?/],
  [['reportZones', '--allocation-length', '0x2000'], ['sg_rep_zones'], /Report zones/],
  [['reportReferrals', '--allocation-length', '256'], ['sg_referrals'], /Report referrals/],
  [['reportProvisioningInitializationPattern', '--allocation-length', '512'], ['sg_rep_pip'], /Report provisioning initialization pattern/],
  [['reportIdentifyingInformation', '--allocation-length', '4'], ['sg_ident'], /Report identifying information/],
  [['receiveCopyOperatingParameters', '--allocation-length', '520'], ['sg_copy_results', '--params'], /Receive copy operating parameters/],
  [
    ['writeSame32', '--send', zeroBlock, '--lba', '16', '--number-of-blocks', '8'],
    ['sg_write_same', '--32', '--lba=16', '--num=8'],
    /Write same\(32\)/,
  ],
];

let sg = '';

beforeAll(async () => {
  sg = (await reloadScsiDebug('default'))[0]!.path;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sgio cmd against sg3_utils 1.46 on scsi_debug', () => {
  it.each(PEERS.map(([mine, theirs, label]) => [theirs.join(' '), mine, theirs, label] as const))('%s: same CDB, same exit status', (_name, mine, theirs, label) => {
    const ours = sgio('cmd', mine[0]!, sg, ...mine.slice(1), '-v');
    const peer = run(theirs[0]!, ['-vv', ...theirs.slice(1), sg]);
    const name = standardCommands.require(mine[0]!).name.replace(/[()]/g, '\\$&');
    expect(cdbAfter(ours.stderr, new RegExp(name))).toBe(cdbAfter(`${peer.stdout}${peer.stderr}`, label));
    expect(ours.status, `${ours.stdout}${ours.stderr}`).toBe(peer.status);
  });

  it('REPORT TARGET PORT GROUPS: the data sgio receives decodes to what sg_rtpg reads', () => {
    const out = join(dir, 'rtpg.bin');
    const ours = sgio('cmd', 'reportTargetPortGroups', sg, '--outfile', out);
    expect(ours.status, ours.stderr).toBe(0);
    const hex = run('sg_rtpg', ['-H', sg]).stdout;
    const theirs = Uint8Array.from(
      hex.split('\n').flatMap((line) => line.trim().split(/\s+/).slice(1).filter((t) => /^[0-9a-f]{2}$/i.test(t))),
      (h) => parseInt(h, 16),
    );
    const decoded = decodeTargetPortGroups(new Uint8Array(readFileSync(out)));
    expect(decoded).toEqual(decodeTargetPortGroups(theirs));
    expect(decoded.groups.length).toBeGreaterThan(0);
    expect(decoded.groups[0]!.accessStateName).toBe('active/optimized');
  });
});
