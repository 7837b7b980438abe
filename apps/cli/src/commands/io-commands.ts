/**
 * Registration list of the data and control subcommands (dd, sync, verify,
 * start, stop, write-same, unmap).
 */
import type { Command } from 'commander';
import { register as dd } from './dd.js';
import { register as nbd } from './nbd.js';
import { registerStart as start, registerStop as stop } from './start-stop.js';
import { register as sync } from './sync.js';
import { register as unmap } from './unmap.js';
import { register as verify } from './verify.js';
import { register as writeSame } from './write-same.js';

/** Register functions, in help order. */
export const ioCommands: ((program: Command) => void)[] = [dd, sync, verify, start, stop, writeSame, unmap, nbd];
