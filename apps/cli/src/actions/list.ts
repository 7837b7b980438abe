/** `sgio list` implementation. */
import { listDevices } from '@sgio/core';
import { peripheralDeviceTypeName } from '@sgio/struct';
import { printJson } from '../common/output.js';

/** Prints the devices like `lsscsi -g`, or JSON. */
export function list(opts: { json?: boolean }): number {
  const rows = listDevices().map((d) => ({ ...d, typeName: peripheralDeviceTypeName(d.peripheralType) }));
  if (opts.json) {
    printJson(rows);
    return 0;
  }
  for (const d of rows) {
    process.stdout.write(
      `${`[${d.hctl}]`.padEnd(13)}${shortType(d.peripheralType).padEnd(8)}${d.vendor.padEnd(9)}${d.model.padEnd(17)}${d.revision.padEnd(6)}${(d.blockDevice ?? '-').padEnd(11)}${d.path}\n`,
    );
  }
  return 0;
}

function shortType(type: number): string {
  return ['disk', 'tape', 'printer', 'process', 'worm', 'cd/dvd', 'scanner', 'optical', 'mediumx', 'comms'][type] ?? `(0x${type.toString(16)})`;
}
