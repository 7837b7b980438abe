/**
 * Comparing a peer tool's JSON with sgio's, key by key: a JSON document as
 * its leaf paths (`user_capacity.blocks` -> 131072), the shape the health
 * tests compare `smartctl -j` and `sgio health --json` in.
 */

/** Top-level keys of `smartctl -j` that describe smartctl itself, not the device. */
export const SMARTCTL_METADATA: ReadonlySet<string> = new Set(['json_format_version', 'smartctl', 'local_time']);

/**
 * The leaf paths of `value` and their values, dotted (`a.b.c`); arrays are
 * leaves. Top-level keys in `skip` are left out.
 */
export function jsonLeaves(value: unknown, skip: ReadonlySet<string> = new Set(), prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (prefix === '' && skip.has(k)) continue;
      for (const [p, x] of jsonLeaves(v, skip, prefix === '' ? k : `${prefix}.${k}`)) out.set(p, x);
    }
  } else out.set(prefix, value);
  return out;
}
