import { describe, expect, it } from 'vitest';
import { attachedDisk, parseKernelLogRecord } from './disk-attach.js';

describe('kernel log records', () => {
  it('parses the sequence number and the message of a /dev/kmsg record', () => {
    expect(parseKernelLogRecord('5,1234,15080000,-;sd 3:0:0:0: [sda] Attached SCSI disk\n SUBSYSTEM=scsi\n DEVICE=+scsi:3:0:0:0\n')).toEqual({
      seq: 1234,
      message: 'sd 3:0:0:0: [sda] Attached SCSI disk',
    });
    expect(parseKernelLogRecord('6,7,0,c;no newline')).toEqual({ seq: 7, message: 'no newline' });
  });

  it('rejects text that is not a record', () => {
    expect(parseKernelLogRecord('no prefix at all')).toBeUndefined();
    expect(parseKernelLogRecord('6,x,0,-;bad sequence')).toBeUndefined();
  });

  it('finds the H:C:T:L of sd\'s last probe message only', () => {
    expect(attachedDisk('sd 3:0:0:0: [sda] Attached SCSI disk')).toBe('3:0:0:0');
    expect(attachedDisk('sd 10:0:1:2: [sdab] Attached SCSI removable disk')).toBe('10:0:1:2');
    expect(attachedDisk('sd 3:0:0:0: Attached scsi generic sg0 type 0')).toBeUndefined();
    expect(attachedDisk('sd 3:0:0:0: [sda] Write Protect is off')).toBeUndefined();
  });
});
