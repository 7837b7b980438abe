/**
 * `PUT /v1/devices/{id}/blocks?lba=`: writes the request body (whole
 * blocks, `application/octet-stream`, with a Content-Length) at `lba`. Only
 * with `--allow-write` and a token with the write scope. The length is
 * checked against the capacity and the transfer limit before anything is
 * written; the body streams to the device one transfer at a time and must
 * arrive within `--body-timeout`. A write that stops part-way (the device
 * failed, the body was too slow, short or long) answers with the problem
 * and `blocksWritten`: the blocks from `lba` that are on the device.
 */
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/config.js';
import type { DeviceAccess } from '../devices/access.js';
import { ProblemError } from '../errors/problem-error.js';
import { bodyWithin } from '../http/body-deadline.js';
import { DeviceParams, problemResponses } from '../schemas/common.js';
import { requireDevice } from './resolve.js';

const WriteQuery = Type.Object({
  lba: Type.String({ pattern: '^[0-9]{1,20}$', description: 'first logical block to write' }),
});
type WriteQuery = Static<typeof WriteQuery>;

const WriteResponse = Type.Object({
  device: Type.String(),
  lba: Type.String(),
  blocks: Type.Integer(),
  bytes: Type.Integer(),
});

/** The 403 problem for writes while `--allow-write` is off. */
export function writesDisabled(): ProblemError {
  return new ProblemError(403, 'writes-disabled', 'Writes disabled', 'This server is read-only; start sgiod with --allow-write (and use a token with the write scope) to write.');
}

/** The 408 problem of a body that did not arrive within `--body-timeout`. */
function bodyTooSlow(ms: number): ProblemError {
  return new ProblemError(408, 'body-timeout', 'Body too slow', `The request body did not arrive within ${ms} ms (the server's --body-timeout); send it faster, or in smaller requests.`, {
    extensions: { bodyTimeoutMs: ms },
  });
}

/** Registers the block write route. */
export function blockWriteRoutes(app: FastifyInstance, devices: DeviceAccess, config: ServerConfig): void {
  app.put<{ Params: DeviceParams; Querystring: WriteQuery }>(
    '/v1/devices/:id/blocks',
    {
      config: { scope: 'write' },
      schema: {
        summary: 'Write whole blocks at lba (streamed; needs --allow-write and the write scope)',
        tags: ['blocks'],
        params: DeviceParams,
        querystring: WriteQuery,
        body: { content: { 'application/octet-stream': { schema: { description: 'The blocks: whole blocks of raw bytes' } } } },
        response: { 200: WriteResponse, ...problemResponses(400, 404, 408, 410, 411, 413, 415, 416, 422, 502, 503, 504) },
      },
    },
    async (request) => {
      const started = performance.now();
      if (!config.allowWrite) throw writesDisabled();
      if (!(request.body instanceof Readable) || !/^application\/octet-stream\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
        throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the blocks as application/octet-stream.');
      }
      const row = requireDevice(devices, request.params.id);
      const declared = request.headers['content-length'];
      if (declared === undefined || !/^\d+$/.test(declared)) {
        throw new ProblemError(411, 'length-required', 'Length required', 'Send the body with a Content-Length header (chunked uploads are not accepted: the length is checked before writing).');
      }
      const length = Number(declared);
      if (length > config.maxTransferBytes) {
        throw new ProblemError(413, 'body-too-large', 'Body too large', `The body has ${length} bytes; this server accepts at most ${config.maxTransferBytes} per request.`, {
          extensions: { maxTransferBytes: config.maxTransferBytes },
        });
      }
      const cap = await devices.capacity(row);
      if (length === 0 || length % cap.blockSize !== 0) {
        throw new ProblemError(400, 'partial-block', 'Not whole blocks', `The body must be a positive multiple of the block size ${cap.blockSize}; it has ${length} bytes.`);
      }
      const lba = BigInt(request.query.lba);
      const blocks = BigInt(length / cap.blockSize);
      if (lba + blocks > cap.blocks) {
        throw new ProblemError(416, 'lba-out-of-range', 'LBA out of range', `Blocks ${lba}..${lba + blocks - 1n} lie beyond the last block ${cap.blocks - 1n}; nothing was written.`, {
          extensions: { blocks: cap.blocks.toString(), blockSize: cap.blockSize },
        });
      }
      // the body's own deadline (not Node's request timeout, which would only drop the connection)
      const deadline = started + config.bodyTimeoutMs;
      const body = bodyWithin(request.body, deadline, () => bodyTooSlow(config.bodyTimeoutMs));
      const written = await devices.writeBlocks(row, lba, body, length, request.clientSignal);
      return { device: row.name, lba: lba.toString(), blocks: written / cap.blockSize, bytes: written };
    },
  );
}
