/**
 * Writing a range of a host-managed zoned device (ZBC, peripheral type
 * 0x14) the way the device accepts it: every write in a sequential write
 * required zone must start at its write pointer, and no write may cross
 * from one zone into the next. {@link zonedWritePlanFlow} checks a range
 * before anything is written (so a writer says why it cannot instead of
 * failing half way) and gives the zone boundaries to split transfers at.
 */
import { PeripheralDeviceType, type ReportZonesData, type ZoneDescriptor } from '@sgio/struct';
import type { CommandOptions } from '../commands/command-options.js';
import { SgioError } from '../errors/sgio-error.js';
import type { CommandFlow } from './command-step.js';
import { inquiryFlow } from './identify-flows.js';
import { reportZonesFlow } from './zone-flows.js';

/** Codes of {@link ZonedWriteError}. */
export type ZonedWriteErrorCode = 'ERR_ZONE_NOT_AT_WRITE_POINTER' | 'ERR_ZONE_NOT_EMPTY' | 'ERR_ZONE_NOT_WRITABLE' | 'ERR_ZONES_UNEVEN';

/** A range that a host-managed zoned device would refuse to have written, found before writing. */
export class ZonedWriteError extends SgioError {
  /** The zone that stands in the way. */
  readonly zone: ZoneDescriptor | undefined;
  constructor(code: ZonedWriteErrorCode, message: string, zone?: ZoneDescriptor) {
    super(code, message);
    this.zone = zone;
  }
}

/** How to write a range of a zoned device. */
export interface ZonedWritePlan {
  /** The zones the range touches (as REPORT ZONES described them before the write). */
  readonly zones: readonly ZoneDescriptor[];
  /**
   * Blocks from `lba` to the next zone boundary (the start of the zone
   * after the one holding `lba`): a transfer from `lba` must not be longer.
   */
  blocksToBoundary(lba: number): number;
}

/** A zone that takes no write until it is reset (struct's decoded condition names). */
function unwritable(z: ZoneDescriptor): boolean {
  return z.zoneConditionName === 'read-only' || z.zoneConditionName === 'full' || z.zoneConditionName === 'offline';
}

/**
 * Checks the write of `blocks` blocks (undefined: to wherever the input
 * ends) from `startLba` against the zones, and plans it. Resolves with
 * `undefined` for a device that is not host-managed zoned (nothing to do).
 * Commands: one INQUIRY; on a zoned device REPORT ZONES from `startLba`
 * (up to 1 MiB of descriptors).
 * @throws {@link ZonedWriteError} `ERR_ZONE_NOT_AT_WRITE_POINTER` (the range
 *   starts inside a sequential zone but not at its write pointer),
 *   `ERR_ZONE_NOT_EMPTY` (a later sequential zone of the range already
 *   holds data), `ERR_ZONE_NOT_WRITABLE` (full, read only or offline),
 *   `ERR_ZONES_UNEVEN` (the range runs past the zones reported and the zones
 *   are not all the same length).
 */
export function* zonedWritePlanFlow(startLba: number, blocks: number | undefined, options: CommandOptions = {}): CommandFlow<ZonedWritePlan | undefined> {
  const inquiry = yield* inquiryFlow(options);
  if (inquiry.decoded.peripheralDeviceType !== PeripheralDeviceType.ZBC) return undefined;
  const report: ReportZonesData = (yield* reportZonesFlow(startLba, options)).decoded;
  const zones = report.zones;
  const end = blocks === undefined ? undefined : startLba + blocks;
  const touched = zones.filter((z) => end === undefined || Number(z.zoneStartLba) < end);
  touched.forEach((z, i) => {
    if (z.zoneTypeName !== 'sequential-write-required') return;
    const start = Number(z.zoneStartLba);
    const where = `zone ${start} (${z.zoneConditionName.toLowerCase()}, write pointer ${z.writePointerLba})`;
    if (i === 0) {
      if (unwritable(z)) throw new ZonedWriteError('ERR_ZONE_NOT_WRITABLE', `LBA ${startLba} lies in ${where}, which takes no writes: reset it first (sgio zone DEVICE --reset --zone ${start}).`, z);
      if (Number(z.writePointerLba) !== startLba) {
        throw new ZonedWriteError(
          'ERR_ZONE_NOT_AT_WRITE_POINTER',
          `LBA ${startLba} is not the write pointer of ${where}: a sequential zone is written from its write pointer on. Write from LBA ${z.writePointerLba}, or reset the zone first (sgio zone DEVICE --reset --zone ${start}); sgio zones DEVICE lists the pointers.`,
          z,
        );
      }
      return;
    }
    // only checked when the range is known to reach it
    if (end === undefined) return;
    if (unwritable(z) || Number(z.writePointerLba) !== start) {
      throw new ZonedWriteError(
        'ERR_ZONE_NOT_EMPTY',
        `the range ${startLba}..${end - 1} runs into ${where}, which already holds data: its blocks can only follow its write pointer. Reset it first (sgio zone DEVICE --reset --zone ${start}) or end the write before LBA ${start}.`,
        z,
      );
    }
  });
  const last = zones.at(-1);
  const reportedEnd = last === undefined ? startLba : Number(last.zoneStartLba + last.zoneLength);
  // SAME: 1 every zone alike, 2 alike but the last may be shorter, 3 same length, types differ
  const uniform = report.same >= 1 && report.same <= 3;
  if (end !== undefined && end > reportedEnd && report.truncated && !uniform) {
    throw new ZonedWriteError('ERR_ZONES_UNEVEN', `the range ${startLba}..${end - 1} spans more zones than one REPORT ZONES returns (${zones.length}) and the zones differ in length: write it in parts, each ending by LBA ${reportedEnd - 1}.`);
  }
  const starts = zones.map((z) => Number(z.zoneStartLba));
  const step = last === undefined ? 0 : Number(last.zoneLength);
  return {
    zones: touched,
    blocksToBoundary(lba: number): number {
      // the first reported zone start above lba; past the report, uniform zones continue
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= lba) lo = mid + 1;
        else hi = mid;
      }
      if (lo < starts.length) return starts[lo]! - lba;
      if (step === 0) return Number.MAX_SAFE_INTEGER;
      const base = starts.at(-1)!;
      return step - ((lba - base) % step);
    },
  };
}
