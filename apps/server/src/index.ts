/**
 * @sgio/server — sgiod, an HTTP API over the SCSI devices of a Linux
 * machine: discovery, pages, streamed block IO, registry and raw commands,
 * with bearer-token scopes, a device allowlist, Prometheus metrics and
 * RFC 9457 errors.
 *
 * @packageDocumentation
 */
export { buildApp, API_VERSION, type AppOptions } from './app.js';
export { startServer, type RunningServer } from './server.js';
export { DEFAULT_CONFIG, SCOPES, type ServerConfig, type Scope, type TokenEntry } from './config/config.js';
export { loadConfig, resolveConfig, validateConfig, type ConfigSources, type LoadedConfig } from './config/load.js';
export { ConfigError } from './config/errors.js';
export { parseTokenText } from './auth/token-text.js';
export { TokenStore, type Principal } from './auth/token-store.js';
export { Allowlist, type AllowlistResolver, type AllowEntry } from './devices/allowlist.js';
export type { DeviceAccess, DeviceCapacity, CommandRequest, CommandReply } from './devices/access.js';
export { SgDeviceAccess, type SgDeviceAccessOptions } from './devices/sg-access.js';
export { ServerMetrics, type CommandOutcome, type CommandObserver } from './metrics/metrics.js';
export { toProblem, PROBLEM_BASE, PROBLEM_CONTENT_TYPE, type Problem } from './errors/problem.js';
export { ProblemError } from './errors/problem-error.js';
