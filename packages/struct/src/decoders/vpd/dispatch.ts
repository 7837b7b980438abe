/** Picking the VPD decoder by page code. */
import { checkInput } from '../bytes.js';
import { decodeAtaInformation, type AtaInformationVpdPage } from './ata-information.js';
import { decodeBlockDeviceCharacteristics, type BlockDeviceCharacteristicsVpdPage } from './block-device-characteristics.js';
import { decodeBlockLimits, type BlockLimitsVpdPage } from './block-limits.js';
import { decodeDeviceIdentification, type DeviceIdentificationVpdPage } from './device-identification.js';
import { decodeExtendedInquiry, type ExtendedInquiryVpdPage } from './extended-inquiry.js';
import { decodeGenericVpdPage, type GenericVpdPage } from './generic.js';
import { decodeLogicalBlockProvisioning, type LogicalBlockProvisioningVpdPage } from './logical-block-provisioning.js';
import { decodeSupportedVpdPages, type SupportedVpdPages } from './supported-pages.js';
import { decodeUnitSerialNumber, type UnitSerialNumberVpdPage } from './unit-serial-number.js';

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

const DECODERS: ReadonlyMap<number, (bytes: Uint8Array) => VpdPage> = new Map<number, (bytes: Uint8Array) => VpdPage>([
  [0x00, decodeSupportedVpdPages],
  [0x80, decodeUnitSerialNumber],
  [0x83, decodeDeviceIdentification],
  [0x86, decodeExtendedInquiry],
  [0x89, decodeAtaInformation],
  [0xb0, decodeBlockLimits],
  [0xb1, decodeBlockDeviceCharacteristics],
  [0xb2, decodeLogicalBlockProvisioning],
]);

/**
 * Decodes a VPD page with the decoder for its page code (byte 1). Pages
 * without a dedicated decoder give a {@link GenericVpdPage} with the raw body.
 * The 0xB0..0xBF decoders are those of block devices (SBC); for other device
 * types those codes are decoded generically.
 *
 * @throws {@link DecodeError} on fewer than 4 bytes or malformed pages.
 */
export function decodeVpdPage(bytes: Uint8Array): VpdPage {
  checkInput(bytes, 'VPD page', 4);
  const code = bytes[1]!;
  const type = bytes[0]! & 0x1f;
  const blockDevice = type === 0x00 || type === 0x04 || type === 0x07 || type === 0x0e || type === 0x14;
  const decoder = code >= 0xb0 && code <= 0xbf && !blockDevice ? undefined : DECODERS.get(code);
  return (decoder ?? decodeGenericVpdPage)(bytes);
}
