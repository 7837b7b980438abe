/**
 * The server configuration: what sgiod listens on, which devices it may
 * open, what it may do with them and how much at a time.
 */

/** A bearer token and the scopes it grants. */
export interface TokenEntry {
  /** A label for logs (never the token itself). */
  readonly name: string;
  /** The secret. */
  readonly token: string;
  /** What the token may do. */
  readonly scopes: readonly Scope[];
  /** The token file it was read from (re-read on SIGHUP); absent for inline tokens. */
  readonly file?: string;
}

/** A permission a token can carry. */
export type Scope = 'read' | 'write' | 'raw' | 'admin';

/** Every scope, in order. */
export const SCOPES: readonly Scope[] = ['read', 'write', 'raw', 'admin'];

/** The complete, validated configuration of one server. */
export interface ServerConfig {
  /** Address to listen on (default 127.0.0.1). */
  readonly host: string;
  /** TCP port (default 7227; 0 picks a free one). */
  readonly port: number;
  /** Device allowlist: sg/block device paths or globs. Nothing else is ever opened. */
  readonly allow: readonly string[];
  /** Allow block writes (PUT) and data-out raw commands. */
  readonly allowWrite: boolean;
  /** Allow the commands endpoint (named registry commands and raw CDBs). */
  readonly allowRaw: boolean;
  /** Allow commands whose effect is `destructive` (FORMAT UNIT, SANITIZE, unknown and vendor opcodes); needs {@link allowWrite} and tokens with the `admin` scope. */
  readonly allowDestructive: boolean;
  /** PEM certificate chain file: serve HTTPS (with {@link tlsKey}); re-read on SIGHUP. */
  readonly tlsCert: string | undefined;
  /** PEM private key file of {@link tlsCert}. */
  readonly tlsKey: string | undefined;
  /** Allow plain HTTP on a non-loopback address (tokens then cross the network in clear text). */
  readonly insecure: boolean;
  /** Commands in flight per device (each gets its own file descriptor and mapped reserved buffer). */
  readonly concurrency: number;
  /** Largest number of data bytes one request may move. */
  readonly maxTransferBytes: number;
  /** Bytes per SCSI command when streaming blocks (the reserved-buffer size). */
  readonly ioSizeBytes: number;
  /** Largest number of data bytes one `/commands` request may move (in or out): smaller than {@link maxTransferBytes}, since its answer is hex in JSON. */
  readonly commandMaxTransferBytes: number;
  /** Request timeout in ms: waiting for a device and each SCSI command (not receiving the body: {@link bodyTimeoutMs}). */
  readonly requestTimeoutMs: number;
  /** How long receiving a request body may take, in ms: a block write whose body has not fully arrived by then stops and says how many blocks it wrote. */
  readonly bodyTimeoutMs: number;
  /** How long a client may take to send the request headers, in ms. */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests, in ms. */
  readonly keepAliveTimeoutMs: number;
  /** A connection that neither sends nor takes data for this long is closed, in ms (a client that stopped reading its answer). */
  readonly idleTimeoutMs: number;
  /**
   * Health gauges on `/metrics` (smartctl_exporter's names): every device's
   * health is read once per this many ms (about 20 read commands per device,
   * one device at a time; the first reading one interval after start); 0: off.
   */
  readonly healthIntervalMs: number;
  /** Most open client connections; more are refused (closed at once) until some end. */
  readonly maxConnections: number;
  /** Largest JSON request body in bytes. */
  readonly bodyLimitBytes: number;
  /** Bearer tokens (inline ones and those read from {@link tokensFiles}). */
  readonly tokens: readonly TokenEntry[];
  /** Token files the tokens were read from: re-read on SIGHUP. */
  readonly tokensFiles: readonly string[];
  /** pino log level. */
  readonly logLevel: string;
  /** How long SIGTERM waits for in-flight work before closing anyway, in ms. */
  readonly shutdownGraceMs: number;
  /** Command packs to load (module paths or package names): their commands and VPD, mode and log pages. */
  readonly plugins: readonly string[];
  // the worker pool (commands of read-only devices run SG_IO on it, each holding a thread while in the kernel)
  /** Worker threads of the pool that runs SG_IO for read-only devices (core's `configureWorkerPool`). */
  readonly workerThreads: number;
  /** Most SG_IO calls one device may have on that pool at once: a hung device holds no more (the rest wait in the server). */
  readonly workerCallsPerDevice: number;
  /**
   * Serve the web console at `/console/` and its data at
   * `GET /v1/console/series` (off by default). Turning it on starts a
   * sampler: one timer a second that turns the counted commands into
   * per-device samples.
   */
  readonly console: boolean;
}

/** The defaults: loopback, nothing allowed, read-only. */
export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 7227,
  allow: [],
  allowWrite: false,
  allowRaw: false,
  allowDestructive: false,
  tlsCert: undefined,
  tlsKey: undefined,
  insecure: false,
  concurrency: 4,
  maxTransferBytes: 16 * 1024 * 1024,
  ioSizeBytes: 128 * 1024,
  commandMaxTransferBytes: 1024 * 1024,
  requestTimeoutMs: 30_000,
  bodyTimeoutMs: 300_000,
  headersTimeoutMs: 20_000,
  keepAliveTimeoutMs: 72_000,
  idleTimeoutMs: 120_000,
  healthIntervalMs: 300_000,
  maxConnections: 256,
  bodyLimitBytes: 1024 * 1024,
  tokens: [],
  tokensFiles: [],
  logLevel: 'info',
  shutdownGraceMs: 10_000,
  plugins: [],
  workerThreads: 16,
  workerCallsPerDevice: 4,
  console: false,
};
