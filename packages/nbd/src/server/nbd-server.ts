/**
 * `NbdServer`: listens on a Unix socket (the default) or a TCP address
 * (loopback unless told otherwise) and serves one {@link ScsiExport} to any
 * number of connections, with TLS (NBD_OPT_STARTTLS) when given
 * credentials; {@link NbdServer.close} stops accepting, lets the requests
 * in flight finish, and closes the export (which flushes a writable device).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { NbdConnection, type ConnectionLimits, type ConnectionOptions } from './connection.js';
import type { NbdExport } from './nbd-export.js';
import { ScsiExport, type ScsiExportOptions } from './scsi-export.js';
import type { NbdRequestError } from './request-error.js';
import { resolveTls, type NbdTls, type NbdTlsOptions } from './tls-options.js';

/** Where the server listens. */
export type NbdListen =
  | {
      /** A Unix socket path (removed again on close). */
      readonly socket: string;
    }
  | {
      /** TCP port (10809 is NBD's registered port; 0 picks a free one). */
      readonly port: number;
      /** Address to bind (default 127.0.0.1: loopback only). */
      readonly host?: string;
    };

/** Options of {@link NbdServer.serve}: where and how to serve an export. */
export interface NbdServeOptions extends ConnectionLimits {
  /** Where to listen: a Unix socket path, or a TCP port and address. */
  readonly listen: NbdListen;
  /** Most connections at once (default 16); more are closed at once. */
  readonly maxConnections?: number;
  /** TLS through NBD_OPT_STARTTLS (certificate or pre-shared keys; see `resolveTls`). Default: none, STARTTLS is answered unsupported. */
  readonly tls?: NbdTlsOptions;
  /** Where to report what the operator should know (failed handshakes, protocol violations, the stop). Default: nothing. */
  readonly log?: (line: string) => void;
}

/** Options of {@link NbdServer.start}: the export's and the server's. */
export interface NbdServerOptions extends ScsiExportOptions, NbdServeOptions {}

/** The address a started server listens on. */
export type NbdAddress =
  | {
      /** The Unix socket path. */
      readonly socket: string;
    }
  | {
      /** The bound TCP address. */
      readonly host: string;
      /** The bound TCP port. */
      readonly port: number;
    };

/** An NBD server of one sg device. */
export class NbdServer {
  /** The export served. */
  readonly export: NbdExport;
  /** Where it listens. */
  readonly address: NbdAddress;
  /** How TLS is offered (`'on'`, `'require'`), or undefined without TLS. */
  readonly tls: NbdTls['mode'] | undefined;
  readonly #server: Server;
  readonly #connections: Set<NbdConnection>;
  readonly #log: (line: string) => void;
  #closing: Promise<void> | undefined;
  #lost: ((error: NbdRequestError) => void) | undefined;
  /**
   * Settles with the first error that showed the export can serve nothing
   * more (its device is gone). By then the server has logged it and is
   * closing: it stops listening, answers what is in flight (with EIO) and
   * closes every connection. Never settles otherwise.
   */
  readonly lost: Promise<NbdRequestError>;

  private constructor(exp: NbdExport, server: Server, address: NbdAddress, connections: Set<NbdConnection>, log: (line: string) => void, tls: NbdTls | undefined) {
    this.export = exp;
    this.#server = server;
    this.address = address;
    this.#connections = connections;
    this.#log = log;
    this.tls = tls?.mode;
    this.lost = new Promise<NbdRequestError>((resolve) => {
      this.#lost = resolve;
    });
  }

