/** `sgio luns DEV [--select N]`: REPORT LUNS (like sg_luns). */
import { reportLunsFlow } from '@sgio/core';
import type { LunAddress } from '@sgio/struct';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { hex } from '../common/text.js';

/** Options of `luns`. */
export interface LunsOptions extends CommonOptions {
  /** SELECT REPORT (default 0). */
  select?: number;
}

function lunText(l: LunAddress): string {
  const level = l.levels[0];
  const what = l.wellKnown
    ? 'well-known LUN'
    : level?.method === 'peripheral'
      ? `Peripheral device addressing: lun=${level.targetOrLun}`
      : level?.method === 'flat'
        ? `Flat space addressing: lun=${level.lun}`
        : level?.method === 'logical-unit'
          ? `Logical unit addressing: target=${level.target} bus=${level.bus} lun=${level.lun}`
          : 'Extended logical unit addressing';
  return `    ${l.hex}\n      ${what}  [Linux LUN ${l.linuxLun}]`;
}

/** Runs `luns`. */
export async function luns(device: string, options: LunsOptions): Promise<number> {
  const selectReport = options.select ?? 0;
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    // core's flow asks again with the declared length when the first answer was cut
    const { data: raw, decoded: data } = await runFlow(session, reportLunsFlow({ ...flowOptions(session), selectReport }));
    emit(
      {
        json: { selectReport, ...data },
        raw,
        text: () =>
          [
            `Lun list length = ${data.lunListLength} which implies ${data.lunListLength / 8} lun entr${data.lunListLength === 8 ? 'y' : 'ies'}`,
            `Report luns [select_report=${hex(selectReport, 1)}]:`,
            ...data.luns.map(lunText),
          ].join('\n'),
      },
      options,
    );
    return 0;
  });
}
