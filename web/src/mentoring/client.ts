import type { ClientResponse, hc, InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
// Type-only: the server's code never reaches the browser bundle.
import type { MentoringType } from '../../../worker/app';
import { api, ApiError } from '../api';

/**
 * The mentoring routes' typed client, based at /api: one chain of every router is more than
 * TypeScript can represent, so the server exports a second type for them. At run time an `hc`
 * client is only a proxy that turns property names into path segments, so this is the shell's
 * own client at /api seen through that second type: the same as `hc<MentoringType>(origin + '/api')`,
 * without a second copy of `hc` (importing it here split the shell into one more chunk, +0.7 KB gzip).
 */
export const mapi = api as unknown as ReturnType<typeof hc<MentoringType>>;

/** One identifying detail the screening found in a consultation text. */
export interface Finding {
  kind: string;
  start: number;
  end: number;
  text: string;
  explanation: string;
}

/** An `ApiError` that also carries the items to act on one by one (`error.details`). */
export type MentoringError = ApiError & { details: readonly Finding[] };

// A plain object on an ApiError rather than a subclass: class fields bring a helper that the
// bundler then splits out of the learner's shell into a chunk of its own.
const failure = (code: string, message: string, fields: Readonly<Record<string, string>>, details: readonly Finding[]): MentoringError =>
  Object.assign(new ApiError(code, message, fields), { details });

export const offline = () => failure('offline', '', {}, []);

export const isMentoringError = (err: unknown): err is MentoringError => err instanceof ApiError && 'details' in err;

type Success<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string>; details?: Finding[] };
}

/** Like `send()` in ../api, keeping `details` (e.g. the 422 `identifying_details` findings). */
export async function msend<R extends ClientResponse<unknown, number, string>>(call: Promise<R>): Promise<Success<R>> {
  let res: R;
  try {
    res = await call;
  } catch {
    throw offline();
  }
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as Success<R>;
  const body = (await res.json().catch(() => ({}))) as ErrorBody;
  const error = body.error ?? {};
  throw failure(error.code ?? `http_${res.status}`, error.message ?? res.statusText, error.fields ?? {}, error.details ?? []);
}

export type MentorProfile = NonNullable<InferResponseType<typeof mapi.mentors.me.$get, 200>['profile']>;
export type PendingProfile = InferResponseType<typeof mapi.mentors.pending.$get, 200>['profiles'][number];
export type Suggestion = InferResponseType<typeof mapi.mentors.suggestions.$post, 200>['suggestions'][number];
export type Mentorship = InferResponseType<(typeof mapi.mentorships)[':mentorshipId']['$get'], 200>;
export type Notification = InferResponseType<typeof mapi.notifications.$get, 200>['notifications'][number];
export type Post = InferResponseType<(typeof mapi.spaces.posts)[':postId']['$get'], 200>['thread'];
export type ThreadSummary = InferResponseType<(typeof mapi.spaces)[':spaceId']['threads']['$get'], 200>['threads'][number];

type Mine = InferResponseType<typeof mapi.mentorships.$get, 200>;
export type MentoringRequest = Mine['requests'][number];
export type MentorshipSummary = Mine['mentorships'][number];
export type Space = InferResponseType<typeof mapi.spaces.$get, 200>['spaces'][number];
export type Report = InferResponseType<(typeof mapi.spaces)[':spaceId']['reports']['$get'], 200>['reports'][number];
export type ConsultationSummary = InferResponseType<typeof mapi.consultations.$get, 200>['consultations'][number];
export type Consultation = InferResponseType<(typeof mapi.consultations)[':consultationId']['$get'], 200>;

export const myMentoring = () => msend(mapi.mentorships.$get());

export const listSpaces = async () => (await msend(mapi.spaces.$get())).spaces;
