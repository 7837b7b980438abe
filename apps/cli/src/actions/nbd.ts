/** `sgio nbd`: serve an sg device over NBD until SIGTERM/SIGINT. */
import { accessSync, constants } from 'node:fs';
import { basename, join } from 'node:path';
import { NbdServer, type NbdListen } from '@sgio/nbd';
import { CliError } from '../common/cli-error.js';
import { listenForStop } from '../common/stop-signal.js';
import { timeoutMs, type CommonOptions } from '../common/global-options.js';
import { nbdTlsFrom, type NbdTlsFlags } from './nbd-tls.js';
import { stderr, stdout } from '../common/stdio.js';

/** Options of `nbd`. */
export interface NbdCommandOptions extends CommonOptions, NbdTlsFlags {
  /** Unix socket path. */
  socket?: string;
  /** `[host:]port` to listen on with TCP. */
  tcp?: string;
  /** Accept writes. */
  writable?: boolean;
  /** Export name. */
  name?: string;
  /** Lanes (sg fds). */
  lanes?: number;
}

/** The default Unix socket of a device: in $XDG_RUNTIME_DIR, else /run when writable, else /tmp. */
export function defaultSocketPath(device: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = `sgio-nbd-${basename(device)}.sock`;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, file);
  try {
    accessSync('/run', constants.W_OK);
    return join('/run', file);
  } catch {
    return join('/tmp', file);
  }
}

/** Where to listen from --socket / --tcp. */
export function listenFrom(device: string, opts: NbdCommandOptions): NbdListen {
  if (opts.socket !== undefined && opts.tcp !== undefined) throw new CliError('give --socket or --tcp, not both');
  if (opts.tcp === undefined) return { socket: opts.socket ?? defaultSocketPath(device) };
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(opts.tcp);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--tcp expects [HOST:]PORT (e.g. 10809 or 127.0.0.1:10809), got '${opts.tcp}'`);
  const host = m[1]?.replace(/^\[|\]$/g, '');
  return host === undefined ? { port } : { port, host };
}

/**
 * Runs `nbd`: resolves (exit status 0) after a signal stopped the server;
 * rejects with the device's error (the device gone: exit status 35) when the
 * export could serve nothing more and the server stopped by itself.
 */
export async function nbd(device: string, opts: NbdCommandOptions): Promise<number> {
  const listen = listenFrom(device, opts);
  const tls = nbdTlsFrom(opts, listen, opts.writable ?? false);
  if (tls.warning) stderr.write(`sgio nbd: ${tls.warning}\n`);
  // listening before the socket exists: a client or supervisor that sends SIGTERM as soon as it can connect must find the handler
  const stop = listenForStop();
  const server = await NbdServer.start(device, {
    listen,
    writable: opts.writable ?? false,
    ...(opts.name === undefined ? {} : { name: opts.name }),
    lanes: opts.lanes ?? 8,
    ...(tls.tls === undefined ? {} : { tls: tls.tls }),
    timeout: timeoutMs(opts),
    log: (line) => stderr.write(`sgio nbd: ${line}\n`),
    ...((opts.verbose ?? 0) > 0 ? { trace: (line: string) => stderr.write(`sgio nbd: ${line}\n`) } : {}),
  }).catch((e: unknown) => {
    stop.dispose();
    throw e;
  });
  const a = server.address;
  const scheme = server.tls === undefined ? 'nbd' : 'nbds';
  const uri = 'socket' in a ? `${scheme}+unix:///?socket=${a.socket}` : `${scheme}://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}/`;
  const f = server.export.facts;
  if (opts.json) {
    stdout.write(
      `${JSON.stringify({ device, uri, socket: 'socket' in a ? a.socket : null, host: 'host' in a ? a.host : null, port: 'port' in a ? a.port : null, size: Number(f.size), blockSize: f.blockSize, writable: server.export.writable, flags: server.export.transmissionFlags, tls: server.tls ?? null })}\n`,
    );
  }
  stderr.write(`sgio nbd: serving ${device} (${f.size} bytes, ${server.export.writable ? 'writable' : 'read-only'}, ${tls.description}) at ${uri}\n`);
  const ended = await Promise.race([stop.received.then((signal) => ({ signal })), server.lost.then((lost) => ({ lost }))]);
  if ('lost' in ended) {
    // the server has logged it and is closing every connection: wait for that, then fail with the device's error
    await server.close();
    stop.dispose();
    throw ended.lost.cause instanceof Error ? ended.lost.cause : ended.lost;
  }
  stderr.write(`sgio nbd: ${ended.signal}: finishing the requests in flight\n`);
  await server.close();
  return 0;
}
