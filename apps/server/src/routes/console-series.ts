/**
 * `GET /v1/console/series?since=`: the web console's data (only with
 * `--console`), per allowed device the one-second samples the
 * {@link ConsoleSampler} kept (the newest 300): commands/s, errors/s, mean
 * latency and bytes/s read and written. `since` (epoch ms) answers only the
 * newer samples, so the page polls cheaply. Answering costs no SCSI
 * command.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ConsoleSampler } from '../console/console-sampler.js';
import type { DeviceAccess } from '../devices/access.js';
import { nullable, problemResponses } from '../schemas/common.js';

const SeriesQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0, description: 'Only samples taken after this time (epoch ms): the last t the client has' })),
});
type SeriesQuery = Static<typeof SeriesQuery>;

const Samples = Type.Object(
  {
    t: Type.Array(Type.Number(), { description: 'When each sample’s second ended (epoch ms), oldest first' }),
    commandsPerSecond: Type.Array(Type.Number(), { description: 'SCSI commands completed or failed per second' }),
    errorsPerSecond: Type.Array(Type.Number(), { description: 'Commands per second whose outcome was not ok (see sgiod_scsi_commands_total)' }),
    meanLatencyMs: Type.Array(nullable(Type.Number()), { description: 'Mean command latency in the second (ms); null without commands' }),
    readBytesPerSecond: Type.Array(Type.Number(), { description: 'Data bytes read per second' }),
    writeBytesPerSecond: Type.Array(Type.Number(), { description: 'Data bytes written per second' }),
  },
  { description: 'Samples in columns: the i-th entry of each array is one second' },
);

const SeriesResponse = Type.Object({
  intervalMs: Type.Integer({ description: 'Milliseconds per sample' }),
  devices: Type.Array(Type.Object({ id: Type.String({ description: 'The device id, as in GET /v1/devices' }), samples: Samples })),
});

/** Registers the console's series route (scope `read`). */
export function consoleSeriesRoutes(app: FastifyInstance, devices: DeviceAccess, sampler: ConsoleSampler): void {
  app.get<{ Querystring: SeriesQuery }>(
    '/v1/console/series',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Per-device command rate, errors, latency and bytes, one sample a second (the web console’s data; with --console)',
        tags: ['console'],
        querystring: SeriesQuery,
        response: { 200: SeriesResponse, ...problemResponses(400) },
      },
    },
    (request) => {
      const ids = devices.list().map((row) => row.name);
      // a device that appeared starts sampling, one that left is dropped
      sampler.keep(ids);
      return Promise.resolve({ intervalMs: sampler.intervalMs, devices: sampler.series(ids, request.query.since) });
    },
  );
}
