/**
 * Text rendering of decoded VPD pages, close to sg_vpd's layout.
 */
import {
  ATA_INFORMATION_LAYOUT,
  BLOCK_DEVICE_CHARACTERISTICS_LAYOUT,
  BLOCK_LIMITS_LAYOUT,
  EXTENDED_INQUIRY_LAYOUT,
  LOGICAL_BLOCK_PROVISIONING_LAYOUT,
  VPD_PAGE_ACRONYMS,
  vpdPageNameIn,
  type Designator,
  type FieldInfo,
  type VpdPage,
} from '@sgio/struct';
import { hexDump } from '../common/output.js';
import { decoderRegistry } from '../common/registry.js';
import { fieldLines, hex } from '../common/text.js';

const HEADER_KEYS = ['peripheralQualifier', 'peripheralDeviceType', 'peripheralDeviceTypeName', 'pageCode', 'pageName', 'pageLength', 'truncated', 'availableLength', 'generic'];

const LAYOUTS: ReadonlyMap<number, readonly FieldInfo[]> = new Map([
  [0x86, EXTENDED_INQUIRY_LAYOUT.fieldList],
  [0x89, ATA_INFORMATION_LAYOUT.fieldList],
  [0xb0, BLOCK_LIMITS_LAYOUT.fieldList],
  [0xb1, BLOCK_DEVICE_CHARACTERISTICS_LAYOUT.fieldList],
  [0xb2, LOGICAL_BLOCK_PROVISIONING_LAYOUT.fieldList],
]);

const ACRONYM_OF = new Map(Object.entries(VPD_PAGE_ACRONYMS).map(([k, v]) => [v, k]));

function designatorLines(d: Designator, n: number): string[] {
  const lines = [`  Designation descriptor number ${n}, descriptor length: ${d.length + 4}`];
  if (d.protocol) lines.push(`    transport: ${d.protocol}`);
  lines.push(`    designator_type: ${d.designatorType},  code_set: ${d.codeSet}`, `    associated with the ${d.association}`);
  if (d.vendorId !== undefined) lines.push(`      vendor id: ${d.vendorId}`, `      vendor specific: ${d.vendorSpecific ?? ''}`);
  else if (d.naa !== undefined) lines.push(`      NAA ${d.naa}: [0x${d.hex}]`);
  else if (d.relativeTargetPort !== undefined) lines.push(`      Relative target port: ${hex(d.relativeTargetPort, 1)}`);
  else if (d.targetPortGroup !== undefined) lines.push(`      Target port group: ${hex(d.targetPortGroup, 1)}`);
  else if (d.logicalUnitGroup !== undefined) lines.push(`      Logical unit group: ${hex(d.logicalUnitGroup, 1)}`);
  else if (d.uuid !== undefined) lines.push(`      UUID: ${d.uuid}`);
  else if (d.text !== undefined) lines.push(`      ${d.text}`);
  else lines.push(`      [0x${d.hex}]`);
  return lines;
}

function hexBody(dataHex: string): string[] {
  const bytes = Uint8Array.from(dataHex.match(/../g) ?? [], (h) => parseInt(h, 16));
  return bytes.length ? hexDump(bytes, '  ').split('\n') : ['  (empty)'];
}

/** The lines sgio prints for one decoded VPD page. */
export function vpdPageText(page: VpdPage): string {
  const lines = [`${page.pageName} VPD page [${hex(page.pageCode)}]:`];
  if ('supportedPages' in page) {
    for (const code of page.supportedPages) {
      const acronym = ACRONYM_OF.get(code);
      lines.push(`  ${hex(code)}  ${vpdPageNameIn(decoderRegistry(), code)}${acronym ? ` [${acronym}]` : ''}`);
    }
  } else if ('serialNumber' in page) {
    lines.push(`  Unit serial number: ${page.serialNumber}`);
  } else if ('designators' in page) {
    page.designators.forEach((d, i) => lines.push(...designatorLines(d, i + 1)));
  } else if ('generic' in page) {
    lines.push(...hexBody(page.dataHex));
  } else {
    const record = page as unknown as Record<string, unknown>;
    const fieldList = LAYOUTS.get(page.pageCode);
    lines.push(...fieldLines(record, { ...(fieldList ? { fieldList } : {}), skip: [...HEADER_KEYS, 'provisioningGroupDescriptor'] }));
    const group = record.provisioningGroupDescriptor as Designator | null | undefined;
    if (group) lines.push(...designatorLines(group, 1));
  }
  if (page.truncated) lines.push('  (truncated: the device declared more bytes than it returned)');
  return lines.join('\n');
}
