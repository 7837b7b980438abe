/** Names of persistent reservation TYPE and SCOPE codes (SPC-6 6.16.3.4), as sg_persist prints them. */

/** A persistent reservation type's name (`Write Exclusive`, ...); `obsolete [N]` / `reserved [N]` for others. */
export function prTypeName(type: number): string {
  switch (type) {
    case 0x1:
      return 'Write Exclusive';
    case 0x3:
      return 'Exclusive Access';
    case 0x5:
      return 'Write Exclusive, registrants only';
    case 0x6:
      return 'Exclusive Access, registrants only';
    case 0x7:
      return 'Write Exclusive, all registrants';
    case 0x8:
      return 'Exclusive Access, all registrants';
    case 0x0:
    case 0x2:
    case 0x4:
      return `obsolete [${type}]`;
    default:
      return `reserved [${type}]`;
  }
}

/** A SCOPE code's name: `LU_SCOPE` for 0 (the only one SPC-6 keeps), else `obsolete`/`reserved`. */
export function prScopeName(scope: number): string {
  if (scope === 0) return 'LU_SCOPE';
  return scope <= 2 ? `obsolete [${scope}]` : `reserved [${scope}]`;
}
