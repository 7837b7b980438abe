/** Code values shared by PERSISTENT RESERVE IN and OUT (SPC-6). */

/** PERSISTENT RESERVE IN service actions. */
export const PR_IN_SERVICE_ACTION = {
  /** READ KEYS: the registered reservation keys. */
  readKeys: 0x00,
  /** READ RESERVATION: the current reservation. */
  readReservation: 0x01,
  /** REPORT CAPABILITIES. */
  reportCapabilities: 0x02,
  /** READ FULL STATUS: every registration and reservation. */
  readFullStatus: 0x03,
} as const;

/** PERSISTENT RESERVE OUT service actions. */
export const PR_OUT_SERVICE_ACTION = {
  /** REGISTER a reservation key. */
  register: 0x00,
  /** RESERVE. */
  reserve: 0x01,
  /** RELEASE. */
  release: 0x02,
  /** CLEAR every registration and reservation. */
  clear: 0x03,
  /** PREEMPT. */
  preempt: 0x04,
  /** PREEMPT AND ABORT. */
  preemptAndAbort: 0x05,
  /** REGISTER AND IGNORE EXISTING KEY. */
  registerAndIgnoreExistingKey: 0x06,
  /** REGISTER AND MOVE. */
  registerAndMove: 0x07,
  /** REPLACE LOST RESERVATION. */
  replaceLostReservation: 0x08,
} as const;

/** Persistent reservation TYPE codes. */
export const PR_TYPE = {
  /** Write Exclusive. */
  writeExclusive: 0x1,
  /** Exclusive Access. */
  exclusiveAccess: 0x3,
  /** Write Exclusive – Registrants Only. */
  writeExclusiveRegistrantsOnly: 0x5,
  /** Exclusive Access – Registrants Only. */
  exclusiveAccessRegistrantsOnly: 0x6,
  /** Write Exclusive – All Registrants. */
  writeExclusiveAllRegistrants: 0x7,
  /** Exclusive Access – All Registrants. */
  exclusiveAccessAllRegistrants: 0x8,
} as const;
