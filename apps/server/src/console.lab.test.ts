/**
 * sgiod's console in a real browser against real devices: sgiod runs in
 * the lab guest on the real sg driver with the console on, a headless
 * Chromium on the host (the lab's `--browser`) loads the page over the lab
 * link, and the test checks what the page draws — the device, its health
 * as `GET …/health` reports it, and charts whose pixels show the command
 * rate and the errors the test caused (screenshots decoded and measured,
 * not HTML fetched).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { clearFaults, hostBrowserEndpoint, injectFault, labLink, requireLab, ScsiDebugOpts } from '@sgio/lab';
import { PNG } from 'pngjs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config/load.js';
import { startServer, type RunningServer } from './server.js';

requireLab('The sgiod console browser test');

const READ = 'lab-console-token-0123456789abcdef';
const PORT = 7398;
/** Screenshots land here for a person to look at (the assertions do not read them back). */
const SHOTS = '/tmp/sgiod-console-shots';
let server: RunningServer;
let browser: Browser;
let page: Page;
let base = '';

/** Rows of a PNG that hold saturated (series-coloured) pixels: axes, grid and text are grey. */
function inkRows(png: Buffer): { rows: number; span: number; pixels: number } {
  const img = PNG.sync.read(png);
  const rows = new Set<number>();
  let pixels = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      const r = img.data[i]!;
      const g = img.data[i + 1]!;
      const b = img.data[i + 2]!;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) {
        rows.add(y);
        pixels++;
      }
    }
  }
  const sorted = [...rows].sort((a, b) => a - b);
  return { rows: rows.size, span: sorted.length ? sorted.at(-1)! - sorted[0]! : 0, pixels };
}

async function chartShot(device: string, chart: string, name: string): Promise<Buffer> {
  const el = await page.$(`article.device[data-device="${device}"] .chart[data-chart="${chart}"]`);
  expect(el, `chart ${chart} of ${device}`).not.toBeNull();
  const png = Buffer.from(await el!.screenshot({ type: 'png' }));
  writeFileSync(`${SHOTS}/${name}.png`, png);
  return png;
}

async function get(path: string): Promise<Response> {
  return fetch(`${base}${path}`, { headers: { authorization: `Bearer ${READ}` } });
}

async function samplesDrawn(): Promise<number> {
  return Number(await page.evaluate('document.body.dataset.samples ?? 0'));
}

beforeAll(async () => {
  const { guestAddress } = labLink('The sgiod console browser test');
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer(
    resolveConfig({ host: guestAddress, insecure: true /* the lab's private host-guest link */, port: PORT, allow: ['/dev/sg0'], logLevel: 'silent', console: true, tokens: [{ name: 'r', token: READ, scopes: ['read'] }] }),
  );
  base = `http://${guestAddress}:${PORT}`;
  browser = await puppeteer.connect({ browserWSEndpoint: hostBrowserEndpoint('The sgiod console browser test') });
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
}, 120_000);

/**
 * Runs one teardown step, failing with its name when it takes longer than
 * `ms`. (In two CI runs server.close() waited over 25 s: Chromium had
 * preconnected a socket it never used, which Node counts as active and
 * close() waited for; http/close-connections.ts now ends such connections,
 * and close-connections.test.ts proves it without a browser.)
 */
