/**
 * The pack on the real sg driver and scsi_debug: the commands and pages
 * scsi_debug does not know end in typed CHECK CONDITION errors.
 */
import { CheckConditionError, SgDevice } from '@sgio/core';
import { firstDevice, requireLab } from '@sgio/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeReadHealth } from './acme-read-health.js';
import { readAcmeHealthLog } from './device.js';

requireLab();

let dev: SgDevice;

beforeAll(async () => {
  dev = await SgDevice.open(firstDevice().path);
});

afterAll(async () => {
  await dev.close();
});

describe('the example pack against scsi_debug', () => {
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
