/**
 * The SES join: one record per element of the Configuration page with what
 * the Element Descriptor, Enclosure Status and Additional Element Status
 * pages say about it: for a disk slot, its name, its status and indicators,
 * its slot number and the disk's SAS address (what `sg_ses --join` prints).
 */
import { sesElementPositions, type SesConfiguration, type SesElementPosition } from './configuration.js';
import type { SesAdditionalElement, SesAdditionalElementStatus } from './additional-element-status.js';
import type { SesElementDescriptors } from './element-descriptor.js';
import type { SesEnclosureStatus, SesStatusElement } from './enclosure-status.js';

/** The decoded pages a join reads; every page but the configuration may be missing. */
export interface SesPages {
  /** Configuration (01h). */
  readonly configuration: SesConfiguration;
  /** Enclosure Status (02h). */
  readonly status?: SesEnclosureStatus | undefined;
  /** Element Descriptor (07h). */
  readonly descriptors?: SesElementDescriptors | undefined;
  /** Additional Element Status (0Ah). */
  readonly additional?: SesAdditionalElementStatus | undefined;
}

/** One element with everything the pages say about it. */
export interface SesJoinedElement extends SesElementPosition {
  /** Its Element Descriptor text (undefined without page 07h). */
  readonly descriptor: string | undefined;
  /** Its status element (undefined without page 02h). */
  readonly status: SesStatusElement | undefined;
  /** Its Additional Element Status descriptor (slots and expanders; undefined when none). */
  readonly additional: SesAdditionalElement | undefined;
  /** DEVICE SLOT NUMBER of a slot (from page 0Ah with EIP). */
  readonly slotNumber: number | undefined;
  /** For a slot: the SAS ADDRESS of its first phy (the disk); for an expander: its own. Undefined when zero or unknown. */
  readonly sasAddress: string | undefined;
  /** For a slot: the ATTACHED SAS ADDRESS of its first phy (the expander port). */
  readonly attachedSasAddress: string | undefined;
}

const ZERO = `0x${'0'.repeat(16)}`;
const nonZero = (a: string | undefined): string | undefined => (a === undefined || a === ZERO ? undefined : a);

/**
 * Joins the pages element by element, in configuration order (overall
 * elements included, with `index` -1). An Additional Element Status
 * descriptor joins the element its ELEMENT INDEX (or, without EIP, its
 * position) names; when two name the same element the first is kept, as
 * sg_ses does.
 */
export function joinSesPages(pages: SesPages): SesJoinedElement[] {
  const byPosition = new Map<number, SesAdditionalElement>();
  for (const d of pages.additional?.descriptors ?? []) {
    if (d.element !== undefined && !byPosition.has(d.element.withOverallIndex)) byPosition.set(d.element.withOverallIndex, d);
  }
  return sesElementPositions(pages.configuration).map((p) => {
    const additional = byPosition.get(p.withOverallIndex);
    const sas = additional?.sas;
    const firstPhy = sas?.kind === 'slot' ? sas.phys[0] : undefined;
    return {
      ...p,
      descriptor: pages.descriptors?.descriptors[p.withOverallIndex]?.text,
      status: pages.status?.elements[p.withOverallIndex],
      additional,
      slotNumber: sas?.kind === 'slot' ? sas.deviceSlotNumber : undefined,
      sasAddress: nonZero(sas?.kind === 'expander' ? sas.sasAddress : firstPhy?.sasAddress),
      attachedSasAddress: nonZero(firstPhy?.attachedSasAddress),
    };
  });
}
