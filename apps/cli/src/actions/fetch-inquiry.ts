/**
 * Fetching standard INQUIRY data and VPD pages, re-asking with a larger
 * allocation length when the device has more to say (as sg_vpd does).
 */
import { inquiry } from '@sgio/struct';
import { dataOf, runDefinition, type DeviceSession } from '../common/device.js';

const FIRST_ALLOCATION = 252;

/** Standard INQUIRY data (up to its declared length). */
export async function fetchStandardInquiry(session: DeviceSession): Promise<Uint8Array> {
  const first = dataOf(await runDefinition(session, inquiry, { allocationLength: FIRST_ALLOCATION }));
  const declared = first.length >= 5 ? first[4]! + 5 : 0;
  if (declared <= first.length) return first;
  return dataOf(await runDefinition(session, inquiry, { allocationLength: declared }));
}

/** The bytes of VPD page `page` (header included, up to its declared length). */
export async function fetchVpdPage(session: DeviceSession, page: number): Promise<Uint8Array> {
  const first = dataOf(await runDefinition(session, inquiry, { evpd: true, pageCode: page, allocationLength: FIRST_ALLOCATION }));
  const declared = first.length >= 4 ? ((first[2]! << 8) | first[3]!) + 4 : 0;
  if (declared <= first.length) return first;
  return dataOf(await runDefinition(session, inquiry, { evpd: true, pageCode: page, allocationLength: Math.min(declared, 0xffff) }));
}
