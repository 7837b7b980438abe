/**
 * Decoding a VPD page whose body is a fixed layout: a short page (old
 * devices, short allocation length) decodes with the missing bytes as zero.
 */
import type { FieldSpecs, FieldsOutput } from '../../dsl/fields.js';
import type { Layout } from '../../dsl/layout.js';
import { paddedCopy } from '../bytes.js';
import { readVpdFrame, type VpdPageHeader } from './header.js';

/** A fixed-layout VPD page: the header, the layout's fields and how many bytes were real. */
export type FixedVpdPage<F extends FieldSpecs> = VpdPageHeader &
  FieldsOutput<F> & {
    /** Bytes of the page (header included) that were returned and declared; fields past it read as zero. */
    availableLength: number;
  };

/**
 * Decodes a VPD page whose whole layout (header included, offsets from the
 * page start) is `layout`, checking the page code.
 */
export function decodeFixedVpdPage<F extends FieldSpecs>(bytes: Uint8Array, code: number, layout: Layout<F>): FixedVpdPage<F> {
  const { header, page } = readVpdFrame(bytes, layout.name, code);
  const fields = layout.decode(paddedCopy(page, 0, layout.length));
  return { ...header, ...fields, availableLength: page.length };
}