  /** The first connection that finds the device gone: say so once, then close everything. */
  readonly #exportLost = (error: NbdRequestError): void => {
    const resolve = this.#lost;
    if (resolve === undefined) return;
    this.#lost = undefined;
    this.#log(`the export can serve nothing more (${error.message}); closing every connection`);
    resolve(error);
    void this.close();
  };

  /**
   * Opens the device as an export and listens.
   *
   * @example
   * ```ts
   * const server = await NbdServer.start('/dev/sg1', { listen: { socket: '/tmp/sg1.sock' }, writable: true });
   * // nbdcopy 'nbd+unix:///?socket=/tmp/sg1.sock' disk.img
   * await server.close();
   * ```
   */
  static async start(path: string, options: NbdServerOptions): Promise<NbdServer> {
    // TLS settings that cannot work fail before the device is opened
    const tls = options.tls === undefined ? undefined : resolveTls(options.tls);
    const exp = await ScsiExport.open(path, options);
    return NbdServer.#serve(exp, options, tls);
  }

  /**
   * Serves an export opened elsewhere (a {@link ScsiExport}, or any object
   * of the {@link NbdExport} shape). The server owns it from here:
   * {@link close} closes it, also when listening fails.
   *
   * @example
   * ```ts
   * const exp = await ScsiExport.open('/dev/sg1');
   * const server = await NbdServer.serve(exp, { listen: { port: 10809, host: '0.0.0.0' }, tls: { cert, key } });
   * ```
   */
  static async serve(exp: NbdExport, options: NbdServeOptions): Promise<NbdServer> {
    let tls: NbdTls | undefined;
    try {
      tls = options.tls === undefined ? undefined : resolveTls(options.tls);
    } catch (e) {
      await exp.close();
      throw e;
    }
    return NbdServer.#serve(exp, options, tls);
  }

  static async #serve(exp: NbdExport, options: NbdServeOptions, tls: NbdTls | undefined): Promise<NbdServer> {
    const log = options.log ?? (() => undefined);
    const limits: ConnectionOptions = {
      log,
      ...(tls === undefined ? {} : { tls }),
      ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
      ...(options.maxInFlightBytes === undefined ? {} : { maxInFlightBytes: options.maxInFlightBytes }),
      ...(options.trace === undefined ? {} : { trace: options.trace }),
      onExportLost: (error) => lost(error),
    };
    // the server object exists only after listen(); a connection cannot lose the export before that
    let lost: (error: NbdRequestError) => void = () => undefined;
    const maxConnections = options.maxConnections ?? 16;
    const connections = new Set<NbdConnection>();
    let accepting = true;
    const server = createServer((socket: Socket) => {
      if (!accepting || connections.size >= maxConnections) {
        socket.destroy();
        return;
      }
      const c = new NbdConnection(socket, exp, limits);
      connections.add(c);
      void c.done.finally(() => connections.delete(c));
    });
    let address: NbdAddress;
    try {
      address = await listen(server, options.listen);
    } catch (e) {
      await exp.close();
      throw e;
    }
    const self = new NbdServer(exp, server, address, connections, log, tls);
    lost = self.#exportLost;
    self.#stopAccepting = () => {
      accepting = false;
    };
    return self;
  }

  #stopAccepting: () => void = () => undefined;

  /** Open connections. */
  get connections(): number {
    return this.#connections.size;
  }

  /** True once {@link close} was called. */
  get closing(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Stops listening; every connection stops taking requests, answers the
   * ones in flight and closes; then the export closes (a writable one is
   * flushed with SYNCHRONIZE CACHE). Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopAccepting();
      const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
      const live = [...this.#connections];
      for (const c of live) c.shutdown();
      await Promise.all(live.map((c) => c.done));
      await stopped;
      await this.export.close();
      if ('socket' in this.address) rmSync(this.address.socket, { force: true });
      this.#log('NBD server stopped');
    })();
    return this.#closing;
  }
}

function listen(server: Server, where: NbdListen): Promise<NbdAddress> {
  return new Promise<NbdAddress>((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      if ('socket' in where) resolve({ socket: where.socket });
      else {
        const a = server.address();
        if (a && typeof a === 'object') resolve({ host: a.address, port: a.port });
        else reject(new Error('the NBD server has no TCP address after listen()'));
      }
    };
    if ('socket' in where) server.listen(where.socket, done);
    else server.listen(where.port, where.host ?? '127.0.0.1', done);
  });
}
