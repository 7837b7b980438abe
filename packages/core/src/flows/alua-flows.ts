/**
 * Asymmetric logical unit access (ALUA, SPC-6 5.16): REPORT TARGET PORT
 * GROUPS fetched whole and decoded, SET TARGET PORT GROUPS from named
 * states, and the target port group of the port a device is reached
 * through (VPD 0x83), which is what SET TARGET PORT GROUPS changes when the
 * caller names no group (as sg_stpg does).
 */
import {
  decodeTargetPortGroups,
  encodeSetTargetPortGroups,
  reportTargetPortGroups,
  RTPG_FORMAT,
  setTargetPortGroups,
  type DeviceIdentificationVpdPage,
  type TargetPortGroupChange,
  type TargetPortGroups,
} from '@sgio/struct';
import { BlockRequestError } from '../commands/command-errors.js';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import type { CommandResult } from '../execute/result.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';
import { vpdFlow } from './identify-flows.js';

/** First allocation length of REPORT TARGET PORT GROUPS (sg_rtpg's). */
export const RTPG_FIRST_ALLOCATION = 1024;

/** Options of {@link reportTargetPortGroupsFlow}. */
export interface ReportTargetPortGroupsOptions extends CommandOptions {
  /** Ask for the extended header (implicit transition time). */
  readonly extended?: boolean;
}

/** REPORT TARGET PORT GROUPS, fetched whole (re-asked with the RETURN DATA LENGTH) and decoded. */
export function* reportTargetPortGroupsFlow(options: ReportTargetPortGroupsOptions = {}): CommandFlow<FlowResult<TargetPortGroups>> {
  const exec = commandOptions(options);
  const format = options.extended ? RTPG_FORMAT.extended : RTPG_FORMAT.lengthOnly;
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(reportTargetPortGroups, { parameterDataFormat: format, allocationLength }, exec),
    RTPG_FIRST_ALLOCATION,
    0xffffffff,
    (d) => {
      const n = lengthField(d, 0, 4);
      return n === undefined ? undefined : n + 4;
    },
  );
  return { data, result, decoded: decodeResponse('REPORT TARGET PORT GROUPS', data, (b) => decodeTargetPortGroups(b, format)) };
}

/**
 * SET TARGET PORT GROUPS: asks each group for its state (explicit ALUA; a
 * device without it answers ILLEGAL REQUEST). Changes what paths the
 * initiators may use, not user data.
 */
export function* setTargetPortGroupsFlow(changes: readonly TargetPortGroupChange[], options: CommandOptions = {}): CommandFlow<CommandResult> {
  if (changes.length === 0) throw new BlockRequestError('setTargetPortGroups(): name at least one target port group and the state it should take');
  let data: Uint8Array;
  try {
    data = encodeSetTargetPortGroups(changes);
  } catch (e) {
    throw new BlockRequestError(`setTargetPortGroups(): ${(e as Error).message}`, { cause: e });
  }
  return yield step(setTargetPortGroups, { parameterListLength: data.length }, { ...commandOptions(options), data });
}

/**
 * The target port group of the port the device is reached through: the
 * TARGET PORT GROUP designator of VPD 0x83, or undefined when the device
 * reports none (no ALUA).
 */
export function* ownTargetPortGroupFlow(options: CommandOptions = {}): CommandFlow<number | undefined> {
  const { decoded } = yield* vpdFlow(0x83, options);
  const designators = (decoded as Partial<DeviceIdentificationVpdPage>).designators ?? [];
  return designators.find((d) => d.designatorType === 'target-port-group')?.targetPortGroup;
}
