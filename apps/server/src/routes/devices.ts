/**
 * `GET /v1/devices` (discovery rows of the allowed devices) and
 * `GET /v1/devices/{id}` (identity, capacity, block size, supported VPD pages).
 */
import { decodeInquiry, decodeSupportedVpdPages, isBlockDeviceType } from '@sgio/struct';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DeviceAccess } from '../devices/access.js';
import { toJsonSafe } from '../http/json-safe.js';
import { DeviceParams, nullable, problemResponses } from '../schemas/common.js';
import { deviceRow, requireDevice } from './resolve.js';

const DeviceDetail = Type.Object({
  device: Type.Ref('DeviceRow'),
  identity: Type.Object(
    {
      vendor: Type.String(),
      product: Type.String(),
      revision: Type.String(),
      peripheralType: Type.Integer(),
      version: Type.String({ description: 'The standard INQUIRY VERSION claims (SPC-4, ...)' }),
      inquiry: Type.Unknown({ description: 'Decoded standard INQUIRY data' }),
    },
    { additionalProperties: false },
  ),
  capacity: nullable(
    Type.Object({
      blocks: Type.String({ description: 'Number of logical blocks (decimal string: may exceed 2^53)' }),
      blockSize: Type.Integer(),
      bytes: Type.String(),
      detail: Type.Unknown({ description: 'Decoded READ CAPACITY(16) data' }),
    }),
  ),
  blockSize: nullable(Type.Integer()),
  supportedVpdPages: Type.Array(Type.Integer()),
});

/** Registers the device list and detail routes. */
export function deviceRoutes(app: FastifyInstance, devices: DeviceAccess): void {
  app.get(
    '/v1/devices',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'List the allowed devices',
        tags: ['devices'],
        response: { 200: Type.Object({ devices: Type.Array(Type.Ref('DeviceRow')) }), ...problemResponses() },
      },
    },
    () => Promise.resolve({ devices: devices.list().map(deviceRow) }),
  );

  app.get<{ Params: DeviceParams }>(
    '/v1/devices/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Identity, capacity, block size and supported VPD pages of a device',
        tags: ['devices'],
        params: DeviceParams,
        response: { 200: DeviceDetail, ...problemResponses(404, 410, 502, 503, 504) },
      },
    },
    async (request) => {
      const row = requireDevice(devices, request.params.id);
      const inq = decodeInquiry(await devices.inquiry(row, request.clientSignal));
      // only block devices have a capacity; VPD page 0 is optional before SPC-3
      const capacity = isBlockDeviceType(row.peripheralType) ? await devices.capacity(row) : undefined;
      let supported: number[] = [];
      try {
        supported = decodeSupportedVpdPages(await devices.vpd(row, 0, request.clientSignal)).supportedPages;
      } catch (e) {
        request.log.debug({ err: e }, 'no supported VPD pages list');
      }
      return {
        device: deviceRow(row),
        identity: {
          vendor: inq.vendorId.trim(),
          product: inq.productId.trim(),
          revision: inq.productRevision.trim(),
          peripheralType: inq.peripheralDeviceType,
          version: inq.versionName,
          inquiry: toJsonSafe(inq),
        },
        capacity: capacity ? { blocks: capacity.blocks.toString(), blockSize: capacity.blockSize, bytes: capacity.bytes.toString(), detail: capacity.detail } : null,
        blockSize: capacity?.blockSize ?? null,
        supportedVpdPages: supported,
      };
    },
  );
}
