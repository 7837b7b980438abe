/**
 * Default SPC handlers: INQUIRY (standard data and VPD 0x00, 0x80, 0x83,
 * 0xB0, 0xB1, 0xB2), MODE SENSE(6/10), REPORT LUNS, TEST UNIT READY,
 * REQUEST SENSE, LOG SENSE (the supported pages and the Self-Test Results
 * page; SEND DIAGNOSTIC itself is in `self-test.ts`). Responses are built with struct's layouts (the inverse of
 * its decoders).
 */
import {
  BLOCK_DEVICE_CHARACTERISTICS_LAYOUT,
  BLOCK_LIMITS_LAYOUT,
  CACHING_MODE_PAGE_LAYOUT,
  CONTROL_MODE_PAGE_LAYOUT,
  DESIGNATOR_HEADER_LAYOUT,
  encodeSense,
  INQUIRY_LAYOUT,
  LOGICAL_BLOCK_PROVISIONING_LAYOUT,
  MODE_HEADER_10_LAYOUT,
  MODE_HEADER_6_LAYOUT,
  MODE_SHORT_BLOCK_DESCRIPTOR_LAYOUT,
  READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT,
} from '@sgio/struct';
import type { DiskContext } from './disk-context.js';
import { fieldFlag, fieldNumber, type ScsiRequest } from './request.js';
import { checkCondition, good, Sense, type ScsiResponse } from './response.js';

/** VPD pages the default INQUIRY handler serves, in page 0x00's order. */
export const DEFAULT_VPD_PAGES = [0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2] as const;

/** Version descriptors: SAM-5, SPC-4, SBC-3. */
const VERSION_DESCRIPTORS = [0x00a0, 0x0460, 0x04c0];

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Standard INQUIRY data of a direct-access block device (96 bytes). */
export function standardInquiry(disk: DiskContext): Uint8Array {
  const out = new Uint8Array(96);
  out.set(
    INQUIRY_LAYOUT.encode({
      version: 6,
      responseDataFormat: 2,
      hiSup: true,
      additionalLength: out.length - 5,
      cmdQue: true,
      vendorId: disk.identity.vendor,
      productId: disk.identity.product,
      productRevision: disk.identity.revision,
    }),
  );
  const dv = new DataView(out.buffer);
  VERSION_DESCRIPTORS.forEach((d, i) => dv.setUint16(58 + i * 2, d));
  return out;
}

function vpdPage(code: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  out[1] = code;
  new DataView(out.buffer).setUint16(2, body.length);
  out.set(body, 4);
  return out;
}

/** A fixed-layout VPD page: the layout's bytes with the page code and length written. */
function fixedVpdPage(code: number, bytes: Uint8Array): Uint8Array {
  bytes[1] = code;
  new DataView(bytes.buffer, bytes.byteOffset).setUint16(2, bytes.length - 4);
  return bytes;
}

function designator(codeSet: number, type: number, value: Uint8Array): Uint8Array {
  return concat([DESIGNATOR_HEADER_LAYOUT.encode({ codeSet, association: 0, designatorType: type, designatorLength: value.length }), value]);
}

function ascii(text: string, width?: number): Uint8Array {
  const s = width === undefined ? text : text.padEnd(width, ' ').slice(0, width);
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f);
}

/** The VPD page `code`, or undefined when the device does not have it. */
export function vpdPageOf(disk: DiskContext, code: number): Uint8Array | undefined {
  switch (code) {
    case 0x00:
      return vpdPage(0x00, Uint8Array.from(DEFAULT_VPD_PAGES));
    case 0x80:
      return vpdPage(0x80, ascii(disk.identity.serial));
    case 0x83: {
      const naa = new Uint8Array(8);
      new DataView(naa.buffer).setBigUint64(0, disk.identity.naa);
      return vpdPage(0x83, concat([designator(1, 3, naa), designator(2, 1, ascii(`${disk.identity.vendor.padEnd(8, ' ').slice(0, 8)}${disk.identity.serial}`))]));
    }
    case 0xb0:
      return fixedVpdPage(
        0xb0,
        BLOCK_LIMITS_LAYOUT.encode({
          // COMPARE AND WRITE moves twice its blocks: half the largest transfer, at most the field's 255
          maximumCompareAndWriteLength: Math.min(255, Math.floor(disk.maxTransferBlocks / 2)),
          maximumTransferLength: disk.maxTransferBlocks,
          optimalTransferLength: Math.min(disk.maxTransferBlocks, 128),
          maximumUnmapLbaCount: disk.thin ? 0xffffffff : 0,
          maximumUnmapBlockDescriptorCount: disk.thin ? 64 : 0,
          optimalUnmapGranularity: disk.thin ? 1 : 0,
          maximumWriteSameLength: BigInt(disk.maxTransferBlocks),
        }),
      );
    case 0xb1:
      return fixedVpdPage(0xb1, BLOCK_DEVICE_CHARACTERISTICS_LAYOUT.encode({ mediumRotationRate: 1 }));
    case 0xb2: {
      const page = LOGICAL_BLOCK_PROVISIONING_LAYOUT.encode({ lbpu: disk.thin, lbpws: disk.thin, lbpws10: disk.thin, lbprz: disk.thin ? 1 : 0, provisioningType: disk.thin ? 2 : 0 });
      return fixedVpdPage(0xb2, page);
    }
    default:
      return undefined;
  }
}

/** INQUIRY. */
export function inquiry(request: ScsiRequest, disk: DiskContext): ScsiResponse {
  if (!fieldFlag(request, 'evpd')) {
    if (fieldNumber(request, 'pageCode') !== 0) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
    return good(standardInquiry(disk));
  }
  const page = vpdPageOf(disk, fieldNumber(request, 'pageCode'));
  return page ? good(page) : checkCondition(Sense.INVALID_FIELD_IN_CDB);
}