async function step(name: string, work: () => Promise<unknown>, ms = 25_000): Promise<void> {
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([work(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`console test teardown: ${name} did not end within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
    console.log(`console test teardown: ${name} ${(performance.now() - t0).toFixed(0)} ms`);
  }
}

afterAll(async () => {
  clearFaults();
  await step('page.close()', () => page?.close().catch(() => undefined) ?? Promise.resolve());
  await step('browser.disconnect()', () => browser?.disconnect() ?? Promise.resolve());
  // what Chromium still holds open to sgiod when it closes (the connections close() must end itself)
  if (server) console.log(`console test teardown: ${await new Promise<number>((resolve) => server.app.server.getConnections((_e, n) => resolve(n)))} connection(s) open before close`);
  await step('server.close()', () => server?.close() ?? Promise.resolve(), 15_000);
}, 90_000);

describe('the console in a real browser', () => {
  it('draws the device, its health as the API reports it, and the command rate and errors the test causes', { timeout: 120_000 }, async () => {
    await page.goto(`${base}/console/#token=${READ}`);
    // (page functions are passed as text: this package is typed for Node, not the DOM)
    await page.waitForFunction("['ready', 'error'].includes(document.body.dataset.state)", { timeout: 60_000 });
    expect(await page.evaluate("document.body.dataset.state + ' ' + (document.querySelector('#banner')?.textContent ?? '')")).toMatch(/^ready/);
    await page.waitForSelector('article.device[data-device="sg0"] dl.health[data-health="ok"]', { timeout: 60_000 });
    await page.screenshot({ path: `${SHOTS}/page-ready.png`, fullPage: true });

    // the health the page shows is the API's
    const health = (await (await get('/v1/devices/sg0/health')).json()) as { smart_status: { passed: boolean }; temperature?: { current: number } };
    const shown = (await page.evaluate(
      "Object.fromEntries([...document.querySelectorAll('article.device[data-device=\"sg0\"] dl.health dd[data-key]')].map((d) => [d.dataset.key, d.textContent.trim()]))",
    )) as Record<string, string>;
    expect(shown.smart_status).toMatch(health.smart_status.passed ? /passed/i : /fail/i);
    expect(health.temperature?.current).toBeTypeOf('number');
    expect(shown.temperature).toContain(String(health.temperature!.current));
    expect(shown.grown_defects).toMatch(/not reported/i); // scsi_debug has no READ DEFECT DATA

    const quiet = inkRows(await chartShot('sg0', 'commands', 'commands-before'));

    // load: block reads through the API, then reads of a block with an injected medium error
    const before = await samplesDrawn();
    for (let i = 0; i < 60; i++) expect((await get(`/v1/devices/sg0/blocks?lba=${i * 8}&count=8`)).status).toBe(200);
    injectFault({ everyNth: 0, opts: ScsiDebugOpts.medium });
    try {
      for (let i = 0; i < 6; i++) expect((await get(`/v1/devices/sg0/blocks?lba=${0x1234}&count=1`)).status).toBeGreaterThanOrEqual(400);
    } finally {
      clearFaults();
    }
    // the page polls every 2 s: wait until it has drawn the seconds after the load
    await page.waitForFunction(`Number(document.body.dataset.samples ?? 0) >= ${before + 4}`, { timeout: 30_000 });
    const series = (await (await get('/v1/console/series')).json()) as { devices: { id: string; samples: { commandsPerSecond: number[]; errorsPerSecond: number[] } }[] };
    const sg0 = series.devices.find((d) => d.id === 'sg0')! as (typeof series.devices)[number] & { samples: { meanLatencyMs: (number | null)[] } };
    // a wall-clock latency for every second with commands (the driver's own whole-ms measure is 0 here), none without
    sg0.samples.commandsPerSecond.forEach((rate, i) => expect(sg0.samples.meanLatencyMs[i] === null, `second ${i}`).toBe(rate === 0));
    expect(sg0.samples.meanLatencyMs.filter((ms) => ms !== null && ms > 0).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sg0.samples.commandsPerSecond)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...sg0.samples.errorsPerSecond)).toBeGreaterThanOrEqual(1);

    const busy = inkRows(await chartShot('sg0', 'commands', 'commands-after'));
    const errors = inkRows(await chartShot('sg0', 'errors', 'errors-after'));
    const latency = inkRows(await chartShot('sg0', 'latency', 'latency-after'));
    await page.screenshot({ path: `${SHOTS}/page-after.png`, fullPage: true });
    console.log(`console charts (coloured rows/span/pixels): commands before ${JSON.stringify(quiet)}, after ${JSON.stringify(busy)}; errors ${JSON.stringify(errors)}; latency ${JSON.stringify(latency)}`);
    // a flat line is a row or two of colour; the load's rise and fall spans much of the plot's height
    expect(busy.span).toBeGreaterThan(40);
    // (the page's own health read already shows as a spike before the load: the load adds line, it does not start it)
    expect(busy.pixels).toBeGreaterThan(quiet.pixels);
    expect(errors.span).toBeGreaterThan(40);
    // the latency line is drawn; how tall it is depends on how much the device's per-second means differ, which is
    // the disk's timing, not the page's (CI measured spans of 17 and 10 rows for the same code). Its values are the
    // series checked above.
    expect(latency.rows).toBeGreaterThan(0);
    expect(latency.pixels).toBeGreaterThan(0);
  });

  it('a refused token shows the token form and says so, drawing nothing', { timeout: 60_000 }, async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${base}/console/#token=not-a-token-0123456789`);
      await other.waitForFunction("document.body.dataset.state === 'error'", { timeout: 30_000 });
      expect(await other.evaluate("document.querySelector('#banner').textContent")).toMatch(/token refused/i);
      expect(await other.$$('article.device')).toHaveLength(0);
      expect(await other.$('form#token-form input#token')).not.toBeNull();
    } finally {
      await other.close();
    }
  });
});
