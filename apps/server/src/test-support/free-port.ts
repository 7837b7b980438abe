/** A free TCP port on loopback, for tests that start sgiod as a process. */
import { createServer } from 'node:net';

/** Asks the kernel for a free loopback port (closed again before it resolves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
