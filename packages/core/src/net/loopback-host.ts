/**
 * Whether a listen address stays on this machine: the one rule both
 * serving commands apply before they serve plain text (sgiod's HTTP
 * without TLS, `sgio nbd --tcp` without TLS).
 */
import { isIP } from 'node:net';

/** True for addresses that never leave this machine (127.0.0.0/8, ::1, IPv4-mapped 127.x, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}
