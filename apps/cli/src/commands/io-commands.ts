/**
 * Registration list of the data and control subcommands (dd, sync, verify,
 * start, stop, write-same, unmap).
 */
import type { Command } from 'commander';

/** Register functions, in help order. */
export const ioCommands: ((program: Command) => void)[] = [];
