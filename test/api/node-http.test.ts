import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../worker/lib/crypto';
import { Hono } from 'hono';
import { lessonPreload, nodeHttpServer, nodeSha256 } from '../../worker/node-http';
import { Person } from '../helpers/client';
import { builtFixtureContent } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();

/** The app as `npm start` serves it, over real HTTP: node:crypto for session hashes, compressed API replies. */
async function nodeEntry() {
  const { t, world } = await setup({ content: built.source, sha256: nodeSha256 });
  const fetcher = async (req: Request) => t.app.fetch(req);
  const learner = await new Person(fetcher).login('learner', world.password('learner'));
  const server = nodeHttpServer(t.app.fetch).listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  /** The bytes as they came over the wire (no fetch decoding them), as a Response for reading. */
  const raw = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    new Promise<Response>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path, headers: { origin: `http://127.0.0.1:${port}`, cookie: learner.cookie ?? '', ...(body ? { 'content-type': 'application/json' } : {}), ...headers } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () => resolve(new Response(Buffer.concat(parts), { status: res.statusCode, headers: res.headers as Record<string, string> })));
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  return { t, learner, raw };
}
const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

describe('the Node entry around the app', () => {
  it('hashes session tokens with node:crypto exactly as WebCrypto does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
        expect(nodeSha256(text)).toBe(await sha256(text));
      }),
    );
    // A session made at sign-in (WebCrypto) is found on the next request (node:crypto).
    const { learner } = await nodeEntry();
    expect((await learner.get('/api/me')).body.username).toBe('learner');
  });

  it('gzips a lesson in one piece, keeping every security header, and says it varies by encoding', async () => {
    const { raw } = await nodeEntry();
    const res = await raw('GET', '/api/courses/sample/lessons/first-steps?locale=en', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBeTruthy();
    const zipped = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(zipped.byteLength);
    const lesson = JSON.parse(gunzipSync(zipped).toString('utf8'));
    expect(lesson.id).toBe('first-steps');
    expect(zipped.byteLength).toBeLessThan(gunzipSync(zipped).byteLength);
    // Compressed once per representation (its ETag): the same bytes again, another language's differ.
    const again = await raw('GET', '/api/courses/sample/lessons/first-steps?locale=en', { 'accept-encoding': 'gzip' });
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(zipped);
    const french = await raw('GET', '/api/courses/sample/lessons/first-steps?locale=fr', { 'accept-encoding': 'gzip' });
    expect(JSON.parse(gunzipSync(new Uint8Array(await french.arrayBuffer())).toString('utf8')).requestedLocale).toBe('fr');
  });

  it('leaves small replies, writes and clients without gzip uncompressed', async () => {
    const { raw } = await nodeEntry();
    const small = await raw('GET', '/api/notifications?limit=0', { 'accept-encoding': 'gzip' });
    expect(small.status).toBe(200);
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toHaveProperty('unread');
    const plain = await raw('GET', '/api/courses/sample/lessons/first-steps?locale=en');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(((await plain.json()) as { id: string }).id).toBe('first-steps');
    const write = await raw('POST', '/api/progress/events', { 'accept-encoding': 'gzip' }, {
      events: [{ id: crypto.randomUUID(), type: 'lesson.opened', courseId: 'sample', courseVersion: '1.2.0', lessonId: 'first-steps', at: new Date().toISOString() }],
    });
    expect(write.status).toBe(200);
    expect(write.headers.get('content-encoding')).toBeNull();
    expect(write.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('sends a streamed API reply with its own headers, uncompressed', async () => {
    const app = new Hono().get('/api/stream', (c) => {
      c.header('X-Own', 'kept');
      const chunks = ['{"parts":[', '1,2', ']}'];
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      });
      return c.body(body, 200, { 'Content-Type': 'application/json' });
    });
    const server = nodeHttpServer(app.fetch).listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/stream`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-own')).toBe('kept');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.json()).toEqual({ parts: [1, 2] });
  });

  it('preloads a lesson page’s data in the language the app will ask in: the remembered one, else the browser’s, else English', async () => {
    const app = new Hono().get('*', (c) => c.text(lessonPreload(c) ?? 'none'));
    const link = async (path: string, headers: Record<string, string> = {}) => (await app.request(path, { headers })).text();
    expect(await link('/courses/victim-centred/lessons/identification')).toBe(
      '</api/courses/victim-centred?locale=en>; rel=preload; as=fetch; crossorigin, </api/courses/victim-centred/lessons/identification?locale=en>; rel=preload; as=fetch; crossorigin',
    );
    expect(await link('/courses/c/lessons/l', { 'accept-language': 'de-DE,ru;q=0.8,en;q=0.5' })).toContain('?locale=ru>');
    expect(await link('/courses/c/lessons/l', { 'accept-language': 'ru', cookie: 'cascade_locale=ar' })).toContain('?locale=ar>');
    expect(await link('/courses/c/lessons/l', { cookie: 'cascade_locale=xx' })).toContain('?locale=en>');
    expect(await link('/courses/c/lessons/l')).not.toContain('/api/me');
    expect(await link('/courses/c/lessons/l', { cookie: 'cascade_session=abc' })).toMatch(/^<\/api\/me>; rel=preload; as=fetch; crossorigin, /);
    for (const other of ['/courses/c', '/courses/c/lessons/l/extra', '/courses/c/lessons/<script>', '/api/courses/c/lessons/l']) expect(await link(other)).toBe('none');
  });
});
