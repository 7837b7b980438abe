/**
 * Token look-up in constant time: every configured token is hashed once;
 * a presented token is hashed and compared against all of them with
 * `timingSafeEqual`, without stopping at the first match, so the time taken
 * says nothing about how much of a token was right or which one matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Scope, TokenEntry } from '../config/config.js';

/** The identity behind a valid token. */
export interface Principal {
  /** The token's name (for logs). */
  readonly name: string;
  /** Its scopes. */
  readonly scopes: ReadonlySet<Scope>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The configured tokens. */
export class TokenStore {
  #entries: { hash: Buffer; principal: Principal }[];

  constructor(tokens: readonly TokenEntry[]) {
    this.#entries = TokenStore.#hash(tokens);
  }

  static #hash(tokens: readonly TokenEntry[]): { hash: Buffer; principal: Principal }[] {
    return tokens.map((t) => ({ hash: digest(t.token), principal: { name: t.name, scopes: new Set(t.scopes) } }));
  }

  /** Swaps in a new token list at once (SIGHUP reload: a removed token stops working for the next request). */
  replace(tokens: readonly TokenEntry[]): void {
    this.#entries = TokenStore.#hash(tokens);
  }

  /** Number of tokens. */
  get size(): number {
    return this.#entries.length;
  }

  /** The principal of `token`, or undefined; constant time in the token's content. */
  verify(token: string): Principal | undefined {
    const presented = digest(token);
    let found: Principal | undefined;
    for (const e of this.#entries) {
      if (timingSafeEqual(presented, e.hash) && found === undefined) found = e.principal;
    }
    return found;
  }
}
