/** SECURITY PROTOCOL IN and OUT (SPC-6): TCG, IEEE 1667, ... payloads. */
import { defineCdb } from '../../dsl/cdb.js';
import { control, flag, u16, u32, u8 } from '../../dsl/fields.js';

const lengthInBytes = (f: { readonly inc512: boolean; readonly length: number }): number => (f.inc512 ? f.length * 512 : f.length);

/**
 * SECURITY PROTOCOL IN (0xA2). Protocol 0, specific 0 lists the supported
 * protocols. Allocation length defaults to 512; with `inc512` it counts
 * 512-byte units.
 */
export const securityProtocolIn = defineCdb({
  id: 'securityProtocolIn',
  name: 'SECURITY PROTOCOL IN',
  standard: 'SPC-6',
  description: 'Receive security protocol data (supported protocols, TCG, IEEE 1667, ...)',
  opcode: 0xa2,
  length: 12,
  direction: 'in',
  effect: 'read',
  dataLength: (f) => lengthInBytes({ inc512: f.inc512, length: f.allocationLength }),
  fields: {
    securityProtocol: u8(1, { description: 'SECURITY PROTOCOL: 0 information, 0x01-0x06 TCG, 0xEE IEEE 1667, ...' }),
    securityProtocolSpecific: u16(2, { description: 'SECURITY PROTOCOL SPECIFIC: meaning depends on the protocol (ComID for TCG)' }),
    inc512: flag(4, 7, { description: 'INC_512: the allocation length counts 512-byte units' }),
    allocationLength: u32(6, { default: 512, description: 'ALLOCATION LENGTH: bytes (or 512-byte units) the initiator can receive (default 512)' }),
    control: control(11),
  },
});

/** SECURITY PROTOCOL OUT (0xB5): sends `transferLength` bytes (or 512-byte units with `inc512`). */
export const securityProtocolOut = defineCdb({
  id: 'securityProtocolOut',
  name: 'SECURITY PROTOCOL OUT',
  standard: 'SPC-6',
  description: 'Send security protocol data (TCG, IEEE 1667, ...)',
  opcode: 0xb5,
  length: 12,
  direction: 'out',
  effect: 'destructive',
  dataLength: (f) => lengthInBytes({ inc512: f.inc512, length: f.transferLength }),
  fields: {
    securityProtocol: u8(1, { description: 'SECURITY PROTOCOL: 0x01-0x06 TCG, 0xEE IEEE 1667, ...' }),
    securityProtocolSpecific: u16(2, { description: 'SECURITY PROTOCOL SPECIFIC: meaning depends on the protocol (ComID for TCG)' }),
    inc512: flag(4, 7, { description: 'INC_512: the transfer length counts 512-byte units' }),
    transferLength: u32(6, { description: 'TRANSFER LENGTH: bytes (or 512-byte units) sent' }),
    control: control(11),
  },
});
