/**
 * `sgio ses --index`: sg_ses' element index forms, parsed into struct's
 * `SesElementSelector` (resolved against the configuration once it is read).
 *
 * | form | selects |
 * |---|---|
 * | `II`, `II-JJ` | individual index II (or II..JJ) of type header 0 |
 * | `-1` | the overall element of type header 0 |
 * | `TI,II`, `TI,II-JJ`, `TI,-1` | of type header TI |
 * | `ET`, `ETn` | the overall element of the first (n-th, 0-based) type header of element type ET (`arr`, `ps`, `ts`, ...) |
 * | `ET,II`, `ET,II-JJ`, `ET,-1` | individual indexes or the overall element of that type header |
 * | `_C`, `_C_n`, `_C,II`, ... | as ET, by element type code C (decimal, 0x hex or h suffix; vendor types 80h..FFh) |
 *
 * Numbers take sg3_utils' forms (decimal, `0x` hex, trailing `h`).
 */
import { SES_ELEMENT_TYPE_ACRONYMS, sesElementTypeByAcronym, type SesElementSelector } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { parseNumber } from '../common/parse-number.js';

const FORMS = 'II, II-JJ, -1, TI,II, TI,II-JJ, TI,-1, ET, ET,II, ET,II-JJ, ET,-1 or _CODE[_N][,II]';

function bad(text: string, why: string): CliError {
  return new CliError(`--index ${text}: ${why}; give ${FORMS} (sgio ses --help explains them)`);
}

function number(text: string, whole: string, what: string): number {
  try {
    return parseNumber(text, what, 0xff);
  } catch {
    throw bad(whole, `${what} '${text}' is not a number from 0 to 255`);
  }
}

/** `II`, `II-JJ` or `-1` after the comma (or alone): first and last individual index. */
function individual(text: string, whole: string): { first: number; last?: number } {
  if (text === '-1') return { first: -1 };
  const dash = text.indexOf('-');
  if (dash <= 0) return { first: number(text, whole, 'individual index') };
  const first = number(text.slice(0, dash), whole, 'individual index');
  const last = number(text.slice(dash + 1), whole, 'last individual index');
  if (last < first) throw bad(whole, `the range ${first}-${last} runs backwards`);
  return last === first ? { first } : { first, last };
}

/** The type part of `TIA,...` or a lone `ET` / `_C`: a type header index, an acronym with an optional instance, or `_C[_N]`. */
function typePart(text: string, whole: string): SesElementSelector['type'] {
  if (/^\d/.test(text)) return { typeIndex: number(text, whole, 'type header index') };
  if (text.startsWith('_')) {
    const [code, instance, extra] = text.slice(1).split('_');
    if (code === undefined || code === '' || extra !== undefined) throw bad(whole, `'${text}' is not _CODE or _CODE_N`);
    const elementType = number(code, whole, 'element type code');
    return instance === undefined ? { elementType } : { elementType, instance: number(instance, whole, 'type header instance') };
  }
  const m = /^([a-z]+)(\d+)?$/i.exec(text);
  const elementType = m ? sesElementTypeByAcronym(m[1]!.toLowerCase()) : undefined;
  if (m === null || elementType === undefined) {
    throw bad(whole, `'${text}' is not an element type acronym (${SES_ELEMENT_TYPE_ACRONYMS.map((a) => a.acronym).join(', ')}; sg_ses --enumerate lists them)`);
  }
  return m[2] === undefined ? { elementType } : { elementType, instance: number(m[2], whole, 'type header instance') };
}

/**
 * Parses an `--index` value into a selector.
 * @throws {@link CliError} (exit status 1) naming the accepted forms.
 */
export function parseSesIndex(text: string): SesElementSelector {
  const t = text.trim();
  if (t === '') throw bad(text, 'it is empty');
  const comma = t.indexOf(',');
  if (comma < 0) {
    // a lone number (or range) is an individual index of type header 0; a lone type is its overall element
    if (t === '-1' || /^\d/.test(t)) return { type: { typeIndex: 0 }, ...individual(t, text) };
    return { type: typePart(t, text), first: -1 };
  }
  const head = t.slice(0, comma);
  const tail = t.slice(comma + 1);
  if (head === '-1') throw bad(text, "-1 is an individual index (the overall element), not a type header index");
  if (head === '' || tail === '' || tail.includes(',')) throw bad(text, 'one comma between a type and an individual index');
  return { type: typePart(head, text), ...individual(tail, text) };
}
