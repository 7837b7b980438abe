/** Informational Exceptions Control mode page (0x1C, SPC-6 7.5.14). */
import { bits, flag, u32 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { decodeFixedModePage, type FixedModePage } from './fixed-page.js';

/** Layout of the Informational Exceptions Control mode page (offsets from the page start). */
export const INFORMATIONAL_EXCEPTIONS_MODE_PAGE_LAYOUT = defineLayout({
  name: 'Informational Exceptions Control mode page',
  length: 12,
  fields: {
    perf: flag(2, 7, { description: 'performance: no delays for informational exception operations' }),
    ebf: flag(2, 5, { description: 'enable background function' }),
    ewasc: flag(2, 4, { description: 'enable warning' }),
    dexcpt: flag(2, 3, { description: 'disable exception control' }),
    test: flag(2, 2, { description: 'create test device failure notifications' }),
    ebackerr: flag(2, 1, { description: 'enable background error' }),
    logerr: flag(2, 0, { description: 'log errors' }),
    mrie: bits(3, 3, 4, { description: 'method of reporting informational exceptions' }),
    intervalTimer: u32(4, { description: 'interval timer, 100 ms units' }),
    reportCount: u32(8, { description: 'report count' }),
  },
});

/** Decoded Informational Exceptions Control mode page. */
export type InformationalExceptionsModePage = FixedModePage<(typeof INFORMATIONAL_EXCEPTIONS_MODE_PAGE_LAYOUT)['fields']>;

/**
 * Decodes the Informational Exceptions Control mode page (0x1C, subpage 0)
 * starting at byte 0 of `bytes`.
 * @throws {@link DecodeError} on fewer than 2 bytes or another page code.
 */
export function decodeInformationalExceptionsModePage(bytes: Uint8Array): InformationalExceptionsModePage {
  return decodeFixedModePage(bytes, 0x1c, INFORMATIONAL_EXCEPTIONS_MODE_PAGE_LAYOUT);
}
