/**
 * What a connection serves: the part of {@link ScsiExport} that NBD uses.
 * `NbdServer.serve` takes any object of this shape (tests serve memory).
 */
import type { ScsiExport } from './scsi-export.js';

/** An export as the NBD server uses it: name, facts, flags and the byte-addressed operations; `close` when the server stops. */
export type NbdExport = Pick<ScsiExport, 'name' | 'description' | 'writable' | 'facts' | 'transmissionFlags' | 'read' | 'write' | 'flush' | 'trim' | 'writeZeroes' | 'blockStatus' | 'close'>;
