/**
 * Peripheral device types (INQUIRY byte 0, bits 4..0).
 *
 * @packageDocumentation
 */

import { PERIPHERAL_DEVICE_TYPE_ROWS } from './peripheral-device-types.generated.js';

/** One assigned peripheral device type. */
export interface PeripheralDeviceTypeInfo {
  /** The 5-bit code. */
  readonly code: number;
  /** The T10 name, e.g. `"disk (direct access block device)"`. */
  readonly name: string;
  /** The command standard, e.g. `"SBC"`, or `''` when there is none. */
  readonly standard: string;
}

/** Peripheral device type codes used elsewhere in the package, by name. */
export const PeripheralDeviceType = {
  DISK: 0x00,
  TAPE: 0x01,
  PRINTER: 0x02,
  PROCESSOR: 0x03,
  WRITE_ONCE: 0x04,
  MMC: 0x05,
  SCANNER: 0x06,
  OPTICAL: 0x07,
  MEDIUM_CHANGER: 0x08,
  COMMUNICATIONS: 0x09,
  STORAGE_ARRAY: 0x0c,
  ENCLOSURE: 0x0d,
  RBC: 0x0e,
  OCRW: 0x0f,
  BRIDGE: 0x10,
  OSD: 0x11,
  ADC: 0x12,
  SECURITY_MANAGER: 0x13,
  ZBC: 0x14,
  WELL_KNOWN_LU: 0x1e,
  UNKNOWN: 0x1f,
} as const;

/** Every assigned peripheral device type, in code order. */
export const PERIPHERAL_DEVICE_TYPES: readonly PeripheralDeviceTypeInfo[] = PERIPHERAL_DEVICE_TYPE_ROWS.map(
  ([code, name, standard]) => ({ code, name, standard }),
);

/** The assigned device type with this code, or `undefined` (reserved codes). */
export function peripheralDeviceType(code: number): PeripheralDeviceTypeInfo | undefined {
  return PERIPHERAL_DEVICE_TYPES.find((t) => t.code === code);
}

/**
 * The name of a peripheral device type, e.g. `0` gives
 * `"disk (direct access block device)"`; reserved codes give
 * `"reserved device type 0x15"`.
 */
export function peripheralDeviceTypeName(code: number): string {
  return peripheralDeviceType(code)?.name ?? `reserved device type 0x${code.toString(16).padStart(2, '0')}`;
}

/**
 * The peripheral device types that take SBC (block) commands — READ
 * CAPACITY, READ/WRITE, the block VPD pages: disk, write-once, optical
 * memory, RBC and host-managed zoned (ZBC).
 */
export const BLOCK_DEVICE_TYPES: readonly number[] = Object.freeze([
  PeripheralDeviceType.DISK,
  PeripheralDeviceType.WRITE_ONCE,
  PeripheralDeviceType.OPTICAL,
  PeripheralDeviceType.RBC,
  PeripheralDeviceType.ZBC,
]);

/** True when a device of this peripheral type answers block (SBC) commands such as READ CAPACITY. */
export function isBlockDeviceType(code: number): boolean {
  return BLOCK_DEVICE_TYPES.includes(code);
}
