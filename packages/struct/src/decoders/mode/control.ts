/** Control mode page (0x0A, SPC-6 7.5.10). */
import { bits, flag, u16 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { decodeFixedModePage, type FixedModePage } from './fixed-page.js';

/** Layout of the Control mode page (offsets from the page start). */
export const CONTROL_MODE_PAGE_LAYOUT = defineLayout({
  name: 'Control mode page',
  length: 12,
  fields: {
    tst: bits(2, 7, 3, { description: 'task set type' }),
    tmfOnly: flag(2, 4, { description: 'task management functions only' }),
    dpicz: flag(2, 3, { description: 'disable protection information check if protect field is zero' }),
    dSense: flag(2, 2, { description: 'descriptor format sense data' }),
    gltsd: flag(2, 1, { description: 'global logging target save disable' }),
    rlec: flag(2, 0, { description: 'report log exception condition' }),
    queueAlgorithmModifier: bits(3, 7, 4, { description: 'queue algorithm modifier' }),
    nuar: flag(3, 3, { description: 'no unit attention on release' }),
    qerr: bits(3, 2, 2, { description: 'queue error management' }),
    vs: flag(4, 7, { description: 'vendor specific' }),
    rac: flag(4, 6, { description: 'report a check' }),
    uaIntlckCtrl: bits(4, 5, 2, { description: 'unit attention interlocks control' }),
    swp: flag(4, 3, { description: 'software write protect' }),
    ato: flag(5, 7, { description: 'application tag owner' }),
    tas: flag(5, 6, { description: 'task aborted status' }),
    atmpe: flag(5, 5, { description: 'application tag mode page enabled' }),
    rwwp: flag(5, 4, { description: 'reject write without protection' }),
    sblp: flag(5, 3, { description: 'supported block lengths and protection information' }),
    autoloadMode: bits(5, 2, 3, { description: 'autoload mode' }),
    busyTimeoutPeriod: u16(8, { description: 'busy timeout period, 100 ms units' }),
    extendedSelfTestCompletionTime: u16(10, { description: 'extended self-test completion time, seconds' }),
  },
});

/** Decoded Control mode page. */
export type ControlModePage = FixedModePage<(typeof CONTROL_MODE_PAGE_LAYOUT)['fields']>;

/**
 * Decodes the Control mode page (0x0A, subpage 0) starting at byte 0 of `bytes`.
 * @throws {@link DecodeError} on fewer than 2 bytes or another page code.
 */
export function decodeControlModePage(bytes: Uint8Array): ControlModePage {
  return decodeFixedModePage(bytes, 0x0a, CONTROL_MODE_PAGE_LAYOUT);
}
