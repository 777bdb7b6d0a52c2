/**
 * What the Node entry adds around the app, shared with the API bench (bench/api-server.ts) so the
 * bench measures exactly what `npm start` serves. Node only: Workers get compression from
 * Cloudflare's edge and keep WebCrypto.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { LOCALES, type Locale } from '../db/schema/enums';
import { SESSION_COOKIE } from './sessions';

/** SHA-256, base64url, as lib/crypto.ts's `sha256` gives it, but synchronous (see AppDeps.sha256). */
export const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

const COMPRESSIBLE = /^(text\/|application\/([\w.+-]*\+)?(json|javascript|xml))/;
/** Below this, gzip's header and the time spent outweigh the bytes saved. */
const MIN_BYTES = 1024;
/** Compressed bodies of responses with an ETag (lessons), which name their representation: compressed once. */
const zipped = new Map<string, Buffer>();
const ZIPPED_ENTRIES = 500;

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * The Node entry's HTTP server for an app: @hono/node-server's adapter, with the API's GET replies
 * that are worth it (lessons, the catalogue, threads, reports) gzipped on their way out.
 *
 * Compression happens here, on the Node response, rather than in a Hono middleware: a middleware
 * has to read a finished Response back (which makes @hono/node-server rebuild it and read its
 * body as a stream) and make another, on every GET, even the many replies too small to compress.
 * Here the adapter's own one-piece write (`writeHead`, then `end` with the whole body) is caught,
 * and a body of 1 KB or more is compressed in one piece and sent in one write. Streamed bodies,
 * writes (progress batches, answers, verifications) and clients without gzip are left alone.
 */
export function nodeHttpServer(fetch: Parameters<typeof getRequestListener>[0]): Server {
  const listener: Listener = getRequestListener(fetch);
  return createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/api/') && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) gzipOnEnd(req, res);
    return listener(req, res);
  });
}

/** Holds back `writeHead` until `end` shows the whole body, then decides whether to compress it. */
function gzipOnEnd(req: IncomingMessage, res: ServerResponse) {
  const writeHead = res.writeHead.bind(res);
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  let held: [number, OutgoingHttpHeaders] | undefined;
  const flush = () => {
    if (held) writeHead(...held);
    held = undefined;
  };
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.at(-1);
    // Only the adapter's form (status and a header record) is held; anything else goes as it is.
    if (rest.length !== 1 || typeof headers !== 'object' || headers === null || Array.isArray(headers)) return writeHead(status, ...(rest as []));
    held = [status, headers as OutgoingHttpHeaders];
    return res;
  }) as ServerResponse['writeHead'];
  res.write = ((...args: Parameters<ServerResponse['write']>) => {
    flush();
    return write(...args);
  }) as ServerResponse['write'];
  // A streamed body: the adapter sends the headers before its first chunk.
  const flushHeaders = res.flushHeaders.bind(res);
  res.flushHeaders = () => {
    flush();
    flushHeaders();
  };
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (held && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      const [status, headers] = held;
      held = undefined;
      const body = compressed(req, status, headers, chunk);
      writeHead(status, headers);
      // The encoding argument, if any, was the text's: the body may be bytes now. A callback stays.
      const done = rest.find((arg): arg is () => void => typeof arg === 'function');
      return done ? end(body, done) : end(body);
    }
    flush();
    return end(chunk as string, ...(rest as []));
  }) as ServerResponse['end'];
}

/** The body to send, gzipped when worth it, with the headers changed to match. */
function compressed(req: IncomingMessage, status: number, headers: OutgoingHttpHeaders, chunk: string | Uint8Array): string | Uint8Array {
  const type = header(headers, 'content-type');
  if (header(headers, 'content-encoding') !== undefined || !COMPRESSIBLE.test(String(type ?? ''))) return chunk;
  setHeader(headers, 'Vary', [header(headers, 'vary'), 'Accept-Encoding'].filter(Boolean).join(', '));
  if ((typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength) < MIN_BYTES) return chunk;
  const etag = status === 200 ? header(headers, 'etag') : undefined;
  const key = etag && `${req.url} ${etag}`;
  let sent = key ? zipped.get(key) : undefined;
  if (!sent) {
    sent = gzipSync(chunk);
    if (key) {
      if (zipped.size >= ZIPPED_ENTRIES) zipped.delete(zipped.keys().next().value!);
      zipped.set(key, sent);
    }
  }
  setHeader(headers, 'Content-Encoding', 'gzip');
  setHeader(headers, 'Content-Length', String(sent.byteLength));
  return sent;
}

/** Header records from the adapter keep the app's own capitalisation: look names up case-blind. */
function header(headers: OutgoingHttpHeaders, name: string) {
  for (const key in headers) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

function setHeader(headers: OutgoingHttpHeaders, name: string, value: string) {
  for (const key in headers) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  headers[name] = value;
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
