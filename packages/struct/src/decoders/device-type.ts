/**
 * The peripheral qualifier and device type byte that starts INQUIRY data
 * and every VPD page.
 */
import { peripheralDeviceTypeName } from '../tables/device-types.js';

/** Byte 0 of INQUIRY data and VPD pages, decoded. */
export interface PeripheralByte {
  /** Peripheral qualifier (bits 7..5): 0 connected, 1 not connected, 3 no device. */
  readonly peripheralQualifier: number;
  /** Peripheral device type (bits 4..0), e.g. 0 for a disk. */
  readonly peripheralDeviceType: number;
  /** T10 name of the device type, e.g. `"disk (direct access block device)"`. */
  readonly peripheralDeviceTypeName: string;
}

/** Decodes the peripheral qualifier / device type byte. */
export function decodePeripheralByte(value: number): PeripheralByte {
  const type = value & 0x1f;
  return { peripheralQualifier: value >> 5, peripheralDeviceType: type, peripheralDeviceTypeName: peripheralDeviceTypeName(type) };
}
