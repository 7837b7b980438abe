/**
 * What the HTTP server itself enforces, from the configuration: how long a
 * client may take to send its headers, how long the whole request may take
 * (the body has its own, tighter deadline in the block write route, which
 * answers; Node's own limit only closes the connection, so it sits above
 * it), and how often Node checks those two.
 */
import type { ServerConfig } from '../config/config.js';

/** Slack between the route's body deadline and Node's whole-request limit, so the route answers first. */
export const REQUEST_TIMEOUT_SLACK_MS = 5000;

/** The `node:http` server options of sgiod. */
export interface ServerLimits {
  /** Time to receive the request headers (Node `headersTimeout`). */
  readonly headersTimeout: number;
  /** Time to receive the whole request (Node `requestTimeout`): headers, then the body deadline, plus slack. */
  readonly requestTimeout: number;
  /** How often Node looks for connections past those limits (its default, 30 s, would let a stalled client linger that long). */
  readonly connectionsCheckingInterval: number;
}

/** The server options for `config`. */
export function connectionLimits(config: ServerConfig): { readonly server: ServerLimits } {
  const headersTimeout = config.headersTimeoutMs;
  return {
    server: {
      headersTimeout,
      requestTimeout: headersTimeout + config.bodyTimeoutMs + REQUEST_TIMEOUT_SLACK_MS,
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
    },
  };
}
