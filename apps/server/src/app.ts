/**
 * `buildApp(config)`: the Fastify application of sgiod, with its schemas,
 * OpenAPI document, authentication, routes, problem+json errors, metrics
 * and request ids, and with `--console` the web console. The device layer
 * is passed in (real sg devices in sgiod, a fake in unit tests).
 */
import { installClientSignal } from './http/client-signal.js';
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import { createCommandSet, type CommandSet, standardDecoders, type DecoderRegistry } from '@sgio/struct';
import type { SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { installAuth } from './auth/hook.js';
import { TokenStore } from './auth/token-store.js';
import type { ServerConfig } from './config/config.js';
import type { DeviceAccess } from './devices/access.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './errors/problem.js';
import { ProblemError } from './errors/problem-error.js';
import { installCloseConnections } from './http/close-connections.js';
import { installConnectionCap } from './http/connection-cap.js';
import { connectionLimits } from './http/connection-limits.js';
import { installOversizedBodyAnswer } from './http/oversized-body.js';
import { lazySerializerFactory, lazyValidatorFactory, type ValidatorFactory } from './http/lazy-schema-compilers.js';
import { PRECOMPILED_SERIALIZERS } from './http/precompiled-serializers.generated.js';
import { PRECOMPILED_VALIDATORS } from './http/precompiled-validators.generated.js';
import { HealthRefresher } from './metrics/health-refresher.js';
import { ServerMetrics } from './metrics/metrics.js';
import { blockReadRoutes } from './routes/blocks-read.js';
import { blockWriteRoutes } from './routes/blocks-write.js';
import { commandRoutes } from './routes/commands.js';
import { deviceRoutes } from './routes/devices.js';
import { deviceHealthRoutes } from './routes/device-health.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { openapiRoutes } from './routes/openapi.js';
import { pageRoutes } from './routes/pages.js';
import { DeviceRowSchema, ProblemSchema } from './schemas/common.js';

/** What {@link buildApp} needs besides the configuration. */
export interface AppOptions {
  /** The device layer. */
  readonly devices: DeviceAccess;
  /** Metrics (default: a new registry). */
  readonly metrics?: ServerMetrics;
  /** The command registry for the commands endpoint (default: the built-in commands). */
  readonly commands?: CommandSet;
  /** The page decoders of the VPD, mode and log page routes (default: the standard decoders). */
  readonly decoders?: DecoderRegistry;
  /** Fastify's logger option (default: pino at the configured level). */
  readonly logger?: FastifyServerOptions['logger'];
  /** The token store (default: one over `config.tokens`); pass one to replace tokens later (SIGHUP). */
  readonly tokens?: TokenStore;
  /** PEM key and certificate: serve HTTPS (the certificate can be swapped later with `app.server.setSecureContext`). */
  readonly https?: { readonly key: Buffer; readonly cert: Buffer };
  /**
   * Compile every request validator and response serializer while the app
   * starts (validators with Fastify's own compiler and its meta-schema check,
   * serializers with the same factory as at run time, eagerly): a test uses
   * this to prove every schema compiles. Default false: each compiles when first used, so sgiod
   * answers its first request sooner (see http/lazy-schema-compilers.ts).
   */
  readonly compileSchemasAtStart?: boolean;
  /**
   * Replaces the response serializer factory (Fastify's
   * `schemaController.compilersFactory.buildSerializer`; default: each
   * compiles on first use, or comes from the precompiled table). The
   * generator of that table records every response schema through it.
   */
  readonly serializerFactory?: SerializerFactory;
  /**
   * Replaces the request validator factory when schemas are not compiled at
   * start (default: each compiles on first use, or comes from the
   * precompiled table). The generator of that table records through it.
   */
  readonly validatorFactory?: ValidatorFactory;
}

/** The package version, shown in the OpenAPI document. */
export const API_VERSION = '0.0.0';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Builds the application (not listening yet). */
export async function buildApp(config: ServerConfig, options: AppOptions): Promise<FastifyInstance> {
  const metrics = options.metrics ?? new ServerMetrics();
  const devices = options.devices;
  const limits = connectionLimits(config);
  const app = Fastify({
    ...(options.https ? { https: { key: options.https.key, cert: options.https.cert, ...limits.server } } : { http: limits.server }),
    logger: options.logger ?? { level: config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: config.bodyLimitBytes,
    exposeHeadRoutes: false,
    requestTimeout: limits.server.requestTimeout,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: config.idleTimeoutMs,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // validateSchema: checking each route schema against JSON Schema's meta-schema first compiles the meta-schema
    // itself, which cost sgiod's first validated request 190 ms in the lab (30 ms on a host). The schemas are
    // sgiod's own and fixed: the test that compiles them all at start (compileSchemasAtStart) still checks them.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, validateSchema: options.compileSchemasAtStart === true } },
    schemaController: {
      compilersFactory: options.compileSchemasAtStart
        ? { buildSerializer: options.serializerFactory ?? lazySerializerFactory({ eager: true }) }
        : { buildValidator: options.validatorFactory ?? lazyValidatorFactory({ precompiled: PRECOMPILED_VALIDATORS }), buildSerializer: options.serializerFactory ?? lazySerializerFactory({ precompiled: PRECOMPILED_SERIALIZERS }) },
    },
  });

  app.addSchema(ProblemSchema);
  app.addSchema(DeviceRowSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sgiod',
        version: API_VERSION,
        description: 'An HTTP API over the SCSI devices of a Linux machine, through the sg driver. Errors are RFC 9457 problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token with the read, write or raw scope' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'devices', description: 'Discovery and identity' },
        { name: 'pages', description: 'VPD, mode and log pages' },
        { name: 'blocks', description: 'Block data' },
        { name: 'commands', description: 'Registry commands and raw CDBs' },
        { name: 'server', description: 'Health, metrics, this document' },
        ...(config.console ? [{ name: 'console', description: 'The web console’s data (with --console)' }] : []),
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    metrics.httpInFlight.inc();
    // 'close' comes once per response, whether it ended or the client went away
    reply.raw.once('close', () => metrics.httpInFlight.dec());
    done();
  });
  installConnectionCap(app, config.maxConnections, options.https !== undefined);
  installClientSignal(app);
  installAuth(app, options.tokens ?? new TokenStore(config.tokens));
  // after authentication: a JSON body over its route's limit is answered 413 before it is read, on a connection kept open
  installOversizedBodyAnswer(app);
  app.addHook('onResponse', (request, reply, done) => {
    metrics.http.inc({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
    done();
  });
  // close() ends idle and never-used connections at once, and the rest as their last request ends
  installCloseConnections(app);

  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error);
    const body = { ...problem.body, instance: request.url.split('?')[0], requestId: request.id };
    if (body.status >= 500) request.log.error({ err: error }, body.title);
    else request.log.info({ problem: body.type, status: body.status }, body.detail);
    return reply.code(body.status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new ProblemError(404, 'not-found', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}; GET /openapi.json lists the API.`);
  });

  healthRoutes(app, devices);
  deviceHealthRoutes(app, devices);
  openapiRoutes(app);
  metricsRoutes(app, metrics);
  deviceRoutes(app, devices);
  pageRoutes(app, devices, options.decoders ?? (standardDecoders as unknown as DecoderRegistry));
  blockReadRoutes(app, devices, config);
  blockWriteRoutes(app, devices, config);
  commandRoutes(app, devices, config, options.commands ?? createCommandSet());
  // loaded only when on: a server without the console carries none of its code
  if (config.console) (await import('./console/install.js')).installConsole(app, { devices, metrics });

  const refresher = new HealthRefresher({
    devices,
    gauges: metrics.health,
    intervalMs: config.healthIntervalMs,
    onError: (device, e) => app.log.warn({ device, err: e instanceof Error ? e.message : String(e) }, 'health reading failed'),
  });
  app.addHook('onReady', (done) => {
    refresher.start();
    done();
  });
  app.addHook('onClose', async () => {
    await refresher.close();
    await devices.close(config.shutdownGraceMs);
  });
  return app;
}
