/** A prepared request's `sg_io_hdr` (sg nodes): a request slot that stays with the request. */
import { readSgIoHdrResult, type SgIoHdrResult } from '@sgio/struct';
import type { PreparedHeader } from '../../execute/prepared-header.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import { RequestSlot } from './request-slot.js';

/** The sg v3 header of one prepared request. */
export class V3PreparedHeader implements PreparedHeader {
  readonly #slot = new RequestSlot(0);
  readonly bytes = this.#slot.header;
  readonly sense = this.#slot.sense;
  readonly completion: SgIoHdrResult = this.#slot.completion;
  readonly cdb: Uint8Array;

  /** @param cdbLength the prepared command's CDB length */
  constructor(cdbLength: number) {
    this.cdb = this.#slot.cdb.subarray(0, cdbLength);
  }

  encode(command: PreparedCommand): void {
    this.#slot.encode(command, 0);
  }

  refresh(): void {
    // the sg driver copies indirect data at each issue itself; bounced direct-IO data is copied here
    this.#slot.refresh();
  }

  read(): SgIoHdrResult {
    return readSgIoHdrResult(this.bytes, 0, this.completion);
  }
}
