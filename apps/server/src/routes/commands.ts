/**
 * `POST /v1/devices/{id}/commands`: a named command from the registry with
 * its fields, or a raw CDB in hex. Only with `--allow-raw` and a token with
 * the raw scope; commands that send data also need `--allow-write` and the
 * write scope.
 */
import type { SgDeviceInfo } from '@sgio/core';
import { opcodeName, type CdbDefinition, type CommandSet, type DataDirection, type FieldsInput, type FieldSpecs } from '@sgio/struct';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config/config.js';
import type { CommandRequest, DeviceAccess } from '../devices/access.js';
import { ProblemError } from '../errors/problem-error.js';
import { hex, toJsonSafe } from '../http/json-safe.js';
import { DeviceParams, problemResponses } from '../schemas/common.js';
import { writesDisabled } from './blocks-write.js';
import { parseHex, toFieldValues } from './command-fields.js';
import { requireDevice } from './resolve.js';

const CommandBody = Type.Object(
  {
    command: Type.Optional(Type.String({ maxLength: 64, description: 'registry name: id (inquiry), kebab (read-16) or T10 name (READ(16))' })),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'field values of the named command: integers, booleans, hex strings for byte fields, strings; 64-bit values may be decimal strings' })),
    cdb: Type.Optional(Type.String({ maxLength: 520, description: 'a raw CDB in hex (6..260 bytes)' })),
    direction: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('in'), Type.Literal('out')], { description: 'data direction of a raw CDB' })),
    dataLength: Type.Optional(Type.Integer({ minimum: 0, description: 'bytes to receive (raw CDB, direction in)' })),
    data: Type.Optional(Type.String({ description: 'bytes to send in hex (direction out)' })),
    blockSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1 << 20, description: 'block size for commands that count blocks (default: the device, or 512)' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, description: 'command timeout (at most the server request timeout)' })),
  },
  { additionalProperties: false },
);
type CommandBody = Static<typeof CommandBody>;

const CommandResponse = Type.Object({
  device: Type.String(),
  command: Type.String(),
  cdb: Type.String({ description: 'the CDB sent, in hex' }),
  fields: Type.Optional(Type.Unknown({ description: 'the CDB decoded back to named fields' })),
  status: Type.Integer(),
  statusName: Type.String(),
  data: Type.String({ description: 'data received, in hex' }),
  dataLength: Type.Integer(),
  durationMs: Type.Number(),
  sense: Type.Optional(Type.String({ description: 'non-fatal sense bytes (recovered error), in hex' })),
});

function invalid(detail: string): ProblemError {
  return new ProblemError(400, 'invalid-command', 'Invalid command', detail);
}

async function blockSizeOf(devices: DeviceAccess, row: SgDeviceInfo, body: CommandBody): Promise<number> {
  if (body.blockSize !== undefined) return body.blockSize;
  if (row.peripheralType !== 0 && row.peripheralType !== 0x0e) return 512;
  try {
    return (await devices.capacity(row)).blockSize;
  } catch {
    return 512;
  }
}

