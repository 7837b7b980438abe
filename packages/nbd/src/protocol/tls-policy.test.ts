import { describe, expect, it } from 'vitest';
import { Option, Reply } from './constants.js';
import { answerStartTls, gateOption, TLS_REQUIRED_MESSAGE, type TlsState } from './tls-policy.js';

const state = (mode: TlsState['mode'], secure = false, fixedNewstyle = true): TlsState => ({ mode, secure, fixedNewstyle });
const ALL = [Option.EXPORT_NAME, Option.ABORT, Option.LIST, Option.STARTTLS, Option.INFO, Option.GO, Option.STRUCTURED_REPLY, Option.LIST_META_CONTEXT, Option.SET_META_CONTEXT, 99];

describe('gateOption', () => {
  it("'off' and 'on' pass every option, before and after TLS (NOTLS and SELECTIVETLS never answer TLS_REQD)", () => {
    for (const mode of ['off', 'on'] as const) for (const o of ALL) for (const secure of [false, true]) expect(gateOption(o, state(mode, secure))).toEqual({ action: 'pass' });
  });

  it("'require' before TLS: STARTTLS and ABORT pass, EXPORT_NAME closes, the rest is TLS_REQD", () => {
    const gates = Object.fromEntries(ALL.map((o) => [o, gateOption(o, state('require')).action]));
    expect(gates).toEqual({ 1: 'close', 2: 'pass', 3: 'tls-required', 5: 'pass', 6: 'tls-required', 7: 'tls-required', 8: 'tls-required', 9: 'tls-required', 10: 'tls-required', 99: 'tls-required' });
    expect(gateOption(Option.GO, state('require'))).toEqual({ action: 'tls-required', message: TLS_REQUIRED_MESSAGE });
  });

  it("'require' after TLS passes everything; without fixed newstyle the session ends", () => {
    for (const o of ALL) expect(gateOption(o, state('require', true))).toEqual({ action: 'pass' });
    for (const o of ALL) expect(gateOption(o, state('require', false, false)).action).toBe('close');
  });
});

describe('answerStartTls', () => {
  it('upgrades once, with no data, for a fixed newstyle client of a server with TLS', () => {
    expect(answerStartTls(0, state('on'))).toEqual({ action: 'upgrade' });
    expect(answerStartTls(0, state('require'))).toEqual({ action: 'upgrade' });
  });

  it('ERR_UNSUP without TLS, ERR_INVALID once TLS runs or with data, ERR_POLICY without fixed newstyle', () => {
    const reply = (n: number, s: TlsState): number | undefined => {
      const a = answerStartTls(n, s);
      return a.action === 'error' ? a.reply : undefined;
    };
    expect(reply(0, state('off'))).toBe(Reply.ERR_UNSUP);
    expect(reply(0, state('require', true))).toBe(Reply.ERR_INVALID);
    expect(reply(0, state('on', true))).toBe(Reply.ERR_INVALID);
    expect(reply(4, state('require'))).toBe(Reply.ERR_INVALID);
    expect(reply(0, state('on', false, false))).toBe(Reply.ERR_POLICY);
  });
});
