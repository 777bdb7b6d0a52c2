import { rmSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { progressEvents } from '../../db/schema';
import { expectError } from '../helpers/client';
import { builtFixtureContent } from '../helpers/content';
import { tableCounts } from '../helpers/db';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const withContent = () => setup({ content: built.source });

const event = (over: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  type: 'lesson.opened',
  courseId: 'sample',
  courseVersion: '1.2.0',
  lessonId: 'first-steps',
  at: '2026-11-27T08:15:00.000+05:45',
  ...over,
});
const answered = (over: Record<string, unknown> = {}) =>
  event({ type: 'check.answered', checkId: 'q1', answer: ['a'], correct: true, ...over });

describe('POST /api/progress/events', () => {
  it('stores a batch once; a replay, and duplicates inside a batch, store nothing more', async () => {
    const { t, world } = await withContent();
    const learner = await world.signIn('learner');
    const batch = [event(), event({ type: 'lesson.completed' }), answered()];
    const first = await learner.post('/api/progress/events', { events: [...batch, batch[0]] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: batch.map((e) => e.id), rejected: [] });
    const replay = await learner.post('/api/progress/events', { events: batch });
    expect(replay.body.accepted.sort()).toEqual(batch.map((e) => e.id).sort());
    const rows = await t.db.select().from(progressEvents);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.type === 'check.answered')).toMatchObject({ checkId: 'q1', answer: ['a'], correct: true });
    expect(rows[0]!.occurredAt.toISOString()).toBe('2026-11-27T02:30:00.000Z');
  });

  it('one learner on two devices, syncing overlapping batches at the same moment: every event once', async () => {
    const { t, world } = await withContent();
    const [phone, laptop] = [await world.signIn('learner'), await world.signIn('learner')];
    const events = Array.from({ length: 60 }, (_, i) => event({ type: i % 2 ? 'lesson.completed' : 'lesson.opened', lessonId: i % 3 ? 'first-steps' : 'tracing' }));
    // Each device has some of its own and a shared middle it also sends (a replay after a lost answer).
    const results = await Promise.all([
      phone.post('/api/progress/events', { events: events.slice(0, 40) }),
      laptop.post('/api/progress/events', { events: events.slice(20, 60) }),
      phone.post('/api/progress/events', { events: events.slice(10, 50) }),
    ]);
    for (const r of results) expect(r.body.rejected).toEqual([]);
    const rows = await t.db.select({ id: progressEvents.id }).from(progressEvents);
    expect(rows.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
    const progress = (await laptop.get('/api/progress?courseId=sample')).body;
    expect(progress.lessons.filter((l: { completedAt: string | null }) => l.completedAt).length).toBe(2);
  });

  it('rejects bad events one by one and keeps the good ones', async () => {
    const { t, world } = await withContent();
    const learner = await world.signIn('learner');
    const good = event();
    const res = await learner.post('/api/progress/events', {
      events: [
        good,
        event({ id: 'not-a-uuid' }),
        event({ type: 'lesson.teleported' }),
        event({ lessonId: 'no-such-lesson' }),
        event({ type: 'check.answered' }),
        event({ at: 'yesterday' }),
        'just a string',
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([good.id]);
    expect(res.body.rejected.map((r: { code: string }) => r.code)).toEqual([
      'invalid_event',
      'invalid_event',
      'unknown_lesson',
      'invalid_event',
      'invalid_event',
      'invalid_event',
    ]);
    expect(res.body.rejected[3].message).toMatch(/checkId/);
    expect((await t.db.select({ n: count() }).from(progressEvents))[0]?.n).toBe(1);
  });

  it("never lets one learner's event id overwrite or claim another's", async () => {
    const { t, world } = await withContent();
    const learner = await world.signIn('learner');
    const trainer = await world.signIn('trainer');
    const e = event();
    await learner.post('/api/progress/events', { events: [e] });
    const res = await trainer.post('/api/progress/events', { events: [{ ...e, lessonId: 'tracing' }] });
    expect(res.body).toMatchObject({ accepted: [], rejected: [{ id: e.id, code: 'id_conflict' }] });
    const [row] = await t.db.select().from(progressEvents).where(eq(progressEvents.id, e.id));
    expect(row?.lessonId).toBe('first-steps');
  });

  it.each([
    [{ events: [] }, 'body.events'],
    [{ events: Array.from({ length: 101 }, () => event()) }, 'body.events'],
    [{ events: 'lots' }, 'body.events'],
    [{}, 'body.events'],
  ])('refuses a malformed batch %# as a whole, naming %s, and stores nothing', async (body, field) => {
    const { t, world } = await withContent();
    const learner = await world.signIn('learner');
    const before = await tableCounts(t.db);
    expect(expectError(await learner.post('/api/progress/events', body), 400, 'validation_failed').fields).toHaveProperty([field]);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('is 401 without a session, and stores nothing', async () => {
    const { t, world } = await withContent();
    expectError(await world.anonymous().post('/api/progress/events', { events: [event()] }), 401, 'unauthenticated');
    expect((await t.db.select({ n: count() }).from(progressEvents))[0]?.n).toBe(0);
  });

  it('takes a full batch of 100 in one request (more than D1 binds in one statement)', async () => {
    const { t, world } = await withContent();
    const learner = await world.signIn('learner');
    const events = Array.from({ length: 100 }, (_, i) => event({ lessonId: i % 2 ? 'tracing' : 'first-steps' }));
    const res = await learner.post('/api/progress/events', { events });
    expect(res.body.accepted).toHaveLength(100);
    expect((await t.db.select({ n: count() }).from(progressEvents))[0]?.n).toBe(100);
  });
});

describe('GET /api/progress', () => {
  it("sums up only the signed-in learner's progress: first opened, first completed, latest answer", async () => {
    const { world } = await withContent();
    const learner = await world.signIn('learner');
    await learner.post('/api/progress/events', {
      events: [
        event({ at: '2026-11-20T10:00:00Z' }),
        event({ at: '2026-11-21T10:00:00Z' }),
        event({ type: 'lesson.completed', at: '2026-11-21T10:30:00Z' }),
        answered({ correct: false, answer: ['b'], at: '2026-11-21T10:10:00Z' }),
        answered({ correct: true, at: '2026-11-21T10:20:00Z' }),
      ],
    });
    const trainer = await world.signIn('trainer');
    await trainer.post('/api/progress/events', { events: [event({ lessonId: 'tracing' })] });

    const res = await learner.get('/api/progress?courseId=sample');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      courseId: 'sample',
      lessons: [{ lessonId: 'first-steps', openedAt: '2026-11-20T10:00:00.000Z', completedAt: '2026-11-21T10:30:00.000Z' }],
      checks: [{ lessonId: 'first-steps', checkId: 'q1', correct: true, at: '2026-11-21T10:20:00.000Z' }],
    });
  });

  it('needs a course id and a session', async () => {
    const { world } = await withContent();
    const learner = await world.signIn('learner');
    expect(expectError(await learner.get('/api/progress'), 400, 'validation_failed').fields).toHaveProperty(['query.courseId']);
    expectError(await world.anonymous().get('/api/progress?courseId=sample'), 401, 'unauthenticated');
  });
});
