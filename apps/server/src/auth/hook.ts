/**
 * The authentication hook: every route needs a bearer token except those
 * marked `config: { public: true }` (`/healthz`); a route's
 * `config.scope` names the scope the token must carry.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Scope } from '../config/config.js';
import { ProblemError } from '../errors/problem-error.js';
import type { Principal, TokenStore } from './token-store.js';

/** Per-route options the hook reads. */
export interface AuthRouteConfig {
  /** No token needed. */
  readonly public?: boolean;
  /** The scope the token must carry (default `read`). */
  readonly scope?: Scope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No token needed. */
    public?: boolean;
    /** The scope the token must carry (default `read`). */
    scope?: Scope;
  }
  interface FastifyRequest {
    /** The token's identity, once authenticated. */
    principal?: Principal;
  }
}

const REALM = 'Bearer realm="sgiod"';

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer[ ]+([\x21-\x7e]+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

/** Installs the hook on `app`. */
export function installAuth(app: FastifyInstance, tokens: TokenStore): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      authenticate(request, tokens);
      done();
    } catch (e) {
      done(e as Error);
    }
  });
}

function authenticate(request: FastifyRequest, tokens: TokenStore): void {
  const config: AuthRouteConfig = request.routeOptions.config ?? {};
  if (config.public) return;
  const token = bearer(request);
  if (token === undefined) {
    throw new ProblemError(401, 'unauthorized', 'Authentication required', 'Send a bearer token: Authorization: Bearer <token>.', {
      headers: { 'www-authenticate': REALM },
    });
  }
  const principal = token === '' ? undefined : tokens.verify(token);
  if (!principal) {
    throw new ProblemError(401, 'invalid-token', 'Invalid token', 'The bearer token is not valid for this server.', {
      headers: { 'www-authenticate': `${REALM}, error="invalid_token"` },
    });
  }
  request.principal = principal;
  const scope = config.scope ?? 'read';
  if (!principal.scopes.has(scope)) {
    throw new ProblemError(403, 'insufficient-scope', 'Insufficient scope', `This request needs a token with the '${scope}' scope.`, {
      headers: { 'www-authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"` },
      extensions: { requiredScope: scope },
    });
  }
}
