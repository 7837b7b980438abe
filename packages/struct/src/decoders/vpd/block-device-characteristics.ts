/** Block Device Characteristics (0xB1, SBC-5 6.6.2). */
import { bits, flag, u16, u32, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { decodeFixedVpdPage, type FixedVpdPage } from './fixed-page.js';

/** Layout of the Block Device Characteristics page (offsets from the page start). */
export const BLOCK_DEVICE_CHARACTERISTICS_LAYOUT = defineLayout({
  name: 'Block Device Characteristics page',
  length: 64,
  fields: {
    mediumRotationRate: u16(4, { description: '0 not reported, 1 non-rotating, else rpm' }),
    productType: u8(6, { description: 'product type (0 not indicated)' }),
    wabereq: bits(7, 7, 2, { description: 'write after block erase required' }),
    wacereq: bits(7, 5, 2, { description: 'write after cryptographic erase required' }),
    nominalFormFactor: bits(7, 3, 4, { description: '0 not reported, 1 5.25", 2 3.5", 3 2.5", 4 1.8", 5 less than 1.8"' }),
    zoned: bits(8, 5, 2, { description: 'zoned block capabilities' }),
    rbwz: flag(8, 3, { description: 'reassign blocks write zero' }),
    bocs: flag(8, 2, { description: 'background operation control supported' }),
    fuab: flag(8, 1, { description: 'force unit access behaviour' }),
    vbuls: flag(8, 0, { description: 'verify byte check unmapped LBA supported' }),
    depopulationTime: u32(12, { description: 'depopulation time, seconds' }),
  },
});

/** Decoded Block Device Characteristics page. */
export type BlockDeviceCharacteristicsVpdPage = FixedVpdPage<(typeof BLOCK_DEVICE_CHARACTERISTICS_LAYOUT)['fields']> & {
  /** Whether the medium does not rotate (rotation rate 1), e.g. solid state. */
  nonRotating: boolean;
};

/**
 * Decodes the Block Device Characteristics page (0xB1).
 * @throws {@link DecodeError} on fewer than 4 bytes or another page code.
 */
export function decodeBlockDeviceCharacteristics(bytes: Uint8Array): BlockDeviceCharacteristicsVpdPage {
  const page = decodeFixedVpdPage(bytes, 0xb1, BLOCK_DEVICE_CHARACTERISTICS_LAYOUT);
  return { ...page, nonRotating: page.mediumRotationRate === 1 };
}