/** Mode pages by page code, current values (pc 0/2/3) or the changeable mask (pc 1: nothing changeable). */
function modePage(code: number, changeable: boolean, disk: DiskContext): Uint8Array | undefined {
  let page: Uint8Array;
  switch (code) {
    case 0x01:
      page = changeable ? READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT.encode() : READ_WRITE_ERROR_RECOVERY_MODE_PAGE_LAYOUT.encode({ awre: true });
      break;
    case 0x08:
      page = changeable ? CACHING_MODE_PAGE_LAYOUT.encode() : CACHING_MODE_PAGE_LAYOUT.encode({ wce: !disk.readOnly });
      break;
    case 0x0a:
      page = changeable ? CONTROL_MODE_PAGE_LAYOUT.encode() : CONTROL_MODE_PAGE_LAYOUT.encode({ queueAlgorithmModifier: 1, extendedSelfTestCompletionTime: disk.selfTests.extendedSeconds });
      break;
    default:
      return undefined;
  }
  page[0] = code;
  page[1] = page.length - 2;
  return page;
}

/** MODE SENSE(6) and MODE SENSE(10): pages 0x01, 0x08, 0x0A and 0x3F (all), with a short block descriptor unless DBD. */
export function modeSense(request: ScsiRequest, disk: DiskContext): ScsiResponse {
  const ten = request.opcode === 0x5a;
  const code = fieldNumber(request, 'pageCode');
  const subpage = fieldNumber(request, 'subpageCode');
  const changeable = fieldNumber(request, 'pc') === 1;
  if (subpage !== 0 && subpage !== 0xff) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
  const codes = code === 0x3f ? [0x01, 0x08, 0x0a] : [code];
  const pages: Uint8Array[] = [];
  for (const c of codes) {
    const p = modePage(c, changeable, disk);
    if (!p) return checkCondition(Sense.INVALID_FIELD_IN_CDB);
    pages.push(p);
  }
  const descriptors = fieldFlag(request, 'dbd')
    ? []
    : [MODE_SHORT_BLOCK_DESCRIPTOR_LAYOUT.encode({ sbcNumberOfBlocks: Math.min(disk.blocks, 0xffffffff), blockLength: disk.blockSize })];
  const body = concat([...descriptors, ...pages]);
  const deviceSpecificParameter = (disk.readOnly ? 0x80 : 0) | 0x10; // WP, DPOFUA
  const blockDescriptorLength = descriptors.length * 8;
  const header = ten
    ? MODE_HEADER_10_LAYOUT.encode({ modeDataLength: 6 + body.length, deviceSpecificParameter, blockDescriptorLength })
    : MODE_HEADER_6_LAYOUT.encode({ modeDataLength: Math.min(3 + body.length, 0xff), deviceSpecificParameter, blockDescriptorLength });
  return good(concat([header, body]));
}

/** REPORT LUNS: one logical unit, LUN 0. */
export function reportLuns(): ScsiResponse {
  const out = new Uint8Array(16);
  new DataView(out.buffer).setUint32(0, 8);
  return good(out);
}

/** TEST UNIT READY. */
export function testUnitReady(): ScsiResponse {
  return good();
}

/**
 * REQUEST SENSE: while a self-test runs, its progress (the operation under
 * way is what a poller asks about; an older failure's sense is dropped);
 * else the sense of the last failed command once; else NO SENSE.
 */
export function requestSense(request: ScsiRequest, disk: DiskContext): ScsiResponse {
  const last = disk.lastSense;
  disk.lastSense = undefined;
  const descriptor = fieldFlag(request, 'desc');
  const progress = disk.selfTests.progressSense(descriptor) ?? disk.sanitizer.progressSense(descriptor);
  if (progress) return good(progress);
  if (last) return good(last);
  return good(encodeSense({ ...Sense.NO_SENSE, descriptor }));
}

/** Log pages the default LOG SENSE handler serves (page 0x00 lists them). */
export const DEFAULT_LOG_PAGES = [0x00, 0x10] as const;

/**
 * LOG SENSE: Supported Log Pages (0x00; subpage 0xFF lists pages and
 * subpages) and Self-Test Results (0x10). Other pages and subpages are
 * INVALID FIELD IN CDB.
 */
export function logSense(request: ScsiRequest, disk: DiskContext): ScsiResponse {
  const page = fieldNumber(request, 'pageCode');
  const subpage = fieldNumber(request, 'subpageCode');
  if (page === 0x00 && subpage === 0x00) {
    const out = new Uint8Array(4 + DEFAULT_LOG_PAGES.length);
    new DataView(out.buffer).setUint16(2, DEFAULT_LOG_PAGES.length);
    out.set(DEFAULT_LOG_PAGES, 4);
    return good(out);
  }
  if (page === 0x00 && subpage === 0xff) {
    // SPF set: (page, subpage) pairs, page 0x00 with both its subpages
    const pairs = [0x00, 0x00, 0x00, 0xff, ...DEFAULT_LOG_PAGES.filter((p) => p !== 0).flatMap((p) => [p, 0x00])];
    const out = new Uint8Array(4 + pairs.length);
    out[0] = 0x40;
    out[1] = 0xff;
    new DataView(out.buffer).setUint16(2, pairs.length);
    out.set(pairs, 4);
    return good(out);
  }
  if (page === 0x10 && subpage === 0x00) return good(disk.selfTests.logPage());
  return checkCondition(Sense.INVALID_FIELD_IN_CDB);
}
