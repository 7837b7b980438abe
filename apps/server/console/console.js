// @ts-check
/**
 * The sgiod web console: devices, their health, and live command rate,
 * latency and errors per device, drawn with uPlot from the server's own
 * samples (GET /v1/console/series). Plain browser JavaScript (ES2020), no
 * build step.
 *
 * The token comes from the URL fragment (#token=..., never sent to the
 * server: the fragment is removed from the address bar at once) or from the
 * form, and is kept in this tab's sessionStorage. Every data request carries
 * it as a bearer token.
 *
 * Cost on the server: one small series request every 2 s; the health of each
 * device (about 20 SCSI commands) once when the page loads and then at most
 * every 60 s, one device at a time, not while the tab is hidden.
 *
 * Hooks for tests: body[data-state] is loading | token | ready | error
 * (with the message in #banner); body[data-samples] counts the samples drawn
 * so far; each device is article.device[data-device=ID] with
 * dl.health[data-health=loading|ok|error] > dd[data-key], div.chart[data-chart]
 * and span[data-live].
 */
(() => {
  'use strict';

  const TOKEN_KEY = 'sgiod-console-token';
  const SERIES_EVERY_MS = 2000;
  const HEALTH_EVERY_MS = 60000;
  const SERIES_TIMEOUT_MS = 10000;
  const HEALTH_TIMEOUT_MS = 90000;
  const WINDOW_S = 300;
  const CHART_HEIGHT = 160;
  /** The API, relative to this page (/console/ → /v1/), so a path prefix in front of sgiod works. */
  const API = new URL('../v1/', document.baseURI);

  const CHARTS = [
    { key: 'commands', title: 'commands/s', column: 'commandsPerSecond', stroke: '#2563eb', fill: 'rgba(37, 99, 235, 0.12)' },
    { key: 'latency', title: 'mean latency, ms', column: 'meanLatencyMs', stroke: '#9333ea', fill: 'rgba(147, 51, 234, 0.10)' },
    { key: 'errors', title: 'errors/s', column: 'errorsPerSecond', stroke: '#dc2626', fill: 'rgba(220, 38, 38, 0.12)' },
  ];

  const HEALTH_FACTS = [
    { key: 'smart_status', label: 'SMART status' },
    { key: 'temperature', label: 'Temperature' },
    { key: 'power_on_hours', label: 'Power-on hours' },
    { key: 'grown_defects', label: 'Grown defects' },
    { key: 'uncorrected_errors', label: 'Uncorrected errors' },
  ];

  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const banner = $('banner');
  const form = /** @type {HTMLFormElement} */ ($('token-form'));
  const tokenInput = /** @type {HTMLInputElement} */ ($('token'));
  const tokenMessage = $('token-message');
  const forget = $('forget');
  const updated = $('updated');
  const list = $('devices');
  const ASK = tokenMessage.textContent || '';

  /** Thrown for a 401: the token is wrong or was revoked. */
  class TokenRefused extends Error {}
  /** Thrown when sgiod does not answer at all. */
  class Unreachable extends Error {}
  /** Thrown for any other failed answer (a problem document). */
  class ApiError extends Error {
    /** @param {number} status @param {string} message */
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * @typedef {{ t: number[], commandsPerSecond: number[], errorsPerSecond: number[], meanLatencyMs: (number|null)[], readBytesPerSecond: number[], writeBytesPerSecond: number[] }} Samples
   * @typedef {{ key: string, el: HTMLElement, plot: any, drawn: boolean }} Chart
   * @typedef {{ id: string, article: HTMLElement, health: HTMLElement, charts: Chart[], live: Record<string, HTMLElement>, x: number[], y: Record<string, (number|null)[]> }} Device
   */

  /** @type {string | null} */
  let token = null;
  /** @type {Map<string, Device>} */
  let devices = new Map();
  /** The newest sample time received (epoch ms), for ?since=. */
  let since = 0;
  let samplesDrawn = 0;
  /** Bumped on every (re)start: the loops of an older run stop. */
  let run = 0;
  let healthAt = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let seriesTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let healthTimer;

  function setState(/** @type {string} */ state) {
    document.body.dataset.state = state;
  }

  function showBanner(/** @type {string} */ message) {
    banner.textContent = message;
    banner.hidden = false;
  }

  function hideBanner() {
    banner.hidden = true;
    banner.textContent = '';
  }

  /** GET a path under /v1/ with the token; JSON back, or one of the errors above. */
  async function api(/** @type {string} */ path, /** @type {number} */ timeoutMs) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response;
    try {
      response = await fetch(new URL(path, API).href, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        signal: abort.signal,
      });
    } catch (e) {
      throw new Unreachable(abort.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : String(e instanceof Error ? e.message : e));
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 401) throw new TokenRefused('token refused');
    let body;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (!response.ok) throw new ApiError(response.status, (body && (body.detail || body.title)) || `HTTP ${response.status}`);
    return body;
  }

  // ---- the token

  function tokenFromFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const given = params.get('token');
    if (given === null) return null;
    // out of the address bar and the history at once
    history.replaceState(null, '', location.pathname + location.search);
    return given.trim();
  }

  /** Shows the token form; `refused`: because sgiod refused the token (401). */
  function askForToken(/** @type {boolean} */ refused) {
    stop();
    forget.hidden = true;
    form.hidden = false;
    if (refused) {
      sessionStorage.removeItem(TOKEN_KEY);
      tokenMessage.textContent = 'That token was refused. Give a token with the read scope.';
      setState('error');
      showBanner('Token refused: sgiod does not accept this token (401). Give another one below.');
    } else {
      tokenMessage.textContent = ASK;
      setState('token');
    }
    tokenInput.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const given = tokenInput.value.trim();
    if (!given) return;
    tokenInput.value = '';
    useToken(given);
  });

  forget.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    clearDevices();
    hideBanner();
    askForToken(false);
  });

  function useToken(/** @type {string} */ given) {
    token = given;
    sessionStorage.setItem(TOKEN_KEY, given);
    form.hidden = true;
    forget.hidden = false;
    void start();
  }

  // ---- formatting

  function number(/** @type {number} */ v) {
    if (!Number.isFinite(v)) return '–';
    if (Math.abs(v) >= 100) return String(Math.round(v));
    return String(Math.round(v * 10) / 10);
  }

  /** The health facts as shown, from smartctl's JSON; undefined for a fact the device does not report. */
  function healthFacts(/** @type {any} */ doc) {
    const num = (/** @type {unknown} */ v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    /** @type {Record<string, string | undefined>} */
    const out = {};
    const passed = doc.smart_status && doc.smart_status.passed;
    out.smart_status = passed === true ? 'passed' : passed === false ? 'FAILED' : undefined;
    const temperature = num(doc.temperature && doc.temperature.current);
    const trip = num(doc.temperature && doc.temperature.drive_trip);
    out.temperature = temperature === undefined ? undefined : `${temperature} °C${trip === undefined ? '' : ` (trip ${trip} °C)`}`;
    const hours = num(doc.power_on_time && doc.power_on_time.hours);
    out.power_on_hours = hours === undefined ? undefined : String(hours);
    const defects = num(doc.scsi_grown_defect_list);
    out.grown_defects = defects === undefined ? undefined : String(defects);
    const log = doc.scsi_error_counter_log;
    if (log && typeof log === 'object') {
      const parts = ['read', 'write', 'verify']
        .map((kind) => [kind, num(log[kind] && log[kind].total_uncorrected_errors)])
        .filter((p) => p[1] !== undefined);
      const total = parts.reduce((sum, p) => sum + /** @type {number} */ (p[1]), 0);
      out.uncorrected_errors = parts.length === 0 ? undefined : `${total} (${parts.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
    }
    return out;
  }

  // ---- the device list

  /** @param {any} row a row of GET /v1/devices */
  function deviceArticle(row) {
    const article = document.createElement('article');
    article.className = 'device';
    article.dataset.device = row.id;
    const h2 = document.createElement('h2');
    h2.textContent = row.id;
    const about = document.createElement('small');
    about.textContent = [[row.vendor, row.model, row.revision].filter(Boolean).join(' '), row.hctl, row.path].filter(Boolean).join(' · ');
    h2.append(' ', about);
    const health = document.createElement('dl');
    health.className = 'health';
    health.dataset.health = 'loading';
    for (const fact of HEALTH_FACTS) {
      const dt = document.createElement('dt');
      dt.textContent = fact.label;
      const dd = document.createElement('dd');
      dd.dataset.key = fact.key;
      dd.textContent = '…';
      health.append(dt, dd);
    }
    const live = document.createElement('p');
    live.className = 'live';
    /** @type {Record<string, HTMLElement>} */
    const spans = {};
    for (const chart of CHARTS) {
      const span = document.createElement('span');
      span.dataset.live = chart.key;
      span.textContent = '–';
      spans[chart.key] = span;
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = chart.title;
      live.append(label, ' ', span, ' ');
    }
    const charts = document.createElement('div');
    charts.className = 'charts';
    /** @type {Chart[]} */
    const chartList = CHARTS.map((c) => {
      const el = document.createElement('div');
      el.className = 'chart';
      el.dataset.chart = c.key;
      charts.append(el);
      return { key: c.key, el, plot: null, drawn: false };
    });
    article.append(h2, health, live, charts);
    /** @type {Record<string, (number|null)[]>} */
    const y = {};
    for (const c of CHARTS) y[c.key] = [];
    return { id: row.id, article, health, charts: chartList, live: spans, x: [], y };
  }

  function clearDevices() {
    for (const d of devices.values()) for (const c of d.charts) if (c.plot) c.plot.destroy();
    devices = new Map();
    list.replaceChildren();
  }

  /** Shows exactly the devices of `rows` (a new one is added, one that left removed). */
  function showDevices(/** @type {any[]} */ rows) {
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, d] of devices) {
      if (ids.has(id)) continue;
      for (const c of d.charts) if (c.plot) c.plot.destroy();
      d.article.remove();
      devices.delete(id);
    }
    /** @type {Map<string, Device>} */
    const next = new Map();
    for (const row of rows) {
      let d = devices.get(row.id);
      if (!d) d = deviceArticle(row);
      list.append(d.article);
      next.set(row.id, d);
    }
    devices = next;
    if (rows.length === 0) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'No devices: sgiod serves none (see its --allow list).';
      list.replaceChildren(p);
    } else {
      list.querySelector('p.empty')?.remove();
    }
  }

  // ---- charts

  /** @param {Device} d @param {Chart} chart */
  function makePlot(d, chart) {
    const spec = /** @type {(typeof CHARTS)[number]} */ (CHARTS.find((c) => c.key === chart.key));
    // the global the vendor script defines
    const UPlot = /** @type {any} */ (window).uPlot;
    const width = Math.max(200, Math.floor(chart.el.clientWidth || 300));
    chart.plot = new UPlot(
      {
        title: spec.title,
        width,
        height: CHART_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: {
            time: true,
            range: (/** @type {any} */ _u, /** @type {number|null} */ _min, /** @type {number|null} */ max) => {
              const end = max === null || max === undefined ? Date.now() / 1000 : max;
              return [end - WINDOW_S, end];
            },
          },
          y: {
            range: (/** @type {any} */ _u, /** @type {number|null} */ _min, /** @type {number|null} */ max) => [0, max === null || max === undefined || max <= 0 ? 1 : max * 1.1],
          },
        },
        axes: [{}, { size: 56 }],
        series: [{}, { label: spec.title, stroke: spec.stroke, fill: spec.fill, width: 1.5, spanGaps: false, points: { show: false } }],
        hooks: {
          draw: [
            () => {
              if (chart.drawn) return;
              chart.drawn = true;
              maybeReady();
            },
          ],
        },
      },
      [d.x, d.y[chart.key]],
      chart.el,
    );
  }

  /** Appends `samples` to the device's data (the newest WINDOW_S kept) and redraws its charts. */
  function draw(/** @type {Device} */ d, /** @type {Samples} */ samples) {
    const n = samples.t.length;
    for (let i = 0; i < n; i++) {
      d.x.push(samples.t[i] / 1000);
      for (const c of CHARTS) d.y[c.key].push(/** @type {any} */ (samples)[c.column][i]);
    }
    const extra = d.x.length - WINDOW_S;
    if (extra > 0) {
      d.x.splice(0, extra);
      for (const c of CHARTS) d.y[c.key].splice(0, extra);
    }
    for (const chart of d.charts) {
      if (!chart.plot) makePlot(d, chart);
      else if (n > 0) chart.plot.setData([d.x, d.y[chart.key]]);
    }
    if (n > 0) {
      for (const c of CHARTS) {
        const last = /** @type {any} */ (samples)[c.column][n - 1];
        d.live[c.key].textContent = last === null ? '–' : number(last);
      }
      samplesDrawn += n;
      document.body.dataset.samples = String(samplesDrawn);
    }
  }

  function maybeReady() {
    if (document.body.dataset.state !== 'loading') return;
    for (const d of devices.values()) for (const c of d.charts) if (!c.drawn) return;
    setState('ready');
  }

  let resizing = false;
  window.addEventListener('resize', () => {
    if (resizing) return;
    resizing = true;
    requestAnimationFrame(() => {
      resizing = false;
      for (const d of devices.values()) {
        for (const c of d.charts) if (c.plot) c.plot.setSize({ width: Math.max(200, Math.floor(c.el.clientWidth || 300)), height: CHART_HEIGHT });
      }
    });
  });

  // ---- the loops

  function stop() {
    run++;
    clearTimeout(seriesTimer);
    clearTimeout(healthTimer);
  }

  /** Reports a failure of a loop: a refused token asks for another, anything else shows the banner (the loop retries). */
  function failed(/** @type {unknown} */ e) {
    if (e instanceof TokenRefused) {
      askForToken(true);
      return;
    }
    setState('error');
    if (e instanceof Unreachable) showBanner(`Cannot reach sgiod (${e.message}); retrying.`);
    else showBanner(`sgiod answered an error: ${e instanceof Error ? e.message : String(e)}; retrying.`);
  }

  /** Recovered from an error: back to ready once everything has been drawn again. */
  function recovered() {
    if (document.body.dataset.state !== 'error') return;
    hideBanner();
    setState('loading');
    maybeReady();
  }

  async function pollSeries(/** @type {number} */ mine) {
    if (mine !== run) return;
    try {
      const body = await api(since > 0 ? `console/series?since=${since}` : 'console/series', SERIES_TIMEOUT_MS);
      if (mine !== run) return;
      /** @type {{ id: string, samples: Samples }[]} */
      const got = body.devices;
      const known = got.length === devices.size && got.every((s) => devices.has(s.id));
      // a device appeared or left: list them again
      if (!known) showDevices((await api('devices', SERIES_TIMEOUT_MS)).devices);
      if (mine !== run) return;
      for (const s of got) {
        const d = devices.get(s.id);
        if (d) draw(d, s.samples);
        const n = s.samples.t.length;
        if (n > 0) since = Math.max(since, s.samples.t[n - 1]);
      }
      updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
      recovered();
      maybeReady();
      if (devices.size === 0 && document.body.dataset.state === 'loading') setState('ready');
    } catch (e) {
      if (mine !== run) return;
      failed(e);
      if (e instanceof TokenRefused) return;
    }
    seriesTimer = setTimeout(() => void pollSeries(mine), SERIES_EVERY_MS);
  }

  /** Reads each device's health, one device at a time (each costs about 20 SCSI commands). */
  async function pollHealth(/** @type {number} */ mine) {
    if (mine !== run) return;
    if (!document.hidden || healthAt === 0) {
      healthAt = Date.now();
      for (const d of [...devices.values()]) {
        if (mine !== run) return;
        try {
          const doc = await api(`devices/${encodeURIComponent(d.id)}/health`, HEALTH_TIMEOUT_MS);
          if (mine !== run) return;
          const facts = healthFacts(doc);
          for (const dd of d.health.querySelectorAll('dd')) {
            const value = facts[/** @type {string} */ (dd.dataset.key)];
            dd.textContent = value === undefined ? 'not reported' : value;
            dd.classList.toggle('missing', value === undefined);
            dd.classList.toggle('bad', dd.dataset.key === 'smart_status' && value === 'FAILED');
          }
          d.health.dataset.health = 'ok';
          d.health.removeAttribute('title');
        } catch (e) {
          if (mine !== run) return;
          if (e instanceof TokenRefused) {
            failed(e);
            return;
          }
          d.health.dataset.health = 'error';
          d.health.title = e instanceof Error ? e.message : String(e);
          for (const dd of d.health.querySelectorAll('dd')) {
            if (dd.textContent === '…') dd.textContent = 'not available';
          }
        }
      }
    }
    const wait = Math.max(1000, healthAt + HEALTH_EVERY_MS - Date.now());
    healthTimer = setTimeout(() => void pollHealth(mine), wait);
  }

  async function start() {
    stop();
    const mine = run;
    clearDevices();
    since = 0;
    healthAt = 0;
    hideBanner();
    setState('loading');
    try {
      showDevices((await api('devices', SERIES_TIMEOUT_MS)).devices);
    } catch (e) {
      if (mine !== run) return;
      failed(e);
      // not reachable yet: try the whole start again
      if (!(e instanceof TokenRefused)) seriesTimer = setTimeout(() => void start(), SERIES_EVERY_MS);
      return;
    }
    if (mine !== run) return;
    await pollSeries(mine);
    void pollHealth(mine);
  }

  const given = tokenFromFragment();
  const stored = sessionStorage.getItem(TOKEN_KEY);
  if (given) useToken(given);
  else if (stored) useToken(stored);
  else askForToken(false);
})();
