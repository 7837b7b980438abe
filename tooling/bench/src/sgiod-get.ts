/** A GET to an sgiod on loopback with a bearer token: what the start-up and scaling sections send. */
import { request, type Agent } from 'node:http';

/** GETs `path` from 127.0.0.1:`port` with `token`; resolves with the status and the body's length once it has ended. */
export function sgiodGet(port: number, path: string, token: string, agent?: Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ...(agent ? { agent } : {}), headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}
