/**
 * sgiod: parses flags, environment and config file, starts the server,
 * reloads tokens and the TLS certificate on SIGHUP and shuts down
 * gracefully on SIGTERM or SIGINT.
 *
 * Built into `dist/program.cjs` (one bundle) and started by `dist/bin.cjs`,
 * the loader that keeps V8's compiled code between runs (tooling/bundle).
 */
import { ConfigError } from './config/errors.js';

// the server (Fastify, the device layer) loads only once the configuration is valid

/** Reports a configuration error (exit status 2); false for any other error. */
function refusedConfig(e: unknown): boolean {
  if (!(e instanceof ConfigError)) return false;
  process.stderr.write(`sgiod: ${e.message}\n`);
  process.exitCode = 2;
  return true;
}

async function main(): Promise<void> {
  const { loadConfig } = await import('./config/load.js');
  let loaded;
  try {
    loaded = loadConfig({ argv: process.argv.slice(2), env: process.env });
  } catch (e) {
    if (refusedConfig(e)) return;
    throw e;
  }
  if (loaded.help) {
    process.stdout.write((await import('./config/flags.js')).USAGE);
    return;
  }
  const config = loaded.config;
  const { startServer } = await import('./server.js');
  // listen for SIGTERM/SIGINT before the server says it is listening: a supervisor that stops it at once must find the handler
  let stop: (signal: string) => void = (signal) => (stopAsked ??= signal);
  let stopAsked: string | undefined;
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  let server;
  try {
    server = await startServer(config);
  } catch (e) {
    if (refusedConfig(e)) return;
    throw e;
  }
  const running = server;
  process.on('SIGHUP', () => {
    try {
      running.reload();
    } catch (e) {
      running.app.log.error({ err: e }, 'reload failed; keeping the previous tokens and certificate');
    }
  });
  stop = (signal: string): void => {
    running.app.log.info({ signal }, 'shutting down: draining in-flight commands');
    const force = setTimeout(() => {
      running.app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    running.close().then(
      () => running.app.log.info('devices closed; bye'),
      (e: unknown) => {
        running.app.log.error({ err: e }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  if (stopAsked !== undefined) stop(stopAsked);
}

main().catch((e: unknown) => {
  process.stderr.write(`sgiod: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
