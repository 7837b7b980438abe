/**
 * GET LBA STATUS: the provisioning status of the blocks from an LBA on,
 * fetched whole and decoded.
 */
import { decodeLbaStatus, getLbaStatus, type LbaStatusData } from '@sgio/struct';
import { checkLba } from '../commands/block-cdb.js';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';

/** Options of {@link lbaStatusFlow}. */
export interface LbaStatusOptions extends CommandOptions {
  /** REPORT TYPE, a byte (SBC-5; struct's `LBA_STATUS_REPORT_TYPE`): 0 all (default), 1 non-zero provisioning status, 2 mapped, 3 deallocated, 4 anchored, 0x10 may return an unrecovered error. */
  readonly reportType?: number;
  /** Most bytes to ask for when the device declares more (default 1 MiB). */
  readonly maxLength?: number;
}

/** GET LBA STATUS from `lba` on: 4 KiB first, then the declared length (at most `maxLength`). */
export function* lbaStatusFlow(lba: number | bigint, options: LbaStatusOptions = {}): CommandFlow<FlowResult<LbaStatusData>> {
  const start = checkLba(lba);
  const reportType = options.reportType ?? 0;
  if (!Number.isInteger(reportType) || reportType < 0 || reportType > 0xff) throw new RangeError(`lbaStatus(): reportType is a byte (0 all, 1 non-zero, 2 mapped, 3 deallocated, 4 anchored, 0x10 unrecovered error), got ${String(reportType)}`);
  const exec = commandOptions(options);
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(getLbaStatus, { lba: start, reportType, allocationLength }, exec),
    4096,
    options.maxLength ?? 1024 * 1024,
    (d) => {
      const n = lengthField(d, 0, 4);
      return n === undefined ? undefined : n + 4;
    },
  );
  return { data, result, decoded: decodeResponse('GET LBA STATUS', data, decodeLbaStatus) };
}
