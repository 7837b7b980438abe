/**
 * `GET /v1/devices/{id}/vpd/{page}`, `/mode/{page}` and `/log/{page}`:
 * a page decoded to JSON, with the raw bytes in hex.
 */
import { decodeLogPage, decodeModeSense, decodeVpdPage, logPageNameIn, modePageNameIn, vpdPageNameIn, type DecoderRegistry } from '@sgio/struct';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SgDeviceInfo } from '@sgio/core';
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

/** What differs between the VPD, mode and log page routes. */
interface PageRouteSpec<Q> {
  /** `vpd`, `mode` or `log`: the path segment. */
  readonly kind: string;
  /** The OpenAPI summary. */
  readonly summary: string;
  /** The query string schema, when the route takes one. */
  readonly querystring?: TSchema;
  /** Highest page code, and its name in messages. */
  readonly maxPage: number;
  readonly label: string;
  /** Asks the device for the page (abandoned when `signal` aborts: the client went away); gives the subpage asked for and the bytes. */
  fetch(row: SgDeviceInfo, page: number, query: Q, signal: AbortSignal | undefined): Promise<{ subpage: number; bytes: Uint8Array }>;
  /** The page's name and decoded form. */
  describe(bytes: Uint8Array, page: number, subpage: number, deviceType: number): { name: string; decoded: unknown };
}

function pageRoute<Q>(app: FastifyInstance, devices: DeviceAccess, spec: PageRouteSpec<Q>): void {
  app.get<{ Params: PageParams; Querystring: Q }>(
    `/v1/devices/:id/${spec.kind}/:page`,
    {
      config: { scope: 'read' },
      schema: { summary: spec.summary, tags: ['pages'], params: PageParams, ...(spec.querystring ? { querystring: spec.querystring } : {}), response: { 200: PageResponse, ...errors } },
    },
    async (request) => {
      const page = parsePage(request.params.page, spec.maxPage, spec.label);
      const row = requireDevice(devices, request.params.id);
      const { subpage, bytes } = await spec.fetch(row, page, request.query as Q, request.clientSignal);
      const { name, decoded } = spec.describe(bytes, page, subpage, row.peripheralType);
      return { device: row.name, page, subpage, name, decoded: toJsonSafe(decoded), hex: hex(bytes) };
    },
  );
}

/** Registers the VPD, mode and log page routes; pages are decoded and named by `decoders` (standard pages plus loaded packs'). */
export function pageRoutes(app: FastifyInstance, devices: DeviceAccess, decoders: DecoderRegistry): void {
  pageRoute<unknown>(app, devices, {
    kind: 'vpd',
    summary: 'A VPD page (INQUIRY with EVPD)',
    maxPage: 0xff,
    label: 'VPD',
    fetch: async (row, page, _query, signal) => ({ subpage: 0, bytes: await devices.vpd(row, page, signal) }),
    describe: (bytes, page, _subpage, type) => ({ name: vpdPageNameIn(decoders, page, type), decoded: decodeVpdPage(bytes, decoders) }),
  });
  pageRoute<ModeQuery>(app, devices, {
    kind: 'mode',
    summary: 'A mode page (MODE SENSE(10))',
    querystring: ModeQuery,
    maxPage: 0x3f,
    label: 'Mode',
    fetch: async (row, page, query, signal) => ({ subpage: query.subpage ?? 0, bytes: await devices.modeSense(row, page, query.subpage ?? 0, query.pc ?? 0, signal) }),
    describe: (bytes, page, subpage, type) => ({ name: modePageNameIn(decoders, page, subpage, type), decoded: decodeModeSense(bytes, 10, decoders, type) }),
  });
  pageRoute<SubpageQuery>(app, devices, {
    kind: 'log',
    summary: 'A log page (LOG SENSE)',
    querystring: SubpageQuery,
    maxPage: 0x3f,
    label: 'Log',
    fetch: async (row, page, query, signal) => ({ subpage: query.subpage ?? 0, bytes: await devices.logSense(row, page, query.subpage ?? 0, signal) }),
    describe: (bytes, page, subpage, type) => ({ name: logPageNameIn(decoders, page, subpage, type), decoded: decodeLogPage(bytes, decoders, type) }),
  });
}
