/**
 * `POST /v1/devices/{id}/commands`: a named command from the registry with
 * its fields, or a raw CDB in hex. Only with `--allow-raw` and a token with
 * the raw scope. What else a request needs is decided from what the command
 * does (its effect: the definition and its fields, or `classifyCdb` of the
 * raw bytes), never from the direction the client gives: `read` needs
 * nothing more; `state` and `write` need `--allow-write` and the write
 * scope; `destructive` (and every unknown or vendor opcode, unless a loaded
 * pack declares it) needs `--allow-destructive` and the admin scope. The
 * decision itself is core's `decideCommand`.
 *
 * CDBs are 6..32 bytes (what the sg driver passes on); data in either
 * direction is limited by `--command-max-transfer`. The answer is JSON (data
 * in hex), or with `Accept: application/octet-stream` the received bytes as
 * they are, with status, sense and the rest in `x-scsi-*` headers.
 */
import { decideCommand, type SgDeviceInfo } from '@sgio/core';
import { classifyCdb, opcodeName, SG_MAX_CDB_LENGTH, SG_MIN_CDB_LENGTH, type CdbDefinition, type CommandSet, type DataDirection, type Effect, type FieldsInput, type FieldSpecs } from '@sgio/struct';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config/config.js';
import type { CommandRequest, DeviceAccess } from '../devices/access.js';
import { ProblemError } from '../errors/problem-error.js';
import { OCTET_STREAM, prefersOctetStream } from '../http/accept.js';
import { hexJsonStream } from '../http/hex-json-stream.js';
import { hex, toJsonSafe } from '../http/json-safe.js';
import { DeviceParams, problemResponses } from '../schemas/common.js';
import { writesDisabled } from './blocks-write.js';
import { parseHex, toFieldValues } from './command-fields.js';
import { requireDevice } from './resolve.js';

const CommandBody = Type.Object(
  {
    command: Type.Optional(Type.String({ maxLength: 64, description: 'registry name: id (inquiry), kebab (read-16) or T10 name (READ(16))' })),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'field values of the named command: integers, booleans, hex strings for byte fields, strings; 64-bit values may be decimal strings' })),
    cdb: Type.Optional(Type.String({ maxLength: 520, description: `a raw CDB in hex (${SG_MIN_CDB_LENGTH}..${SG_MAX_CDB_LENGTH} bytes: what the sg driver passes on)` })),
    direction: Type.Optional(
      Type.Union([Type.Literal('none'), Type.Literal('in'), Type.Literal('out')], {
        description: 'data direction of a raw CDB: must match the command when sgio knows it (else 400); used only for commands whose direction is unknown',
      }),
    ),
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

/** The headers of a binary (`application/octet-stream`) answer: what the JSON answer carries besides the data. */
export const BINARY_HEADERS = {
  status: 'x-scsi-status',
  statusName: 'x-scsi-status-name',
  command: 'x-scsi-command',
  cdb: 'x-scsi-cdb',
  durationMs: 'x-scsi-duration-ms',
  sense: 'x-scsi-sense',
} as const;

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

/** A request ready to run, with what the command does. */
interface BuiltCommand {
  readonly request: CommandRequest;
  readonly definition?: CdbDefinition;
  /** What the command does, from its definition or its bytes. */
  readonly effect: Effect;
}

