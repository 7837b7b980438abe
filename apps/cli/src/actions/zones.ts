/** `sgio zones` and `sgio zone`: core's REPORT ZONES and zone action flows with sg_rep_zones' / sg_zone's inputs. */
import { reportZonesFlow, zoneActionFlow, type ZoneAction } from '@sgio/core';
import { ZONE_CONDITION_TEXT, ZONE_TYPE_TEXT, type ZoneDescriptor } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { hex } from '../common/text.js';

/** Options of `zones`. */
export interface ZonesOptions extends CommonOptions {
  /** First LBA to report from. */
  start?: number;
  /** REPORTING OPTIONS. */
  report?: number;
  /** At most this many zones. */
  num?: number;
}

function zoneText(z: ZoneDescriptor, i: number): string {
  return [
    ` Zone descriptor: ${i}`,
    `   Zone type: ${ZONE_TYPE_TEXT[z.zoneTypeName]}`,
    `   Zone condition: ${ZONE_CONDITION_TEXT[z.zoneConditionName]}`,
    `   Non_seq: ${Number(z.nonSeq)}`,
    `   Reset: ${Number(z.reset)}`,
    `   Zone Length: ${hex(z.zoneLength, 1)}`,
    `   Zone start LBA: ${hex(z.zoneStartLba, 1)}`,
    `   Write pointer LBA: ${hex(z.writePointerLba, 1)}`,
  ].join('\n');
}

/** Runs `zones`. */
export async function zones(device: string, options: ZonesOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) => {
    const flow = reportZonesFlow(options.start ?? 0, { ...flowOptions(session), reportingOptions: options.report ?? 0, ...(options.num !== undefined ? { maxZones: options.num } : {}) });
    const { data: raw, decoded: data } = await runFlow(session, flow);
    emit(
      {
        json: data,
        raw,
        text: () =>
          [
            'Report zones response:',
            `  Same=${data.same}`,
            `  Maximum LBA: ${hex(data.maximumLba, 1)}`,
            `  Zones reported: ${data.zones.length}${data.truncated ? ' (more follow: raise --num or use --start)' : ''}`,
            ...data.zones.map(zoneText),
          ].join('\n'),
      },
      options,
    );
    return 0;
  });
}

/** Options of `zone`. */
export interface ZoneOptions extends CommonOptions {
  /** OPEN ZONE. */
  open?: boolean;
  /** CLOSE ZONE. */
  close?: boolean;
  /** FINISH ZONE. */
  finish?: boolean;
  /** RESET WRITE POINTER. */
  reset?: boolean;
  /** ZONE ID. */
  zone?: number;
  /** Zones from ZONE ID. */
  count?: number;
  /** ALL. */
  all?: boolean;
}

/** Runs `zone`: one zone action on one zone, a range of zones, or all. */
export async function zone(device: string, options: ZoneOptions): Promise<number> {
  const chosen = (['open', 'close', 'finish', 'reset'] as const).filter((a) => options[a]);
  if (chosen.length !== 1) throw new CliError('give exactly one of --open, --close, --finish, --reset');
  const action: ZoneAction = chosen[0]!;
  if (!options.all && options.zone === undefined) throw new CliError('give --zone LBA (the start of the zone) or --all');
  if (options.all && options.zone !== undefined) throw new CliError('--all acts on every zone: leave --zone out');
  const count = options.count ?? 1;
  const target = options.all ? ({ all: true } as const) : { zoneId: options.zone!, count };
  const reporter = new ControlReporter(device, `zone-${action}`, options.all ? { all: true } : { zone: options.zone, count }, options);
  return withDevice(device, options, async (session) => {
    reporter.add(await runFlow(session, zoneActionFlow(action, target, flowOptions(session))));
    return reporter.done(`${action} of ${options.all ? 'all zones' : `${count} zone(s) from lba ${options.zone!}`} on ${device}`);
  });
}
