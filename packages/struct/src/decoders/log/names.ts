/** Names of log pages (SPC-6, SBC-5 and related command sets). */
import { hexByte } from '../bytes.js';

const LOG_PAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ['0', 'Supported Log Pages'],
  ['0,255', 'Supported Log Pages and Subpages'],
  ['2', 'Write Error Counter'],
  ['3', 'Read Error Counter'],
  ['4', 'Read Reverse Error Counter'],
  ['5', 'Verify Error Counter'],
  ['6', 'Non-Medium Error'],
  ['7', 'Last n Error Events'],
  ['8', 'Format Status'],
  ['11', 'Last n Deferred Errors or Asynchronous Events'],
  ['12', 'Logical Block Provisioning'],
  ['13', 'Temperature'],
  ['13,1', 'Environmental Reporting'],
  ['13,2', 'Environmental Limits'],
  ['14', 'Start-Stop Cycle Counter'],
  ['14,1', 'Utilization'],
  ['15', 'Application Client'],
  ['16', 'Self-Test Results'],
  ['17', 'Solid State Media'],
  ['20', 'Zoned Block Device Statistics'],
  ['21', 'Background Scan Results'],
  ['21,1', 'Pending Defects'],
  ['21,2', 'Background Operation'],
  ['21,3', 'LPS Misalignment'],
  ['22', 'ATA PASS-THROUGH Results'],
  ['23', 'Non-volatile Cache'],
  ['24', 'Protocol Specific Port'],
  ['25', 'General Statistics and Performance'],
  ['25,32', 'Cache Memory Statistics'],
  ['26', 'Power Condition Transitions'],
  ['47', 'Informational Exceptions'],
]);

/**
 * The name of a log page, e.g. `logPageName(0x0d, 0)` is `"Temperature"`.
 * Subpage 0xFF of any page lists its supported subpages. Unknown pages give
 * `"log page 0x..(,0x..)"`; 0x30..0x3E are vendor specific.
 */
export function logPageName(code: number, subpage = 0): string {
  const known = LOG_PAGE_NAMES.get(subpage === 0 ? `${code}` : `${code},${subpage}`);
  if (known !== undefined) return known;
  const label = subpage === 0 ? hexByte(code) : `${hexByte(code)},${hexByte(subpage)}`;
  if (subpage === 0xff) return `Supported Subpages of log page ${hexByte(code)}`;
  if (code >= 0x30 && code <= 0x3e) return `vendor specific log page ${label}`;
  return `log page ${label}`;
}