async function buildRequest(body: CommandBody, row: SgDeviceInfo, devices: DeviceAccess, registry: CommandSet, config: ServerConfig, authorize: (effect: Effect) => void): Promise<BuiltCommand> {
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
    let effect: Effect;
    let length: number;
    try {
      cdb = definition.encode(fields);
      direction = definition.directionOf(fields);
      effect = definition.effectOf(fields);
    } catch (e) {
      throw new ProblemError(400, 'invalid-field', 'Invalid field', `${definition.name}: ${(e as Error).message}`);
    }
    authorize(effect);
    try {
      length = definition.dataLengthOf(fields, { blockSize: await blockSizeOf(devices, row, body) });
    } catch (e) {
      throw new ProblemError(400, 'invalid-field', 'Invalid field', `${definition.name}: ${(e as Error).message}`);
    }
    if (direction === 'out' && (!data || data.length !== length)) throw invalid(`${definition.name} sends ${length} bytes: give them as data (hex), exactly that many.`);
    if (direction !== 'out' && data) throw invalid(`${definition.name} does not send data; leave data out.`);
    checkCdbLength(cdb, definition.name);
    return { definition, effect, request: { name: definition.name, cdb, direction, receive: direction === 'in' ? length : 0, data, timeoutMs } };
  }
  if (body.cdb === undefined) throw invalid('Give command (a registry name) or cdb (hex).');
  if (body.fields !== undefined) throw invalid('fields go with command, not with a raw cdb.');
  const cdb = parseHex(body.cdb);
  if (!cdb) throw invalid('cdb must be hex bytes (an even number of hex digits).');
  checkCdbLength(cdb, 'cdb');
  const found = classifyCdb(cdb, { commands: registry, deviceType: row.peripheralType });
  const label = found.name ?? opcodeName(cdb[0]!) ?? 'CDB';
  if (found.direction !== 'unknown' && body.direction !== undefined && body.direction !== found.direction) {
    throw new ProblemError(400, 'direction-mismatch', 'Direction does not match the command', `${label} (opcode 0x${hex2(cdb[0]!)}) moves data '${found.direction}', not '${body.direction}'; leave direction out or give '${found.direction}'. The server decides what a command may do from its bytes, not from the direction.`, {
      extensions: { commandDirection: found.direction },
    });
  }
  // the effect is checked before the client's direction is used for anything
  authorize(found.effect);
  const direction = found.direction !== 'unknown' ? found.direction : (body.direction ?? (data ? 'out' : body.dataLength ? 'in' : 'none'));
  if (direction === 'out' && !data) throw invalid('direction out needs data (hex).');
  if (direction !== 'out' && data) throw invalid('data goes with direction out.');
  if (direction === 'in' && !body.dataLength) throw invalid('direction in needs dataLength (bytes to receive).');
  const name = `${label} (raw 0x${hex2(cdb[0]!)})`;
  return { effect: found.effect, request: { name, cdb, direction, receive: direction === 'in' ? body.dataLength! : 0, data, timeoutMs } };
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** Refuses a CDB the sg driver would refuse (EINVAL or EMSGSIZE, a 500 otherwise). */
function checkCdbLength(cdb: Uint8Array, what: string): void {
  if (cdb.length >= SG_MIN_CDB_LENGTH && cdb.length <= SG_MAX_CDB_LENGTH) return;
  throw new ProblemError(
    400,
    'invalid-cdb-length',
    'CDB length not supported',
    `${what} is ${cdb.length} bytes; the Linux sg driver passes CDBs of ${SG_MIN_CDB_LENGTH} to ${SG_MAX_CDB_LENGTH} bytes (longer ones are refused by the kernel). Send a CDB of that length.`,
    { extensions: { cdbLength: cdb.length, minCdbLength: SG_MIN_CDB_LENGTH, maxCdbLength: SG_MAX_CDB_LENGTH } },
  );
}

/** Throws the problem for a command of `effect` that this server or this token may not run. */
function authorizeEffect(effect: Effect, request: FastifyRequest, config: ServerConfig): void {
  const decision = decideCommand(effect, config, request.principal?.scopes ?? new Set());
  if (decision.allowed) return;
  if (decision.missingSwitch === 'allowWrite') {
    if (effect === 'destructive') throw destructiveDisabled(effect);
    throw writesDisabled();
  }
  if (decision.missingSwitch === 'allowDestructive') throw destructiveDisabled(effect);
  const scope = decision.missingCapability!;
  throw new ProblemError(403, 'insufficient-scope', 'Insufficient scope', `This command's effect is '${effect}'; it needs a token with the '${scope}' scope${scope === 'read' ? '' : " as well as 'raw'"}.`, {
    extensions: { requiredScope: scope, effect },
  });
}

function destructiveDisabled(effect: Effect): ProblemError {
  return new ProblemError(
    403,
    'destructive-disabled',
    'Destructive commands disabled',
    `This command's effect is '${effect}' (it can destroy data, or sgio does not know what it does: unknown and vendor opcodes count as destructive). Start sgiod with --allow-write --allow-destructive and use a token with the 'admin' scope to run it.`,
    { extensions: { effect } },
  );
}

