/** `sgio requests DEV [--desc]`: REQUEST SENSE, decoded (like sg_requests). */
import { requestSenseFlow } from '@sgio/core';
import { classifySense, formatSense, senseCategoryText } from '@sgio/struct';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';

/** Options of `requests`. */
export interface RequestsOptions extends CommonOptions {
  /** Ask for descriptor format sense data. */
  desc?: boolean;
}

/** Runs `requests`. */
export async function requests(device: string, options: RequestsOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    const { data: raw, decoded: sense } = await runFlow(session, requestSenseFlow({ ...flowOptions(session), descriptorFormat: options.desc ?? false }));
    if (sense === undefined) {
      emit({ json: { sense: null, category: 0, categoryText: 'No sense data returned' }, raw, text: () => 'No sense data returned' }, options);
      return 0;
    }
    const category = classifySense(sense);
    emit(
      {
        json: { sense, category, categoryText: senseCategoryText(category) },
        raw,
        text: () => `Decode response as sense data:\n${formatSense(sense, { multiLine: true })}`,
      },
      options,
    );
    return 0;
  });
}
