/**
 * What a bsg node's transports add for prepared requests
 * (`BsgDevice.prepare()`): the request's own sg_io_v4 header through SG_IO
 * on the calling thread, and a submission that settles the request itself
 * (`settlePrepared`) without building a result object.
 */
import type { PreparedRequest } from '../../execute/prepared-request.js';

/** The prepared-request side of the bsg and io_uring transports. */
export interface BsgPreparedTransport {
  /** SG_IO with a prepared request's v4 `header` on the calling thread; throws the SystemError (or the device's DeviceGoneError). */
  runPrepared(header: Uint8Array): void;
  /** Runs `request` without blocking; settles it once the kernel is done with its memory (or it never reached the kernel). */
  submitPrepared(request: PreparedRequest): void;
}
