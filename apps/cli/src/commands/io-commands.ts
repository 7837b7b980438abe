/**
 * Registration list of the data and control subcommands (dd, sync, verify,
 * compare-and-write, start, stop, write-same, unmap, zones, zone, stpg, the
 * guarded format, write-buffer and reset, selftest), `target` (serving a disk) and
 * `nbd` (exporting one).
 */
import type { Subcommand } from './subcommand.js';

/** The subcommands (names and the loaders of their registration), in help order. */
export const ioCommands: readonly Subcommand[] = [
  { names: ['dd'], load: () => import('./dd.js').then((m) => m.register) },
  { names: ['sync'], load: () => import('./sync.js').then((m) => m.register) },
  { names: ['verify'], load: () => import('./verify.js').then((m) => m.register) },
  { names: ['compare-and-write'], load: () => import('./compare-and-write.js').then((m) => m.register) },
  { names: ['start'], load: () => import('./start-stop.js').then((m) => m.registerStart) },
  { names: ['stop'], load: () => import('./start-stop.js').then((m) => m.registerStop) },
  { names: ['write-same'], load: () => import('./write-same.js').then((m) => m.register) },
  { names: ['unmap'], load: () => import('./unmap.js').then((m) => m.register) },
  { names: ['zones'], load: () => import('./zones.js').then((m) => m.registerZones) },
  { names: ['zone'], load: () => import('./zones.js').then((m) => m.registerZone) },
  { names: ['stpg'], load: () => import('./alua.js').then((m) => m.registerStpg) },
  { names: ['format'], load: () => import('./destructive-commands.js').then((m) => m.registerFormat) },
  { names: ['sanitize'], load: () => import('./destructive-commands.js').then((m) => m.registerSanitize) },
  { names: ['write-buffer'], load: () => import('./destructive-commands.js').then((m) => m.registerWriteBuffer) },
  { names: ['reset'], load: () => import('./destructive-commands.js').then((m) => m.registerReset) },
  { names: ['selftest'], load: () => import('./selftest.js').then((m) => m.register) },
  { names: ['target'], load: () => import('./target.js').then((m) => m.register) },
  { names: ['nbd'], load: () => import('./nbd.js').then((m) => m.register) },
];
