/**
 * `GET /v1/devices/{id}/vpd/{page}`, `/mode/{page}` and `/log/{page}`:
 * a page decoded to JSON, with the raw bytes in hex.
 */
import { decodeLogPage, decodeModeSense, decodeVpdPage, logPageName, modePageName, vpdPageName, standardDecoders, type DecoderRegistry } from '@sgio/struct';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DeviceAccess } from '../devices/access.js';
import { hex, toJsonSafe } from '../http/json-safe.js';
import { problemResponses } from '../schemas/common.js';
import { PAGE_PATTERN, parsePage } from './page-number.js';
import { requireDevice } from './resolve.js';

const PageParams = Type.Object({
  id: Type.String({ maxLength: 64, description: 'sg name or H:C:T:L' }),
  page: Type.String({ pattern: PAGE_PATTERN, description: 'page code, decimal or 0x-hex' }),
});
type PageParams = Static<typeof PageParams>;

const SubpageQuery = Type.Object({
  subpage: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, default: 0, description: 'subpage code' })),
});
type SubpageQuery = Static<typeof SubpageQuery>;

const ModeQuery = Type.Object({
  subpage: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, default: 0, description: 'subpage code' })),
  pc: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, default: 0, description: 'page control: 0 current, 1 changeable, 2 default, 3 saved' })),
});
type ModeQuery = Static<typeof ModeQuery>;

const PageResponse = Type.Object({
  device: Type.String(),
  page: Type.Integer(),
  subpage: Type.Integer(),
  name: Type.String(),
  decoded: Type.Unknown({ description: 'The decoded page (bigints as numbers or decimal strings, bytes as hex)' }),
  hex: Type.String({ description: 'The bytes the device returned' }),
});

const errors = problemResponses(400, 404, 410, 416, 422, 502, 503, 504);

/** The name a loaded pack gives a page the standard decoders do not know (standard pages keep their T10 names). */
function packPageName(decoder: { readonly name: string } | undefined, standard: unknown): string | undefined {
  return standard === undefined ? decoder?.name : undefined;
}

/** Registers the VPD, mode and log page routes; pages are decoded and named by `decoders` (standard pages plus loaded packs'). */
export function pageRoutes(app: FastifyInstance, devices: DeviceAccess, decoders: DecoderRegistry): void {
  app.get<{ Params: PageParams }>(
    '/v1/devices/:id/vpd/:page',
    {
      config: { scope: 'read' },
      schema: { summary: 'A VPD page (INQUIRY with EVPD)', tags: ['pages'], params: PageParams, response: { 200: PageResponse, ...errors } },
    },
    async (request) => {
      const page = parsePage(request.params.page, 0xff, 'VPD');
      const row = requireDevice(devices, request.params.id);
      const bytes = await devices.vpd(row, page, request.clientSignal);
      return { device: row.name, page, subpage: 0, name: packPageName(decoders.vpdDecoder(page, row.peripheralType), standardDecoders.vpdDecoder(page, row.peripheralType)) ?? vpdPageName(page), decoded: toJsonSafe(decodeVpdPage(bytes, decoders)), hex: hex(bytes) };
    },
  );

  app.get<{ Params: PageParams; Querystring: ModeQuery }>(
    '/v1/devices/:id/mode/:page',
    {
      config: { scope: 'read' },
      schema: { summary: 'A mode page (MODE SENSE(10))', tags: ['pages'], params: PageParams, querystring: ModeQuery, response: { 200: PageResponse, ...errors } },
    },
    async (request) => {
      const page = parsePage(request.params.page, 0x3f, 'Mode');
      const subpage = request.query.subpage ?? 0;
      const row = requireDevice(devices, request.params.id);
      const bytes = await devices.modeSense(row, page, subpage, request.query.pc ?? 0, request.clientSignal);
      return { device: row.name, page, subpage, name: packPageName(decoders.modeDecoder(page, subpage, row.peripheralType), standardDecoders.modeDecoder(page, subpage, row.peripheralType)) ?? modePageName(page, subpage), decoded: toJsonSafe(decodeModeSense(bytes, 10, decoders, row.peripheralType)), hex: hex(bytes) };
    },
  );

  app.get<{ Params: PageParams; Querystring: SubpageQuery }>(
    '/v1/devices/:id/log/:page',
    {
      config: { scope: 'read' },
      schema: { summary: 'A log page (LOG SENSE)', tags: ['pages'], params: PageParams, querystring: SubpageQuery, response: { 200: PageResponse, ...errors } },
    },
    async (request) => {
      const page = parsePage(request.params.page, 0x3f, 'Log');
      const subpage = request.query.subpage ?? 0;
      const row = requireDevice(devices, request.params.id);
      const bytes = await devices.logSense(row, page, subpage, request.clientSignal);
      return { device: row.name, page, subpage, name: packPageName(decoders.logDecoder(page, subpage, row.peripheralType), standardDecoders.logDecoder(page, subpage, row.peripheralType)) ?? logPageName(page, subpage), decoded: toJsonSafe(decodeLogPage(bytes, decoders, row.peripheralType)), hex: hex(bytes) };
    },
  );
}
