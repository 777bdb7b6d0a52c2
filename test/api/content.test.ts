import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { expectError } from '../helpers/client';
import { builtFixtureContent } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const withContent = () => setup({ content: built.source });

describe('GET /api/catalogue', () => {
  it('lists courses in the asked language, with the offline download size', async () => {
    const { world } = await withContent();
    const res = await world.anonymous().get('/api/catalogue?locale=fr');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      locale: 'fr',
      courses: [{ id: 'sample', version: '1.2.0', title: "Cours d'exemple pour les tests", fallback: false, lessons: 2 }],
    });
    expect(res.body.courses[0].pack.gzipBytes).toBeGreaterThan(500);
    expect(res.body.courses[0].pack.gzipBytes).toBeLessThan(res.body.courses[0].pack.bytes);
  });

  it('falls back to English for a language without a translation, and says so', async () => {
    const { world } = await withContent();
    const res = await world.anonymous().get('/api/catalogue?locale=ar');
    expect(res.body.courses[0]).toMatchObject({ title: 'Sample course for pipeline tests', fallback: true });
  });

  it('uses Accept-Language when no locale is given', async () => {
    const { world } = await withContent();
    const res = await world.anonymous().call('GET', '/api/catalogue', undefined, { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' });
    expect(res.body.locale).toBe('fr');
  });

  it('refuses an unknown locale, naming the field', async () => {
    const { world } = await withContent();
    expect(expectError(await world.anonymous().get('/api/catalogue?locale=de'), 400, 'validation_failed').fields).toHaveProperty([
      'query.locale',
    ]);
  });

  it('is empty, not an error, before any content is built', async () => {
    const { world } = await setup();
    expect((await world.anonymous().get('/api/catalogue')).body).toEqual({ locale: 'en', courses: [] });
  });
});

describe('GET /api/courses/{courseId}', () => {
  it('gives lessons with hashed URLs, per-lesson fallback flags and the certificate rule', async () => {
    const { world } = await withContent();
    const res = await world.anonymous().get('/api/courses/sample?locale=fr');
    expect(res.status).toBe(200);
    expect(res.body.lessons.map((l: { id: string; fallback: boolean }) => [l.id, l.fallback])).toEqual([
      ['first-steps', false],
      ['tracing', true],
    ]);
    expect(res.body.lessons[0].url).toMatch(/^\/content\/sample\/first-steps\.fr\.[0-9a-f]{12}\.json$/);
    expect(res.body.certificate.summative).toMatchObject({ draw: 2, poolSize: 6, passMark: 0.7 });
    expect(JSON.stringify(res.body)).not.toContain('SECRET');
  });

  it('is 404 for an unknown course and 400 for a malformed id', async () => {
    const { world } = await withContent();
    expectError(await world.anonymous().get('/api/courses/nope'), 404, 'not_found');
    expect(expectError(await world.anonymous().get('/api/courses/Bad_Id'), 400, 'validation_failed').fields).toHaveProperty([
      'path.courseId',
    ]);
  });

  it('is 503 with what to do when content was never built', async () => {
    const { world } = await setup();
    const err = expectError(await world.anonymous().get('/api/courses/sample'), 503, 'content_unavailable');
    expect(err.message).toContain('npm run build:courses');
  });
});

describe('GET /api/courses/{courseId}/lessons/{lessonId}', () => {
  it('serves the translated lesson with its checks, and an ETag that revalidates to 304', async () => {
    const { world } = await withContent();
    const reader = world.anonymous();
    const res = await reader.get('/api/courses/sample/lessons/first-steps?locale=fr');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'first-steps', locale: 'fr', requestedLocale: 'fr', fallback: false, title: 'Premiers pas' });
    expect(res.body.checks[0].options[0]).toMatchObject({ text: 'Dès le premier jour.', correct: true });
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{12}-fr"$/);
    expect(res.headers.get('content-location')).toMatch(/first-steps\.fr\./);
    const again = await reader.call('GET', '/api/courses/sample/lessons/first-steps?locale=fr', undefined, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
  });

  it('flags an untranslated lesson served in English', async () => {
    const { world } = await withContent();
    const res = await world.anonymous().get('/api/courses/sample/lessons/tracing?locale=fr');
    expect(res.body).toMatchObject({ locale: 'en', requestedLocale: 'fr', fallback: true, title: 'Tracing through remittances' });
    expect(res.headers.get('content-language')).toBe('en');
  });

  it('is 404 for an unknown lesson', async () => {
    const { world } = await withContent();
    expectError(await world.anonymous().get('/api/courses/sample/lessons/nope'), 404, 'not_found');
  });
});
