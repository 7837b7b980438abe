/** The error of a configuration that cannot be used. */

/** Thrown for a bad flag, environment variable, file entry or token. */
export class ConfigError extends Error {
  /** Stable error code. */
  readonly code = 'ERR_SGIOD_CONFIG';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
