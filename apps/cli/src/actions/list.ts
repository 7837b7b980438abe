/** `sgio list` implementation. */
import { listDevices } from '@sgio/core';
import { peripheralDeviceTypeName } from '@sgio/struct';
import { printJson } from '../common/output.js';
import { stderr, stdout } from '../common/stdio.js';

/** Prints the devices like `lsscsi -g`, or JSON. */
export function list(opts: { json?: boolean; map?: boolean }): number {
  const rows = listDevices().map((d) => ({ ...d, typeName: peripheralDeviceTypeName(d.peripheralType) }));
  if (opts.json) {
    printJson(rows);
    return 0;
  }
  if (rows.length === 0) stderr.write('sgio: no SCSI device has an sg node; load the driver (modprobe sg) or check /sys/class/scsi_generic\n');
  if (opts.map) {
    // sg_map layout: the sg node, then the block node when there is one
    for (const d of rows) stdout.write(`${d.path}${d.blockDevice ? `  ${d.blockDevice}` : ''}\n`);
    return 0;
  }
  for (const d of rows) {
    stdout.write(
      `${`[${d.hctl}]`.padEnd(13)}${shortType(d.peripheralType).padEnd(8)}${d.vendor.padEnd(9)}${d.model.padEnd(17)}${d.revision.padEnd(6)}${(d.blockDevice ?? '-').padEnd(11)}${d.path}\n`,
    );
  }
  return 0;
}

function shortType(type: number): string {
  return ['disk', 'tape', 'printer', 'process', 'worm', 'cd/dvd', 'scanner', 'optical', 'mediumx', 'comms'][type] ?? `(0x${type.toString(16)})`;
}
