import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { hexJsonStream } from './hex-json-stream.js';

describe('hexJsonStream', () => {
  it.each([
    ['empty data, fields on both sides', {}, 0],
    ['no fields before', { before: false }, 10],
    ['no fields after', { after: false }, 1],
    ['several pieces of data', {}, 200 * 1024 + 7],
  ] as const)('streams exactly what JSON.stringify gives: %s', async (_, drop, size) => {
    const bytes = randomBytes(size);
    const before = 'before' in drop ? {} : { device: 'sg0', cdb: '28000000', fields: { lba: 1, name: 'é "q"' }, status: 0 };
    const after = 'after' in drop ? {} : { dataLength: size, durationMs: 1.5, sense: 'f0' };
    const streamed = await text(hexJsonStream(before, 'data', bytes, after));
    expect(streamed).toBe(JSON.stringify({ ...before, data: bytes.toString('hex'), ...after }));
  });

  it('hex-encodes the data only as it is read, a piece at a time', async () => {
    const bytes = new Uint8Array(1024 * 1024);
    const stream = hexJsonStream({}, 'data', bytes, {});
    let pieces = 0;
    let largest = 0;
    for await (const piece of stream) {
      pieces++;
      largest = Math.max(largest, (piece as Buffer).length);
    }
    expect(pieces).toBe(2 + 16);
    expect(largest).toBe(128 * 1024);
  });
});
