/**
 * Starting and stopping a real server: the sg device layer, the app, the
 * listening socket (HTTPS with `--tls-cert`/`--tls-key`), a reload that
 * re-reads token files and the certificate (SIGHUP), and a graceful
 * shutdown that stops taking requests, lets in-flight ones finish (their
 * commands drain), then closes the devices.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Server as HttpsServer } from 'node:https';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loadCommandPacks } from '@sgio/core';
import { createCommandSet, createDecoderRegistry, type DecoderRegistry } from '@sgio/struct';
import { buildApp } from './app.js';
import { TokenStore } from './auth/token-store.js';
import type { ServerConfig, TokenEntry } from './config/config.js';
import { ConfigError } from './config/errors.js';
import { readTokenFile } from './config/load.js';
import { scheduleWarmUp } from './devices/pool-warm-up.js';
import { SgDeviceAccess } from './devices/sg-access.js';
import { ServerMetrics } from './metrics/metrics.js';

/** A running sgiod. */
export interface RunningServer {
  /** The application. */
  readonly app: FastifyInstance;
  /** The address it listens on (`http://127.0.0.1:7227`, or `https://...` with TLS). */
  readonly url: string;
  /**
   * Re-reads the token files and the TLS certificate and key (SIGHUP). All
   * or nothing per part: when a file is unreadable or invalid the old
   * tokens (or certificate) stay and the error is thrown.
   */
  reload(): void;
  /** Graceful shutdown; idempotent. */
  close(): Promise<void>;
}

/** The PEM key and certificate named by the configuration, or undefined without TLS. */
export function readTlsFiles(config: ServerConfig): { key: Buffer; cert: Buffer } | undefined {
  if (config.tlsCert === undefined || config.tlsKey === undefined) return undefined;
  try {
    return { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) };
  } catch (e) {
    throw new ConfigError(`cannot read the TLS certificate or key: ${(e as Error).message}`, { cause: e });
  }
}

/** The inline tokens of `config` plus a fresh read of its token files. */
export function currentTokens(config: ServerConfig): TokenEntry[] {
  return [...config.tokens.filter((t) => t.file === undefined), ...config.tokensFiles.flatMap((f) => readTokenFile(f))];
}

/** Starts sgiod with `config`. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const metrics = new ServerMetrics();
  const https = readTlsFiles(config);
  // the log exists once the app does; lanes open on a device's first request, after that
  const logTo: { log?: FastifyBaseLogger } = {};
  const devices = new SgDeviceAccess({
    config,
    metrics,
    onLanesOpened: (row, lanes) =>
      logTo.log?.info(
        { device: row.name, lanes: lanes.kind, node: lanes.path, count: lanes.lanes },
        lanes.kind === 'bsg' ? 'device lanes opened on its bsg node (io_uring)' : `device lanes opened on its sg node${config.allowWrite ? '' : ' (read-only: SG_IO on worker threads)'}`,
      ),
  });
  // the worker pool's first thread: at once with a second CPU, else after the first answer (devices/pool-warm-up.ts)
  const warmUpAfterListen = scheduleWarmUp({ cpus: availableParallelism(), warmUp: () => devices.warmUp() });
  // packs add commands to the commands endpoint and pages to the page routes
  const commands = createCommandSet();
  const decoders = createDecoderRegistry() as unknown as DecoderRegistry;
  for (const pack of await loadCommandPacks(config.plugins)) {
    commands.use(pack);
    decoders.use(pack);
  }
  const tokens = new TokenStore(config.tokens);
  const app = await buildApp(config, { devices, metrics, tokens, commands, decoders, ...(https ? { https } : {}) });
  logTo.log = app.log;
  if (config.tokens.length === 0) app.log.warn('no bearer tokens are configured: every request except /healthz will be refused (see --tokens-file)');
  if (!https && config.insecure) app.log.warn({ host: config.host }, 'serving plain HTTP (--insecure): bearer tokens cross the network in clear text');
  app.log.info(
    { allow: devices.allowlist.entries, allowWrite: config.allowWrite, allowRaw: config.allowRaw, allowDestructive: config.allowDestructive, concurrency: config.concurrency, tls: https !== undefined },
    'device allowlist',
  );
  if (config.plugins.length > 0) app.log.info({ plugins: config.plugins }, 'command packs loaded');
  const url = await app.listen({ host: config.host, port: config.port });
  warmUpAfterListen(app.server);
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    reload: () => {
      const fresh = currentTokens(config);
      tokens.replace(fresh);
      app.log.info({ tokens: fresh.length }, 'tokens reloaded');
      const files = readTlsFiles(config);
      if (files) {
        (app.server as HttpsServer).setSecureContext(files);
        app.log.info('TLS certificate reloaded');
      }
    },
    close: () => (closing ??= app.close()),
  };
}
