/** Decoding a mode page whose body is a fixed layout (offsets from the page start). */
import type { FieldSpecs, FieldsOutput } from '../../dsl/fields.js';
import type { Layout } from '../../dsl/layout.js';
import { paddedCopy } from '../bytes.js';
import { readModePageFrame, type ModePageHeader } from './page-header.js';

/** A fixed-layout mode page: header fields plus the layout's fields. */
export type FixedModePage<F extends FieldSpecs> = ModePageHeader & FieldsOutput<F>;

/**
 * Decodes the page_0 format page at the start of `bytes` with `layout`; a
 * page shorter than the layout (older standards, short buffers) reads the
 * missing fields as zero.
 */
export function decodeFixedModePage<F extends FieldSpecs>(bytes: Uint8Array, code: number, layout: Layout<F>): FixedModePage<F> {
  const { header, page } = readModePageFrame(bytes, layout.name, code);
  return { ...header, ...layout.decode(paddedCopy(page, 0, layout.length)) };
}
