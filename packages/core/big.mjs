import { SgDevice } from '@sgio/core';
import { read16 } from '@sgio/struct';
import { readFileSync, readdirSync } from 'node:fs';
const sd = readdirSync('/sys/class/scsi_generic/sg0/device/block')[0];
const q = (f) => readFileSync(`/sys/block/${sd}/queue/${f}`, 'utf8').trim();
console.log('queue', sd, 'max_hw_sectors_kb', q('max_hw_sectors_kb'), 'max_sectors_kb', q('max_sectors_kb'), 'max_segments', q('max_segments'), 'reserved', readFileSync('/proc/scsi/sg/def_reserved_size', 'utf8').trim());
for (const via of ['sg', 'auto']) {
  const dev = await SgDevice.open('/dev/sg0', { via });
  const out = [];
  for (const mib of [1, 2, 4, 8, 16, 32]) {
    const blocks = mib * 2048;
    try {
      const r = await dev.execute(read16, { lba: 0n, transferLength: blocks }, { blockSize: 512, throwOnError: false, retry: false });
      out.push(`${mib}MiB:${r.status}/${r.hostStatus}/${r.driverStatus}/${r.transferred === blocks * 512 ? 'full' : r.transferred}`);
    } catch (e) { out.push(`${mib}MiB:${e.code ?? e.message}`); }
    const u = new Uint8Array(blocks * 512 + 100).subarray(100);
    try {
      const r = await dev.execute(read16, { lba: 0n, transferLength: blocks }, { blockSize: 512, receive: u, throwOnError: false, retry: false });
      out.push(`u${mib}:${r.status}/${r.transferred === blocks * 512 ? 'full' : r.transferred}`);
    } catch (e) { out.push(`u${mib}:${e.code ?? e.message}`); }
  }
  console.log(via, dev.asyncRoute().via, out.join(' '));
  await dev.close();
}
