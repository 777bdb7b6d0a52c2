import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, posts } from '../../db/schema';
import { publishReleases } from '../../worker/assessments/releases';
import { expectError } from '../helpers/client';
import { builtFixtureContent, fixtureRelease } from '../helpers/content';
import { nodeApp, type NodeApp } from '../helpers/node-app';
import type { World } from '../helpers/world';

const built = builtFixtureContent();
let t: NodeApp;
let world: World;
beforeEach(async () => {
  t = await nodeApp({ content: built.source });
  world = await t.world();
  await publishReleases(t.db, [fixtureRelease(built)], t.now());
});
afterEach(() => t.close());

type Space = { id: string; kind: string; key: string; optIn: boolean };
const spacesOf = async (p: Awaited<ReturnType<World['signIn']>>) => (await p.get('/api/spaces')).body.spaces as Space[];

describe('community spaces', () => {
  it('has a space per course, country and sector, and an opt-in women’s network; posts are stored once per outbox id and paginated', async () => {
    const learner = await world.signIn('learner');
    const spaces = await spacesOf(learner);
    expect(spaces.map((s) => `${s.kind}:${s.key}`)).toEqual(expect.arrayContaining(['course:sample', 'country:NP', 'sector:police', 'womens_network:women']));
    const course = spaces.find((s) => s.kind === 'course')!;
    const clientId = crypto.randomUUID();
    const thread = { clientId, title: 'Remittance agents as witnesses', body: 'Has anyone used a hawala agent as a *witness*? <script>alert(1)</script>', format: 'markdown' };
    const first = await learner.post(`/api/spaces/${course.id}/posts`, thread);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await learner.post(`/api/spaces/${course.id}/posts`, thread); // the outbox retried
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await t.db.select().from(posts)).toHaveLength(1);

    const trainer = await world.signIn('trainer');
    expect((await trainer.post(`/api/spaces/${course.id}/posts`, { clientId: crypto.randomUUID(), threadId: first.body.id, body: 'Yes: take the statement early.' })).status).toBe(201);
    expectError(await trainer.post(`/api/spaces/${course.id}/posts`, { clientId: crypto.randomUUID(), body: 'No title.' }), 400, 'validation_failed');
    const read = (await learner.get(`/api/spaces/posts/${first.body.id}`)).body;
    expect(read.thread.body).toContain('<script>alert(1)</script>'); // text; the web renders Markdown with HTML off
    expect(read.replies).toEqual([expect.objectContaining({ body: 'Yes: take the statement early.', author: 'Bikash Thapa' })]);

    for (let i = 0; i < 24; i++) {
      t.advance(1000);
      await learner.post(`/api/spaces/${course.id}/posts`, { clientId: crypto.randomUUID(), title: `Question ${i}`, body: 'A question.' });
    }
    const page1 = (await learner.get(`/api/spaces/${course.id}/threads`)).body;
    expect(page1.threads).toHaveLength(20);
    expect(page1.threads[0].title).toBe('Question 23');
    const page2 = (await learner.get(`/api/spaces/${course.id}/threads?before=${page1.next}`)).body;
    expect(page2.threads.map((x: { title: string }) => x.title).at(-1)).toBe('Remittance agents as witnesses');
    expect(page2.threads).toHaveLength(5);
    expect(page2.next).toBe(null);

    const women = spaces.find((s) => s.kind === 'womens_network')!;
    expectError(await learner.get(`/api/spaces/${women.id}/threads`), 404, 'not_found');
    const mentor = await world.signIn('mentor');
    expect((await mentor.post(`/api/spaces/${women.id}/join`)).status).toBe(204);
    expect((await mentor.get(`/api/spaces/${women.id}/threads`)).status).toBe(200);
  });

  it('members report; only moderators hide and restore, and a hidden thread takes no replies', async () => {
    const learner = await world.signIn('learner');
    const country = (await spacesOf(learner)).find((s) => s.kind === 'country')!;
    const post = (await learner.post(`/api/spaces/${country.id}/posts`, { clientId: crypto.randomUUID(), title: 'Selling fake visas', body: 'Contact me for papers.' })).body;
    const trainer = await world.signIn('trainer');
    expect((await trainer.post(`/api/spaces/posts/${post.id}/report`, { reason: 'Looks like an offer of forged documents.' })).status).toBe(204);
    expect((await trainer.post(`/api/spaces/posts/${post.id}/report`, { reason: 'Again.' })).status).toBe(204);
    expectError(await trainer.post(`/api/spaces/posts/${post.id}/moderation`, { action: 'hide', reason: 'Forged documents' }), 403, 'forbidden');
    expectError(await trainer.get(`/api/spaces/${country.id}/reports`), 403, 'forbidden');

    const programme = await world.signIn('programme.admin');
    const mentorId: string = (await (await world.signIn('mentor')).get('/api/me')).body.id;
    expectError(await trainer.post(`/api/spaces/${country.id}/moderators`, { userId: mentorId }), 403, 'forbidden');
    expect((await programme.post(`/api/spaces/${country.id}/moderators`, { userId: mentorId })).status).toBe(204);
    const mentor = await world.signIn('mentor');
    expect((await mentor.get(`/api/spaces/${country.id}/reports`)).body.reports).toEqual([expect.objectContaining({ postId: post.id, reason: 'Looks like an offer of forged documents.' })]);
    expect((await mentor.post(`/api/spaces/posts/${post.id}/moderation`, { action: 'hide', reason: 'Offers forged documents' })).body.hidden).toBe(true);
    expect((await mentor.get(`/api/spaces/${country.id}/reports`)).body.reports).toEqual([]);
    expectError(await learner.get(`/api/spaces/posts/${post.id}`), 404, 'not_found');
    expect((await learner.get(`/api/spaces/${country.id}/threads`)).body.threads).toEqual([]);
    expectError(await learner.post(`/api/spaces/${country.id}/posts`, { clientId: crypto.randomUUID(), threadId: post.id, body: 'Still selling?' }), 409, 'thread_hidden');
    expect((await mentor.post(`/api/spaces/posts/${post.id}/moderation`, { action: 'restore', reason: 'Appeal upheld' })).body.hidden).toBe(false);
    const logged = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, post.id));
    expect(logged.map((l) => l.action)).toEqual(['post.hidden', 'post.restored']);
  });
});
