/**
 * One NBD client connection: the fixed newstyle handshake (options until
 * NBD_OPT_GO or NBD_OPT_EXPORT_NAME; NBD_OPT_STARTTLS moves the rest of the
 * connection onto TLS when the server offers it), then the transmission
 * phase with many requests in flight. Memory is bounded: the next request is not read while
 * `maxInFlight` requests or `maxInFlightBytes` of payload are being served,
 * or while the socket's send buffer is above its high-water mark (a client
 * that does not read its replies); the socket reader then pauses the socket.
 */
import { BufferPool } from '@sgio/core';
import type { Socket } from 'node:net';
import { BASE_ALLOCATION, Command, CommandFlag, Info, NbdErrno, Option, REQUEST_HEADER_LENGTH, Reply, TransmissionFlag } from '../protocol/constants.js';
import {
  MalformedOptionError,
  OPTION_HEADER_LENGTH,
  decodeClientFlags,
  decodeExportName,
  decodeInfoRequest,
  decodeMetaContextRequest,
  decodeOptionHeader,
  encodeExportNameReply,
  encodeGreeting,
  encodeInfoBlockSize,
  encodeInfoExport,
  encodeInfoString,
  encodeMetaContextReply,
  encodeOptionError,
  encodeOptionReply,
  encodeServerReply,
} from '../protocol/handshake.js';
import { NbdProtocolError } from '../protocol/protocol-error.js';
import { answerStartTls, gateOption, type TlsState } from '../protocol/tls-policy.js';
import { decodeRequest, encodeBlockStatusChunk, encodeDataChunkHeader, encodeErrorChunk, encodeNoneChunk, encodeSimpleReply, type NbdRequest } from '../protocol/transmission.js';
import type { NbdExport } from './nbd-export.js';
import { NbdRequestError, requestErrorFor } from './request-error.js';
import { ConnectionClosedError, SocketReader } from './socket-reader.js';
import { startTls } from './starttls.js';
import type { NbdTls } from './tls-options.js';

/** Limits of one connection. */
export interface ConnectionLimits {
  /** Requests served at once (default 32). */
  readonly maxInFlight?: number;
  /** Payload bytes (read and write data) held at once (default 64 MiB). */
  readonly maxInFlightBytes?: number;
  /** Called with one line per request answered (type, offset, length, flags, errno, milliseconds): a trace for debugging clients. */
  readonly trace?: (line: string) => void;
}

/** Options of one {@link NbdConnection}. */
export interface ConnectionOptions extends ConnectionLimits {
  /** Where to report what the operator should know (failed handshakes, protocol violations). */
  readonly log?: (line: string) => void;
  /** TLS offered on this connection (from `resolveTls`); without it NBD_OPT_STARTTLS is answered unsupported. */
  readonly tls?: NbdTls;
  /** Called (after the failed request is answered) when the export can serve nothing more: its device is gone. */
  readonly onExportLost?: (error: NbdRequestError) => void;
}

/** Request type names for the trace. */
const COMMAND_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(Command).map(([k, v]) => [v, k]));

/** The metadata context id of base:allocation on this server. */
const BASE_ALLOCATION_ID = 1;
/** Largest option payload read (options are small; larger ones end the connection). */
const MAX_OPTION_LENGTH = 64 * 1024;

/** Requests whose errors may carry an offset (NBD_REPLY_TYPE_ERROR_OFFSET). */
const OFFSET_ERRORS: ReadonlySet<number> = new Set([Command.READ, Command.WRITE, Command.TRIM]);

/** Why a connection stopped taking requests. */
type StopReason = 'disconnect' | 'shutdown';

