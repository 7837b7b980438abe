/**
 * Microcode (firmware) download with WRITE BUFFER, guarded like FORMAT
 * UNIT: mode 5 sends the image in one command; modes 7, 0x0D and 0x0E send
 * it in chunks at increasing buffer offsets (0x0D and 0x0E defer the
 * activation to a later mode 0x0F, a reset or a power cycle). A device that
 * takes new microcode reports a unit attention (MICROCODE HAS BEEN
 * CHANGED) to every initiator afterwards.
 */
import { BUFFER_MODE, writeBuffer } from '@sgio/struct';
import { BlockRequestError } from '../commands/command-errors.js';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import type { CommandResult } from '../execute/result.js';
import { runFlowAsync, step, type CommandFlow, type Executor } from '../flows/command-step.js';
import { confirmDevice, type DeviceIdentity } from './confirmation.js';

/** The download modes sgio sends (SPC-6 WRITE BUFFER). */
export type MicrocodeMode = 0x05 | 0x07 | 0x0d | 0x0e;

/** The largest PARAMETER LIST LENGTH and BUFFER OFFSET of WRITE BUFFER (24 bits). */
export const WRITE_BUFFER_MAX = 0xffffff;

/** Options of {@link downloadMicrocodeFlow}. */
export interface MicrocodeFlowOptions extends CommandOptions {
  /** WRITE BUFFER mode: 5 (one command, save and activate), 7 (chunks, save and activate), 0x0D or 0x0E (chunks, save, defer activation). Default 7. */
  readonly mode?: MicrocodeMode;
  /** BUFFER ID (default 0). */
  readonly bufferId?: number;
  /** Bytes per WRITE BUFFER in the chunked modes (default 64 KiB; the device's READ BUFFER descriptor may ask for less). */
  readonly chunkSize?: number;
  /** Buffer offset of the first byte (default 0). */
  readonly offset?: number;
  /** Called after each chunk with the bytes sent so far. */
  readonly onProgress?: (sent: number, total: number) => void;
}

/** The WRITE BUFFER commands of a download, unguarded: one per chunk, offsets increasing. */
export function* downloadMicrocodeFlow(image: Uint8Array, options: MicrocodeFlowOptions = {}): CommandFlow<CommandResult[]> {
  const mode = options.mode ?? 0x07;
  if (![0x05, 0x07, 0x0d, 0x0e].includes(mode)) throw new BlockRequestError(`downloadMicrocode(): mode is 5, 7, 0x0d or 0x0e, got ${String(mode)}`);
  const bufferId = options.bufferId ?? 0;
  if (!Number.isInteger(bufferId) || bufferId < 0 || bufferId > 0xff) throw new BlockRequestError(`downloadMicrocode(): bufferId is a byte, got ${String(bufferId)}`);
  if (image.length === 0) throw new BlockRequestError('downloadMicrocode(): the image is empty');
  const start = options.offset ?? 0;
  const chunk = mode === 0x05 ? image.length : (options.chunkSize ?? 64 * 1024);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > WRITE_BUFFER_MAX) throw new BlockRequestError(`downloadMicrocode(): chunkSize is 1..${WRITE_BUFFER_MAX}, got ${String(chunk)}`);
  if (mode === 0x05 && start !== 0) throw new BlockRequestError('downloadMicrocode(): mode 5 has no buffer offset; use mode 7 for offsets');
  if (!Number.isInteger(start) || start < 0 || start + image.length - Math.min(chunk, image.length) > WRITE_BUFFER_MAX) {
    throw new BlockRequestError(`downloadMicrocode(): the image (${image.length} bytes from offset ${String(start)}) does not fit WRITE BUFFER's 24-bit offsets`);
  }
  const exec = commandOptions(options);
  const results: CommandResult[] = [];
  for (let sent = 0; sent < image.length; sent += chunk) {
    const data = image.subarray(sent, Math.min(image.length, sent + chunk));
    results.push(yield step(writeBuffer, { mode, bufferId, bufferOffset: mode === 0x05 ? 0 : start + sent, parameterListLength: data.length }, { ...exec, data }));
    options.onProgress?.(sent + data.length, image.length);
  }
  return results;
}

/** WRITE BUFFER mode 0x0F: activate microcode downloaded with a deferred mode (0x0D, 0x0E). */
export function* activateMicrocodeFlow(options: CommandOptions = {}): CommandFlow<CommandResult> {
  return yield step(writeBuffer, { mode: BUFFER_MODE.activateDeferredMicrocode, bufferId: 0, bufferOffset: 0, parameterListLength: 0 }, commandOptions(options));
}

/** Options of {@link downloadMicrocode}. */
export interface MicrocodeOptions extends MicrocodeFlowOptions {
  /** The device's unit serial number or WWN: required, checked before anything is sent. */
  readonly confirm: string | undefined;
  /** After a deferred mode, send mode 0x0F to activate at once (default false). */
  readonly activate?: boolean;
}

/** What a download did. */
export interface MicrocodeReport {
  /** The device that took the image. */
  readonly identity: DeviceIdentity;
  /** One result per WRITE BUFFER (the activation last, when sent). */
  readonly results: readonly CommandResult[];
}

/**
 * Downloads `image` to the device named by `options.confirm` (a
 * `ConfirmationError` before anything is sent otherwise). A wrong image can
 * make a real device unusable: this is for firmware its vendor supplied.
 */
export async function downloadMicrocode(device: Executor, image: Uint8Array, options: MicrocodeOptions): Promise<MicrocodeReport> {
  const identity = await confirmDevice(device, options.confirm, 'Microcode download (WRITE BUFFER)', options);
  const results = await runFlowAsync(device, downloadMicrocodeFlow(image, options));
  const mode = options.mode ?? 0x07;
  if (options.activate && (mode === 0x0d || mode === 0x0e)) results.push(await runFlowAsync(device, activateMicrocodeFlow(options)));
  return { identity, results };
}
