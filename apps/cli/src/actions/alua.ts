/** `sgio rtpg` and `sgio stpg`: ALUA target port groups through core's flows. */
import { ownTargetPortGroupFlow, reportTargetPortGroupsFlow, setTargetPortGroupsFlow } from '@sgio/core';
import { SETTABLE_ACCESS_STATES, type SettableAccessState, type TargetPortGroup } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';

/** Options of `rtpg`. */
export interface RtpgOptions extends CommonOptions {
  /** Extended header. */
  extended?: boolean;
}

function groupText(g: TargetPortGroup): string {
  return [
    `  Target port group ${g.group} (0x${g.group.toString(16)}): ${g.accessStateName}${g.preferred ? ', preferred' : ''}`,
    `    Asymmetric access state: 0x${g.accessState.toString(16).padStart(2, '0')}`,
    `    Supports: ${g.supportedStates.join(', ') || '-'}`,
    `    Status code: 0x${g.statusCode.toString(16).padStart(2, '0')}, vendor specific: 0x${g.vendorSpecific.toString(16).padStart(2, '0')}`,
    `    Relative target ports: ${g.ports.map((p) => `0x${p.toString(16)}`).join(' ') || '-'}`,
  ].join('\n');
}

/** Runs `rtpg`. */
export async function rtpg(device: string, options: RtpgOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    const { data: raw, decoded } = await runFlow(session, reportTargetPortGroupsFlow({ ...flowOptions(session), extended: options.extended ?? false }));
    emit(
      {
        json: decoded,
        raw,
        text: () =>
          [
            `Report target port groups (${decoded.format} header${decoded.implicitTransitionTime !== undefined ? `, implicit transition time ${decoded.implicitTransitionTime} s` : ''}):`,
            ...decoded.groups.map(groupText),
            ...(decoded.truncated ? ['  (more groups follow than the device returned)'] : []),
          ].join('\n'),
      },
      options,
    );
    return 0;
  });
}

/** The short names sg_stpg's options stand for. */
const SHORT_STATES: Readonly<Record<string, SettableAccessState>> = { ao: 'active/optimized', an: 'active/non-optimized', s: 'standby', u: 'unavailable', o: 'offline' };

/** `--state` text → a settable state name. */
export function parseAccessState(text: string): SettableAccessState {
  const t = text.trim().toLowerCase();
  const named = SHORT_STATES[t] ?? (t in SETTABLE_ACCESS_STATES ? (t as SettableAccessState) : undefined);
  if (!named) throw new CliError(`--state ${text}: use ao, an, s, u, o or one of ${Object.keys(SETTABLE_ACCESS_STATES).join(', ')}`);
  return named;
}

/** Options of `stpg`. */
export interface StpgOptions extends CommonOptions {
  /** The state. */
  state: string;
  /** The target port group (default: the device's own). */
  group?: number;
}

/** Runs `stpg`. */
export async function stpg(device: string, options: StpgOptions): Promise<number> {
  const state = parseAccessState(options.state);
  return withDevice(device, options, async (session) => {
    let group = options.group;
    if (group === undefined) {
      group = await runFlow(session, ownTargetPortGroupFlow(flowOptions(session)));
      if (group === undefined) throw new CliError(`${device} reports no target port group in VPD 0x83 (no ALUA?): name one with --group`);
    }
    const reporter = new ControlReporter(device, 'set-target-port-groups', { group, state }, options);
    reporter.add(await runFlow(session, setTargetPortGroupsFlow([{ group, state }], flowOptions(session))));
    return reporter.done(`target port group ${group} of ${device} set to ${state}`);
  });
}
