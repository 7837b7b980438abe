/** Picking the VPD decoder by page code. */
import { checkInput } from '../bytes.js';
import type { DecoderRegistry } from '../registry/decoder-registry.js';
import { standardDecoders } from '../registry/standard-decoders.js';
import type { AtaInformationVpdPage } from './ata-information.js';
import type { BlockDeviceCharacteristicsVpdPage } from './block-device-characteristics.js';
import type { BlockLimitsVpdPage } from './block-limits.js';
import type { DeviceIdentificationVpdPage } from './device-identification.js';
import type { ExtendedInquiryVpdPage } from './extended-inquiry.js';
import { decodeGenericVpdPage, type GenericVpdPage } from './generic.js';
import type { LogicalBlockProvisioningVpdPage } from './logical-block-provisioning.js';
import type { SupportedVpdPages } from './supported-pages.js';
import type { UnitSerialNumberVpdPage } from './unit-serial-number.js';

/** Any decoded VPD page. */
export type VpdPage =
  | SupportedVpdPages
  | UnitSerialNumberVpdPage
  | DeviceIdentificationVpdPage
  | ExtendedInquiryVpdPage
  | AtaInformationVpdPage
  | BlockLimitsVpdPage
  | BlockDeviceCharacteristicsVpdPage
  | LogicalBlockProvisioningVpdPage
  | GenericVpdPage;

/**
 * Decodes a VPD page with the decoder registered for its page code (byte 1)
 * and the device type of its byte 0, in `decoders` (default: the built-in
 * {@link standardDecoders}). Pages without a decoder give a
 * {@link GenericVpdPage} with the raw body. The built-in 0xB0..0xBF decoders
 * are those of block devices (SBC); for other device types those codes are
 * decoded generically.
 *
 * @throws {@link DecodeError} on fewer than 4 bytes or malformed pages.
 */
export function decodeVpdPage<V = VpdPage>(bytes: Uint8Array, decoders: DecoderRegistry<V, unknown, unknown> = standardDecoders as unknown as DecoderRegistry<V, unknown, unknown>): V | GenericVpdPage {
  checkInput(bytes, 'VPD page', 4);
  const decoder = decoders.vpdDecoder(bytes[1]!, bytes[0]! & 0x1f);
  return decoder === undefined ? decodeGenericVpdPage(bytes) : decoder.decode(bytes);
}
