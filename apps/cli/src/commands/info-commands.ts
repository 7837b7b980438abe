/**
 * Registration list of the inquiry-style subcommands (list, inq, vpd,
 * readcap, turs, requests, luns, modes, logs, opcodes, decode-sense,
 * decode-cdb, cmd, raw).
 */
import type { Command } from 'commander';
import { register as list } from './list.js';

/** Register functions, in help order. */
export const infoCommands: ((program: Command) => void)[] = [list];
