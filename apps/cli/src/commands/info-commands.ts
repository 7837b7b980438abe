/**
 * Registration list of the inquiry-style subcommands (list, inq, vpd,
 * readcap, turs, requests, luns, modes, logs, health, opcodes, rtpg, persist, ses,
 * sat-identify, raw, decode-sense,
 * decode-cdb, cmd).
 */
import type { Subcommand } from './subcommand.js';

/** The subcommands (names and the loaders of their registration), in help order. */
export const infoCommands: readonly Subcommand[] = [
  { names: ['list', 'ls'], load: () => import('./list.js').then((m) => m.register) },
  { names: ['inq', 'inquiry'], load: () => import('./inq.js').then((m) => m.register) },
  { names: ['vpd'], load: () => import('./vpd.js').then((m) => m.register) },
  { names: ['readcap'], load: () => import('./readcap.js').then((m) => m.register) },
  { names: ['turs', 'tur'], load: () => import('./turs.js').then((m) => m.register) },
  { names: ['requests'], load: () => import('./requests.js').then((m) => m.register) },
  { names: ['luns'], load: () => import('./luns.js').then((m) => m.register) },
  { names: ['modes'], load: () => import('./modes.js').then((m) => m.register) },
  { names: ['logs'], load: () => import('./logs.js').then((m) => m.register) },
  { names: ['health'], load: () => import('./health.js').then((m) => m.register) },
  { names: ['opcodes'], load: () => import('./opcodes.js').then((m) => m.register) },
  { names: ['rtpg'], load: () => import('./alua.js').then((m) => m.registerRtpg) },
  { names: ['persist'], load: () => import('./persist.js').then((m) => m.register) },
  { names: ['ses'], load: () => import('./ses.js').then((m) => m.registerSes) },
  { names: ['sat-identify'], load: () => import('./ses.js').then((m) => m.registerSatIdentify) },
  { names: ['raw'], load: () => import('./raw.js').then((m) => m.register) },
  { names: ['decode-sense'], load: () => import('./decode-sense.js').then((m) => m.register) },
  { names: ['decode-cdb'], load: () => import('./decode-cdb.js').then((m) => m.register) },
  { names: ['cmd'], load: () => import('./cmd.js').then((m) => m.register) },
];
