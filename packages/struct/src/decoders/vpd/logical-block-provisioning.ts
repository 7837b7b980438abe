/** Logical Block Provisioning (0xB2, SBC-5 6.6.6). */
import { bits, flag, u8 } from '../../dsl/fields.js';
import { defineLayout } from '../../dsl/layout.js';
import { paddedCopy } from '../bytes.js';
import { decodeDesignatorAt, type Designator } from './designator.js';
import { readVpdFrame, type VpdPageHeader } from './header.js';
import type { FieldsOutput } from '../../dsl/fields.js';

/** Layout of the fixed part of the Logical Block Provisioning page (offsets from the page start). */
export const LOGICAL_BLOCK_PROVISIONING_LAYOUT = defineLayout({
  name: 'Logical Block Provisioning page',
  length: 8,
  fields: {
    thresholdExponent: u8(4, { description: 'threshold exponent (0: thresholds not supported)' }),
    lbpu: flag(5, 7, { description: 'UNMAP supported' }),
    lbpws: flag(5, 6, { description: 'WRITE SAME(16) with UNMAP supported' }),
    lbpws10: flag(5, 5, { description: 'WRITE SAME(10) with UNMAP supported' }),
    lbprz: bits(5, 4, 3, { description: 'logical block provisioning read zeros' }),
    ancSup: flag(5, 1, { description: 'anchored LBAs supported' }),
    dp: flag(5, 0, { description: 'provisioning group descriptor present' }),
    minimumPercentage: bits(6, 7, 5, { description: 'minimum percentage' }),
    provisioningType: bits(6, 2, 3, { description: '0 unknown/full, 1 resource provisioned, 2 thin provisioned' }),
    thresholdPercentage: u8(7, { description: 'threshold percentage' }),
  },
});

/** Provisioning type names (SBC-5). */
export type ProvisioningTypeName = 'not-reported' | 'resource-provisioned' | 'thin-provisioned' | 'reserved';

/** Decoded Logical Block Provisioning page. */
export type LogicalBlockProvisioningVpdPage = VpdPageHeader &
  FieldsOutput<(typeof LOGICAL_BLOCK_PROVISIONING_LAYOUT)['fields']> & {
    /** The provisioning type by name. */
    provisioningTypeName: ProvisioningTypeName;
    /** The provisioning group descriptor, when DP is set and it was returned; else null. */
    provisioningGroupDescriptor: Designator | null;
  };

/**
 * Decodes the Logical Block Provisioning page (0xB2). Fields past a short
 * page read as zero.
 * @throws {@link DecodeError} on fewer than 4 bytes or another page code.
 */
export function decodeLogicalBlockProvisioning(bytes: Uint8Array): LogicalBlockProvisioningVpdPage {
  const { header, page } = readVpdFrame(bytes, LOGICAL_BLOCK_PROVISIONING_LAYOUT.name, 0xb2);
  const fields = LOGICAL_BLOCK_PROVISIONING_LAYOUT.decode(paddedCopy(page, 0, 8));
  let descriptor: Designator | null = null;
  let truncated = header.truncated;
  if (fields.dp && page.length > 8) {
    if (page.length >= 12 && page.length >= 12 + page[11]!) descriptor = decodeDesignatorAt(page, 8);
    else truncated = true;
  }
  const names: readonly ProvisioningTypeName[] = ['not-reported', 'resource-provisioned', 'thin-provisioned'];
  return {
    ...header,
    truncated,
    ...fields,
    provisioningTypeName: names[fields.provisioningType] ?? 'reserved',
    provisioningGroupDescriptor: descriptor,
  };
}
