import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
// Type-only: the server's code never reaches the browser bundle.
import type { AppType } from '../../worker/app';

/** The typed API client; every call goes to the same origin that served the app. */
export const api = hc<AppType>(location.origin).api;

export type Me = InferResponseType<typeof api.me.$get, 200>;
export type Locale = Me['locale'];
export type Sector = NonNullable<Me['sector']>;
export type Role = Me['memberships'][number]['role'];

/** A failed call: the API's `{ error: { code, message, fields } }`, or `offline` when nothing came back. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

type Success<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

/** Awaits a client call and returns its success body, or throws an `ApiError`. */
export async function send<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<Success<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw new ApiError('offline', '');
  }
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as Success<R>;
  const body = (await res.json().catch(() => ({}))) as ErrorBody;
  const error = body.error ?? {};
  throw new ApiError(error.code ?? `http_${res.status}`, error.message ?? res.statusText, error.fields);
}
