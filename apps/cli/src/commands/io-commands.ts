/**
 * Registration list of the data and control subcommands (dd, sync, verify,
 * compare-and-write, start, stop, write-same, unmap, zones, zone, stpg, the
 * guarded format, write-buffer and reset, selftest), `target` (serving a disk) and
 * `nbd` (exporting one).
 */
import type { Subcommand } from './subcommand.js';

/** The subcommands (names and the loaders of their registration), in help order. */
export const ioCommands: readonly Subcommand[] = [
  { names: ['dd'], load: (globalThis.SGIO_SPLIT ?? 'dd') === 'dd' ? () => import('./dd.js').then((m) => m.register) : undefined },
  { names: ['sync'], load: (globalThis.SGIO_SPLIT ?? 'sync') === 'sync' ? () => import('./sync.js').then((m) => m.register) : undefined },
  { names: ['verify'], load: (globalThis.SGIO_SPLIT ?? 'verify') === 'verify' ? () => import('./verify.js').then((m) => m.register) : undefined },
  { names: ['compare-and-write'], load: (globalThis.SGIO_SPLIT ?? 'compare-and-write') === 'compare-and-write' ? () => import('./compare-and-write.js').then((m) => m.register) : undefined },
  { names: ['start'], load: (globalThis.SGIO_SPLIT ?? 'start') === 'start' ? () => import('./start-stop.js').then((m) => m.registerStart) : undefined },
  { names: ['stop'], load: (globalThis.SGIO_SPLIT ?? 'stop') === 'stop' ? () => import('./start-stop.js').then((m) => m.registerStop) : undefined },
  { names: ['write-same'], load: (globalThis.SGIO_SPLIT ?? 'write-same') === 'write-same' ? () => import('./write-same.js').then((m) => m.register) : undefined },
  { names: ['unmap'], load: (globalThis.SGIO_SPLIT ?? 'unmap') === 'unmap' ? () => import('./unmap.js').then((m) => m.register) : undefined },
  { names: ['zones'], load: (globalThis.SGIO_SPLIT ?? 'zones') === 'zones' ? () => import('./zones.js').then((m) => m.registerZones) : undefined },
  { names: ['zone'], load: (globalThis.SGIO_SPLIT ?? 'zone') === 'zone' ? () => import('./zones.js').then((m) => m.registerZone) : undefined },
  { names: ['stpg'], load: (globalThis.SGIO_SPLIT ?? 'stpg') === 'stpg' ? () => import('./alua.js').then((m) => m.registerStpg) : undefined },
  { names: ['format'], load: (globalThis.SGIO_SPLIT ?? 'format') === 'format' ? () => import('./destructive-commands.js').then((m) => m.registerFormat) : undefined },
  { names: ['sanitize'], load: (globalThis.SGIO_SPLIT ?? 'sanitize') === 'sanitize' ? () => import('./destructive-commands.js').then((m) => m.registerSanitize) : undefined },
  { names: ['write-buffer'], load: (globalThis.SGIO_SPLIT ?? 'write-buffer') === 'write-buffer' ? () => import('./destructive-commands.js').then((m) => m.registerWriteBuffer) : undefined },
  { names: ['reset'], load: (globalThis.SGIO_SPLIT ?? 'reset') === 'reset' ? () => import('./destructive-commands.js').then((m) => m.registerReset) : undefined },
  { names: ['selftest'], load: (globalThis.SGIO_SPLIT ?? 'selftest') === 'selftest' ? () => import('./selftest.js').then((m) => m.register) : undefined },
  { names: ['target'], load: (globalThis.SGIO_SPLIT ?? 'target') === 'target' ? () => import('./target.js').then((m) => m.register) : undefined },
  { names: ['nbd'], load: (globalThis.SGIO_SPLIT ?? 'nbd') === 'nbd' ? () => import('./nbd.js').then((m) => m.register) : undefined },
];
