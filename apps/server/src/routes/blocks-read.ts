/**
 * `GET /v1/devices/{id}/blocks?lba=&count=` and byte ranges of the whole
 * device with `Range: bytes=a-b`. The data streams from the device one
 * transfer at a time (mmap-ed IO through the device's lanes), pulled by the
 * socket: a slow client slows the reads, nothing is buffered whole.
 */
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/config.js';
import type { DeviceAccess } from '../devices/access.js';
import { ProblemError } from '../errors/problem-error.js';
import { parseRange } from '../http/range.js';
import { DeviceParams, problemResponses } from '../schemas/common.js';
import { requireDevice } from './resolve.js';

const ReadQuery = Type.Object({
  lba: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'first logical block (default 0)' })),
  count: Type.Optional(Type.Integer({ minimum: 1, description: 'number of blocks (required without a Range header)' })),
});
type ReadQuery = Static<typeof ReadQuery>;

/** Slices the block-aligned chunks of `source` down to bytes [skip, skip+length). */
async function* trim(source: AsyncIterable<Uint8Array>, skip: number, length: number): AsyncGenerator<Uint8Array> {
  let toSkip = skip;
  let left = length;
  for await (const chunk of source) {
    let c = chunk;
    if (toSkip > 0) {
      const n = Math.min(toSkip, c.length);
      c = c.subarray(n);
      toSkip -= n;
    }
    if (c.length > left) c = c.subarray(0, left);
    left -= c.length;
    if (c.length > 0) yield c;
    if (left === 0) return;
  }
}

function tooLarge(bytes: bigint | number, config: ServerConfig): ProblemError {
  return new ProblemError(400, 'transfer-too-large', 'Transfer too large', `The request would move ${bytes} bytes; this server allows at most ${config.maxTransferBytes} per request. Split it.`, {
    extensions: { maxTransferBytes: config.maxTransferBytes },
  });
}

/** Registers the block read route. */
export function blockReadRoutes(app: FastifyInstance, devices: DeviceAccess, config: ServerConfig): void {
  app.get<{ Params: DeviceParams; Querystring: ReadQuery }>(
    '/v1/devices/:id/blocks',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Read blocks (lba and count) or a byte range (Range header) as a stream',
        tags: ['blocks'],
        params: DeviceParams,
        querystring: ReadQuery,
        headers: Type.Object({ range: Type.Optional(Type.String({ description: 'bytes=START-END (one range), relative to the start of the device' })) }),
        response: {
          200: { description: 'The blocks', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          206: { description: 'The byte range', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          ...problemResponses(400, 404, 410, 416, 422, 502, 503, 504),
        },
      },
    },
    async (request, reply) => {
      const row = requireDevice(devices, request.params.id);
      const cap = await devices.capacity(row);
      const bs = BigInt(cap.blockSize);
      const size = cap.bytes;
      const rangeHeader = request.headers.range;
      reply.header('accept-ranges', 'bytes').header('x-block-size', String(cap.blockSize));
      if (typeof rangeHeader === 'string') {
        if (request.query.lba !== undefined || request.query.count !== undefined) {
          throw new ProblemError(400, 'range-and-lba', 'Range with lba/count', 'Send either a Range header (bytes of the whole device) or lba and count, not both.');
        }
        const range = parseRange(rangeHeader, Number(size));
        if (range.kind === 'invalid' || range.kind === 'multiple') {
          throw new ProblemError(range.kind === 'invalid' ? 400 : 416, 'invalid-range', 'Unsupported Range', `Range '${rangeHeader.slice(0, 64)}' is not one byte range such as bytes=0-4095.`, {
            headers: { 'content-range': `bytes */${size}` },
          });
        }
        if (range.kind === 'unsatisfiable') {
          throw new ProblemError(416, 'range-not-satisfiable', 'Range not satisfiable', `The device holds ${size} bytes; the range lies beyond it.`, {
            headers: { 'content-range': `bytes */${size}` },
          });
        }
        const length = range.end - range.start + 1;
        if (length > config.maxTransferBytes) throw tooLarge(length, config);
        const firstLba = BigInt(range.start) / bs;
        const lastLba = BigInt(range.end) / bs;
        const skip = range.start - Number(firstLba * bs);
        const source = trim(devices.readBlocks(row, firstLba, lastLba - firstLba + 1n, request.clientSignal), skip, length);
        return reply
          .code(206)
          .header('content-type', 'application/octet-stream')
          .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
          .header('content-length', String(length))
          .send(Readable.from(source, { objectMode: false, highWaterMark: config.ioSizeBytes }));
      }
      if (request.query.count === undefined) {
        throw new ProblemError(400, 'count-required', 'count required', 'Give count (blocks to read) with an optional lba, or a Range header.');
      }
      const lba = BigInt(request.query.lba ?? '0');
      const count = BigInt(request.query.count);
      if (lba + count > cap.blocks) {
        throw new ProblemError(416, 'lba-out-of-range', 'LBA out of range', `Blocks ${lba}..${lba + count - 1n} lie beyond the last block ${cap.blocks - 1n}.`, {
          headers: { 'content-range': `bytes */${size}` },
          extensions: { blocks: cap.blocks.toString(), blockSize: cap.blockSize },
        });
      }
      const bytes = count * bs;
      if (bytes > BigInt(config.maxTransferBytes)) throw tooLarge(bytes, config);
      return reply
        .code(200)
        .header('content-type', 'application/octet-stream')
        .header('content-length', bytes.toString())
        .send(Readable.from(devices.readBlocks(row, lba, count, request.clientSignal), { objectMode: false, highWaterMark: config.ioSizeBytes }));
    },
  );
}
