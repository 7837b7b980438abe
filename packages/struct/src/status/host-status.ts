/**
 * Linux SCSI mid-layer host byte values (`sg_io_hdr.host_status`, DID_*).
 *
 * @packageDocumentation
 */

/** The Linux DID_* host status codes, with their numeric values. */
export const HostStatus = {
  /** No error. */
  DID_OK: 0x00,
  /** Could not connect before timeout. */
  DID_NO_CONNECT: 0x01,
  /** Bus stayed busy through the timeout period. */
  DID_BUS_BUSY: 0x02,
  /** Timed out for another reason. */
  DID_TIME_OUT: 0x03,
  /** Bad target. */
  DID_BAD_TARGET: 0x04,
  /** Told to abort for another reason. */
  DID_ABORT: 0x05,
  /** Parity error. */
  DID_PARITY: 0x06,
  /** Internal error. */
  DID_ERROR: 0x07,
  /** Reset by somebody. */
  DID_RESET: 0x08,
  /** Got an interrupt we weren't expecting. */
  DID_BAD_INTR: 0x09,
  /** Forced command past mid-layer. */
  DID_PASSTHROUGH: 0x0a,
  /** The low-level driver wants a retry. */
  DID_SOFT_ERROR: 0x0b,
  /** Retry without decrementing the retry count. */
  DID_IMM_RETRY: 0x0c,
  /** Requeue the command without decrementing the retry count. */
  DID_REQUEUE: 0x0d,
  /** Transport disrupted; the driver blocked the port and will retry later. */
  DID_TRANSPORT_DISRUPTED: 0x0e,
  /** Transport class fast-failed the I/O. */
  DID_TRANSPORT_FAILFAST: 0x0f,
  /** Permanent target failure; do not retry on other paths (Linux < 5.16 name). */
  DID_TARGET_FAILURE: 0x10,
  /** Permanent nexus failure; retrying on other paths may work (Linux < 5.16 name). */
  DID_NEXUS_FAILURE: 0x11,
  /** Space allocation on the device failed. */
  DID_ALLOC_FAILURE: 0x12,
  /** Medium error. */
  DID_MEDIUM_ERROR: 0x13,
  /** Transport marginal errors. */
  DID_TRANSPORT_MARGINAL: 0x14,
} as const;

/** A DID_* name. */
export type HostStatusName = keyof typeof HostStatus;
/** A named host status value. */
export type HostStatusValue = (typeof HostStatus)[HostStatusName];

const HOST_NAMES: readonly HostStatusName[] = Object.keys(HostStatus) as HostStatusName[];

/**
 * The DID_* name of a host status, e.g. `hostStatusName(3)` is
 * `"DID_TIME_OUT"`; unknown values give `"DID_0x.."`.
 */
export function hostStatusName(hostStatus: number): string {
  return HOST_NAMES[hostStatus] ?? `DID_0x${hostStatus.toString(16).padStart(2, '0')}`;
}
