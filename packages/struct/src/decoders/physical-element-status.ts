/** GET PHYSICAL ELEMENT STATUS parameter data (SBC-5 5.9): a 32-byte header, then 32-byte element descriptors. */
import { flag, u32, u64, u8 } from '../dsl/fields.js';
import { defineLayout } from '../dsl/layout.js';
import { checkInput } from './bytes.js';

/** Layout of the 32-byte header. */
export const PHYSICAL_ELEMENT_STATUS_HEADER_LAYOUT = defineLayout({
  name: 'GET PHYSICAL ELEMENT STATUS header',
  length: 32,
  fields: {
    numberOfDescriptors: u32(0, { description: 'NUMBER OF DESCRIPTORS: elements that match the request' }),
    numberOfDescriptorsReturned: u32(4, { description: 'NUMBER OF DESCRIPTORS RETURNED' }),
    identifierOfElementBeingDepopulated: u32(8, { description: 'IDENTIFIER OF ELEMENT BEING DEPOPULATED (0: none)' }),
  },
});

/** Layout of one 32-byte physical element status descriptor. */
export const PHYSICAL_ELEMENT_DESCRIPTOR_LAYOUT = defineLayout({
  name: 'physical element status descriptor',
  length: 32,
  fields: {
    elementIdentifier: u32(4, { description: 'ELEMENT IDENTIFIER' }),
    restorationAllowed: flag(13, 0, { description: 'RALWD: RESTORE ELEMENTS AND REBUILD may restore the element' }),
    physicalElementType: u8(14, { description: 'PHYSICAL ELEMENT TYPE: 1 storage element' }),
    physicalElementHealth: u8(15, { description: 'PHYSICAL ELEMENT HEALTH: 0 not reported, 1..63 within limits, 64 at the limit, 65..127 beyond, 0xFD depopulation failed, 0xFE in progress, 0xFF depopulated' }),
    associatedCapacity: u64(16, { description: 'ASSOCIATED CAPACITY: logical blocks lost if the element is depopulated' }),
  },
});

/** One physical element. */
export interface PhysicalElementStatus {
  /** ELEMENT IDENTIFIER. */
  readonly elementIdentifier: number;
  /** RALWD bit. */
  readonly restorationAllowed: boolean;
  /** PHYSICAL ELEMENT TYPE. */
  readonly physicalElementType: number;
  /** PHYSICAL ELEMENT HEALTH. */
  readonly physicalElementHealth: number;
  /** ASSOCIATED CAPACITY in logical blocks. */
  readonly associatedCapacity: bigint;
}

/** Decoded GET PHYSICAL ELEMENT STATUS parameter data. */
export interface PhysicalElementStatusData {
  /** NUMBER OF DESCRIPTORS. */
  readonly numberOfDescriptors: number;
  /** NUMBER OF DESCRIPTORS RETURNED. */
  readonly numberOfDescriptorsReturned: number;
  /** IDENTIFIER OF ELEMENT BEING DEPOPULATED. */
  readonly identifierOfElementBeingDepopulated: number;
  /** The descriptors present. */
  readonly elements: PhysicalElementStatus[];
  /** Whether fewer descriptors are present than NUMBER OF DESCRIPTORS RETURNED says. */
  readonly truncated: boolean;
}

/**
 * Decodes GET PHYSICAL ELEMENT STATUS parameter data.
 * @throws {@link DecodeError} on fewer than 32 bytes.
 */
export function decodePhysicalElementStatus(bytes: Uint8Array): PhysicalElementStatusData {
  checkInput(bytes, 'GET PHYSICAL ELEMENT STATUS data', 32);
  const h = PHYSICAL_ELEMENT_STATUS_HEADER_LAYOUT.decode(bytes);
  const elements: PhysicalElementStatus[] = [];
  for (let i = 0, off = 32; i < h.numberOfDescriptorsReturned && off + 32 <= bytes.length; i++, off += 32) elements.push(PHYSICAL_ELEMENT_DESCRIPTOR_LAYOUT.decode(bytes, off));
  return { ...h, elements, truncated: elements.length < h.numberOfDescriptorsReturned };
}
