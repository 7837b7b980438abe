/**
 * RFC 9457 problem details: every error the server sends is
 * `application/problem+json`. The packages' errors map to HTTP statuses
 * through core's error table (`describeError`: by code, and for SCSI errors
 * by what the sense data or status says; see the table in the README); SCSI
 * errors carry the command and the decoded sense.
 */
import { UNKNOWN_ERROR, describeError, type CommandResult } from '@sgio/core';
import type { SenseData } from '@sgio/struct';
import { hex, toJsonSafe } from '../http/json-safe.js';
import { ProblemError } from './problem-error.js';
import { WriteStoppedError, writtenSentence } from './write-stopped.js';

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

/** What the members below read of a SCSI error (core's `ScsiError` family). */
interface ScsiErrorMembers {
  readonly result?: CommandResult;
  readonly sense?: SenseData;
  readonly statusName?: string;
  readonly hostStatusName?: string;
  readonly driverStatusName?: string;
}

/** The decoded sense of a CHECK CONDITION, JSON-safe. */
function senseMember(s: SenseData, result: CommandResult): Record<string, unknown> {
  return {
    key: s.senseKey,
    keyName: s.senseKeyName,
    asc: s.asc,
    ascq: s.ascq,
    text: s.ascText,
    ...(s.valid && s.information !== undefined ? { information: toJsonSafe(s.information) } : {}),
    ...(s.senseKeySpecific ? { senseKeySpecific: toJsonSafe(s.senseKeySpecific) } : {}),
    hex: hex(result.senseBytes),
  };
}

/** The members a SCSI error adds: the command, and its sense, status or transport status. */
function scsiMembers(error: ScsiErrorMembers): Record<string, unknown> {
  const result = error.result;
  if (result === undefined) return {};
  return {
    command: result.command,
    ...(error.sense !== undefined ? { sense: senseMember(error.sense, result) } : {}),
    ...(error.statusName !== undefined ? { scsiStatus: error.statusName } : {}),
    ...(error.hostStatusName !== undefined ? { hostStatus: error.hostStatusName, driverStatus: error.driverStatusName } : {}),
  };
}

const HIDDEN_DETAIL = 'The server failed; the log has the details (search for the request id).';

/**
 * A write that stopped part-way: the problem of its cause, plus how many
 * blocks were written (`lba`, `blocksWritten`, `bytesWritten`). The
 * connection closes after the answer (the rest of the body is not read).
 */
function stoppedWrite(error: WriteStoppedError): Problem {
  const cause = toProblem(error.cause);
  return {
    body: {
      ...cause.body,
      detail: `${cause.body.detail} ${writtenSentence(error.lba, error.blocksWritten)}`,
      lba: error.lba.toString(),
      blocksWritten: error.blocksWritten,
      bytesWritten: error.bytesWritten,
    },
    headers: { ...cause.headers, connection: 'close' },
  };
}

/** Turns any error into a problem: a look-up in core's error table. Unknown errors become a 500 without internals. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return problem(error);
  if (error instanceof WriteStoppedError) return stoppedWrite(error);
  const d = describeError(error);
  if (d.code === UNKNOWN_ERROR.code) {
    const fastify = fastifyProblem(error);
    if (fastify) return fastify;
  }
  // a hidden message may name internals (a node's mode and owner, an fd): the table's remedy says what to do instead
  const detail = d.publicDetail ? (error as Error).message : d.remedy !== undefined ? `${d.remedy} (Request id in the server log.)` : HIDDEN_DETAIL;
  return {
    body: { type: PROBLEM_BASE + d.slug, title: d.title, status: d.httpStatus, detail, ...(d.publicDetail ? scsiMembers(error as ScsiErrorMembers) : {}) },
    headers: d.httpStatus === 503 ? { 'retry-after': '1' } : {},
  };
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
