/**
 * The element type acronyms sg_ses accepts in `--index` (`arr`, `ps`, `ts`,
 * ...; `sg_ses --enumerate` lists them), one per SES-4 element type code
 * 00h..19h. A fact shared by every tool that names element types the
 * sg3_utils way; element-types.ts holds the codes and the long names.
 */

/** Acronym of each element type code 00h..19h, in code order (sg_ses 1.46's table). */
const ACRONYMS: readonly string[] = [
  'un',
  'dev',
  'ps',
  'coo',
  'ts',
  'do',
  'aa',
  'esc',
  'sce',
  'nc',
  'ior',
  'ups',
  'dis',
  'kpe',
  'enc',
  'sp',
  'lan',
  'cp',
  'vs',
  'cs',
  'stp',
  'sip',
  'ss',
  'arr',
  'sse',
  'ssc',
];

/** Every acronym with its element type code, in code order. */
export const SES_ELEMENT_TYPE_ACRONYMS: readonly { readonly acronym: string; readonly elementType: number }[] = ACRONYMS.map((acronym, elementType) => ({ acronym, elementType }));

/** The element type code of an acronym (`arr` → 0x17), or undefined when it is not one (acronyms are lower case, as sg_ses matches them). */
export function sesElementTypeByAcronym(acronym: string): number | undefined {
  const code = ACRONYMS.indexOf(acronym);
  return code < 0 ? undefined : code;
}

/** The acronym of an element type code (0x02 → `ps`), or undefined for a code without one (reserved and vendor specific types). */
export function sesElementTypeAcronym(elementType: number): string | undefined {
  return ACRONYMS[elementType];
}
