/**
 * The ZBC OUT zone actions (ZBC-2, 0x94): CLOSE ZONE, FINISH ZONE, OPEN ZONE
 * and RESET WRITE POINTER. One CDB layout, four service actions.
 */
import { defineCdb, type CdbDefinition } from '../../dsl/cdb.js';
import type { Effect } from '../../dsl/effect.js';
import { control, flag, u16, u64, type FlagField, type UintField, type BigUintField } from '../../dsl/fields.js';

/** The fields every zone action has. */
export type ZoneActionFields = {
  /** ZONE ID: the first LBA of the zone. */
  readonly zoneId: BigUintField;
  /** ZONE COUNT: how many zones from ZONE ID (0 or 1: one). */
  readonly zoneCount: UintField;
  /** ALL: act on every zone (ZONE ID ignored). */
  readonly all: FlagField;
  /** CONTROL byte. */
  readonly control: UintField;
};

function zoneActionFields(): ZoneActionFields {
  return {
    zoneId: u64(2, { description: 'ZONE ID: the start LBA of the (first) zone' }),
    zoneCount: u16(12, { description: 'ZONE COUNT: zones from ZONE ID on (0 or 1: that zone only)' }),
    all: flag(14, 0, { description: 'ALL: act on every zone the action applies to (ZONE ID ignored)' }),
    control: control(15),
  };
}

function zoneAction<const Id extends string>(id: Id, name: string, serviceAction: number, effect: Effect, description: string): CdbDefinition<Id, ZoneActionFields> {
  return defineCdb({ id, name, standard: 'ZBC-2', description, opcode: 0x94, serviceAction, length: 16, direction: 'none', effect, fields: zoneActionFields() });
}

/** CLOSE ZONE (0x94 / 0x01): an open zone becomes closed, keeping its write pointer. */
export const closeZone = zoneAction('closeZone', 'CLOSE ZONE', 0x01, 'state', 'Close open zones (they keep their write pointers and free an open-zone resource)');

/** FINISH ZONE (0x94 / 0x02): the write pointer moves to the end; the zone becomes full. */
export const finishZone = zoneAction('finishZone', 'FINISH ZONE', 0x02, 'state', 'Make zones full: the write pointer moves to the end of the zone');

/** OPEN ZONE (0x94 / 0x03): explicitly open zones for writing. */
export const openZone = zoneAction('openZone', 'OPEN ZONE', 0x03, 'state', 'Explicitly open zones for writing');

/** RESET WRITE POINTER (0x94 / 0x04): the zone becomes empty; what was written is gone. */
export const resetWritePointer = zoneAction('resetWritePointer', 'RESET WRITE POINTER', 0x04, 'write', 'Empty zones: the write pointer goes back to the zone start and the data written is lost');
