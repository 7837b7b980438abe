/**
 * The disk's SANITIZE (SBC-5): OVERWRITE writes the initialization pattern
 * over every block (inverted on every second pass with INVERT; what stays is
 * the last pass), BLOCK ERASE and CRYPTOGRAPHIC ERASE leave every block
 * reading zeros (deallocated on a store that can), EXIT FAILURE MODE has
 * nothing to leave (this disk's sanitize does not fail) and answers GOOD.
 *
 * While a sanitize runs (its data work, then the rest of the disk's
 * sanitize duration) every command but INQUIRY, REPORT LUNS and REQUEST
 * SENSE gets NOT READY, LOGICAL UNIT NOT READY, SANITIZE IN PROGRESS
 * (04h/1Bh), and REQUEST SENSE reports that with the progress indication.
 * With IMMED the command returns at once; without, when it is done.
 */
import { decodeSanitizeOverwrite, encodeSense, SANITIZE_SERVICE_ACTION } from '@sgio/struct';
import type { DiskContext } from './disk-context.js';
import { fieldFlag, fieldNumber, type ScsiRequest } from './request.js';
import { checkCondition, good, Sense, type ScsiResponse, type SenseCode } from './response.js';

/** NOT READY, LOGICAL UNIT NOT READY, SANITIZE IN PROGRESS. */
export const SANITIZE_IN_PROGRESS: SenseCode = { key: 0x2, asc: 0x04, ascq: 0x1b };

/** Commands a running sanitize lets through (SBC-5: INQUIRY, REPORT LUNS, REQUEST SENSE). */
const EXEMPT = new Set([0x12, 0xa0, 0x03]);

/** Bytes written per store call while overwriting. */
const CHUNK = 1024 * 1024;

/** The sanitize state of one disk. */
export class Sanitizer {
  readonly #durationMs: number;
  #running: { readonly startedAt: number; readonly durationMs: number } | undefined;

  /** A sanitize takes at least `durationMs` (default 1000; 0..86400000), so its progress can be watched. */
  constructor(durationMs = 1000) {
    if (!(Number.isInteger(durationMs) && durationMs >= 0 && durationMs <= 86_400_000)) throw new RangeError(`sanitize duration must be 0..86400000 ms, got ${durationMs}`);
    this.#durationMs = durationMs;
  }

  /** True while a sanitize runs. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** The answer to a command while a sanitize runs (NOT READY, SANITIZE IN PROGRESS), or undefined when it may run. */
  gate(request: ScsiRequest): ScsiResponse | undefined {
    return this.#running && !EXEMPT.has(request.opcode) ? checkCondition(SANITIZE_IN_PROGRESS) : undefined;
  }

  /** The sense REQUEST SENSE returns while a sanitize runs (04h/1Bh with the progress indication), or undefined. */
  progressSense(descriptor: boolean): Uint8Array | undefined {
    const r = this.#running;
    if (!r) return undefined;
    const fraction = r.durationMs === 0 ? 0 : Math.min(0.99, (Date.now() - r.startedAt) / r.durationMs);
    return encodeSense({ ...SANITIZE_IN_PROGRESS, progress: fraction, descriptor });
  }

  /** SANITIZE: checks the CDB and parameter list, then erases (in the background with IMMED). */
  async sanitize(request: ScsiRequest, disk: DiskContext): Promise<ScsiResponse> {
    const action = fieldNumber(request, 'serviceAction');
    const listLength = fieldNumber(request, 'parameterListLength');
    if (disk.readOnly) return checkCondition({ key: 0x7, asc: 0x27, ascq: 0x00 }); // DATA PROTECT, WRITE PROTECTED
    let fill: ((block: Uint8Array) => void) | undefined;
    if (action === SANITIZE_SERVICE_ACTION.overwrite) {
      if (listLength === 0) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
      if (request.dataOut.length < listLength) return checkCondition(Sense.PARAMETER_LIST_LENGTH_ERROR);
      let p: ReturnType<typeof decodeSanitizeOverwrite>;
      try {
        p = decodeSanitizeOverwrite(request.dataOut.subarray(0, listLength));
      } catch {
        return checkCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST);
      }
      if (p.count === 0 || p.pattern.length > disk.blockSize || 4 + p.pattern.length !== listLength) return checkCondition(Sense.INVALID_FIELD_IN_PARAMETER_LIST);
      // the last pass is inverted when INVERT is set and the pass count is even
      const invert = p.invert && p.count % 2 === 0;
      const pattern = p.pattern;
      fill = (block) => {
        for (let i = 0; i < block.length; i++) block[i] = invert ? ~pattern[i % pattern.length]! & 0xff : pattern[i % pattern.length]!;
      };
    } else if (action === SANITIZE_SERVICE_ACTION.blockErase || action === SANITIZE_SERVICE_ACTION.cryptographicErase) {
      if (listLength !== 0) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
    } else if (action === SANITIZE_SERVICE_ACTION.exitFailureMode) {
      return listLength === 0 ? good() : checkCondition(Sense.INVALID_FIELD_IN_CDB);
    } else return checkCondition(Sense.INVALID_FIELD_IN_CDB);
    const durationMs = this.#durationMs;
    this.#running = { startedAt: Date.now(), durationMs };
    const done = this.#erase(disk, fill).finally(
      () =>
        new Promise<void>((resolve) => {
          const left = durationMs - (Date.now() - this.#running!.startedAt);
          const t = setTimeout(() => {
            this.#running = undefined;
            resolve();
          }, Math.max(0, left));
          t.unref();
        }),
    );
    if (fieldFlag(request, 'immed')) {
      done.catch(() => undefined);
      return good();
    }
    await done;
    return good();
  }

  /** Writes `fill`'s block over the whole store, or leaves it reading zeros (deallocated on a thin disk, like UNMAP). */
  async #erase(disk: DiskContext, fill: ((block: Uint8Array) => void) | undefined): Promise<void> {
    const size = disk.blocks * disk.blockSize;
    const discard = disk.thin ? disk.store.discard?.bind(disk.store) : undefined;
    await disk.writeGate.exclusive(async () => {
      if (!fill && discard) {
        await discard(0, size);
        return;
      }
      const block = new Uint8Array(disk.blockSize);
      fill?.(block);
      const chunk = new Uint8Array(Math.min(CHUNK, size));
      for (let at = 0; at < chunk.length; at += block.length) chunk.set(block, at);
      for (let offset = 0; offset < size; offset += chunk.length) await disk.store.write(offset, chunk.subarray(0, Math.min(chunk.length, size - offset)));
    });
  }
}
