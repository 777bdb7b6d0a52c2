import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/** What a client can act on: a stable code and a sentence a person can read. */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string; fields?: Record<string, string>; details?: Array<Record<string, unknown>> };
}

/** The one error type handlers throw; `onError` turns it into the error body. */
export class AppError extends HTTPException {
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;
  /** Items the person must act on one by one, e.g. each identifying detail found in a text. */
  readonly details: Array<Record<string, unknown>> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { fields?: Record<string, string>; headers?: Record<string, string>; details?: Array<Record<string, unknown>>; cause?: unknown } = {},
  ) {
    super(status, { message, cause: extra.cause });
    this.code = code;
    this.fields = extra.fields;
    this.headers = extra.headers;
    this.details = extra.details;
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);

/** Where in the request a field is, in the words an API user knows. */
const PLACES: Record<string, string> = { json: 'body', form: 'body', param: 'path', query: 'query', header: 'header', cookie: 'cookie' };

/** Turns a zod failure into a 400 that names each field, e.g. `body.username`. */
export function validationError(target: string, error: ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [PLACES[target] ?? target, ...issue.path.map(String)].join('.');
    fields[path] ??= issue.message;
  }
  const list = Object.entries(fields)
    .map(([f, m]) => `${f}: ${m}`)
    .join('; ');
  return new AppError(400, 'validation_failed', `Some fields are not valid. ${list}`, { fields });
}

/** Hono's own exceptions (bad JSON, body too large, ...) mapped to stable codes. */
function fromHttpException(err: HTTPException): AppError {
  const status = err.status as ContentfulStatusCode;
  if (status === 400 && /json/i.test(err.message)) {
    return new AppError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
  if (status === 415 || (status === 400 && /content-type/i.test(err.message))) {
    return new AppError(415, 'unsupported_media_type', 'Send the body as JSON, with Content-Type: application/json.');
  }
  if (status === 413) return new AppError(413, 'payload_too_large', 'The request body is too large.');
  return new AppError(status, 'http_error', err.message || 'The request could not be handled.');
}

function requestIdOf(c: Context): string | undefined {
  return c.get('requestId' as never) as string | undefined;
}

export function errorResponse(c: Context, err: AppError): Response {
  const body: ErrorBody = {
    error: { code: err.code, message: err.message, requestId: requestIdOf(c) },
  };
  if (err.fields) body.error.fields = err.fields;
  if (err.details) body.error.details = err.details;
  return c.json(body, err.status as ContentfulStatusCode, err.headers);
}

/** The one error handler: known errors keep their status; anything else is a logged 500. */
export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) return errorResponse(c, err);
  if (err instanceof HTTPException) return errorResponse(c, fromHttpException(err));
  console.error(JSON.stringify({ level: 'error', requestId: requestIdOf(c), error: String(err), stack: (err as Error).stack }));
  return errorResponse(c, new AppError(500, 'internal', 'Something went wrong on our side. Try again; if it persists, quote the request id.'));
};

export const onNotFound: NotFoundHandler = (c) =>
  errorResponse(c, new AppError(404, 'route_not_found', `There is no API route ${c.req.method} ${c.req.path}.`));
