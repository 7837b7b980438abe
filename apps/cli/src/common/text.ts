/**
 * Plain-text rendering of decoded objects: one `label: value` line per
 * field, labelled with the DSL's field descriptions where a layout is known.
 */
import type { FieldInfo } from '@sgio/struct';

/** Words of a camelCase name: `maximumTransferLength` gives `maximum transfer length`. */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

/** A scalar value as text: booleans as 1/0 (as sg3_utils prints bits), bytes as hex. */
export function scalarText(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join(' ');
  if (value === null || value === undefined) return '-';
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return typeof value === 'string' || typeof value === 'number' ? String(value) : typeof value;
}

/**
 * Lines `label: value` for the own fields of `object`, skipping `skip`.
 * Labels come from `fieldList` descriptions (capitalised) when given, else
 * from the camelCase name.
 */
export function fieldLines(object: Readonly<Record<string, unknown>>, options: { fieldList?: readonly FieldInfo[]; skip?: readonly string[]; indent?: string } = {}): string[] {
  const labels = new Map(options.fieldList?.map((f) => [f.name, f.description || words(f.name)]));
  const indent = options.indent ?? '  ';
  const lines: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (options.skip?.includes(key)) continue;
    const label = labels.get(key) ?? words(key);
    lines.push(`${indent}${label.charAt(0).toUpperCase()}${label.slice(1)}: ${scalarText(value)}`);
  }
  return lines;
}

/** `0x` and two (or `width`) hex digits. */
export function hex(n: number | bigint, width = 2): string {
  return `0x${n.toString(16).padStart(width, '0')}`;
}
