/**
 * The web console's routes on the fake device layer: off by default (the
 * paths are unknown), the static files without a token and with their
 * content types and headers, the series route behind the same tokens as
 * the other reads, its shape and `since`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, testApp, TOKENS } from '../test-support/app.js';
import { CONSOLE_CSP } from './console-page.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  vi.useRealTimers();
});

const pageFile = (name: string): string => readFileSync(new URL(`../../console/${name}`, import.meta.url), 'utf8');
const uplotFile = (name: string): string => readFileSync(createRequire(import.meta.url).resolve(`uplot/dist/${name}`), 'utf8');

describe('the console, off (the default)', () => {
  it.each(['/console/', '/console', '/console/console.js', '/console/vendor/uPlot.iife.min.js', '/v1/console/series'])('answers %s like any unknown path', async (url) => {
    ({ app } = await testApp());
    const r = await app.inject({ url, headers: auth(TOKENS.read) });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ type: 'https://sgio.dev/problems/not-found' });
    const unknown = await app.inject({ url: '/nowhere' });
    const anonymous = await app.inject({ url });
    expect([anonymous.statusCode, anonymous.json<{ type: string }>().type]).toEqual([unknown.statusCode, unknown.json<{ type: string }>().type]);
  });

  it('runs no sampler and counts nothing for it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    // the health refresher off: its interval is the app's only other timer
    const r = await testApp({ healthIntervalMs: 0 });
    app = r.app;
    expect(vi.getTimerCount()).toBe(0);
    const observe = vi.spyOn(r.metrics, 'observeCommands');
    r.metrics.observeCommand('sg0', 0x12, 'INQUIRY', 'ok', 0.001, undefined);
    expect(observe).not.toHaveBeenCalled();
  });

  it('leaves the series route out of the OpenAPI document', async () => {
    ({ app } = await testApp());
    const doc = (await app.inject({ url: '/openapi.json', headers: auth(TOKENS.read) })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).not.toContain('/v1/console/series');
  });
});

describe('the console, on', () => {
  it.each([
    ['/console/', 'index.html', 'text/html; charset=utf-8'],
    ['/console/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['/console/console.js', 'console.js', 'text/javascript; charset=utf-8'],
    ['/console/console.css', 'console.css', 'text/css; charset=utf-8'],
  ])('serves %s without a token (%s, %s)', async (url, file, type) => {
    ({ app } = await testApp({ console: true }));
    const r = await app.inject({ url });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.body).toBe(pageFile(file));
    expect(r.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['/console/vendor/uPlot.iife.min.js', 'uPlot.iife.min.js', 'text/javascript; charset=utf-8'],
    ['/console/vendor/uPlot.min.css', 'uPlot.min.css', 'text/css; charset=utf-8'],
  ])('serves uPlot from its package: %s', async (url, file, type) => {
    ({ app } = await testApp({ console: true }));
    const r = await app.inject({ url });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.body).toBe(uplotFile(file));
  });

  it('the page loads exactly the files served, and carries the hooks a browser test needs', async () => {
    ({ app } = await testApp({ console: true }));
    const html = (await app.inject({ url: '/console/' })).body;
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.sort()).toEqual(['console.css', 'console.js', 'vendor/uPlot.iife.min.js', 'vendor/uPlot.min.css']);
    for (const ref of refs) expect((await app.inject({ url: `/console/${ref}` })).statusCode).toBe(200);
    expect(html).toMatch(/<section id="devices"/);
    expect(html).toMatch(/<div id="banner"/);
    expect(html).toMatch(/<body data-state="loading" data-samples="0">/);
    // no inline script: the policy forbids it
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const js = pageFile('console.js');
    for (const hook of ["'device'", 'data-health', 'dataset.device', 'dataset.key', 'dataset.chart', 'dataset.live', "setState('ready')", "setState('error')", 'dataset.samples']) expect(js).toContain(hook);
    for (const key of ['smart_status', 'temperature', 'power_on_hours', 'grown_defects', 'uncorrected_errors']) expect(js).toContain(`key: '${key}'`);
    for (const key of ['commands', 'latency', 'errors']) expect(js).toContain(`key: '${key}'`);
  });

  it('revalidates by ETag', async () => {
    ({ app } = await testApp({ console: true }));
    const first = await app.inject({ url: '/console/console.js' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await app.inject({ url: '/console/console.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await app.inject({ url: '/console/console.js', headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200);
  });

  it('redirects /console to /console/ and serves no other file', async () => {
    ({ app } = await testApp({ console: true }));
    const r = await app.inject({ url: '/console' });
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe('console/');
    for (const url of ['/console/../package.json', '/console/%2e%2e/package.json', '/console/tsconfig.json', '/console/vendor/uPlot.cjs.js', '/console/vendor/', '/console/x']) {
      const denied = await app.inject({ url, headers: auth(TOKENS.read) });
      expect(denied.statusCode, url).toBe(404);
    }
  });

  it('needs a token for the series (401 without, 401 with a wrong one), like the other reads', async () => {
    ({ app } = await testApp({ console: true }));
    const none = await app.inject({ url: '/v1/console/series' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer realm="sgiod"/);
    expect((await app.inject({ url: '/v1/console/series', headers: auth('wrong-token-0123456789abcdef') })).statusCode).toBe(401);
    for (const token of Object.values(TOKENS)) expect((await app.inject({ url: '/v1/console/series', headers: auth(token) })).statusCode).toBe(200);
  });

  it('answers every allowed device’s samples in columns, and only the newer ones with since', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date', 'setInterval', 'clearInterval'] });
    const r = await testApp({ console: true });
    app = r.app;
    // the fake layer runs no lane: count as the lanes' hook does
    r.metrics.observeCommand('sg0', 0x88, 'READ(16)', 'ok', 0.004, { direction: 'read', count: 4096 });
    r.metrics.observeCommand('sg0', 0x88, 'READ(16)', 'check_condition', 0.002, undefined);
    vi.advanceTimersByTime(1000);
    r.metrics.observeCommand('sg1', 0x8a, 'WRITE(16)', 'ok', 0.001, { direction: 'write', count: 512 });
    vi.advanceTimersByTime(1000);
    const t0 = Date.UTC(2026, 0, 1);

    const all = await app.inject({ url: '/v1/console/series', headers: auth(TOKENS.read) });
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toMatch(/^application\/json/);
    expect(all.json()).toEqual({
      intervalMs: 1000,
      devices: [
        {
          id: 'sg0',
          samples: { t: [t0 + 1000, t0 + 2000], commandsPerSecond: [2, 0], errorsPerSecond: [1, 0], meanLatencyMs: [3, null], readBytesPerSecond: [4096, 0], writeBytesPerSecond: [0, 0] },
        },
        {
          id: 'sg1',
          samples: { t: [t0 + 1000, t0 + 2000], commandsPerSecond: [0, 1], errorsPerSecond: [0, 0], meanLatencyMs: [null, 1], readBytesPerSecond: [0, 0], writeBytesPerSecond: [0, 512] },
        },
      ],
    });

    const newer = (await app.inject({ url: `/v1/console/series?since=${t0 + 1000}`, headers: auth(TOKENS.read) })).json<{ devices: { id: string; samples: { t: number[] } }[] }>();
    expect(newer.devices.map((d) => [d.id, d.samples.t])).toEqual([
      ['sg0', [t0 + 2000]],
      ['sg1', [t0 + 2000]],
    ]);
    const none = (await app.inject({ url: `/v1/console/series?since=${t0 + 2000}`, headers: auth(TOKENS.read) })).json<{ devices: { samples: { t: number[] } }[] }>();
    expect(none.devices.map((d) => d.samples.t)).toEqual([[], []]);
    for (const since of ['-1', 'yesterday', '1.5']) expect((await app.inject({ url: `/v1/console/series?since=${since}`, headers: auth(TOKENS.read) })).statusCode, since).toBe(400);
  });

  it('drops a device that left and starts one that came', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date', 'setInterval', 'clearInterval'] });
    const r = await testApp({ console: true });
    app = r.app;
    vi.advanceTimersByTime(3000);
    const rows = r.devices.list();
    vi.spyOn(r.devices, 'list').mockReturnValue([rows[1]!]);
    const body = (await app.inject({ url: '/v1/console/series', headers: auth(TOKENS.read) })).json<{ devices: { id: string; samples: { t: number[] } }[] }>();
    expect(body.devices.map((d) => [d.id, d.samples.t.length])).toEqual([['sg1', 3]]);
  });

  it('stops its timer when the app closes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    ({ app } = await testApp({ console: true, healthIntervalMs: 0 }));
    expect(vi.getTimerCount()).toBe(1);
    await app.close();
    app = undefined;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('documents the series route in OpenAPI, with its query and schema', async () => {
    ({ app } = await testApp({ console: true }));
    const doc = (await app.inject({ url: '/openapi.json', headers: auth(TOKENS.read) })).json<{
      paths: Record<string, { get: { tags: string[]; parameters: { name: string; in: string }[]; responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> } }>;
      tags: { name: string }[];
    }>();
    const series = doc.paths['/v1/console/series']!.get;
    expect(series.tags).toEqual(['console']);
    expect(series.parameters).toEqual([expect.objectContaining({ name: 'since', in: 'query' })]);
    expect(Object.keys(series.responses['200']!.content['application/json']!.schema.properties).sort()).toEqual(['devices', 'intervalMs']);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
    expect(doc.tags.map((t) => t.name)).toContain('console');
  });
});
