/**
 * Which elements of a Configuration page a selector names: one type header
 * (by its index, or by element type and which header of that type) and an
 * individual index, a range of them, or the overall element (-1). sg_ses'
 * `--index` forms (`3`, `1,0-2`, `ps`, `arr,3-5`, `_2_1`) all come down to
 * one of these; resolving them needs the configuration's type headers.
 */
import { sesElementPositions, type SesConfiguration, type SesElementPosition } from './configuration.js';
import { sesElementTypeAcronym } from './element-type-acronyms.js';
import { sesElementTypeName } from './element-types.js';

/** A type header by its position among the Configuration page's headers (sg_ses' TI). */
export interface SesTypeByIndex {
  /** Type descriptor header index, 0-based. */
  readonly typeIndex: number;
}

/** A type header by its element type: the `instance`-th header (0-based) whose ELEMENT TYPE is `elementType`. */
export interface SesTypeByElementType {
  /** ELEMENT TYPE code. */
  readonly elementType: number;
  /** Which header of that type, 0 the first (sg_ses' `ps1`, `_2_1`: 1). Default 0. */
  readonly instance?: number;
}

/** Elements of one type header: the overall element (`first` -1) or individual indexes `first`..`last`. */
export interface SesElementSelector {
  /** The type header. */
  readonly type: SesTypeByIndex | SesTypeByElementType;
  /** First individual index; -1 is the overall element (then `last` must be absent or -1). */
  readonly first: number;
  /** Last individual index of a range, inclusive; absent for one element. Indexes past the header's elements are ignored, as sg_ses does. */
  readonly last?: number;
}

/** A selector that names no element of the configuration: an element type it lacks, a type header index past its headers, or a range past the type's elements. */
export class SesElementSelectionError extends RangeError {
  /** Stable error code. */
  readonly code = 'ESES_NO_ELEMENT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SesElementSelectionError';
  }
}

/** The type headers of a configuration as a hint: `0: Array device slot [arr] (-1..11)`. */
export function describeSesTypeHeaders(config: SesConfiguration): string {
  return config.typeDescriptors
    .map((t) => {
      const acronym = sesElementTypeAcronym(t.elementType);
      return `${t.typeIndex}: ${t.elementTypeName}${acronym ? ` [${acronym}]` : ''} (-1..${t.possibleElements - 1})`;
    })
    .join(', ');
}

/** The type header index a selector's type names. @throws {@link SesElementSelectionError} when the configuration has no such header. */
export function resolveSesTypeIndex(config: SesConfiguration, type: SesTypeByIndex | SesTypeByElementType): number {
  if ('typeIndex' in type) {
    if (type.typeIndex < 0 || type.typeIndex >= config.typeDescriptors.length) {
      throw new SesElementSelectionError(`no type header ${type.typeIndex} in this enclosure; its type headers are ${describeSesTypeHeaders(config)}`);
    }
    return type.typeIndex;
  }
  const instance = type.instance ?? 0;
  const headers = config.typeDescriptors.filter((t) => t.elementType === type.elementType);
  const header = headers[instance];
  if (header === undefined) {
    const acronym = sesElementTypeAcronym(type.elementType);
    const which = `${instance === 0 ? '' : `${ordinal(instance + 1)} `}${sesElementTypeName(type.elementType)}${acronym ? ` (${acronym})` : ''} type header`;
    throw new SesElementSelectionError(`this enclosure has no ${which} (it has ${headers.length} of that type); its type headers are ${describeSesTypeHeaders(config)}`);
  }
  return header.typeIndex;
}

function ordinal(n: number): string {
  const tail = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${tail}`;
}

/**
 * The elements a selector names, in configuration order.
 * @throws {@link SesElementSelectionError} when it names none: a type header
 * the configuration lacks, or individual indexes all past the type's elements
 * (sg_ses prints "no match" then); RangeError for a malformed selector.
 */
export function selectSesElements(config: SesConfiguration, selector: SesElementSelector): SesElementPosition[] {
  const { first } = selector;
  const last = selector.last ?? first;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < -1 || last < first || (first === -1 && last !== -1)) {
    throw new RangeError(`element selector ${first}..${last}: give -1 (the overall element) or individual indexes first <= last, both >= 0`);
  }
  const typeIndex = resolveSesTypeIndex(config, selector.type);
  const chosen = sesElementPositions(config).filter((p) => p.typeIndex === typeIndex && p.index >= first && p.index <= last);
  if (chosen.length === 0) {
    const t = config.typeDescriptors[typeIndex]!;
    throw new SesElementSelectionError(
      `type header ${typeIndex} (${t.elementTypeName}) has no element ${first === last ? first : `${first}-${last}`}: its individual indexes are ${t.possibleElements === 0 ? 'none' : `0..${t.possibleElements - 1}`}, -1 is its overall element`,
    );
  }
  return chosen;
}
