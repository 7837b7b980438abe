/**
 * Registration list of the inquiry-style subcommands (list, inq, vpd,
 * readcap, turs, requests, luns, modes, logs, health, opcodes, rtpg, persist, ses,
 * sat-identify, raw, decode-sense,
 * decode-cdb, cmd).
 */
import type { Subcommand } from './subcommand.js';
import { registerRtpg as rtpg } from './alua.js';
import { register as cmd } from './cmd.js';
import { register as decodeCdb } from './decode-cdb.js';
import { register as decodeSense } from './decode-sense.js';
import { register as health } from './health.js';
import { register as inq } from './inq.js';
import { register as list } from './list.js';
import { register as logs } from './logs.js';
import { register as luns } from './luns.js';
import { register as modes } from './modes.js';
import { register as opcodes } from './opcodes.js';
import { register as persist } from './persist.js';
import { register as raw } from './raw.js';
import { register as readcap } from './readcap.js';
import { register as requests } from './requests.js';
import { registerSatIdentify as satIdentify, registerSes as ses } from './ses.js';
import { register as turs } from './turs.js';
import { register as vpd } from './vpd.js';

/** The subcommands (names and registration), in help order. */
export const infoCommands: readonly Subcommand[] = [
  { names: ['list', 'ls'], register: list },
  { names: ['inq', 'inquiry'], register: inq },
  { names: ['vpd'], register: vpd },
  { names: ['readcap'], register: readcap },
  { names: ['turs', 'tur'], register: turs },
  { names: ['requests'], register: requests },
  { names: ['luns'], register: luns },
  { names: ['modes'], register: modes },
  { names: ['logs'], register: logs },
  { names: ['health'], register: health },
  { names: ['opcodes'], register: opcodes },
  { names: ['rtpg'], register: rtpg },
  { names: ['persist'], register: persist },
  { names: ['ses'], register: ses },
  { names: ['sat-identify'], register: satIdentify },
  { names: ['raw'], register: raw },
  { names: ['decode-sense'], register: decodeSense },
  { names: ['decode-cdb'], register: decodeCdb },
  { names: ['cmd'], register: cmd },
];
