/**
 * Zoned block devices (ZBC): REPORT ZONES fetched whole and decoded, and
 * the zone actions (open, close, finish, reset write pointer) of one zone,
 * several zones or all of them.
 */
import { closeZone, decodeReportZones, finishZone, openZone, reportZones, resetWritePointer, type ReportZonesData } from '@sgio/struct';
import { checkLba } from '../commands/block-cdb.js';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import type { CommandResult } from '../execute/result.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';

/** REPORT ZONES' header: 64 bytes before the first zone descriptor. */
const HEADER = 64;

/** Options of {@link reportZonesFlow}. */
export interface ReportZonesOptions extends CommandOptions {
  /** REPORTING OPTIONS (struct's `REPORT_ZONES_OPTION`): 0 every zone (default), 1 empty, ..., 0x3f not write pointer. */
  readonly reportingOptions?: number;
  /** At most this many zone descriptors (default: all the device lists, up to `maxLength`). */
  readonly maxZones?: number;
  /** Most bytes to ask for when the device declares more (default 1 MiB: 16,383 zones). */
  readonly maxLength?: number;
}

/**
 * REPORT ZONES from the zone holding `startLba` on: 4 KiB first, then the
 * length the zone list declares (at most `maxZones` descriptors or
 * `maxLength` bytes). `decoded.truncated` says whether more zones follow.
 */
export function* reportZonesFlow(startLba: number | bigint = 0, options: ReportZonesOptions = {}): CommandFlow<FlowResult<ReportZonesData>> {
  const zoneStartLba = checkLba(startLba);
  const reportingOptions = options.reportingOptions ?? 0;
  if (!Number.isInteger(reportingOptions) || reportingOptions < 0 || reportingOptions > 0x3f) {
    throw new RangeError(`reportZones(): reportingOptions is 0..0x3f (struct's REPORT_ZONES_OPTION), got ${String(reportingOptions)}`);
  }
  const maxZones = options.maxZones;
  if (maxZones !== undefined && (!Number.isInteger(maxZones) || maxZones < 1)) throw new RangeError(`reportZones(): maxZones must be a positive integer, got ${String(maxZones)}`);
  const max = Math.min(options.maxLength ?? 1024 * 1024, maxZones === undefined ? Infinity : HEADER + 64 * maxZones);
  const exec = commandOptions(options);
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(reportZones, { zoneStartLba, reportingOptions, allocationLength, partial: false }, exec),
    Math.min(4096, max),
    max,
    (d) => {
      const n = lengthField(d, 0, 4);
      return n === undefined ? undefined : n + HEADER;
    },
  );
  return { data, result, decoded: decodeResponse('REPORT ZONES', data, decodeReportZones) };
}

/** A zone action's name as `zoneActionFlow` takes it. */
export type ZoneAction = 'open' | 'close' | 'finish' | 'reset';

const ACTIONS = { open: openZone, close: closeZone, finish: finishZone, reset: resetWritePointer } as const;

/** Zones from one zone's start LBA on. */
export interface ZoneRange {
  /** ZONE ID: the start LBA of the first zone. */
  readonly zoneId: number | bigint;
  /** How many zones from it (default 1). */
  readonly count?: number;
}

/** Every zone the action applies to (the ALL bit). */
export interface AllZones {
  /** Always true. */
  readonly all: true;
}

/** Which zones a zone action applies to. */
export type ZoneTarget = ZoneRange | AllZones;

/**
 * OPEN ZONE, CLOSE ZONE, FINISH ZONE or RESET WRITE POINTER (ZBC OUT) of
 * one zone (its start LBA), `count` zones from it, or all zones. `reset`
 * loses the data written in the zones.
 */
export function* zoneActionFlow(action: ZoneAction, target: ZoneTarget, options: CommandOptions = {}): CommandFlow<CommandResult> {
  const definition = ACTIONS[action];
  if (definition === undefined) throw new RangeError(`zoneAction(): the action is open, close, finish or reset, got ${String(action)}`);
  const exec = commandOptions(options);
  if ('all' in target) return yield step(definition, { zoneId: 0n, zoneCount: 0, all: true }, exec);
  const count = target.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 0xffff) throw new RangeError(`zoneAction(): count is 1..65535 zones, got ${String(count)}`);
  return yield step(definition, { zoneId: checkLba(target.zoneId), zoneCount: count === 1 ? 0 : count, all: false }, exec);
}
