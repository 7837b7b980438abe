/**
 * Hints for commands sent to the wrong kind of device: a block command to
 * a tape, an enclosure or a processor device.
 */
import type { SgDevice } from '@sgio/core';
import { isBlockDeviceType, peripheralDeviceTypeName } from '@sgio/struct';
import { stderr } from './stdio.js';

/**
 * Runs `body`; when it fails and the device is not a block device, first
 * prints what kind of device it is and that `what` is a block command.
 */
export async function blockCommand<T>(device: SgDevice, what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (!isBlockDeviceType(device.scsiId.peripheralType)) {
      stderr.write(
        `sgio: ${device.path} is a ${peripheralDeviceTypeName(device.scsiId.peripheralType)} (peripheral type 0x${device.scsiId.peripheralType.toString(16)}); ${what} is a block device (SBC) command. Pick a disk with 'sgio list'.\n`,
      );
    }
    throw e;
  }
}
