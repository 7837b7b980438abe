/** `sgio start` / `sgio stop`: START STOP UNIT (like sg_start). */
import { startStopUnit } from '@sgio/struct';
import { ControlReporter } from '../common/control-report.js';
import { runDefinition, withDevice } from '../common/device.js';
import type { CommonOptions } from '../common/global-options.js';

/** Options of `start` and `stop`. */
export interface StartStopOptions extends CommonOptions {
  /** IMMED. */
  immed?: boolean;
  /** start: load the medium first (LOEJ with START). */
  load?: boolean;
  /** stop: eject the medium (LOEJ without START). */
  eject?: boolean;
  /** stop: NO_FLUSH. */
  noflush?: boolean;
  /** POWER CONDITION (start only). */
  pc?: number;
  /** POWER CONDITION MODIFIER. */
  mod?: number;
}

async function startStop(device: string, start: boolean, opts: StartStopOptions): Promise<number> {
  const fields = {
    start: start && (opts.pc ?? 0) === 0,
    loej: start ? Boolean(opts.load) : Boolean(opts.eject),
    immed: Boolean(opts.immed),
    noFlush: Boolean(opts.noflush),
    powerCondition: opts.pc ?? 0,
    powerConditionModifier: opts.mod ?? 0,
  };
  const action = start ? 'start' : 'stop';
  const reporter = new ControlReporter(device, action, fields, opts);
  return withDevice(device, opts, async (session) => {
    reporter.add(await runDefinition(session, startStopUnit, fields));
    return reporter.done(`${start ? 'started' : 'stopped'} ${device}${fields.loej ? (start ? ' (medium loaded)' : ' (medium ejected)') : ''}`);
  });
}

/** Runs `start`. */
export function start(device: string, opts: StartStopOptions): Promise<number> {
  return startStop(device, true, opts);
}

/** Runs `stop`. */
export function stop(device: string, opts: StartStopOptions): Promise<number> {
  return startStop(device, false, opts);
}
