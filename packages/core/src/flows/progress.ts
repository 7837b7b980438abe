/**
 * The progress a device reports in REQUEST SENSE while a long operation runs
 * (FORMAT UNIT, SANITIZE, a self-test): NOT READY with LOGICAL UNIT NOT READY
 * (04h) and an "in progress" qualifier, or NO SENSE, each with a progress
 * indication in the sense-key specific bytes. FORMAT UNIT and the self-tests
 * poll it through {@link progressOf}.
 */
import { SenseKey, type SenseData } from '@sgio/struct';

/** What a progress poll found. */
export interface OperationProgress {
  /** 0..1 done, or undefined when the device is busy without saying how far it is. */
  readonly fraction: number | undefined;
  /** The sense data the device returned. */
  readonly sense: SenseData | undefined;
}

/** Whether a REQUEST SENSE answer says an operation is still running, and how far (undefined: nothing is running). */
export function progressOf(sense: SenseData | undefined): OperationProgress | undefined {
  if (sense === undefined) return undefined;
  const specific = sense.senseKeySpecific;
  const fraction = specific?.kind === 'progress' ? specific.fraction : undefined;
  // NOT READY, LOGICAL UNIT NOT READY (04h) with FORMAT IN PROGRESS, SELF-TEST IN PROGRESS or another operation; or NO SENSE with a progress indication
  const busy = (sense.senseKey === SenseKey.NOT_READY && sense.asc === 0x04) || (sense.senseKey === SenseKey.NO_SENSE && fraction !== undefined);
  return busy ? { fraction, sense } : undefined;
}
