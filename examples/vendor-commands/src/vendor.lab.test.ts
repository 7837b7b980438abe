/**
 * The pack on the real sg driver and scsi_debug: REPORT TARGET PORT GROUPS
 * (which scsi_debug implements) decodes to what sg_rtpg reads, and the
 * commands scsi_debug does not know end in typed CHECK CONDITION errors.
 */
import { CheckConditionError, SgDevice } from '@sgio/core';
import { firstDevice, requireLab } from '@sgio/lab';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeReadHealth } from './acme-read-health.js';
import { readAcmeHealthLog, readTargetPortGroups } from './device.js';
import { decodeTargetPortGroups } from './target-port-groups.js';

requireLab();

let dev: SgDevice;
let path: string;

beforeAll(async () => {
  path = firstDevice().path;
  dev = await SgDevice.open(path);
});

afterAll(async () => {
  await dev.close();
});

describe('the example pack against scsi_debug', () => {
  it('REPORT TARGET PORT GROUPS decodes to what sg_rtpg reads', async () => {
    const ours = await readTargetPortGroups(dev);
    const hex = execFileSync('sg_rtpg', ['-H', path], { encoding: 'utf8' });
    const theirs = Uint8Array.from(
      hex.split('\n').flatMap((line) => line.trim().split(/\s+/).slice(1).filter((t) => /^[0-9a-f]{2}$/i.test(t))),
      (h) => parseInt(h, 16),
    );
    expect(ours).toEqual(decodeTargetPortGroups(theirs));
    expect(ours.groups.length).toBeGreaterThan(0);
    expect(ours.groups[0]!.accessStateName).toBe('active/optimized');
  });

  it('a vendor opcode scsi_debug does not implement is ILLEGAL REQUEST, invalid command operation code', async () => {
    const error = await dev.execute(acmeReadHealth, { detailed: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckConditionError);
    const cc = error as CheckConditionError;
    expect(cc.senseKey).toBe(0x5);
    expect([cc.asc, cc.ascq]).toEqual([0x20, 0x00]);
    expect(cc.message).toMatch(/ACME READ HEALTH/);
  });

  it('a vendor log page scsi_debug does not have is ILLEGAL REQUEST, invalid field in CDB', async () => {
    const error = await readAcmeHealthLog(dev).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckConditionError);
    expect([(error as CheckConditionError).senseKey, (error as CheckConditionError).asc]).toEqual([0x5, 0x24]);
  });
});
