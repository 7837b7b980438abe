/**
 * Fetching a variable-length response whole: ask with a first allocation
 * length, and ask again with the length the response declares when it did
 * not fit (the way sg3_utils does for VPD, mode and log pages).
 */
import type { CommandFlow, CommandStep } from './command-step.js';
import type { CommandResult } from '../execute/result.js';
import { ResponseDecodeError } from '../commands/command-errors.js';

const EMPTY = new Uint8Array(0);

/**
 * Runs `make(allocation)` with `first`, then again with the declared length
 * (at most `max`) while the response says it is longer than what arrived.
 * `declared` reads the total length the response claims, or undefined when
 * too few bytes arrived to tell.
 */
export function* fetchWhole(
  make: (allocation: number) => CommandStep,
  first: number,
  max: number,
  declared: (data: Uint8Array) => number | undefined,
): CommandFlow<{ data: Uint8Array; result: CommandResult }> {
  let allocation = Math.min(first, max);
  for (;;) {
    const result = yield make(allocation);
    const data = dataOf(result);
    const want = declared(data);
    // the response is complete, or the device sent less than it declared and we allowed, or we cannot ask for more
    if (want === undefined || want <= data.length || data.length < allocation || allocation >= max) return { data, result };
    allocation = Math.min(max, want);
  }
}

/** The bytes a command returned (empty when none). */
export function dataOf(result: CommandResult): Uint8Array {
  return result.data ?? EMPTY;
}

/** Runs `decoder` on a response, turning its failure into a {@link ResponseDecodeError} that keeps the bytes. */
export function decodeResponse<T>(command: string, bytes: Uint8Array, decoder: (bytes: Uint8Array) => T): T {
  try {
    return decoder(bytes);
  } catch (e) {
    throw new ResponseDecodeError(command, bytes, e);
  }
}

/** Big-endian unsigned integer of `size` bytes at `at`, or undefined when `data` is too short. */
export function lengthField(data: Uint8Array, at: number, size: number): number | undefined {
  if (data.length < at + size) return undefined;
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + data[at + i]!;
  return v;
}
