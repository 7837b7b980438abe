/**
 * What the NBD protocol's TLS section makes a server answer during option
 * haggling, as pure decisions: which options wait for TLS (FORCEDTLS), and
 * how NBD_OPT_STARTTLS itself is answered. The server layer does the
 * answering and the socket upgrade.
 */
import { Option, Reply } from './constants.js';

/**
 * How a server offers TLS: `'off'` never (NOTLS), `'on'` at the client's
 * choice (the spec's SELECTIVETLS with no TLS-only export), `'require'`
 * before anything else (FORCEDTLS).
 */
export type TlsMode = 'off' | 'on' | 'require';

/** Where one connection stands with TLS. */
export interface TlsState {
  /** The server's mode. */
  readonly mode: TlsMode;
  /** The client set NBD_FLAG_C_FIXED_NEWSTYLE (without it the spec allows no TLS at all). */
  readonly fixedNewstyle: boolean;
  /** The TLS handshake has completed on this connection. */
  readonly secure: boolean;
}

/** What to do with an option before its own handling. */
export type OptionGate =
  | {
      /** Handle the option as usual. */
      readonly action: 'pass';
    }
  | {
      /** Answer NBD_REP_ERR_TLS_REQD with `message` and wait for the next option. */
      readonly action: 'tls-required';
      /** Why, for the client's user. */
      readonly message: string;
    }
  | {
      /** End the session: the option cannot be answered with an error (NBD_OPT_EXPORT_NAME) or TLS is impossible on it. */
      readonly action: 'close';
      /** Why, for the server's log. */
      readonly reason: string;
    };

/** The message sent with NBD_REP_ERR_TLS_REQD. */
export const TLS_REQUIRED_MESSAGE = 'this server requires TLS: send NBD_OPT_STARTTLS first (with libnbd tools, an nbds:// or nbds+unix:// URI)';

/**
 * Whether `option` may be handled now. In `'require'` mode every option
 * before TLS except NBD_OPT_STARTTLS and NBD_OPT_ABORT is refused with
 * NBD_REP_ERR_TLS_REQD, and NBD_OPT_EXPORT_NAME (which has no error reply)
 * ends the session. A client without fixed newstyle cannot start TLS at
 * all, so a `'require'` server ends its session at its first option.
 */
export function gateOption(option: number, state: TlsState): OptionGate {
  if (state.mode !== 'require' || state.secure) return { action: 'pass' };
  if (!state.fixedNewstyle) return { action: 'close', reason: 'the client did not set NBD_FLAG_C_FIXED_NEWSTYLE, so it cannot start TLS, and this server requires TLS' };
  if (option === Option.STARTTLS || option === Option.ABORT) return { action: 'pass' };
  if (option === Option.EXPORT_NAME) return { action: 'close', reason: 'NBD_OPT_EXPORT_NAME before TLS on a server that requires TLS (the option has no error reply: the session ends)' };
  return { action: 'tls-required', message: TLS_REQUIRED_MESSAGE };
}

/** How NBD_OPT_STARTTLS is answered. */
export type StartTlsAnswer =
  | {
      /** Send NBD_REP_ACK, then run the TLS handshake as the server. */
      readonly action: 'upgrade';
    }
  | {
      /** Send this error reply and go on without TLS (or with the TLS already running). */
      readonly action: 'error';
      /** The reply type (bit 31 set). */
      readonly reply: number;
      /** Why, for the client's user. */
      readonly message: string;
    };

/**
 * The answer to NBD_OPT_STARTTLS carrying `payloadLength` bytes of data:
 * NBD_REP_ERR_UNSUP on a server without TLS, NBD_REP_ERR_POLICY for a
 * client without fixed newstyle, NBD_REP_ERR_INVALID once TLS runs or when
 * the option carries data, else the upgrade.
 */
export function answerStartTls(payloadLength: number, state: TlsState): StartTlsAnswer {
  if (state.mode === 'off') return { action: 'error', reply: Reply.ERR_UNSUP, message: 'this server does not offer TLS: connect through its Unix socket, or a loopback TCP address' };
  if (state.secure) return { action: 'error', reply: Reply.ERR_INVALID, message: 'TLS is already running on this connection' };
  if (!state.fixedNewstyle) return { action: 'error', reply: Reply.ERR_POLICY, message: 'TLS needs fixed newstyle negotiation: set NBD_FLAG_C_FIXED_NEWSTYLE' };
  if (payloadLength !== 0) return { action: 'error', reply: Reply.ERR_INVALID, message: 'NBD_OPT_STARTTLS takes no data' };
  return { action: 'upgrade' };
}
