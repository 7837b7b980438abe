/**
 * The commands sgio gained to match sg3_utils, sent through the real sg
 * driver to scsi_debug: the definition (as `sgio cmd` runs it, through core's
 * `SgDevice.execute`) and the sg3_utils tool with the same options put the
 * same CDB on the wire (the tool's -vv prints it) and end with the same
 * sg3_utils exit status, whether scsi_debug implements the command or
 * rejects it. REPORT TARGET PORT GROUPS, which scsi_debug answers, decodes to
 * what sg_rtpg reads. One device opened in this process: the sgio binary's
 * own option parsing is covered on the host (cmd-fields.test.ts).
 */
import { SgDevice } from '@sgio/core';
import { reloadScsiDebug, requireLab } from '@sgio/lab';
import { decodeTargetPortGroups, standardCommands, type FieldsInput, type FieldSpecs } from '@sgio/struct';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitStatusOf } from './common/outcome.js';
import { toHex } from './common/output.js';
import { run } from './test-support/run.js';

requireLab('The sgio command set lab test');

/** The first CDB the tool printed after `label` and `cdb:` (`Name cdb: [9e 16 ...]`), as spaced lowercase hex. */
function cdbAfter(output: string, label: RegExp): string {
  const m = new RegExp(`${label.source} cdb: \\[?((?:[0-9a-f]{2} ?)+)\\]?`, 'i').exec(output);
  if (!m) throw new Error(`no ${label.source} cdb in:\n${output}`);
  return m[1]!.trim().toLowerCase();
}

type Fields = FieldsInput<FieldSpecs>;

/** [command id, its fields, the sg3_utils command line with the same options, the name the tool prints before the CDB]. */
const PEERS: ReadonlyArray<readonly [string, Fields, string[], RegExp]> = [
  ['reportTimestamp', {}, ['sg_timestamp'], /Report timestamp/],
  ['getStreamStatus', { startingStreamIdentifier: 1, allocationLength: 64 }, ['sg_stream_ctl', '--get', '--id=1', '--maxlen=64'], /Get stream status/],
  ['backgroundControl', { boCtl: 1, boTime: 20 }, ['sg_bg_ctl', '--ctl=1', '--time=20'], /Background control/],
  ['getPhysicalElementStatus', { allocationLength: 32 }, ['sg_get_elem_status'], /Get physical element status/],
  ['readAttribute', { allocationLength: 0x2000 }, ['sg_read_attr'], /Read attribute/],
  ['seek10', { lba: 0x1234 }, ['sg_seek', '--lba=0x1234'], /Seek\(10\)/],
  ['preFetch16', { lba: 0x20n, prefetchLength: 8, groupNumber: 3 }, ['sg_seek', '--pre-fetch', '--lba=0x20', '--num-blocks=8', '--grpnum=3'], /Pre-fetch\(16\)/],
  ['readLong10', { lba: 5 }, ['sg_read_long', '--lba=5'], /read long\(10\)/],
  [
    'getLbaStatus32',
    { elementIdentifier: 2, scanLength: 100, reportType: 3, lba: 0x100n, allocationLength: 24 },
    ['sg_get_lba_status', '--32', '--element-id=2', '--scan-len=100', '--report-type=3', '--lba=0x100'],
    /Get LBA status\(32\)/,
  ],
  ['getLbaStatus', { reportType: 16, lba: 0x100n, allocationLength: 64 }, ['sg_get_lba_status', '--report-type=16', '--lba=0x100', '--maxlen=64'], /Get LBA status\(16\)/],
  ['reportZones', { allocationLength: 0x2000 }, ['sg_rep_zones'], /Report zones/],
  ['reportReferrals', { allocationLength: 256 }, ['sg_referrals'], /Report referrals/],
  ['reportProvisioningInitializationPattern', { allocationLength: 512 }, ['sg_rep_pip'], /Report provisioning initialization pattern/],
  ['reportIdentifyingInformation', { allocationLength: 4 }, ['sg_ident'], /Report identifying information/],
  ['receiveCopyOperatingParameters', { allocationLength: 520 }, ['sg_copy_results', '--params'], /Receive copy operating parameters/],
  ['writeSame32', { lba: 16n, numberOfBlocks: 8 }, ['sg_write_same', '--32', '--lba=16', '--num=8'], /Write same\(32\)/],
];

let sg = '';
let dev: SgDevice;

beforeAll(async () => {
  sg = (await reloadScsiDebug('default'))[0]!.path;
  dev = await SgDevice.open(sg);
});

afterAll(async () => {
  await dev.close();
});

describe('the new commands against sg3_utils 1.46 on scsi_debug', () => {
  it.each(PEERS.map(([id, fields, theirs, label]) => [theirs.join(' '), id, fields, theirs, label] as const))(
    '%s: same CDB, same exit status',
    async (_name, id, fields, theirs, label) => {
      const definition = standardCommands.require(id);
      const data = definition.directionOf(fields) === 'out' ? new Uint8Array(definition.dataLengthOf(fields)) : undefined;
      const result = await dev.execute(definition, fields, { throwOnError: false, retry: false, ...(data ? { data } : {}) });
      const peer = run(theirs[0]!, ['-vv', ...theirs.slice(1), sg]);
      expect(toHex(result.cdb)).toBe(cdbAfter(`${peer.stdout}${peer.stderr}`, label));
      expect(exitStatusOf(result), `${id}: ${JSON.stringify(result.toJSON())}\n${peer.stderr}`).toBe(peer.status);
    },
  );

  it('REPORT TARGET PORT GROUPS: the data sgio receives decodes to what sg_rtpg reads', async () => {
    const result = await dev.execute(standardCommands.require('reportTargetPortGroups'), {});
    const hex = run('sg_rtpg', ['-H', sg]).stdout;
    const theirs = Uint8Array.from(
      hex.split('\n').flatMap((line) => line.trim().split(/\s+/).slice(1).filter((t) => /^[0-9a-f]{2}$/i.test(t))),
      (h) => parseInt(h, 16),
    );
    const decoded = decodeTargetPortGroups(result.data ?? new Uint8Array(0));
    expect(decoded).toEqual(decodeTargetPortGroups(theirs));
    expect(decoded.groups.length).toBeGreaterThan(0);
    expect(decoded.groups[0]!.accessStateName).toBe('active/optimized');
  });
});
