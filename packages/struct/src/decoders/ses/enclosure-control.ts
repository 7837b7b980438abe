/**
 * The SES Enclosure Control diagnostic page (02h sent with SEND DIAGNOSTIC,
 * SES-4 6.1.3) that turns the locate (IDENT) or fault indicator of one
 * element, or of several, on or off: the read-modify-write sg_ses does for
 * `--set=ident` and friends.
 *
 * The page has the Enclosure Status page's shape: one 4-byte control element
 * per element. SELECT (byte 0 bit 7) set tells the enclosure to act on an
 * element; with SELECT clear it ignores every other bit of that element. So
 * the page this module builds selects exactly the elements asked for, whose control
 * bits start from its current status (masked to the bits that are control
 * bits in that element type, as SES-4 and sg_ses' mask table have them:
 * a status-only bit such as FAULT SENSED must not come back as a request)
 * with the one indicator changed; every other element is sent with SELECT
 * clear (all zero), which leaves it as it is.
 */
import { DecodeError } from '../../errors/decode-error.js';
import { sesElementPositions, type SesConfiguration } from './configuration.js';
import { SES_ELEMENT_TYPE } from './element-types.js';
import { readSesPageHeader } from './page-header.js';

const PAGE = 'SES Enclosure Control page';

/** What a CLI or policy should treat the indicator change as: device state, not user data. */
export const SES_INDICATOR_EFFECT = 'state' as const;

/** Where an indicator bit is in a control element: byte and bit. */
interface BitPlace {
  readonly byte: number;
  readonly bit: number;
}

/** The control bits of one element type: the status bits that may be written back, and where RQST IDENT and the fault request are. */
interface ControlLayout {
  readonly mask: readonly [number, number, number, number];
  readonly ident: BitPlace;
  readonly fault: BitPlace;
  /** The name of the fault request bit in SES-4. */
  readonly faultName: string;
}

const SLOT_IDENT = { byte: 2, bit: 1 };
const LAYOUTS: ReadonlyMap<number, ControlLayout> = new Map<number, ControlLayout>([
  [SES_ELEMENT_TYPE.deviceSlot, { mask: [0x40, 0x00, 0x4e, 0x3c], ident: SLOT_IDENT, fault: { byte: 3, bit: 5 }, faultName: 'RQST FAULT' }],
  [SES_ELEMENT_TYPE.arrayDeviceSlot, { mask: [0x40, 0xff, 0x4e, 0x3c], ident: SLOT_IDENT, fault: { byte: 3, bit: 5 }, faultName: 'RQST FAULT' }],
  [SES_ELEMENT_TYPE.powerSupply, { mask: [0x40, 0x80, 0x00, 0x60], ident: { byte: 1, bit: 7 }, fault: { byte: 3, bit: 6 }, faultName: 'RQST FAIL' }],
  [SES_ELEMENT_TYPE.cooling, { mask: [0x40, 0x80, 0x00, 0x60], ident: { byte: 1, bit: 7 }, fault: { byte: 3, bit: 6 }, faultName: 'RQST FAIL' }],
  [SES_ELEMENT_TYPE.temperatureSensor, { mask: [0x40, 0xc0, 0x00, 0x00], ident: { byte: 1, bit: 7 }, fault: { byte: 1, bit: 6 }, faultName: 'RQST FAIL' }],
  [SES_ELEMENT_TYPE.enclosure, { mask: [0x40, 0x80, 0x00, 0xff], ident: { byte: 1, bit: 7 }, fault: { byte: 3, bit: 1 }, faultName: 'REQUEST FAILURE' }],
  [SES_ELEMENT_TYPE.sasExpander, { mask: [0x40, 0xc0, 0x00, 0x00], ident: { byte: 1, bit: 7 }, fault: { byte: 1, bit: 6 }, faultName: 'RQST FAIL' }],
]);

/** The element types whose indicators {@link encodeSesIndicatorControl} can set. */
export const SES_INDICATOR_ELEMENT_TYPES: readonly number[] = [...LAYOUTS.keys()];

