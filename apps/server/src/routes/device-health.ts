/**
 * `GET /v1/devices/{id}/health`: the device's health as smartctl's JSON
 * (`smartctl -a -j` keys; sgio's extra facts under `sgio`), the same
 * document `sgio health DEV --json` prints.
 */
import { smartctlJson } from '@sgio/core';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DeviceAccess } from '../devices/access.js';
import { toJsonSafe } from '../http/json-safe.js';
import { problemResponses } from '../schemas/common.js';
import { requireDevice } from './resolve.js';

const Params = Type.Object({ id: Type.String({ maxLength: 64, description: 'sg name or H:C:T:L' }) });
type Params = Static<typeof Params>;

const HealthDocument = Type.Object(
  {
    device: Type.Object({ name: Type.String(), info_name: Type.String(), type: Type.String(), protocol: Type.String() }),
    smart_status: Type.Optional(Type.Object({ passed: Type.Boolean() }, { additionalProperties: true })),
  },
  { additionalProperties: true, description: "smartctl -a -j's document for this device (only the facts the device reports)" },
);

/** Registers the device health route (scope `read`; about 20 read commands on one lane). */
export function deviceHealthRoutes(app: FastifyInstance, devices: DeviceAccess): void {
  app.get<{ Params: Params }>(
    '/v1/devices/:id/health',
    {
      config: { scope: 'read' },
      schema: {
        summary: "Device health as smartctl's JSON (identity, capacity, SMART/IE status, temperature, error counters, ...)",
        tags: ['devices'],
        params: Params,
        response: { 200: HealthDocument, ...problemResponses(404, 410, 502, 503, 504) },
      },
    },
    async (request) => {
      const row = requireDevice(devices, request.params.id);
      return toJsonSafe(smartctlJson(await devices.health(row, request.clientSignal), row.path));
    },
  );
}
