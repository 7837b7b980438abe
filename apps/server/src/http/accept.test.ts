import { describe, expect, it } from 'vitest';
import { prefersOctetStream } from './accept.js';

describe('prefersOctetStream', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['application/octet-stream', true],
    ['Application/Octet-Stream', true],
    ['application/octet-stream;q=0.5, application/json', false],
    ['application/json;q=0.4, application/octet-stream;q=0.9', true],
    ['application/octet-stream, application/json', true],
    ['application/json, application/octet-stream', false],
    ['application/octet-stream;q=0', false],
    ['text/html, */*;q=0.8', false],
  ])('%s -> %s', (accept, binary) => {
    expect(prefersOctetStream(accept)).toBe(binary);
  });
});
