/**
 * One command through SG_IO with a v4 header on the calling thread: what
 * the bsg transport's and the io_uring transport's `submitSync` share.
 */
import { ioctlPointer } from '@sgio/libc';
import { SG_IO } from '@sgio/struct';
import { buildResult } from '../../execute/build-result.js';
import type { PreparedCommand } from '../../execute/prepare.js';
import type { CommandResult } from '../../execute/result.js';
import type { V4Slot } from './v4-slot.js';

/** Runs `command` through SG_IO on `fd` with `slot`'s header; throws the ioctl's SystemError as it came. */
export function runV4Sync(fd: number, slot: V4Slot, command: PreparedCommand): CommandResult {
  const header = slot.encode(command);
  try {
    ioctlPointer(fd, SG_IO, header);
    return buildResult(command, slot.complete(), slot.sense, undefined, undefined, undefined);
  } finally {
    slot.command = undefined;
  }
}
