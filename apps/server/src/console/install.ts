/**
 * The web console on an app (`--console`): the page's static routes, the
 * series route, and the sampler that feeds it, started when the app is
 * ready (counting the command events of the metrics from then on) and
 * stopped when it closes. Without `--console` none of this exists:
 * `/console/` is an unknown path and no timer runs.
 */
import type { FastifyInstance } from 'fastify';
import type { DeviceAccess } from '../devices/access.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import { consolePageRoutes } from '../routes/console-page.js';
import { consoleSeriesRoutes } from '../routes/console-series.js';
import { consoleAssets } from './assets.js';
import { ConsoleSampler } from './console-sampler.js';

/** What {@link installConsole} needs. */
export interface ConsoleOptions {
  /** The device layer (its list names the devices sampled). */
  readonly devices: DeviceAccess;
  /** The metrics whose command events the sampler counts. */
  readonly metrics: ServerMetrics;
  /** The sampler (default: a new one, a sample a second, 300 kept). */
  readonly sampler?: ConsoleSampler;
}

/** Adds the console to `app`; returns its sampler. */
export function installConsole(app: FastifyInstance, options: ConsoleOptions): ConsoleSampler {
  const { devices, metrics } = options;
  const sampler = options.sampler ?? new ConsoleSampler();
  consolePageRoutes(app, consoleAssets());
  consoleSeriesRoutes(app, devices, sampler);
  app.addHook('onReady', (done) => {
    // the devices present at start are sampled from the start, busy or idle
    sampler.keep(devices.list().map((row) => row.name));
    sampler.start(metrics);
    done();
  });
  app.addHook('onClose', (_app, done) => {
    sampler.stop();
    done();
  });
  return sampler;
}
