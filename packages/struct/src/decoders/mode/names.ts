/** Names of mode pages (SPC-6, SBC-5 and related command sets). */
import { hexByte } from '../bytes.js';

const MODE_PAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ['0', 'Unit Attention'],
  ['1', 'Read-Write Error Recovery'],
  ['2', 'Disconnect-Reconnect'],
  ['3', 'Format Device (obsolete)'],
  ['4', 'Rigid Disk Geometry (obsolete)'],
  ['7', 'Verify Error Recovery'],
  ['8', 'Caching'],
  ['9', 'Peripheral Device (obsolete)'],
  ['10', 'Control'],
  ['10,1', 'Control Extension'],
  ['10,2', 'Application Tag'],
  ['10,3', 'Command Duration Limit A'],
  ['10,4', 'Command Duration Limit B'],
  ['10,5', 'IO Advice Hints Grouping'],
  ['10,6', 'Background Operation Control'],
  ['10,240', 'Control Data Protection'],
  ['10,241', 'PATA Control'],
  ['11', 'Medium Types Supported (obsolete)'],
  ['12', 'Notch and Partition (obsolete)'],
  ['13', 'Power Condition (obsolete)'],
  ['14', 'CD Audio Control'],
  ['16', 'XOR Control'],
  ['21', 'Extended'],
  ['22', 'Extended Device-Type Specific'],
  ['24', 'Protocol Specific Logical Unit'],
  ['25', 'Protocol Specific Port'],
  ['26', 'Power Condition'],
  ['26,1', 'Power Consumption'],
  ['26,241', 'ATA Power Condition'],
  ['28', 'Informational Exceptions Control'],
  ['28,1', 'Background Control'],
  ['28,2', 'Logical Block Provisioning'],
]);

/**
 * The name of a mode page, e.g. `modePageName(0x08, 0)` is `"Caching"` and
 * `modePageName(0x0a, 0x01)` is `"Control Extension"`. Unknown pages give
 * `"mode page 0x..(,0x..)"`, page 0x00 and 0x20..0x3E are vendor specific
 * when not known.
 */
export function modePageName(code: number, subpage = 0): string {
  const known = MODE_PAGE_NAMES.get(subpage === 0 ? `${code}` : `${code},${subpage}`);
  if (known !== undefined) return known;
  const label = subpage === 0 ? hexByte(code) : `${hexByte(code)},${hexByte(subpage)}`;
  if (code === 0x3f) return subpage === 0xff ? 'all pages and subpages' : 'all pages';
  if (code >= 0x20 && code <= 0x3e) return `vendor specific mode page ${label}`;
  return `mode page ${label}`;
}
