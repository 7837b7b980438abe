/**
 * The HTTP `Range` header (RFC 9110 §14), for byte ranges of a device: one
 * range (`bytes=0-511`, `bytes=1024-`, `bytes=-512`); several ranges are
 * not served.
 */

/** What a Range header asks for, against a resource of `size` bytes. */
export type RangeRequest =
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' }
  | { readonly kind: 'multiple' }
  | { readonly kind: 'invalid' };

/** Parses `header` against a resource of `size` bytes; `end` is inclusive. */
export function parseRange(header: string, size: number): RangeRequest {
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'invalid' };
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length > 1) return { kind: 'multiple' };
  const spec = /^(\d*)-(\d*)$/.exec(specs[0]!);
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'invalid' };
  if (spec[1]!.length > 16 || spec[2]!.length > 16) return { kind: 'unsatisfiable' };
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(spec[1]);
  if (start >= size) return { kind: 'unsatisfiable' };
  if (spec[2] === '') return { kind: 'range', start, end: size - 1 };
  const end = Number(spec[2]);
  if (end < start) return { kind: 'invalid' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}
