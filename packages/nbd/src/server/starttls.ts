/**
 * The socket side of NBD_OPT_STARTTLS: after the server's NBD_REP_ACK, the
 * plain socket becomes a TLS server socket and the handshake runs. Node's
 * `tls.Server` does the work (a private one per upgrade, never listening,
 * handed the socket as a connection): it checks client certificates
 * against the CA, limits the handshake's time and reports every way a
 * handshake can fail as one `tlsClientError`, so the promise here always
 * settles.
 */
import type { Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { NbdTlsHandshakeError } from './tls-errors.js';
import type { NbdTls } from './tls-options.js';

/** A finished TLS handshake. */
export interface TlsSession {
  /** The TLS socket: every later byte of the connection goes through it. */
  readonly socket: TLSSocket;
  /** `TLSv1.3`, `TLSv1.2`. */
  readonly protocol: string;
  /** The cipher suite's name. */
  readonly cipher: string;
  /** Who the client proved to be: its PSK identity or its certificate's subject; undefined when the client was not authenticated. */
  readonly peer: string | undefined;
}

/** Why a handshake failed, from Node's error (OpenSSL's reason when there is one). */
function reasonOf(e: Error, socket: TLSSocket): string {
  const { code, reason } = e as Error & { code?: string; reason?: string };
  const what = reason ?? e.message.split('\n')[0] ?? String(e);
  const certificate = socket.authorizationError ? `; client certificate: ${String(socket.authorizationError)}` : '';
  return `${what}${code && !what.includes(code) ? ` (${code})` : ''}${certificate}`;
}

/** What to check when a handshake fails, by the kind of credentials. */
function remedyFor(settings: NbdTls): string {
  if (settings.credentials === 'psk') return "check that the client's PSK identity and key are in the server's PSK file";
  return settings.verifiesClients
    ? "check that the client trusts the server certificate's CA and presents a certificate signed by the server's client CA"
    : "check that the client trusts the server certificate's CA and that the name it connects to is in the certificate";
}

/**
 * Runs the server side of a TLS handshake on `raw`, a socket that the
 * caller no longer reads (see `SocketReader.detach`): bytes it holds unread
 * are taken as the first TLS bytes.
 *
 * Resolves with the session once the client is verified. Rejects with
 * {@link NbdTlsHandshakeError} when the handshake fails, times out
 * (`settings.handshakeTimeoutMs`), the client goes away, or `signal` is
 * aborted; the socket is destroyed then.
 */
export function startTls(raw: Socket, settings: NbdTls, signal?: AbortSignal): Promise<TlsSession> {
  return new Promise<TlsSession>((resolve, reject) => {
    let identity: string | undefined;
    let unknownIdentity: string | undefined;
    let settled = false;
    const psk = settings.psk;
    const server = createServer({
      ...settings.serverOptions,
      handshakeTimeout: settings.handshakeTimeoutMs,
      ...(psk === undefined
        ? {}
        : {
            pskCallback: (_socket: TLSSocket, id: string): Buffer | null => {
              const key = psk.get(id);
              if (key === undefined) unknownIdentity = id;
              else identity = id;
              return key ?? null;
            },
          }),
    });
    // the TLS socket owns the handle from here and reports its failures; the plain socket's would be the same ones
    raw.on('error', () => undefined);
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      server.removeAllListeners();
      return true;
    };
    const onAbort = (): void => {
      if (!settle()) return;
      raw.destroy();
      reject(new NbdTlsHandshakeError('the TLS handshake was stopped: the NBD server is shutting down'));
    };
    server.on('secureConnection', (socket: TLSSocket) => {
      if (!settle()) return;
      const peer = psk !== undefined ? identity : settings.verifiesClients ? socket.getPeerX509Certificate()?.subject.replace(/\n/g, ', ') : undefined;
      resolve({ socket, protocol: socket.getProtocol() ?? 'TLS', cipher: socket.getCipher().name, peer });
    });
    server.on('tlsClientError', (e: Error, socket: TLSSocket) => {
      socket.destroy();
      raw.destroy();
      if (!settle()) return;
      const why = unknownIdentity === undefined ? `${reasonOf(e, socket)}; ${remedyFor(settings)}` : `the client's PSK identity '${unknownIdentity}' is not in the server's PSK file`;
      reject(new NbdTlsHandshakeError(`the TLS handshake failed: ${why}`, { cause: e }));
    });
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    server.emit('connection', raw);
  });
}