async function buildRequest(body: CommandBody, row: SgDeviceInfo, devices: DeviceAccess, registry: CommandSet, config: ServerConfig): Promise<{ request: CommandRequest; definition?: CdbDefinition }> {
  const timeoutMs = Math.min(body.timeoutMs ?? config.requestTimeoutMs, config.requestTimeoutMs);
  const data = body.data === undefined ? undefined : parseHex(body.data);
  if (body.data !== undefined && !data) throw invalid('data must be hex bytes (an even number of hex digits).');
  if (body.command !== undefined) {
    if (body.cdb !== undefined || body.direction !== undefined || body.dataLength !== undefined) throw invalid('Give either command (with fields) or cdb (with direction, dataLength, data), not both.');
    const definition = registry.get(body.command);
    if (!definition) throw new ProblemError(404, 'unknown-command', 'Unknown command', `The registry has no command '${body.command.slice(0, 64)}'.`);
    const fields = toFieldValues(definition, body.fields ?? {}) as FieldsInput<FieldSpecs>;
    let cdb: Uint8Array;
    let direction: DataDirection;
    let length: number;
    try {
      cdb = definition.encode(fields);
      direction = definition.directionOf(fields);
      length = definition.dataLengthOf(fields, { blockSize: await blockSizeOf(devices, row, body) });
    } catch (e) {
      throw new ProblemError(400, 'invalid-field', 'Invalid field', `${definition.name}: ${(e as Error).message}`);
    }
    if (direction === 'out' && (!data || data.length !== length)) throw invalid(`${definition.name} sends ${length} bytes: give them as data (hex), exactly that many.`);
    if (direction !== 'out' && data) throw invalid(`${definition.name} does not send data; leave data out.`);
    return { definition, request: { name: definition.name, cdb, direction, receive: direction === 'in' ? length : 0, data, timeoutMs } };
  }
  if (body.cdb === undefined) throw invalid('Give command (a registry name) or cdb (hex).');
  if (body.fields !== undefined) throw invalid('fields go with command, not with a raw cdb.');
  const cdb = parseHex(body.cdb);
  if (!cdb || cdb.length < 6 || cdb.length > 260) throw invalid('cdb must be 6..260 bytes of hex.');
  const direction = body.direction ?? (data ? 'out' : body.dataLength ? 'in' : 'none');
  if (direction === 'out' && !data) throw invalid('direction out needs data (hex).');
  if (direction !== 'out' && data) throw invalid('data goes with direction out.');
  if (direction === 'in' && !body.dataLength) throw invalid('direction in needs dataLength (bytes to receive).');
  const name = `${opcodeName(cdb[0]!) ?? 'CDB'} (raw 0x${cdb[0]!.toString(16).padStart(2, '0')})`;
  return { request: { name, cdb, direction, receive: direction === 'in' ? body.dataLength! : 0, data, timeoutMs } };
}

function checkWrite(request: FastifyRequest, config: ServerConfig): void {
  if (!config.allowWrite) throw writesDisabled();
  if (!request.principal?.scopes.has('write')) {
    throw new ProblemError(403, 'insufficient-scope', 'Insufficient scope', "A command that sends data needs a token with the 'write' scope as well as 'raw'.", {
      extensions: { requiredScope: 'write' },
    });
  }
}

/** Registers the commands route. */
export function commandRoutes(app: FastifyInstance, devices: DeviceAccess, config: ServerConfig, registry: CommandSet): void {
  app.post<{ Params: DeviceParams; Body: CommandBody }>(
    '/v1/devices/:id/commands',
    {
      config: { scope: 'raw' },
      schema: {
        summary: 'Run a registry command or a raw CDB (needs --allow-raw and the raw scope)',
        tags: ['commands'],
        params: DeviceParams,
        body: CommandBody,
        response: { 200: CommandResponse, ...problemResponses(400, 404, 409, 410, 413, 415, 416, 422, 502, 503, 504) },
      },
    },
    async (request) => {
      if (!config.allowRaw) {
        throw new ProblemError(403, 'raw-disabled', 'Commands disabled', 'The commands endpoint is off; start sgiod with --allow-raw (and use a token with the raw scope).');
      }
      const row = requireDevice(devices, request.params.id);
      const { request: command, definition } = await buildRequest(request.body, row, devices, registry, config);
      if (command.direction === 'out') checkWrite(request, config);
      const moved = command.direction === 'out' ? (command.data?.length ?? 0) : command.receive;
      if (moved > config.maxTransferBytes) {
        throw new ProblemError(command.direction === 'out' ? 413 : 400, 'transfer-too-large', 'Transfer too large', `The command would move ${moved} bytes; the limit is ${config.maxTransferBytes}.`);
      }
      const reply = await devices.command(row, command);
      return {
        device: row.name,
        command: reply.command,
        cdb: hex(command.cdb),
        ...(definition ? { fields: toJsonSafe(definition.decode(command.cdb)) } : {}),
        status: reply.status,
        statusName: reply.statusName,
        data: hex(reply.data),
        dataLength: reply.data.length,
        durationMs: reply.durationMs,
        ...(reply.senseBytes.length > 0 ? { sense: hex(reply.senseBytes) } : {}),
      };
    },
  );
}
