import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback-host.js';

describe('isLoopbackHost', () => {
  it('loopback: 127.0.0.0/8, ::1 (bracketed too), IPv4-mapped 127.x, localhost', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', ' LocalHost ']) expect([h, isLoopbackHost(h)]).toEqual([h, true]);
  });

  it('anything else is not: the wildcard addresses, other hosts, names', () => {
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::ffff:10.0.0.1', 'example.com', 'localhost.example', '']) expect([h, isLoopbackHost(h)]).toEqual([h, false]);
  });
});
