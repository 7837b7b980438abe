/**
 * Starting and stopping a real server: the sg device layer, the app, the
 * listening socket, and a graceful shutdown that stops taking requests,
 * lets in-flight ones finish (their commands drain), then closes the devices.
 */
import type { FastifyInstance } from 'fastify';
import { loadCommandPacks } from '@sgio/core';
import { createCommandSet, createDecoderRegistry, type DecoderRegistry } from '@sgio/struct';
import { buildApp } from './app.js';
import type { ServerConfig } from './config/config.js';
import { SgDeviceAccess } from './devices/sg-access.js';
import { ServerMetrics } from './metrics/metrics.js';

/** A running sgiod. */
export interface RunningServer {
  /** The application. */
  readonly app: FastifyInstance;
  /** The address it listens on (`http://127.0.0.1:7227`). */
  readonly url: string;
  /** Graceful shutdown; idempotent. */
  close(): Promise<void>;
}

/** Starts sgiod with `config`. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const metrics = new ServerMetrics();
  const devices = new SgDeviceAccess({ config, metrics });
  // packs add commands to the commands endpoint and pages to the page routes
  const commands = createCommandSet();
  const decoders = createDecoderRegistry() as unknown as DecoderRegistry;
  for (const pack of await loadCommandPacks(config.plugins)) {
    commands.use(pack);
    decoders.use(pack);
  }
  const app = await buildApp(config, { devices, metrics, commands, decoders });
  if (config.tokens.length === 0) app.log.warn('no bearer tokens are configured: every request except /healthz will be refused (see --tokens-file)');
  app.log.info({ allow: devices.allowlist.entries, allowWrite: config.allowWrite, allowRaw: config.allowRaw, concurrency: config.concurrency }, 'device allowlist');
  if (config.plugins.length > 0) app.log.info({ plugins: config.plugins }, 'command packs loaded');
  const url = await app.listen({ host: config.host, port: config.port });
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    close: () => (closing ??= app.close()),
  };
}
