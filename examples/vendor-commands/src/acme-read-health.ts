/**
 * ACME READ HEALTH: a made-up vendor command in the vendor-specific opcode
 * range (0xC0..0xFF), multiplexed by a service action as vendors often do.
 * Real drives from "ACME" do not exist; the definition shows the shape.
 */
import { allocationLength, control, defineCdb, flag, u16, u32 } from '@sgio/struct';

/** The vendor opcode ACME uses for its diagnostic commands. */
export const ACME_DIAGNOSTIC_OPCODE = 0xc1;

/** ACME READ HEALTH (0xC1 / service action 0x05): returns the drive's health log. */
export const acmeReadHealth = defineCdb({
  id: 'acmeReadHealth',
  name: 'ACME READ HEALTH',
  standard: 'ACME vendor',
  description: 'Read the ACME drive health record (vendor specific)',
  opcode: ACME_DIAGNOSTIC_OPCODE,
  serviceAction: 0x05,
  length: 12,
  direction: 'in',
  // A vendor opcode is destructive to classifyCdb unless a loaded pack says otherwise;
  // this one only returns counters. Policies trust this only for packs the operator loaded.
  effect: 'read',
  dataLength: allocationLength('allocationLength'),
  fields: {
    detailed: flag(1, 7, { description: 'DETAILED: include per-head counters' }),
    sinceHours: u32(2, { description: 'SINCE: only events after this power-on hour' }),
    allocationLength: u16(8, { default: 512, description: 'ALLOCATION LENGTH: bytes the initiator can receive (default 512)' }),
    control: control(11),
  },
});
