/** The peripheral device type SSC commands are limited to. */

/** Sequential-access device (tape), INQUIRY peripheral device type 0x01. */
export const SEQUENTIAL_ACCESS_DEVICE = 0x01;
