/**
 * Flows of MODE SENSE and LOG SENSE: fetch a page whole, decode it.
 */
import {
  SenseKey,
  decodeLogPage,
  decodeModeSense,
  logSense,
  modeSense10,
  modeSense6,
  type GenericLogPage,
  type LogPage,
  type ModePage,
  type ModeSenseData,
} from '@sgio/struct';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { commandOptions, type LogPageControl, type LogSenseOptions, type ModePageControl, type ModeSenseOptions } from '../commands/command-options.js';
import { step, type CommandFlow, type FlowResult } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';
import type { PageDecodeOptions } from './page-decode-options.js';

/** First allocation length of MODE SENSE(10) and LOG SENSE (sg_modes and sg_logs ask this much). */
export const PAGE_FIRST_ALLOCATION = 4096;
/** Allocation length of MODE SENSE(6): its one-byte field's maximum. */
export const MODE_SENSE_6_ALLOCATION = 0xff;

const MODE_PC: Record<ModePageControl, number> = { current: 0, changeable: 1, default: 2, saved: 3 };
const LOG_PC: Record<LogPageControl, number> = { 'current-threshold': 0, 'current-cumulative': 1, 'default-threshold': 2, 'default-cumulative': 3 };

function checkCode(what: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} must be 0..${max}, got ${String(value)}`);
}

/** The PC field's value of a page control given by name or as 0..3; undefined when neither. */
function pageControlValue(names: Readonly<Record<string, number>>, control: string | number): number | undefined {
  if (typeof control === 'number') return Number.isInteger(control) && control >= 0 && control <= 3 ? control : undefined;
  return names[control];
}

/** True for ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE: the device does not know the command. */
export function isUnsupportedCommand(e: unknown): boolean {
  return e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST && e.asc === 0x20;
}

/**
 * MODE SENSE(10), falling back to (6) when the device does not know (10)
 * (`options.cdbSize` forces one); fetched whole, decoded into header, block
 * descriptors and pages with `options.decoders`. `result.command` says which
 * CDB answered.
 */
export function* modeSenseFlow<M = ModePage>(page: number, options: ModeSenseOptions & PageDecodeOptions<unknown, M, unknown> = {}): CommandFlow<FlowResult<ModeSenseData<M>>> {
  const decoders = options.decoders;
  const exec = commandOptions(options);
  checkCode('modeSense(): page', page, 0x3f);
  const subpageCode = options.subpage ?? 0;
  checkCode('modeSense(): subpage', subpageCode, 0xff);
  const pc = pageControlValue(MODE_PC, options.pageControl ?? 'current');
  if (pc === undefined) throw new RangeError(`modeSense(): pageControl must be one of ${Object.keys(MODE_PC).join(', ')}`);
  const dbd = options.disableBlockDescriptors ?? true;
  if (options.cdbSize !== 6) {
    try {
      const { data, result } = yield* fetchWhole(
        (allocationLength) => step(modeSense10, { pageCode: page, subpageCode, pc, dbd, allocationLength }, exec),
        PAGE_FIRST_ALLOCATION,
        0xffff,
        (d) => {
          const n = lengthField(d, 0, 2);
          return n === undefined ? undefined : n + 2;
        },
      );
      return { data, result, decoded: decodeResponse('MODE SENSE(10)', data, (b) => decodeModeSense<M>(b, 10, decoders, options.deviceType)) };
    } catch (e) {
      if (options.cdbSize === 10 || !isUnsupportedCommand(e)) throw e;
    }
  }
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(modeSense6, { pageCode: page, subpageCode, pc, dbd, allocationLength }, exec),
    MODE_SENSE_6_ALLOCATION,
    MODE_SENSE_6_ALLOCATION,
    (d) => (d.length > 0 ? d[0]! + 1 : undefined),
  );
  return { data, result, decoded: decodeResponse('MODE SENSE(6)', data, (b) => decodeModeSense<M>(b, 6, decoders, options.deviceType)) };
}

/** LOG SENSE of one page, fetched whole and decoded with `options.decoders`. */
export function* logSenseFlow<L = LogPage>(page: number, options: LogSenseOptions & PageDecodeOptions<unknown, unknown, L> = {}): CommandFlow<FlowResult<L | GenericLogPage>> {
  const decoders = options.decoders;
  const exec = commandOptions(options);
  checkCode('logSense(): page', page, 0x3f);
  const subpageCode = options.subpage ?? 0;
  checkCode('logSense(): subpage', subpageCode, 0xff);
  const pc = pageControlValue(LOG_PC, options.pageControl ?? 'current-cumulative');
  if (pc === undefined) throw new RangeError(`logSense(): pageControl must be one of ${Object.keys(LOG_PC).join(', ')}`);
  const parameterPointer = options.parameterPointer ?? 0;
  checkCode('logSense(): parameterPointer', parameterPointer, 0xffff);
  const { data, result } = yield* fetchWhole(
    (allocationLength) => step(logSense, { pageCode: page, subpageCode, pc, parameterPointer, allocationLength }, exec),
    PAGE_FIRST_ALLOCATION,
    0xffff,
    (d) => {
      const n = lengthField(d, 2, 2);
      return n === undefined ? undefined : n + 4;
    },
  );
  return { data, result, decoded: decodeResponse('LOG SENSE', data, (b) => decodeLogPage<L>(b, decoders, options.deviceType)) };
}