/** One client connection, from greeting to close. */
export class NbdConnection {
  #socket: Socket;
  readonly #export: NbdExport;
  #reader: SocketReader;
  readonly #log: (line: string) => void;
  readonly #tls: NbdTls | undefined;
  #secure = false;
  #upgrading: AbortController | undefined;
  readonly #maxInFlight: number;
  readonly #maxBytes: number;
  readonly #trace: ((line: string) => void) | undefined;
  readonly #onExportLost: ((error: NbdRequestError) => void) | undefined;
  /** READ replies' buffers, reused (a fresh one per READ is page faults before the data can land). */
  readonly #replyBuffers: BufferPool;
  #structured = false;
  #metaSelected = false;
  #inFlight = 0;
  #inFlightBytes = 0;
  #slotWaiter: (() => void) | undefined;
  #idle: (() => void) | undefined;
  #stopping: StopReason | undefined;
  /** Aborted when the socket closes: reads for a client that went away stop taking lanes. */
  readonly #gone = new AbortController();
  /** Settles when the connection is closed and every request it took is answered or abandoned. */
  readonly done: Promise<void>;

  constructor(socket: Socket, exp: NbdExport, options: ConnectionOptions = {}) {
    this.#socket = socket;
    this.#export = exp;
    this.#reader = new SocketReader(socket);
    this.#log = options.log ?? (() => undefined);
    this.#tls = options.tls;
    this.#maxInFlight = options.maxInFlight ?? 32;
    this.#maxBytes = options.maxInFlightBytes ?? 64 * 1024 * 1024;
    this.#replyBuffers = new BufferPool(this.#maxBytes);
    this.#trace = options.trace;
    this.#onExportLost = options.onExportLost;
    socket.setNoDelay?.(true);
    socket.on('drain', this.#wakeSlot);
    socket.on('close', this.#wakeSlot);
    socket.on('close', () => this.#gone.abort(new ConnectionClosedError('the client went away')));
    this.done = this.#run();
  }

  /** True once the connection runs over TLS. */
  get secure(): boolean {
    return this.#secure;
  }

  /** Requests being served now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Stops taking requests: the ones in flight finish and are answered, then
   * the connection closes. A connection still in the handshake closes at once.
   */
  shutdown(): void {
    this.#stopping ??= 'shutdown';
    this.#upgrading?.abort();
    this.#reader.cancel(new ConnectionClosedError('the NBD server is shutting down'));
    this.#wakeSlot();
  }

  async #run(): Promise<void> {
    try {
      const go = await this.#handshake();
      if (go) await this.#transmission();
    } catch (e) {
      if (!(e instanceof ConnectionClosedError)) this.#log(`NBD connection: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await this.#drained();
      if (!this.#socket.destroyed) this.#socket.end();
      // a client that never reads its end of the close must not keep the socket forever
      setTimeout(() => this.#socket.destroy(), 5000).unref();
    }
  }

  #send(bytes: Uint8Array): void {
    if (!this.#socket.destroyed && this.#socket.writable) this.#socket.write(bytes);
  }

  /** Runs the option haggling; true when the client entered transmission. */
  async #handshake(): Promise<boolean> {
    this.#send(encodeGreeting());
    const flags = decodeClientFlags(await this.#reader.read(4));
    const exp = this.#export;
    const tlsState = (): TlsState => ({ mode: this.#tls?.mode ?? 'off', fixedNewstyle: flags.fixedNewstyle, secure: this.#secure });
    for (;;) {
      const header = decodeOptionHeader(await this.#reader.read(OPTION_HEADER_LENGTH));
      if (header.length > MAX_OPTION_LENGTH) throw new NbdProtocolError(`option ${header.option} carries ${header.length} bytes; options here are at most ${MAX_OPTION_LENGTH}`);
      const payload = header.length > 0 ? await this.#reader.read(header.length) : new Uint8Array(0);
      const o = header.option;
      if (this.#stopping) {
        this.#send(encodeOptionError(o, Reply.ERR_SHUTDOWN, 'the server is shutting down'));
        return false;
      }
      const gate = gateOption(o, tlsState());
      if (gate.action === 'close') {
        this.#log(`NBD connection closed: ${gate.reason}`);
        return false;
      }
      if (gate.action === 'tls-required') {
        this.#send(encodeOptionError(o, Reply.ERR_TLS_REQD, gate.message));
        continue;
      }
      try {
        switch (o) {
          case Option.EXPORT_NAME: {
            if (!this.#knows(decodeExportName(payload))) return false; // the protocol has no error reply here: close
            this.#send(encodeExportNameReply(exp.facts.size, this.#flags(), flags.noZeroes));
            return true;
          }
          case Option.ABORT:
            this.#send(encodeOptionReply(o, Reply.ACK));
            return false;
          case Option.LIST:
            if (payload.length !== 0) throw new MalformedOptionError('NBD_OPT_LIST takes no data');
            this.#send(encodeServerReply(o, exp.name, exp.description));
            this.#send(encodeOptionReply(o, Reply.ACK));
            break;
          case Option.STARTTLS: {
            const answer = answerStartTls(payload.length, tlsState());
            if (answer.action === 'error') this.#send(encodeOptionError(o, answer.reply, answer.message));
            else await this.#startTls(this.#tls!);
            break;
          }
          case Option.INFO:
          case Option.GO: {
            const request = decodeInfoRequest(payload);
            if (!this.#knows(request.name)) {
              this.#send(encodeOptionError(o, Reply.ERR_UNKNOWN, `no export named '${request.name}' (this server exports '${exp.name}', also as the default export '')`));
              break;
            }
            this.#send(encodeInfoExport(o, exp.facts.size, this.#flags()));
            if (request.requests.includes(Info.NAME)) this.#send(encodeInfoString(o, Info.NAME, exp.name));
            if (request.requests.includes(Info.DESCRIPTION)) this.#send(encodeInfoString(o, Info.DESCRIPTION, exp.description));
            this.#send(encodeInfoBlockSize(o, exp.facts.blockSizes));
            this.#send(encodeOptionReply(o, Reply.ACK));
            if (o === Option.GO) return true;
            break;
          }
          case Option.STRUCTURED_REPLY:
            if (payload.length !== 0) throw new MalformedOptionError('NBD_OPT_STRUCTURED_REPLY takes no data');
            this.#structured = true;
            this.#send(encodeOptionReply(o, Reply.ACK));
            break;
          case Option.LIST_META_CONTEXT:
          case Option.SET_META_CONTEXT: {
            if (!this.#structured) throw new MalformedOptionError('metadata contexts need structured replies: send NBD_OPT_STRUCTURED_REPLY first');
            const request = decodeMetaContextRequest(payload);
            if (!this.#knows(request.name)) {
              this.#send(encodeOptionError(o, Reply.ERR_UNKNOWN, `no export named '${request.name}'`));
              break;
            }
            const list = o === Option.LIST_META_CONTEXT;
            const matches = (list && request.queries.length === 0) || request.queries.some((q) => q === BASE_ALLOCATION || q === 'base:');
            if (!list) this.#metaSelected = matches;
            if (matches) this.#send(encodeMetaContextReply(o, list ? 0 : BASE_ALLOCATION_ID, BASE_ALLOCATION));
            this.#send(encodeOptionReply(o, Reply.ACK));
            break;
          }
          default:
            this.#send(encodeOptionError(o, Reply.ERR_UNSUP, `option ${o} is not supported by this server`));
        }
      } catch (e) {
        if (!(e instanceof MalformedOptionError)) throw e;
        this.#send(encodeOptionError(o, Reply.ERR_INVALID, e.message));
      }
    }
  }

  /**
   * NBD_REP_ACK, then the TLS handshake; the reader and the listeners move
   * to the TLS socket. A client that sent anything after NBD_OPT_STARTTLS
   * before the ACK broke the protocol (such bytes could be plain text taken
   * for TLS-protected options): the connection ends without the ACK.
   */
  async #startTls(settings: NbdTls): Promise<void> {
    const early = this.#reader.detach();
    if (early.length > 0) throw new NbdProtocolError(`the client sent ${early.length} bytes after NBD_OPT_STARTTLS without waiting for the server's reply`);
    const raw = this.#socket;
    this.#send(encodeOptionReply(Option.STARTTLS, Reply.ACK));
    raw.off('drain', this.#wakeSlot);
    raw.off('close', this.#wakeSlot);
    const upgrading = new AbortController();
    this.#upgrading = upgrading;
    if (this.#stopping) upgrading.abort();
    try {
      const session = await startTls(raw, settings, upgrading.signal);
      this.#socket = session.socket;
      this.#reader = new SocketReader(session.socket);
      this.#secure = true;
      session.socket.on('drain', this.#wakeSlot);
      session.socket.on('close', this.#wakeSlot);
      // a shutdown that came with the handshake's last bytes cancelled only the plain socket's reader
      if (this.#stopping) this.#reader.cancel(new ConnectionClosedError('the NBD server is shutting down'));
      this.#log(`NBD connection: ${session.protocol} ${session.cipher}${session.peer === undefined ? '' : ` (client ${session.peer})`}`);
    } finally {
      this.#upgrading = undefined;
    }
  }

  #knows(name: string): boolean {
    return name === '' || name === this.#export.name;
  }

  /** Transmission flags; SEND_DF only with structured replies (a read is always one data chunk here). */
  #flags(): number {
    return this.#export.transmissionFlags | (this.#structured ? TransmissionFlag.SEND_DF : 0);
  }

  async #transmission(): Promise<void> {
    const max = this.#export.facts.blockSizes.maximum;
    for (;;) {
      await this.#slot();
      if (this.#stopping) return;
      const request = decodeRequest(await this.#reader.read(REQUEST_HEADER_LENGTH));
      let payload: Uint8Array | undefined;
      if (request.type === Command.WRITE) {
        if (request.length > max) throw new NbdProtocolError(`a WRITE of ${request.length} bytes is above the advertised maximum block size ${max}`);
        payload = await this.#reader.read(request.length);
      }
      if (request.type === Command.DISC) {
        this.#stopping = 'disconnect';
        return;
      }
      const bytes = request.type === Command.READ || request.type === Command.WRITE ? request.length : 0;
      this.#inFlight++;
      this.#inFlightBytes += bytes;
      void this.#serve(request, payload).finally(() => {
        this.#inFlight--;
        this.#inFlightBytes -= bytes;
        this.#wakeSlot();
        if (this.#inFlight === 0) this.#idle?.();
      });
    }
  }

  /** Waits until another request may be read. */
  async #slot(): Promise<void> {
    while (!this.#stopping && !this.#socket.destroyed && (this.#inFlight >= this.#maxInFlight || this.#inFlightBytes >= this.#maxBytes || this.#socket.writableNeedDrain)) {
      await new Promise<void>((resolve) => {
        this.#slotWaiter = resolve;
      });
    }
  }

  readonly #wakeSlot = (): void => {
    const w = this.#slotWaiter;
    this.#slotWaiter = undefined;
    w?.();
  };

  /** Resolves when no request is in flight. */
  #drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#idle = resolve;
    });
  }

  async #serve(request: NbdRequest, payload: Uint8Array | undefined): Promise<void> {
    if (!this.#trace) {
      await this.#answer(request, payload);
      return;
    }
    const started = performance.now();
    const errno = await this.#answer(request, payload);
    const name = COMMAND_NAMES[request.type] ?? String(request.type);
    this.#trace(`${name} offset=${request.offset} length=${request.length} flags=0x${request.flags.toString(16)} errno=${errno} ${(performance.now() - started).toFixed(1)}ms`);
  }

  /** Serves one request and sends its reply; resolves with the errno sent (0: success). */
  async #answer(request: NbdRequest, payload: Uint8Array | undefined): Promise<number> {
    const exp = this.#export;
    const fua = (request.flags & CommandFlag.FUA) !== 0;
    try {
      switch (request.type) {
        case Command.READ: {
          if (request.length > exp.facts.blockSizes.maximum) throw new NbdRequestError(NbdErrno.EINVAL, `a READ of ${request.length} bytes is above the advertised maximum block size ${exp.facts.blockSizes.maximum}`);
          const data = this.#replyBuffers.acquire(request.length);
          try {
            await exp.read(request.offset, data, this.#gone.signal);
          } catch (e) {
            this.#replyBuffers.release(data);
            throw e;
          }
          this.#replyData(request, data);
          return 0;
        }
        case Command.WRITE:
          await exp.write(request.offset, payload!, fua);
          break;
        case Command.FLUSH:
          await exp.flush();
          break;
        case Command.TRIM:
          await exp.trim(request.offset, request.length, fua);
          break;
        case Command.WRITE_ZEROES:
          if ((request.flags & CommandFlag.FAST_ZERO) !== 0) throw new NbdRequestError(NbdErrno.EINVAL, 'NBD_CMD_FLAG_FAST_ZERO was not offered');
          await exp.writeZeroes(request.offset, request.length, { noHole: (request.flags & CommandFlag.NO_HOLE) !== 0, fua });
          break;
        case Command.BLOCK_STATUS: {
          if (!this.#structured || !this.#metaSelected) throw new NbdRequestError(NbdErrno.EINVAL, 'NBD_CMD_BLOCK_STATUS needs the base:allocation metadata context selected in the handshake');
          if (request.length === 0) throw new NbdRequestError(NbdErrno.EINVAL, 'NBD_CMD_BLOCK_STATUS of 0 bytes');
          const extents = await exp.blockStatus(request.offset, request.length, (request.flags & CommandFlag.REQ_ONE) !== 0);
          this.#send(encodeBlockStatusChunk(request.cookie, BASE_ALLOCATION_ID, extents, true));
          return 0;
        }
        default:
          throw new NbdRequestError(NbdErrno.EINVAL, `request type ${request.type} is not supported by this server`);
      }
      this.#replyOk(request);
      return 0;
    } catch (e) {
      const kind = request.type === Command.READ || request.type === Command.BLOCK_STATUS ? 'read' : 'write';
      const err = requestErrorFor(e, kind, exp.facts.blockSize);
      this.#replyError(request, err);
      if (err.exportLost) this.#onExportLost?.(err);
      return err.errno;
    }
  }

  #replyOk(request: NbdRequest): void {
    this.#send(this.#structured ? encodeNoneChunk(request.cookie) : encodeSimpleReply(request.cookie, 0));
  }

  /** Sends a READ's data; `data` (from the reply buffers) goes back to them once the socket has taken it. */
  #replyData(request: NbdRequest, data: Uint8Array): void {
    const socket = this.#socket;
    if (socket.destroyed || !socket.writable) {
      this.#replyBuffers.release(data);
      return;
    }
    const header = this.#structured ? (data.length === 0 ? encodeNoneChunk(request.cookie) : encodeDataChunkHeader(request.cookie, request.offset, data.length, true)) : encodeSimpleReply(request.cookie, 0);
    socket.cork();
    socket.write(header);
    // the callback comes once the bytes are written, or with an error when the socket is destroyed first
    socket.write(data, () => this.#replyBuffers.release(data));
    socket.uncork();
  }

  #replyError(request: NbdRequest, e: NbdRequestError): void {
    if (!this.#structured) {
      this.#send(encodeSimpleReply(request.cookie, e.errno));
      return;
    }
    const end = request.offset + BigInt(request.length);
    const withOffset = e.offset !== undefined && e.offset >= request.offset && e.offset < end && OFFSET_ERRORS.has(request.type) ? e.offset : undefined;
    this.#send(encodeErrorChunk(request.cookie, e.errno, e.message, withOffset));
  }
}
