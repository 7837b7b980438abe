/** A prepared request's `sg_io_v4` (bsg nodes): a v4 slot and a CDB copy that stay with the request. */
import type { SgIoHdrResult } from '@sgio/struct';
import type { PreparedHeader } from '../../execute/prepared-header.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import { V4Slot } from './v4-slot.js';

/** The sg v4 header of one prepared request. */
export class V4PreparedHeader implements PreparedHeader {
  readonly #slot = new V4Slot();
  readonly bytes = this.#slot.header;
  readonly sense = this.#slot.sense;
  readonly completion: SgIoHdrResult = this.#slot.completion;
  readonly cdb: Uint8Array;

  /** @param cdbLength the prepared command's CDB length */
  constructor(cdbLength: number) {
    this.cdb = new Uint8Array(cdbLength);
  }

  encode(command: PreparedCommand): void {
    // the slot keeps the command referenced (its data buffer) for the request's life
    this.#slot.encode(command);
  }

  refresh(): void {
    this.#slot.refresh();
  }

  read(): SgIoHdrResult {
    return this.#slot.complete();
  }
}
