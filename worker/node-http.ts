/**
 * What the Node entry adds around the app, shared with the API bench (bench/api-server.ts) so the
 * bench measures exactly what `npm start` serves. Node only: Workers get compression from
 * Cloudflare's edge and keep WebCrypto.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { LOCALES, type Locale } from '../db/schema/enums';
import { SESSION_COOKIE } from './sessions';

/** SHA-256, base64url, as lib/crypto.ts's `sha256` gives it, but synchronous (see AppDeps.sha256). */
export const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

const COMPRESSIBLE = /^(text\/|application\/([\w.+-]*\+)?(json|javascript|xml))/;
/** Below this, gzip's header and the time spent outweigh the bytes saved. */
const MIN_BYTES = 1024;
/** Compressed bodies of responses with an ETag (lessons), which name their representation: compressed once. */
const zipped = new Map<string, Uint8Array>();
const ZIPPED_ENTRIES = 500;

/**
 * Gzips GET responses of the API that are worth it: lessons, the catalogue, threads, reports.
 * Writes (progress batches, answers, verifications) answer with a few hundred bytes and are left
 * alone, untouched: reading a finished response's headers makes @hono/node-server rebuild it,
 * and hono/compress's stream then goes out in several writes. Here the body is compressed in one
 * piece and sent in one.
 */
export function gzipResponses(): MiddlewareHandler {
  return async function gzipResponses(c, next) {
    await next();
    if (c.req.method !== 'GET' || !/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return;
    const res = c.res;
    if (!res.body || res.headers.has('content-encoding') || !COMPRESSIBLE.test(res.headers.get('content-type') ?? '')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    headers.append('Vary', 'Accept-Encoding');
    let sent: Uint8Array = body;
    if (body.byteLength >= MIN_BYTES) {
      const etag = res.status === 200 ? res.headers.get('etag') : null;
      const key = etag && `${c.req.path} ${etag}`;
      const known = key ? zipped.get(key) : undefined;
      sent = known ?? gzipSync(body);
      if (key && !known) {
        if (zipped.size >= ZIPPED_ENTRIES) zipped.delete(zipped.keys().next().value!);
        zipped.set(key, sent);
      }
      headers.set('Content-Encoding', 'gzip');
    }
    headers.set('Content-Length', String(sent.byteLength));
    // Cleared first: assigning over a response merges the old one's headers into a copy.
    c.res = undefined;
    c.res = new Response(sent, { status: res.status, statusText: res.statusText, headers });
  };
}

/** The Node server around the app: compressed API responses, then the app itself. */
export function nodeServer<E extends object>(app: Hono<E>) {
  return new Hono<E>().use('/api/*', gzipResponses()).route('/', app);
}

/** The web app remembers a person's language here as well as in localStorage (web/src/i18n). */
export const LOCALE_COOKIE = 'cascade_locale';
const LESSON_PAGE = /^\/courses\/([\w-]{1,64})\/lessons\/([\w-]{1,64})\/?$/;

/** The language the web app will ask in: the remembered one, else the browser's first that Cascade has, else English. */
export function pageLocale(c: Context): Locale {
  const chosen = getCookie(c, LOCALE_COOKIE);
  if ((LOCALES as readonly string[]).includes(chosen ?? '')) return chosen as Locale;
  const wanted = (c.req.header('accept-language') ?? '').split(',').map((tag) => tag.trim().slice(0, 2).toLowerCase());
  return (wanted.find((tag) => (LOCALES as readonly string[]).includes(tag)) as Locale | undefined) ?? 'en';
}

/**
 * On a lesson's page, `Link: rel=preload` for the API requests the app makes first (who is signed
 * in, the course and the lesson: web/src/content.ts `fetchLessonView`), so they travel while the app's
 * JavaScript arrives rather than after it runs: one round trip less to a readable lesson.
 */
export function lessonPreload(c: Context): string | undefined {
  const page = LESSON_PAGE.exec(c.req.path);
  if (!page) return undefined;
  const [, course, lesson] = page;
  const locale = pageLocale(c);
  // Signed in, the app shows nothing until it knows who (web/src/session.ts `loadMe`): that too.
  const me = getCookie(c, SESSION_COOKIE) ? ['/api/me'] : [];
  return [...me, `/api/courses/${course}?locale=${locale}`, `/api/courses/${course}/lessons/${lesson}?locale=${locale}`]
    .map((url) => `<${url}>; rel=preload; as=fetch; crossorigin`)
    .join(', ');
}
