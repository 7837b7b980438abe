/**
 * Flows of MODE SENSE and LOG SENSE: fetch a page whole, decode it.
 */
import { SenseKey, decodeLogPage, decodeModeSense, logSense, modeSense10, modeSense6, type LogPage, type ModeSenseData } from '@sgio/struct';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { commandOptions, type LogPageControl, type LogSenseOptions, type ModePageControl, type ModeSenseOptions } from './command-options.js';
import { step, type CommandFlow } from './command-step.js';
import { decodeResponse, fetchWhole, lengthField } from './fetch-whole.js';

const MODE_PC: Record<ModePageControl, number> = { current: 0, changeable: 1, default: 2, saved: 3 };
const LOG_PC: Record<LogPageControl, number> = { 'current-threshold': 0, 'current-cumulative': 1, 'default-threshold': 2, 'default-cumulative': 3 };

function checkCode(what: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} must be 0..${max}, got ${String(value)}`);
}

/** True for ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE: the device does not know the command. */
export function isUnsupportedCommand(e: unknown): boolean {
  return e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST && e.asc === 0x20;
}

/** MODE SENSE(10), falling back to (6); returns the decoded header, block descriptors and pages. */
export function* modeSenseFlow(page: number, options: ModeSenseOptions): CommandFlow<ModeSenseData> {
  const exec = commandOptions(options);
  checkCode('modeSense(): page', page, 0x3f);
  const subpageCode = options.subpage ?? 0;
  checkCode('modeSense(): subpage', subpageCode, 0xff);
  const pc = MODE_PC[options.pageControl ?? 'current'];
  if (pc === undefined) throw new RangeError(`modeSense(): pageControl must be one of ${Object.keys(MODE_PC).join(', ')}`);
  const dbd = options.disableBlockDescriptors ?? true;
  if (options.cdbSize !== 6) {
    try {
      const data = yield* fetchWhole(
        (allocationLength) => step(modeSense10, { pageCode: page, subpageCode, pc, dbd, allocationLength }, exec),
        4096,
        0xffff,
        (d) => {
          const n = lengthField(d, 0, 2);
          return n === undefined ? undefined : n + 2;
        },
      );
      return decodeResponse('MODE SENSE(10)', data, (b) => decodeModeSense(b, 10));
    } catch (e) {
      if (options.cdbSize === 10 || !isUnsupportedCommand(e)) throw e;
    }
  }
  const data = yield* fetchWhole(
    (allocationLength) => step(modeSense6, { pageCode: page, subpageCode, pc, dbd, allocationLength }, exec),
    0xff,
    0xff,
    (d) => (d.length > 0 ? d[0]! + 1 : undefined),
  );
  return decodeResponse('MODE SENSE(6)', data, (b) => decodeModeSense(b, 6));
}

/** LOG SENSE of one page, decoded. */
export function* logSenseFlow(page: number, options: LogSenseOptions): CommandFlow<LogPage> {
  const exec = commandOptions(options);
  checkCode('logSense(): page', page, 0x3f);
  const subpageCode = options.subpage ?? 0;
  checkCode('logSense(): subpage', subpageCode, 0xff);
  const pc = LOG_PC[options.pageControl ?? 'current-cumulative'];
  if (pc === undefined) throw new RangeError(`logSense(): pageControl must be one of ${Object.keys(LOG_PC).join(', ')}`);
  const parameterPointer = options.parameterPointer ?? 0;
  checkCode('logSense(): parameterPointer', parameterPointer, 0xffff);
  const data = yield* fetchWhole(
    (allocationLength) => step(logSense, { pageCode: page, subpageCode, pc, parameterPointer, allocationLength }, exec),
    4096,
    0xffff,
    (d) => {
      const n = lengthField(d, 2, 2);
      return n === undefined ? undefined : n + 4;
    },
  );
  return decodeResponse('LOG SENSE', data, decodeLogPage);
}
