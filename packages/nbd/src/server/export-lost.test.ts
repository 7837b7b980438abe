/**
 * An export whose device goes away mid-copy: the request that found it gone
 * is answered EIO, the server says so once, closes every connection and
 * stops (`lost` settles, `close()` resolves, the socket file goes), and the
 * client (nbdcopy) fails instead of hanging. The lab test does the same with
 * a scsi_debug device deleted through sysfs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceGoneError } from '@sgio/core';
import { runPeer } from '@sgio/lab';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryExport } from '../test-support/memory-export.js';
import { requireTool } from '../test-support/tls-fixtures.js';
import { NbdServer } from './nbd-server.js';
import { requestErrorFor } from './request-error.js';
import { NbdErrno } from '../protocol/constants.js';

const dir = mkdtempSync(join(tmpdir(), 'sgio-nbd-lost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an export whose device is gone', () => {
  it('maps core\'s ERR_DEVICE_GONE to EIO that loses the export; other errors do not', () => {
    const gone = requestErrorFor(new DeviceGoneError('/dev/sg9', 'ENODEV'), 'read', 512);
    expect(gone.errno).toBe(NbdErrno.EIO);
    expect(gone.exportLost).toBe(true);
    expect(gone.message).toMatch(/\/dev\/sg9 is gone/);
    expect(requestErrorFor(new Error('EIO somewhere'), 'read', 512).exportLost).toBe(false);
  });

  it('nbdcopy fails, the server logs it once, closes every connection and stops', async () => {
    requireTool('nbdcopy', 'libnbd-bin');
    const exp = memoryExport({ size: 8 * 1024 * 1024, readDelayMs: 0 });
    let reads = 0;
    const read = exp.read;
    const failing = {
      ...exp,
      read: async (offset: bigint, into: Uint8Array) => {
        // the device disappears after a few reads
        if (++reads > 4) throw new DeviceGoneError('/dev/sg9', 'ENODEV');
        await read(offset, into);
      },
    };
    const log: string[] = [];
    const socket = join(dir, 'lost.sock');
    const server = await NbdServer.serve(failing, { listen: { socket }, log: (l) => log.push(l) });
    const copy = await runPeer('nbdcopy', ['--request-size=65536', `nbd+unix:///?socket=${socket}`, join(dir, 'copy.img')]);
    expect(copy.status).not.toBe(0);
    const lost = await server.lost;
    expect(lost.exportLost).toBe(true);
    expect(server.closing).toBe(true);
    await server.close();
    expect(server.connections).toBe(0);
    expect(existsSync(socket)).toBe(false);
    expect(exp.closed).toBe(true);
    expect(log.filter((l) => /can serve nothing more/.test(l))).toHaveLength(1);
  }, 30_000);
});
