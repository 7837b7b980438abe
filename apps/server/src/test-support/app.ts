/** Builds an app over {@link FakeDevices} with three tokens, for inject() tests. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { DEFAULT_CONFIG, type ServerConfig } from '../config/config.js';
import { ServerMetrics } from '../metrics/metrics.js';
import { FakeDevices } from './fake-devices.js';

/** Tokens of the test app, by what they may do. */
export const TOKENS = {
  read: 'read-token-0123456789abcdef',
  write: 'write-token-0123456789abcdef',
  raw: 'raw-token-0123456789abcdef',
  all: 'all-token-0123456789abcdef',
} as const;

/** The configuration of the test app, with overrides. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    ...DEFAULT_CONFIG,
    tokens: [
      { name: 'reader', token: TOKENS.read, scopes: ['read'] },
      { name: 'writer', token: TOKENS.write, scopes: ['read', 'write'] },
      { name: 'raw', token: TOKENS.raw, scopes: ['read', 'raw'] },
      { name: 'all', token: TOKENS.all, scopes: ['read', 'write', 'raw'] },
    ],
    ...overrides,
  };
}

/** A test app and its fake devices. */
export async function testApp(overrides: Partial<ServerConfig> = {}): Promise<{ app: FastifyInstance; devices: FakeDevices; metrics: ServerMetrics }> {
  const devices = new FakeDevices();
  const metrics = new ServerMetrics({ processMetrics: false });
  const app = await buildApp(testConfig(overrides), { devices, metrics, logger: false });
  await app.ready();
  return { app, devices, metrics };
}

/** The Authorization header for a token. */
export function auth(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
