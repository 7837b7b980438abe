/**
 * What the guest's kernel is known to do wrong, for the tests to steer
 * around, each with the evidence. Decided from the running kernel's
 * release: the lab boots Debian 12's Linux 6.1, or Linux 7.2 (the lab's own
 * kernel where Debian's cannot run, and `--kernel unstable`).
 */
import { release } from 'node:os';

/** The major version of the running kernel (in the guest: the guest's). */
export function kernelMajor(kernelRelease = release()): number {
  return Number.parseInt(kernelRelease, 10);
}

/**
 * True when a FORMAT UNIT sent to a scsi_debug disk panics the kernel:
 * Linux 7.2.7's scsi_debug (a NULL pointer in `resp_format_medium`, its tape
 * FORMAT MEDIUM handler, which shares the opcode; `sg_format --format
 * --quick /dev/sg0` does it as well, and REPORT SUPPORTED OPERATION CODES
 * says FORMAT UNIT is not supported). 6.1's scsi_debug answers INVALID
 * COMMAND OPERATION CODE. Send FORMAT UNIT to another target there (sgio's
 * TCMU disk, LIO).
 */
export function scsiDebugPanicsOnFormatUnit(kernelRelease = release()): boolean {
  return kernelMajor(kernelRelease) >= 7;
}
