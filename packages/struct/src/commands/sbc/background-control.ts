/** BACKGROUND CONTROL (SBC-5, SERVICE ACTION IN(16) 0x9E / 0x15): start or stop host-initiated background operations. */
import { defineCdb } from '../../dsl/cdb.js';
import { bits, control, u8 } from '../../dsl/fields.js';

/** BO_CTL values of BACKGROUND CONTROL. */
export const BACKGROUND_OPERATION_CONTROL = {
  /** Change nothing (BO_TIME only). */
  none: 0b00,
  /** Start host-initiated advanced background operations. */
  start: 0b01,
  /** Stop them. */
  stop: 0b10,
} as const;

/** BACKGROUND CONTROL. No data. */
export const backgroundControl = defineCdb({
  id: 'backgroundControl',
  name: 'BACKGROUND CONTROL',
  standard: 'SBC-5',
  description: 'Start or stop host-initiated advanced background operations (garbage collection, media scans)',
  opcode: 0x9e,
  serviceAction: 0x15,
  length: 16,
  direction: 'none',
  effect: 'state',
  fields: {
    boCtl: bits(2, 7, 2, { description: 'BO_CTL: 0 no change, 1 start background operations, 2 stop them' }),
    boTime: u8(3, { description: 'BO_TIME: most time for the operations, in units of 100 ms (0: no limit)' }),
    control: control(15),
  },
});
