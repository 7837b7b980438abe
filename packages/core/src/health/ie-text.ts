/** The text of an informational exception ASC/ASCQ, as smartctl prints it. */
import { lookupAscAscq } from '@sgio/struct';

/** ASC of FAILURE PREDICTION THRESHOLD EXCEEDED and its family (SPC-6). */
export const IE_ASC_FAILURE_PREDICTION = 0x5d;
/** ASC of the WARNING family (SPC-6). */
export const IE_ASC_WARNING = 0x0b;

const hex = (n: number): string => n.toString(16);

/**
 * The upper-case T10 text of an informational exception (ASC 0x5D failure
 * prediction, 0x0B warning), or null for any other ASC: what smartctl puts
 * in `smart_status.scsi.ie_string`. Codes missing from the T10 table read
 * `"FAILURE PREDICTION THRESHOLD EXCEEDED: ascq=0x.."` / `"WARNING: ascq=0x.."`.
 */
export function informationalExceptionText(asc: number, ascq: number): string | null {
  if (asc !== IE_ASC_FAILURE_PREDICTION && asc !== IE_ASC_WARNING) return null;
  const info = lookupAscAscq(asc, ascq);
  if (info.source === 'table') return info.text.toUpperCase();
  return asc === IE_ASC_WARNING ? `WARNING: ascq=0x${hex(ascq)}` : `FAILURE PREDICTION THRESHOLD EXCEEDED: ascq=0x${hex(ascq)}`;
}
