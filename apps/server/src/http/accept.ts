/**
 * Content negotiation between the two answers of the commands endpoint:
 * JSON (the default) and the raw data-in bytes.
 */

/** The media type of a binary answer. */
export const OCTET_STREAM = 'application/octet-stream';

/**
 * True when the `Accept` header prefers `application/octet-stream` to
 * `application/json`: the higher quality wins, the one listed first on a
 * tie; wildcards and a missing header mean JSON.
 */
export function prefersOctetStream(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let best: { type: 'json' | 'binary'; q: number } | undefined;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const type = range === OCTET_STREAM ? 'binary' : range === 'application/json' ? 'json' : undefined;
    if (type === undefined) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (best === undefined || q > best.q) best = { type, q };
  }
  return best?.type === 'binary';
}
