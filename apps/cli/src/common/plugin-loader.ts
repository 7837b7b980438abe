/**
 * Core's pack loader, alone in its module: `plugins.ts` imports this module
 * when a plugin is asked for, so the bundle keeps core's pack loader and
 * what it needs, not every export of core (a dynamic import of the package
 * itself keeps them all, 130 KB, and initializes them at start).
 */
export { loadCommandPack, PackLoadError } from '@sgio/core';
