/**
 * Registration list of the inquiry-style subcommands (list, inq, vpd,
 * readcap, turs, requests, luns, modes, logs, health, opcodes, rtpg, persist, ses,
 * sat-identify, raw, decode-sense,
 * decode-cdb, cmd).
 */
import type { Subcommand } from './subcommand.js';

/** The subcommands (names and the loaders of their registration), in help order. */
export const infoCommands: readonly Subcommand[] = [
  { names: ['list', 'ls'], load: (globalThis.SGIO_SPLIT ?? 'list') === 'list' ? () => import('./list.js').then((m) => m.register) : undefined },
  { names: ['inq', 'inquiry'], load: (globalThis.SGIO_SPLIT ?? 'inq') === 'inq' ? () => import('./inq.js').then((m) => m.register) : undefined },
  { names: ['vpd'], load: (globalThis.SGIO_SPLIT ?? 'vpd') === 'vpd' ? () => import('./vpd.js').then((m) => m.register) : undefined },
  { names: ['readcap'], load: (globalThis.SGIO_SPLIT ?? 'readcap') === 'readcap' ? () => import('./readcap.js').then((m) => m.register) : undefined },
  { names: ['turs', 'tur'], load: (globalThis.SGIO_SPLIT ?? 'turs') === 'turs' ? () => import('./turs.js').then((m) => m.register) : undefined },
  { names: ['requests'], load: (globalThis.SGIO_SPLIT ?? 'requests') === 'requests' ? () => import('./requests.js').then((m) => m.register) : undefined },
  { names: ['luns'], load: (globalThis.SGIO_SPLIT ?? 'luns') === 'luns' ? () => import('./luns.js').then((m) => m.register) : undefined },
  { names: ['modes'], load: (globalThis.SGIO_SPLIT ?? 'modes') === 'modes' ? () => import('./modes.js').then((m) => m.register) : undefined },
  { names: ['logs'], load: (globalThis.SGIO_SPLIT ?? 'logs') === 'logs' ? () => import('./logs.js').then((m) => m.register) : undefined },
  { names: ['health'], load: (globalThis.SGIO_SPLIT ?? 'health') === 'health' ? () => import('./health.js').then((m) => m.register) : undefined },
  { names: ['opcodes'], load: (globalThis.SGIO_SPLIT ?? 'opcodes') === 'opcodes' ? () => import('./opcodes.js').then((m) => m.register) : undefined },
  { names: ['rtpg'], load: (globalThis.SGIO_SPLIT ?? 'rtpg') === 'rtpg' ? () => import('./alua.js').then((m) => m.registerRtpg) : undefined },
  { names: ['persist'], load: (globalThis.SGIO_SPLIT ?? 'persist') === 'persist' ? () => import('./persist.js').then((m) => m.register) : undefined },
  { names: ['ses'], load: (globalThis.SGIO_SPLIT ?? 'ses') === 'ses' ? () => import('./ses.js').then((m) => m.registerSes) : undefined },
  { names: ['sat-identify'], load: (globalThis.SGIO_SPLIT ?? 'sat-identify') === 'sat-identify' ? () => import('./ses.js').then((m) => m.registerSatIdentify) : undefined },
  { names: ['raw'], load: (globalThis.SGIO_SPLIT ?? 'raw') === 'raw' ? () => import('./raw.js').then((m) => m.register) : undefined },
  { names: ['decode-sense'], load: (globalThis.SGIO_SPLIT ?? 'decode-sense') === 'decode-sense' ? () => import('./decode-sense.js').then((m) => m.register) : undefined },
  { names: ['decode-cdb'], load: (globalThis.SGIO_SPLIT ?? 'decode-cdb') === 'decode-cdb' ? () => import('./decode-cdb.js').then((m) => m.register) : undefined },
  { names: ['cmd'], load: (globalThis.SGIO_SPLIT ?? 'cmd') === 'cmd' ? () => import('./cmd.js').then((m) => m.register) : undefined },
];
