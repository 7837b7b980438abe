import { describe, expect, it } from 'vitest';
import { compareAndWrite, read10, reportSupportedOpcodes, write32 } from '../commands/index.js';
import { decodeOneSupportedOpcode, decodeSupportedOpcodes } from './supported-opcodes.js';
import { cdbLengthOfGroup, cdbUsageData, encodeOneSupportedOpcode, encodeSupportedOpcodes } from './supported-opcodes-encode.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('REPORT SUPPORTED OPERATION CODES encoding', () => {
  it('CDB usage data: the opcode, the service action, and every bit a field occupies', () => {
    // READ(10): RDPROTECT DPO FUA RARC in byte 1, the LBA, GROUP NUMBER, TRANSFER LENGTH, CONTROL
    expect(hex(cdbUsageData(read10))).toBe('28fcffffffff3fffffff');
    // MAINTENANCE IN: the service action 0x0C stays as it is in byte 1
    expect(cdbUsageData(reportSupportedOpcodes)[0]).toBe(0xa3);
    expect(cdbUsageData(reportSupportedOpcodes)[1]! & 0x1f).toBe(0x0c);
    // variable length: the service action at bytes 8..9
    const w32 = cdbUsageData(write32);
    expect([w32[0], w32[8], w32[9]]).toEqual([0x7f, 0x00, 0x0b]);
  });

  it('the all-commands list decodes back to the same commands, with and without timeouts', () => {
    for (const timeouts of [undefined, { nominal: 0, recommended: 30 }]) {
      const bytes = encodeSupportedOpcodes([read10, reportSupportedOpcodes, { opcode: 0xc0, length: 16 }], timeouts);
      const d = decodeSupportedOpcodes(bytes);
      expect(d.commands.map((c) => [c.opcode, c.servactv ? c.serviceAction : undefined, c.cdbLength, c.ctdp])).toEqual([
        [0x28, undefined, 10, timeouts !== undefined],
        [0xa3, 0x0c, 12, timeouts !== undefined],
        [0xc0, undefined, 16, timeouts !== undefined],
      ]);
      if (timeouts) expect(d.commands[0]!.timeouts).toMatchObject({ recommendedTimeout: 30 });
    }
  });

  it('the one-command format: supported with usage data, or not supported', () => {
    const one = decodeOneSupportedOpcode(encodeOneSupportedOpcode(compareAndWrite));
    expect(one.supportName).toBe('supported');
    expect(one.cdbSize).toBe(16);
    expect(one.cdbUsageDataHex.replace(/\s/g, '').slice(0, 2)).toBe('89');
    expect(decodeOneSupportedOpcode(encodeOneSupportedOpcode(undefined)).supportName).toBe('not-supported');
  });

  it('CDB length by opcode group', () => {
    expect([0x00, 0x28, 0x5a, 0x7f, 0x88, 0xa8, 0xc0].map(cdbLengthOfGroup)).toEqual([6, 10, 10, 0, 16, 12, 0]);
  });
});
