import { exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';

const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const get = (path: string, headers: Record<string, string> = {}) => worker.fetch(new Request(`http://localhost${path}`, { headers }));

it('serves the catalogue and a translated lesson from Static Assets, with an ETag', async () => {
  const catalogue = await get('/api/catalogue?locale=fr');
  expect(catalogue.status).toBe(200);
  expect(await catalogue.json()).toMatchObject({ courses: [{ id: 'sample', title: "Cours d'exemple pour les tests" }] });

  const lesson = await get('/api/courses/sample/lessons/first-steps?locale=fr');
  expect(lesson.status).toBe(200);
  expect(await lesson.json()).toMatchObject({ locale: 'fr', fallback: false, title: 'Premiers pas' });
  const etag = lesson.headers.get('etag') ?? '';
  expect((await get('/api/courses/sample/lessons/first-steps?locale=fr', { 'if-none-match': etag })).status).toBe(304);
});

it('flags the English fallback and 404s an unknown lesson', async () => {
  expect(await (await get('/api/courses/sample/lessons/tracing?locale=ar')).json()).toMatchObject({ locale: 'en', fallback: true });
  const missing = await get('/api/courses/sample/lessons/nope');
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
});
