import { describe, expect, it } from 'vitest';
import { formatOneOpcode, oneOpcodeReport } from './opcodes.js';

describe('opcodes --opcode', () => {
  // scsi_debug's answer for READ(10), with a timeouts descriptor appended
  const read10 = Uint8Array.from([0x00, 0x03, 0x00, 0x0a, 0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f, 0xff, 0xff, 0xc7, 0x00, 0x0a, 0x00, 0x00, 0, 0, 0, 30, 0, 0, 0, 60]);

  it('decodes support, usage mask and timeouts, and names the command', () => {
    const withTimeouts = Uint8Array.from(read10);
    withTimeouts[1] = 0x83; // CTDP
    const r = oneOpcodeReport(withTimeouts, 0x28, null, 0);
    expect(r).toMatchObject({ opcode: 0x28, serviceAction: null, name: 'READ(10)', support: 3, supportName: 'supported', supported: true, cdbSize: 10, cdbUsageData: '28 ff ff ff ff ff 3f ff ff c7', truncated: false });
    expect(r.id).toBe('read10');
    expect(r.timeouts).toEqual({ nominalTimeout: 30, recommendedTimeout: 60, commandSpecific: 0 });
    expect(formatOneOpcode(r).split('\n')).toEqual([
      '  Opcode=0x28',
      '  Command_name: READ(10)',
      '  Command is supported [conforming to SCSI standard]',
      '  No command duration limit mode page',
      '  Multiple Logical Units (MLU): not reported',
      '  Usage data: 28 ff ff ff ff ff 3f ff ff c7',
      '  nominal timeout: 30 secs, recommended timeout: 60 secs',
    ]);
  });

  it('prints an unsupported command without usage data, and a service action in sg_opcodes form', () => {
    const r = oneOpcodeReport(Uint8Array.from([0, 0x01, 0, 0]), 0x9e, 0x10, 0);
    expect(r).toMatchObject({ support: 1, supported: false, cdbSize: 0, cdbUsageData: '', timeouts: null });
    const text = formatOneOpcode(r);
    expect(text).toContain('  Opcode=0x9e  Service_action=0x0010');
    expect(text).toContain('  Command is NOT supported');
    expect(text).not.toContain('Usage data');
  });

  it('says when the response was cut short', () => {
    expect(oneOpcodeReport(read10.subarray(0, 8), 0x28, null, 0).truncated).toBe(true);
  });
});
