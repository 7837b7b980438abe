/**
 * Registration list of the data and control subcommands (dd, sync, verify,
 * compare-and-write, start, stop, write-same, unmap, zones, zone, stpg, the
 * guarded format, write-buffer and reset, selftest), `target` (serving a disk) and
 * `nbd` (exporting one).
 */
import type { Subcommand } from './subcommand.js';
import { registerStpg as stpg } from './alua.js';
import { register as compareAndWrite } from './compare-and-write.js';
import { register as dd } from './dd.js';
import { registerFormat, registerReset, registerSanitize, registerWriteBuffer } from './destructive-commands.js';
import { register as nbd } from './nbd.js';
import { registerStart as start, registerStop as stop } from './start-stop.js';
import { register as selftest } from './selftest.js';
import { register as sync } from './sync.js';
import { register as target } from './target.js';
import { register as unmap } from './unmap.js';
import { register as verify } from './verify.js';
import { register as writeSame } from './write-same.js';
import { registerZone, registerZones } from './zones.js';

/** The subcommands (names and registration), in help order. */
export const ioCommands: readonly Subcommand[] = [
  { names: ['dd'], register: dd },
  { names: ['sync'], register: sync },
  { names: ['verify'], register: verify },
  { names: ['compare-and-write'], register: compareAndWrite },
  { names: ['start'], register: start },
  { names: ['stop'], register: stop },
  { names: ['write-same'], register: writeSame },
  { names: ['unmap'], register: unmap },
  { names: ['zones'], register: registerZones },
  { names: ['zone'], register: registerZone },
  { names: ['stpg'], register: stpg },
  { names: ['format'], register: registerFormat },
  { names: ['sanitize'], register: registerSanitize },
  { names: ['write-buffer'], register: registerWriteBuffer },
  { names: ['reset'], register: registerReset },
  { names: ['selftest'], register: selftest },
  { names: ['target'], register: target },
  { names: ['nbd'], register: nbd },
];
