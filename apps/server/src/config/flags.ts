/**
 * Command-line flags of sgiod, parsed with node:util's parseArgs.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './errors.js';
import type { ConfigLayer } from './layer.js';
import { parseInteger, parseSize } from './values.js';

/** The help text of `sgiod --help`. */
export const USAGE = `Usage: sgiod [options]

An HTTP API over the SCSI devices of this machine (through the Linux sg driver).

Options (flags beat SGIOD_* environment variables, which beat the config file):
  --config FILE           JSON configuration file (env SGIOD_CONFIG)
  --host ADDRESS          listen address (default 127.0.0.1)
  --port N                TCP port (default 7227; 0 = any free port)
  --allow PATH|GLOB       allow a device (repeatable): /dev/sg1, /dev/sda, '/dev/sg*', a symlink
  --allow-write           enable block writes (tokens also need the write scope)
  --allow-raw             enable the commands endpoint (tokens also need the raw scope)
  --allow-destructive     allow destructive, unknown and vendor commands (needs --allow-write;
                          tokens also need the admin scope)
  --tls-cert FILE         serve HTTPS with this PEM certificate (chain); re-read on SIGHUP
  --tls-key FILE          the PEM private key of --tls-cert
  --insecure              allow plain HTTP on a non-loopback --host
  --plugin MODULE         load a command pack (repeatable; path or package name): its commands and VPD/mode/log pages
  --concurrency N         commands in flight per device (default 4)
  --max-transfer SIZE     largest transfer per request (default 16M)
  --io-size SIZE          bytes per SCSI command when streaming (default 128k)
  --command-max-transfer SIZE  largest data-in or data-out of one /commands request (default 1M)
  --request-timeout MS    wait for a device / a command at most this long (default 30000)
  --body-timeout MS       receiving a request body may take this long (default 300000); a block
                          write cut by it answers with the number of blocks written
  --headers-timeout MS    a client must send its request headers within this (default 20000)
  --keep-alive-timeout MS close a keep-alive connection idle this long between requests (default 72000)
  --idle-timeout MS       close a connection that neither sends nor takes data this long (default 120000)
  --max-connections N     most connections served at once; one over it is answered 503 (default 256)
  --health-interval MS    read every device's health for /metrics' smartctl_* gauges this often
                          (default 300000, ~20 read commands per device, the first one interval
                          after start; 0 turns it off)
  --body-limit SIZE       largest JSON request body (default 1M; /commands: 2x --command-max-transfer + 64K)
  --tokens-file FILE      bearer tokens, one 'TOKEN SCOPES [NAME]' per line (env SGIOD_TOKENS_FILE)
  --log-level LEVEL       fatal, error, warn, info, debug, trace (default info)
  --shutdown-grace MS     on SIGTERM, wait this long for in-flight work (default 10000)
  --worker-threads N      worker threads for read-only devices' SG_IO calls (default 16)
  --worker-calls-per-device N
                          most of those threads one device may hold at once (default 4):
                          a hung device holds no more; give threads >= devices x this
  --console               serve the web console at /console/ (devices, health, live command
                          rate, latency and errors; its data needs a read token)
  -h, --help              show this help
`;

/** What the flags say, plus the config file to read and whether help was asked. */
export interface ParsedFlags {
  /** Settings given as flags. */
  readonly layer: ConfigLayer;
  /** `--config`. */
  readonly configFile: string | undefined;
  /** `--help`. */
  readonly help: boolean;
}

/** Parses sgiod's argv (without node and the script). */
export function parseFlags(argv: readonly string[]): ParsedFlags {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        allow: { type: 'string', multiple: true },
        'allow-write': { type: 'boolean' },
        'allow-raw': { type: 'boolean' },
        'allow-destructive': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        insecure: { type: 'boolean' },
        plugin: { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        'max-transfer': { type: 'string' },
        'io-size': { type: 'string' },
        'command-max-transfer': { type: 'string' },
        'request-timeout': { type: 'string' },
        'body-timeout': { type: 'string' },
        'headers-timeout': { type: 'string' },
        'keep-alive-timeout': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'health-interval': { type: 'string' },
        'max-connections': { type: 'string' },
        'body-limit': { type: 'string' },
        'tokens-file': { type: 'string' },
        'log-level': { type: 'string' },
        'shutdown-grace': { type: 'string' },
        'worker-threads': { type: 'string' },
        'worker-calls-per-device': { type: 'string' },
        console: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new ConfigError(`${(e as Error).message}; see sgiod --help`, { cause: e });
  }
  const v = parsed.values;
  const layer: ConfigLayer = {};
  if (v.host !== undefined) layer.host = v.host;
  if (v.port !== undefined) layer.port = parseInteger(v.port, '--port');
  if (v.allow !== undefined) layer.allow = v.allow;
  if (v['allow-write']) layer.allowWrite = true;
  if (v['allow-raw']) layer.allowRaw = true;
  if (v['allow-destructive']) layer.allowDestructive = true;
  if (v['tls-cert'] !== undefined) layer.tlsCert = v['tls-cert'];
  if (v['tls-key'] !== undefined) layer.tlsKey = v['tls-key'];
  if (v.insecure) layer.insecure = true;
  if (v.plugin !== undefined) layer.plugins = v.plugin;
  if (v.concurrency !== undefined) layer.concurrency = parseInteger(v.concurrency, '--concurrency');
  if (v['max-transfer'] !== undefined) layer.maxTransferBytes = parseSize(v['max-transfer'], '--max-transfer');
  if (v['io-size'] !== undefined) layer.ioSizeBytes = parseSize(v['io-size'], '--io-size');
  if (v['command-max-transfer'] !== undefined) layer.commandMaxTransferBytes = parseSize(v['command-max-transfer'], '--command-max-transfer');
  if (v['request-timeout'] !== undefined) layer.requestTimeoutMs = parseInteger(v['request-timeout'], '--request-timeout');
  if (v['body-timeout'] !== undefined) layer.bodyTimeoutMs = parseInteger(v['body-timeout'], '--body-timeout');
  if (v['headers-timeout'] !== undefined) layer.headersTimeoutMs = parseInteger(v['headers-timeout'], '--headers-timeout');
  if (v['keep-alive-timeout'] !== undefined) layer.keepAliveTimeoutMs = parseInteger(v['keep-alive-timeout'], '--keep-alive-timeout');
  if (v['idle-timeout'] !== undefined) layer.idleTimeoutMs = parseInteger(v['idle-timeout'], '--idle-timeout');
  if (v['health-interval'] !== undefined) layer.healthIntervalMs = parseInteger(v['health-interval'], '--health-interval');
  if (v['max-connections'] !== undefined) layer.maxConnections = parseInteger(v['max-connections'], '--max-connections');
  if (v['body-limit'] !== undefined) layer.bodyLimitBytes = parseSize(v['body-limit'], '--body-limit');
  if (v['tokens-file'] !== undefined) layer.tokensFiles = [v['tokens-file']];
  if (v['log-level'] !== undefined) layer.logLevel = v['log-level'];
  if (v['shutdown-grace'] !== undefined) layer.shutdownGraceMs = parseInteger(v['shutdown-grace'], '--shutdown-grace');
  if (v['worker-threads'] !== undefined) layer.workerThreads = parseInteger(v['worker-threads'], '--worker-threads');
  if (v['worker-calls-per-device'] !== undefined) layer.workerCallsPerDevice = parseInteger(v['worker-calls-per-device'], '--worker-calls-per-device');
  if (v.console) layer.console = true;
  return { layer, configFile: v.config, help: v.help ?? false };
}
