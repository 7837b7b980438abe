/** Text of the SES Threshold In (05h) and String In (04h) pages for `sgio ses --page th|str`. */
import type { SesStringIn, SesThresholdElement, SesThresholdIn, SesThresholdMeaning } from '@sgio/struct';
import { hexDump, parseHex } from '../common/output.js';

const celsius = (v: number | null): string => (v === null ? 'reserved' : `${v} C`);
const minutes = (v: number | null): string => (v === null ? 'vendor specific' : `${v} min`);
const percent = (v: number, side: 'above' | 'below'): string => `${v.toFixed(1)} % ${side} nominal`;

/** The four thresholds of one element, in the units of its type. */
export function thresholdValues(m: SesThresholdMeaning, e: SesThresholdElement): string {
  switch (m.kind) {
    case 'temperature':
      return `high critical ${celsius(m.highCritical)}, high warning ${celsius(m.highWarning)}, low warning ${celsius(m.lowWarning)}, low critical ${celsius(m.lowCritical)}`;
    case 'voltage':
      return `high critical ${percent(m.highCritical, 'above')}, high warning ${percent(m.highWarning, 'above')}, low warning ${percent(m.lowWarning, 'below')}, low critical ${percent(m.lowCritical, 'below')}`;
    case 'current':
      return `high critical ${percent(m.highCritical, 'above')}, high warning ${percent(m.highWarning, 'above')}`;
    case 'ups':
      return `low warning ${minutes(m.lowWarning)}, low critical ${minutes(m.lowCritical)} (battery time left)`;
    default:
      return `no thresholds defined for this type (bytes ${e.hex.replace(/(..)(?!$)/g, '$1 ')})`;
  }
}

/** The Threshold In page, one line per element (`[ti,ii]` as sg_ses --join names them). */
export function thresholdText(t: SesThresholdIn): string {
  const head = `Threshold In page: generation code ${t.generationCode}${t.generationMatches ? '' : " (not the configuration's: the enclosure changed, read again)"}, INVOP ${t.invop ? 1 : 0}${t.truncated ? ', truncated' : ''}`;
  return [head, ...t.elements.map((e) => `  ${`[${e.typeIndex},${e.index}]`.padEnd(8)} ${e.elementTypeName}: ${thresholdValues(e.meaning, e)}`)].join('\n');
}

/** The String In page: its vendor specific bytes as a hex dump with ASCII. */
export function stringInText(s: SesStringIn): string {
  const head = `String In page (primary subenclosure): ${s.length} vendor specific bytes${s.truncated ? ' (truncated)' : ''}`;
  return s.length === 0 ? `${head}\n  <empty>` : `${head}\n${hexDump(parseHex(s.hex))}`;
}