/** Which element: its type header index and its index within the type (-1: the overall element). */
export interface SesElementAddress {
  /** Type descriptor header index (sg_ses' TI). */
  readonly typeIndex: number;
  /** Individual index (sg_ses' II), -1 for the overall element. */
  readonly index: number;
}

/** The indicator changes to make; an indicator left undefined is written back as it is. */
export interface SesIndicatorChange {
  /** Locate indicator (RQST IDENT). */
  readonly ident?: boolean;
  /** Fault indicator (RQST FAULT for slots, RQST FAIL or REQUEST FAILURE for the other types). */
  readonly fault?: boolean;
}

/**
 * Builds the Enclosure Control page that changes the IDENT and/or fault
 * request of one element, or of several at once (each selected, in the one
 * page), from the Enclosure Status page just read and the Configuration page
 * it was decoded with. The EXPECTED GENERATION CODE is the configuration's:
 * an enclosure whose configuration changed since refuses the page, and the
 * caller reads both again.
 * @throws {@link DecodeError} when the status page is not page 02h, is too
 * short for an element, or its generation code is not the configuration's;
 * RangeError for no address, an address the configuration does not have or
 * an element type without these indicators (nothing is built then).
 */
export function encodeSesIndicatorControl(
  statusPage: Uint8Array,
  config: SesConfiguration,
  address: SesElementAddress | readonly SesElementAddress[],
  change: SesIndicatorChange,
): Uint8Array {
  const { generationCode } = readSesPageHeader(statusPage, 0x02, PAGE);
  if (generationCode !== config.generationCode) {
    throw new DecodeError(PAGE, 4, `the status page's generation code ${generationCode} is not the configuration's ${config.generationCode}: read the configuration again`);
  }
  const addresses: readonly SesElementAddress[] = isAddressList(address) ? address : [address];
  if (addresses.length === 0) throw new RangeError('no element to change: give at least one type header index and individual index');
  const positions = sesElementPositions(config);
  const length = 8 + 4 * positions.length;
  const out = new Uint8Array(length);
  out[0] = 0x02;
  out[2] = (length - 4) >> 8;
  out[3] = (length - 4) & 0xff;
  out.set(statusPage.subarray(4, 8), 4);
  for (const a of addresses) {
    const target = positions.find((p) => p.typeIndex === a.typeIndex && p.index === a.index);
    if (target === undefined) {
      const types = config.typeDescriptors.map((t) => `${t.typeIndex}: ${t.elementTypeName} (-1..${t.possibleElements - 1})`).join(', ');
      throw new RangeError(`no element ${a.typeIndex},${a.index} in this enclosure; its type headers are ${types}`);
    }
    const layout = LAYOUTS.get(target.elementType);
    if (layout === undefined) {
      throw new RangeError(`element ${a.typeIndex},${a.index} is a ${target.elementTypeName}, whose indicators this encoder does not set (it sets those of device slots, array device slots, power supplies, cooling, temperature sensors, the enclosure and SAS expanders)`);
    }
    const at = 8 + 4 * target.withOverallIndex;
    if (statusPage.length < at + 4) throw new DecodeError(PAGE, statusPage.length, `the status page ends before element ${a.typeIndex},${a.index}`);
    for (let i = 0; i < 4; i++) out[at + i] = statusPage[at + i]! & layout.mask[i]!;
    const put = (place: BitPlace, on: boolean | undefined): void => {
      if (on === undefined) return;
      out[at + place.byte] = on ? out[at + place.byte]! | (1 << place.bit) : out[at + place.byte]! & ~(1 << place.bit);
    };
    put(layout.ident, change.ident);
    put(layout.fault, change.fault);
    out[at] = out[at]! | 0x80; // SELECT
  }
  return out;
}

function isAddressList(a: SesElementAddress | readonly SesElementAddress[]): a is readonly SesElementAddress[] {
  return Array.isArray(a);
}
