/**
 * An error that is already an HTTP problem: routes throw it for refusals
 * (bad input, missing scope, unknown device), and the error handler sends it
 * as RFC 9457 problem+json.
 */

/** Extra members of a problem document. */
export type ProblemExtensions = Record<string, unknown>;

/** Thrown by routes; becomes `application/problem+json` with this status. */
export class ProblemError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Short slug of the problem type (`device-not-found`); the `type` URI ends with it. */
  readonly slug: string;
  /** Short, stable title for the problem type. */
  readonly title: string;
  /** Extension members. */
  readonly extensions: ProblemExtensions;
  /** Extra response headers (WWW-Authenticate, Content-Range, Retry-After). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    slug: string,
    title: string,
    detail: string,
    options: { extensions?: ProblemExtensions; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProblemError';
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}
