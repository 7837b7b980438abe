/**
 * Settings from the environment: `SGIOD_HOST`, `SGIOD_PORT`, `SGIOD_ALLOW`
 * (comma-separated), `SGIOD_ALLOW_WRITE`, `SGIOD_ALLOW_RAW`, `SGIOD_ALLOW_DESTRUCTIVE`,
 * `SGIOD_TLS_CERT`, `SGIOD_TLS_KEY`, `SGIOD_INSECURE`,
 * `SGIOD_CONCURRENCY`, `SGIOD_MAX_TRANSFER`, `SGIOD_IO_SIZE`,
 * `SGIOD_COMMAND_MAX_TRANSFER`, `SGIOD_REQUEST_TIMEOUT` (ms), `SGIOD_BODY_TIMEOUT` (ms),
 * `SGIOD_HEADERS_TIMEOUT` (ms), `SGIOD_KEEP_ALIVE_TIMEOUT` (ms), `SGIOD_IDLE_TIMEOUT` (ms), `SGIOD_HEALTH_INTERVAL` (ms),
 * `SGIOD_MAX_CONNECTIONS`, `SGIOD_BODY_LIMIT`, `SGIOD_LOG_LEVEL`,
 * `SGIOD_SHUTDOWN_GRACE` (ms), `SGIOD_TOKENS` (token text),
 * `SGIOD_TOKENS_FILE`, `SGIOD_WORKER_THREADS`, `SGIOD_WORKER_CALLS_PER_DEVICE`,
 * `SGIOD_CONSOLE`.
 * (`SGIOD_CONFIG` names the config file.)
 */
import { parseTokenText } from '../auth/token-text.js';
import type { ConfigLayer } from './layer.js';
import { parseBoolean, parseInteger, parseList, parseSize } from './values.js';

/** Reads the `SGIOD_*` variables into a layer. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const layer: ConfigLayer = {};
  const v = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  let s: string | undefined;
  if ((s = v('SGIOD_HOST'))) layer.host = s;
  if ((s = v('SGIOD_PORT'))) layer.port = parseInteger(s, 'SGIOD_PORT');
  if ((s = v('SGIOD_ALLOW'))) layer.allow = parseList(s);
  if ((s = v('SGIOD_ALLOW_WRITE'))) layer.allowWrite = parseBoolean(s, 'SGIOD_ALLOW_WRITE');
  if ((s = v('SGIOD_ALLOW_RAW'))) layer.allowRaw = parseBoolean(s, 'SGIOD_ALLOW_RAW');
  if ((s = v('SGIOD_ALLOW_DESTRUCTIVE'))) layer.allowDestructive = parseBoolean(s, 'SGIOD_ALLOW_DESTRUCTIVE');
  if ((s = v('SGIOD_TLS_CERT'))) layer.tlsCert = s;
  if ((s = v('SGIOD_TLS_KEY'))) layer.tlsKey = s;
  if ((s = v('SGIOD_INSECURE'))) layer.insecure = parseBoolean(s, 'SGIOD_INSECURE');
  if ((s = v('SGIOD_CONCURRENCY'))) layer.concurrency = parseInteger(s, 'SGIOD_CONCURRENCY');
  if ((s = v('SGIOD_MAX_TRANSFER'))) layer.maxTransferBytes = parseSize(s, 'SGIOD_MAX_TRANSFER');
  if ((s = v('SGIOD_IO_SIZE'))) layer.ioSizeBytes = parseSize(s, 'SGIOD_IO_SIZE');
  if ((s = v('SGIOD_COMMAND_MAX_TRANSFER'))) layer.commandMaxTransferBytes = parseSize(s, 'SGIOD_COMMAND_MAX_TRANSFER');
  if ((s = v('SGIOD_REQUEST_TIMEOUT'))) layer.requestTimeoutMs = parseInteger(s, 'SGIOD_REQUEST_TIMEOUT');
  if ((s = v('SGIOD_BODY_TIMEOUT'))) layer.bodyTimeoutMs = parseInteger(s, 'SGIOD_BODY_TIMEOUT');
  if ((s = v('SGIOD_HEADERS_TIMEOUT'))) layer.headersTimeoutMs = parseInteger(s, 'SGIOD_HEADERS_TIMEOUT');
  if ((s = v('SGIOD_KEEP_ALIVE_TIMEOUT'))) layer.keepAliveTimeoutMs = parseInteger(s, 'SGIOD_KEEP_ALIVE_TIMEOUT');
  if ((s = v('SGIOD_IDLE_TIMEOUT'))) layer.idleTimeoutMs = parseInteger(s, 'SGIOD_IDLE_TIMEOUT');
  if ((s = v('SGIOD_HEALTH_INTERVAL'))) layer.healthIntervalMs = parseInteger(s, 'SGIOD_HEALTH_INTERVAL');
  if ((s = v('SGIOD_MAX_CONNECTIONS'))) layer.maxConnections = parseInteger(s, 'SGIOD_MAX_CONNECTIONS');
  if ((s = v('SGIOD_BODY_LIMIT'))) layer.bodyLimitBytes = parseSize(s, 'SGIOD_BODY_LIMIT');
  if ((s = v('SGIOD_LOG_LEVEL'))) layer.logLevel = s;
  if ((s = v('SGIOD_SHUTDOWN_GRACE'))) layer.shutdownGraceMs = parseInteger(s, 'SGIOD_SHUTDOWN_GRACE');
  if ((s = v('SGIOD_TOKENS'))) layer.tokens = parseTokenText(s, 'SGIOD_TOKENS', { semicolons: true });
  if ((s = v('SGIOD_TOKENS_FILE'))) layer.tokensFiles = [s];
  if ((s = v('SGIOD_WORKER_THREADS'))) layer.workerThreads = parseInteger(s, 'SGIOD_WORKER_THREADS');
  if ((s = v('SGIOD_WORKER_CALLS_PER_DEVICE'))) layer.workerCallsPerDevice = parseInteger(s, 'SGIOD_WORKER_CALLS_PER_DEVICE');
  if ((s = v('SGIOD_CONSOLE'))) layer.console = parseBoolean(s, 'SGIOD_CONSOLE');
  return layer;
}
