/** Host tests: the sg_io_v4 header a bsg request sends, and its completion in sg_io_hdr terms. */
import { addressOf } from '@sgio/libc';
import { BSG_FLAG_Q_AT_HEAD, ScsiStatus, decodeSgIoV4, read10, write10 } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { prepareCommand } from '../../execute/prepare.js';
import { V4Slot } from './v4-slot.js';

describe('V4Slot', () => {
  it('puts data-in on the din side and keeps only the queueing flags', () => {
    const slot = new V4Slot();
    const command = prepareCommand({ definition: read10, fields: { lba: 1, transferLength: 2 } }, { blockSize: 512, transfer: 'direct', queueAt: 'head', timeout: 1234 }, undefined);
    const h = decodeSgIoV4(slot.encode(command));
    expect(h).toMatchObject({ guard: 0x51, protocol: 0, subprotocol: 0, requestLen: 10, dinXferLen: 1024, doutXferLen: 0, doutXferp: 0n, timeout: 1234, maxResponseLen: 64 });
    expect(h.request).toBe(addressOf(command.cdb));
    expect(h.dinXferp).toBe(addressOf(command.data!));
    expect(h.response).toBe(addressOf(slot.sense));
    expect(h.flags).toBe(BSG_FLAG_Q_AT_HEAD);
  });

  it('maps device_status, transport_status, residual and response_len onto sg_io_hdr fields', () => {
    const slot = new V4Slot();
    const command = prepareCommand({ definition: write10, fields: { lba: 1, transferLength: 1 } }, { data: new Uint8Array(512) }, undefined);
    const header = slot.encode(command);
    const v = new DataView(header.buffer);
    v.setUint32(108, 0x08, true); // driver_status
    v.setUint32(112, 0x07, true); // transport_status
    v.setUint32(116, ScsiStatus.CHECK_CONDITION, true); // device_status
    v.setUint32(128, 5, true); // duration
    v.setUint32(132, 18, true); // response_len
    v.setInt32(136, 99, true); // din_resid (ignored for data-out)
    v.setInt32(140, 100, true); // dout_resid
    expect(slot.complete()).toMatchObject({ status: 2, hostStatus: 7, driverStatus: 8, sbLenWr: 18, resid: 100, duration: 5 });
  });
});
