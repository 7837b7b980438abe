/** Building the apps' commands: one CommonJS bundle and a loader with V8's code cache. */
export { bundleApp, LOADER_FILE, PROGRAM_FILE, type BundleOptions, type BundleResult } from './bundle-app.js';
export { CACHE_ENV, CACHE_SUFFIX, DEBUG_SECTION, NODE_DISABLE_ENV, cacheDirectory, cacheFileName, isSupersededCache, isTrusted, type OwnerAndMode } from './loader/compile-cache.js';
