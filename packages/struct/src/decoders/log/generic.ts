/** Any log page without a dedicated decoder: header and generic parameter list. */
import { readLogPageFrame, type LogPageHeader } from './header.js';
import { readLogParameters, type LogParameter } from './parameters.js';

/** A log page decoded as a generic parameter list. */
export interface GenericLogPage extends LogPageHeader {
  /** Marks the generic result. */
  readonly generic: true;
  /** The log parameters. */
  readonly parameters: LogParameter[];
}

/**
 * Decodes any log page as a generic parameter list.
 * @throws {@link DecodeError} on fewer than 4 bytes or a parameter running past the declared page length.
 */
export function decodeGenericLogPage(bytes: Uint8Array): GenericLogPage {
  const frame = readLogPageFrame(bytes, 'log page');
  const list = readLogParameters(frame, 'log page');
  return { ...frame.header, generic: true, parameters: list.entries.map((e) => e.parameter) };
}