/** Room in a /commands body for everything but the data: command, fields, CDB, options. */
export const COMMAND_BODY_OVERHEAD_BYTES = 64 * 1024;

/**
 * The largest JSON body one /commands request may send: its data in hex (two
 * characters a byte, up to `--command-max-transfer`) plus the rest. It is the
 * route's own limit, apart from `--body-limit` (which the block routes and
 * everything else keep), so a full-size command fits and a bigger body is
 * refused 413 before it is parsed.
 */
export function commandBodyLimit(config: Pick<ServerConfig, 'commandMaxTransferBytes'>): number {
  return 2 * config.commandMaxTransferBytes + COMMAND_BODY_OVERHEAD_BYTES;
}

/** Registers the commands route. */
export function commandRoutes(app: FastifyInstance, devices: DeviceAccess, config: ServerConfig, registry: CommandSet): void {
  app.post<{ Params: DeviceParams; Body: CommandBody }>(
    '/v1/devices/:id/commands',
    {
      bodyLimit: commandBodyLimit(config),
      config: { scope: 'raw' },
      schema: {
        summary: 'Run a registry command or a raw CDB (needs --allow-raw and the raw scope)',
        tags: ['commands'],
        params: DeviceParams,
        body: CommandBody,
        response: {
          200: {
            description: `The outcome. With Accept: ${OCTET_STREAM}, the body is the data received (raw bytes) and the rest is in headers: ${Object.values(BINARY_HEADERS).join(', ')}`,
            content: { 'application/json': { schema: CommandResponse }, [OCTET_STREAM]: { schema: { type: 'string', format: 'binary' } } },
          },
          ...problemResponses(400, 404, 409, 410, 413, 415, 416, 422, 502, 503, 504),
        },
      },
    },
    async (request, response) => {
      if (!config.allowRaw) {
        throw new ProblemError(403, 'raw-disabled', 'Commands disabled', 'The commands endpoint is off; start sgiod with --allow-raw (and use a token with the raw scope).');
      }
      const row = requireDevice(devices, request.params.id);
      const { request: command, definition } = await buildRequest(request.body, row, devices, registry, config, (effect) => authorizeEffect(effect, request, config));
      const moved = command.direction === 'out' ? (command.data?.length ?? 0) : command.receive;
      const limit = config.commandMaxTransferBytes;
      if (moved > limit) {
        throw new ProblemError(
          command.direction === 'out' ? 413 : 400,
          'transfer-too-large',
          'Transfer too large',
          `The command would move ${moved} bytes; the commands endpoint moves at most ${limit} (--command-max-transfer). Move block data with the blocks endpoint, or split the command.`,
          { extensions: { commandMaxTransferBytes: limit } },
        );
      }
      const reply = await devices.command(row, command, request.clientSignal);
      if (prefersOctetStream(request.headers.accept)) {
        const data = reply.data;
        return response
          .code(200)
          .type(OCTET_STREAM)
          .headers({
            [BINARY_HEADERS.status]: String(reply.status),
            [BINARY_HEADERS.statusName]: reply.statusName,
            [BINARY_HEADERS.command]: reply.command.replace(/[^\x20-\x7e]/g, '?'),
            [BINARY_HEADERS.cdb]: hex(command.cdb),
            [BINARY_HEADERS.durationMs]: String(reply.durationMs),
            ...(reply.senseBytes.length > 0 ? { [BINARY_HEADERS.sense]: hex(reply.senseBytes) } : {}),
          })
          .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      }
      // the data's hex text is made as the client reads it: a large answer never exists whole in memory (CommandResponse's shape)
      const before = {
        device: row.name,
        command: reply.command,
        cdb: hex(command.cdb),
        ...(definition ? { fields: toJsonSafe(definition.decode(command.cdb)) } : {}),
        status: reply.status,
        statusName: reply.statusName,
      };
      const after = { dataLength: reply.data.length, durationMs: reply.durationMs, ...(reply.senseBytes.length > 0 ? { sense: hex(reply.senseBytes) } : {}) };
      return response.code(200).type('application/json; charset=utf-8').send(hexJsonStream(before, 'data', reply.data, after));
    },
  );
}
