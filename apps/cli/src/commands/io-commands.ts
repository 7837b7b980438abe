/**
 * Registration list of the data and control subcommands (dd, sync, verify,
 * start, stop, write-same, unmap).
 */
import type { Command } from 'commander';
import { register as dd } from './dd.js';

/** Register functions, in help order. */
export const ioCommands: ((program: Command) => void)[] = [dd];
