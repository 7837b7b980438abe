import { describe, expect, it } from 'vitest';
import {
  DriverStatus,
  DriverSuggest,
  HostStatus,
  ScsiStatus,
  decodeDriverStatus,
  driverCode,
  isBusyStatus,
  isCleanCompletion,
  isTransportOk,
  driverStatusName,
  hostStatusName,
  isGoodStatus,
  scsiStatusName,
} from './index.js';

describe('scsiStatusName', () => {
  it('names every SAM status', () => {
    expect(scsiStatusName(ScsiStatus.GOOD)).toBe('Good');
    expect(scsiStatusName(ScsiStatus.CHECK_CONDITION)).toBe('Check Condition');
    expect(scsiStatusName(ScsiStatus.CONDITION_MET)).toBe('Condition Met');
    expect(scsiStatusName(ScsiStatus.BUSY)).toBe('Busy');
    expect(scsiStatusName(ScsiStatus.RESERVATION_CONFLICT)).toBe('Reservation Conflict');
    expect(scsiStatusName(ScsiStatus.TASK_SET_FULL)).toBe('Task Set Full');
    expect(scsiStatusName(ScsiStatus.ACA_ACTIVE)).toBe('ACA Active');
    expect(scsiStatusName(ScsiStatus.TASK_ABORTED)).toBe('Task Aborted');
  });

  it('ignores bits 7 and 0 and names unknown values', () => {
    expect(scsiStatusName(0x03)).toBe('Check Condition');
    expect(scsiStatusName(0x82)).toBe('Check Condition');
    expect(scsiStatusName(0x7f)).toBe('Unknown status [0x7e]');
  });

  it('tells good statuses', () => {
    expect(isGoodStatus(0)).toBe(true);
    expect(isGoodStatus(4)).toBe(true);
    expect(isGoodStatus(2)).toBe(false);
  });
});

describe('host and driver status', () => {
  it('uses the Linux DID_* numbers', () => {
    expect(HostStatus.DID_TIME_OUT).toBe(3);
    expect(HostStatus.DID_TRANSPORT_MARGINAL).toBe(0x14);
    expect(hostStatusName(0)).toBe('DID_OK');
    expect(hostStatusName(7)).toBe('DID_ERROR');
    expect(hostStatusName(0x0e)).toBe('DID_TRANSPORT_DISRUPTED');
    expect(hostStatusName(0x13)).toBe('DID_MEDIUM_ERROR');
    expect(hostStatusName(0x40)).toBe('DID_0x40');
  });

  it('splits the driver byte into code and suggestion', () => {
    expect(DriverStatus.DRIVER_SENSE).toBe(8);
    expect(driverStatusName(0)).toBe('DRIVER_OK');
    expect(driverStatusName(0x08)).toBe('DRIVER_SENSE');
    expect(driverStatusName(0x14)).toBe('DRIVER_ERROR|SUGGEST_RETRY');
    expect(driverStatusName(0x86)).toBe('DRIVER_TIMEOUT|SUGGEST_SENSE');
    expect(decodeDriverStatus(0x5f)).toEqual({
      driver: 0xf,
      driverName: 'DRIVER_0xf',
      suggest: 0x50,
      suggestName: 'SUGGEST_0x50',
    });
  });
});

describe('completion predicates', () => {
  it('tell clean completions, busy statuses and a working transport', () => {
    expect(isCleanCompletion(ScsiStatus.GOOD, 0, 0)).toBe(true);
    expect(isCleanCompletion(ScsiStatus.CONDITION_MET, 0, DriverSuggest.SUGGEST_RETRY)).toBe(true);
    expect(isCleanCompletion(ScsiStatus.GOOD, 0, DriverStatus.DRIVER_SENSE)).toBe(false);
    expect(isCleanCompletion(0x01, 0, 0)).toBe(false);
    expect(isCleanCompletion(0, HostStatus.DID_ERROR, 0)).toBe(false);
    expect(isBusyStatus(ScsiStatus.BUSY)).toBe(true);
    expect(isBusyStatus(ScsiStatus.TASK_SET_FULL)).toBe(true);
    expect(isBusyStatus(ScsiStatus.RESERVATION_CONFLICT)).toBe(false);
    expect(isTransportOk(0, DriverStatus.DRIVER_SENSE | DriverSuggest.SUGGEST_SENSE)).toBe(true);
    expect(isTransportOk(0, DriverStatus.DRIVER_ERROR)).toBe(false);
    expect(isTransportOk(HostStatus.DID_NO_CONNECT, 0)).toBe(false);
    expect(driverCode(0x28)).toBe(DriverStatus.DRIVER_SENSE);
  });
});
