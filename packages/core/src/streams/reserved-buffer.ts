/**
 * Getting the reserved buffer ready for mmap-ed transfers of a given size:
 * large enough, then mapped. Only sg devices have one.
 */
import { TransferModeError } from '../errors/sgio-error.js';
import { BlockRequestError } from '../commands/command-errors.js';

/** A device with an sg reserved buffer (SgDevice). */
export interface ReservedBufferOwner {
  /** Current reserved size. */
  readonly reservedSize: number;
  /** Sets the reserved size; returns what the driver granted. */
  setReservedSize(bytes: number): number;
  /** Maps the reserved buffer. */
  mapReservedBuffer(): { readonly length: number };
  /** The mapping, when mapped. */
  readonly reservedMapping: { readonly length: number } | undefined;
}

/** True when `device` has a reserved buffer it can map. */
export function hasReservedBuffer(device: object): device is ReservedBufferOwner {
  return typeof (device as Partial<ReservedBufferOwner>).mapReservedBuffer === 'function' && typeof (device as Partial<ReservedBufferOwner>).setReservedSize === 'function';
}

/** The length of the device's reserved-buffer mapping when it is mapped (a transfer cannot be longer), else Infinity. */
export function mappedLimit(device: object): number {
  return hasReservedBuffer(device) ? (device.reservedMapping?.length ?? Infinity) : Infinity;
}

/**
 * Makes sure the reserved buffer of `device` is mapped and holds `bytes`:
 * grows it first when it is not mapped yet.
 */
export function ensureReservedMapping(device: object, bytes: number): void {
  if (!hasReservedBuffer(device)) {
    throw new TransferModeError("mode 'mmap' needs an sg device with a reserved buffer (SgDevice); this transport has none. Use 'indirect' or 'direct'.");
  }
  const mapping = device.reservedMapping;
  if (mapping) {
    if (mapping.length < bytes) {
      throw new BlockRequestError(
        `the mapped reserved buffer holds ${mapping.length} bytes, a transfer needs ${bytes}: lower blocksPerTransfer, or open the device with reservedSize >= ${bytes} before mapping`,
      );
    }
    return;
  }
  if (device.reservedSize < bytes) {
    const granted = device.setReservedSize(bytes);
    if (granted < bytes) {
      throw new BlockRequestError(`the sg driver granted a reserved buffer of ${granted} bytes, a transfer needs ${bytes}: lower blocksPerTransfer to fit`);
    }
  }
  device.mapReservedBuffer();
}
