/**
 * Errors thrown when encoding a command or page from fields: they name the
 * command (or page) and the field, and say what would be accepted.
 */

/** A field value outside the range its width allows (or a reserved field set). */
export class FieldRangeError extends RangeError {
  /** Stable error code. */
  readonly code = 'EFIELD_RANGE';
  constructor(
    /** Command or page name. */
    readonly layout: string,
    /** Field name. */
    readonly field: string,
    message: string,
  ) {
    super(`${layout}: field '${field}' ${message}`);
    this.name = 'FieldRangeError';
  }
}

/** A field value of the wrong type, or a field name the layout does not have. */
export class FieldTypeError extends TypeError {
  /** Stable error code: `EFIELD_TYPE` for a wrong type, `EFIELD_UNKNOWN` for an unknown name. */
  readonly code: 'EFIELD_TYPE' | 'EFIELD_UNKNOWN';
  constructor(
    /** Command or page name. */
    readonly layout: string,
    /** Field name. */
    readonly field: string,
    message: string,
    code: 'EFIELD_TYPE' | 'EFIELD_UNKNOWN' = 'EFIELD_TYPE',
  ) {
    super(`${layout}: field '${field}' ${message}`);
    this.name = 'FieldTypeError';
    this.code = code;
  }
}
