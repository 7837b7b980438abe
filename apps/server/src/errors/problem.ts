/**
 * RFC 9457 problem details: every error the server sends is
 * `application/problem+json`. SCSI errors from @sgio/core map to HTTP
 * statuses by what the sense data says (see the table in the README) and
 * carry the decoded sense.
 */
import {
  CheckConditionError,
  CommandCanceledError,
  CommandTimeoutError,
  DeviceClosedError,
  DeviceOpenError,
  ScsiStatusError,
  ShortTransferError,
  TransferModeError,
  TransportError,
} from '@sgio/core';
import { SenseCategory } from '@sgio/struct';
import { hex, toJsonSafe } from '../http/json-safe.js';
import { isGone } from '../devices/outcome.js';
import { ProblemError } from './problem-error.js';

/** Base of every problem `type` URI; the slug follows. */
export const PROBLEM_BASE = 'https://sgio.dev/problems/';

/** The media type of problem documents. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem document, plus the headers to send with it. */
export interface Problem {
  /** The JSON body. */
  readonly body: {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance?: string;
    requestId?: string;
    [extension: string]: unknown;
  };
  /** Extra headers. */
  readonly headers: Readonly<Record<string, string>>;
}

function problem(e: ProblemError): Problem {
  return { body: { type: PROBLEM_BASE + e.slug, title: e.title, status: e.status, detail: e.message, ...e.extensions }, headers: e.headers };
}

function statusForCheckCondition(e: CheckConditionError): { status: number; slug: string; title: string } {
  switch (e.category) {
    case SenseCategory.LBA_OUT_OF_RANGE:
      return { status: 416, slug: 'lba-out-of-range', title: 'LBA out of range' };
    case SenseCategory.NOT_READY:
      return { status: 503, slug: 'device-not-ready', title: 'Device not ready' };
    case SenseCategory.UNIT_ATTENTION:
      return { status: 503, slug: 'unit-attention', title: 'Unit attention' };
    case SenseCategory.INVALID_OPCODE:
      return { status: 422, slug: 'invalid-opcode', title: 'Command not supported by the device' };
    case SenseCategory.ILLEGAL_REQUEST:
    case SenseCategory.ILLEGAL_REQUEST_WITH_INFO:
      return { status: 422, slug: 'illegal-request', title: 'Illegal request' };
    case SenseCategory.MEDIUM_HARD:
    case SenseCategory.MEDIUM_HARD_WITH_INFO:
      return { status: 502, slug: 'medium-error', title: 'Medium or hardware error' };
    case SenseCategory.DATA_PROTECT:
      return { status: 409, slug: 'data-protect', title: 'Device write protected' };
    case SenseCategory.ABORTED_COMMAND:
      return { status: 503, slug: 'aborted-command', title: 'Command aborted by the device' };
    case SenseCategory.MISCOMPARE:
      return { status: 409, slug: 'miscompare', title: 'Miscompare' };
    default:
      return { status: 502, slug: 'check-condition', title: 'Device reported an error' };
  }
}

/** The decoded sense of a CHECK CONDITION, JSON-safe. */
function senseMember(e: CheckConditionError): Record<string, unknown> {
  const s = e.sense;
  return {
    key: s.senseKey,
    keyName: s.senseKeyName,
    asc: s.asc,
    ascq: s.ascq,
    text: s.ascText,
    ...(s.valid && s.information !== undefined ? { information: toJsonSafe(s.information) } : {}),
    ...(s.senseKeySpecific ? { senseKeySpecific: toJsonSafe(s.senseKeySpecific) } : {}),
    hex: hex(e.result.senseBytes),
  };
}

/** Turns any error into a problem. Unknown errors become a 500 without internals. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return problem(error);
  if (error instanceof CheckConditionError) {
    const m = statusForCheckCondition(error);
    return {
      body: {
        type: PROBLEM_BASE + m.slug,
        title: m.title,
        status: m.status,
        detail: error.message,
        command: error.result.command,
        sense: senseMember(error),
      },
      headers: m.status === 503 ? { 'retry-after': '1' } : {},
    };
  }
  if (error instanceof ScsiStatusError) {
    const conflict = error.status === 0x18;
    const busy = error.status === 0x08 || error.status === 0x28;
    const status = conflict ? 409 : busy ? 503 : 502;
    return {
      body: {
        type: PROBLEM_BASE + (conflict ? 'reservation-conflict' : busy ? 'device-busy' : 'scsi-status'),
        title: conflict ? 'Reservation conflict' : busy ? 'Device busy' : 'Unexpected SCSI status',
        status,
        detail: error.message,
        command: error.result.command,
        scsiStatus: error.statusName,
      },
      headers: busy ? { 'retry-after': '1' } : {},
    };
  }
  if (error instanceof CommandTimeoutError) {
    return { body: { type: PROBLEM_BASE + 'command-timeout', title: 'Command timed out', status: 504, detail: error.message, command: error.result.command }, headers: {} };
  }
  if (error instanceof TransportError) {
    return {
      body: {
        type: PROBLEM_BASE + 'transport-error',
        title: 'Transport error',
        status: 502,
        detail: error.message,
        command: error.result.command,
        hostStatus: error.hostStatusName,
        driverStatus: error.driverStatusName,
      },
      headers: {},
    };
  }
  if (isGone(error)) {
    return { body: { type: PROBLEM_BASE + 'device-gone', title: 'Device gone', status: 410, detail: (error as Error).message }, headers: {} };
  }
  if (error instanceof CommandCanceledError || error instanceof DeviceClosedError) {
    return { body: { type: PROBLEM_BASE + 'canceled', title: 'Command canceled', status: 503, detail: error.message }, headers: { 'retry-after': '1' } };
  }
  if (error instanceof DeviceOpenError) {
    const busy = error.kind === 'busy';
    return {
      body: { type: PROBLEM_BASE + (busy ? 'device-busy' : 'device-open-failed'), title: busy ? 'Device busy' : 'Device cannot be opened', status: busy ? 503 : 500, detail: error.message },
      headers: {},
    };
  }
  if (error instanceof ShortTransferError) {
    return { body: { type: PROBLEM_BASE + 'short-transfer', title: 'Short transfer', status: 502, detail: error.message }, headers: {} };
  }
  if (error instanceof TransferModeError) {
    return { body: { type: PROBLEM_BASE + 'transfer-mode', title: 'Transfer not possible', status: 500, detail: error.message }, headers: {} };
  }
  const fastify = fastifyProblem(error);
  if (fastify) return fastify;
  return { body: { type: PROBLEM_BASE + 'internal', title: 'Internal server error', status: 500, detail: 'The server failed; the log has the details (search for the request id).' }, headers: {} };
}

/** Fastify's own errors (validation, body size, content type, JSON syntax). */
function fastifyProblem(error: unknown): Problem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown; message?: unknown; validation?: unknown };
  if (e.validation !== undefined) {
    return {
      body: { type: PROBLEM_BASE + 'invalid-request', title: 'Invalid request', status: 400, detail: String(e.message), errors: toJsonSafe(e.validation) },
      headers: {},
    };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const slug =
      e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'body-too-large'
        : e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported-media-type'
          : e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
            ? 'malformed-body'
            : 'bad-request';
    return { body: { type: PROBLEM_BASE + slug, title: slug.replace(/-/g, ' '), status: e.statusCode, detail: String(e.message) }, headers: {} };
  }
  return undefined;
}
