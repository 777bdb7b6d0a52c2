import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, consultationReplies, consultations } from '../../db/schema';
import { expectError, Person } from '../helpers/client';
import { nodeApp, type NodeApp } from '../helpers/node-app';
import type { World } from '../helpers/world';

let t: NodeApp;
let world: World;
beforeEach(async () => {
  t = await nodeApp();
  world = await t.world();
});
afterEach(() => t.close());

let n = 0;
async function person() {
  const username = `consulting.person${n++}`;
  const p = new Person(t.fetcher);
  expect((await p.post('/api/auth/register', { username, password: 'long enough pass', displayName: `Person ${username}`, joinCode: world.seed.joinCode })).status).toBe(201);
  return { p, username, id: (await p.get('/api/me')).body.id as string, name: `Person ${username}` };
}

async function approvedMentor() {
  const m = await person();
  await m.p.call('PUT', '/api/mentors/me', { bio: 'Fifteen years as a labour inspector and trainer.', expertise: ['labour_inspection'], languages: ['en'], capacity: 3 });
  await (await world.signIn('academy.admin')).post(`/api/mentors/${m.id}/review`, { decision: 'approve' });
  return m;
}

const QUESTION =
  'A garment workshop holds 14 workers whose passports the owner keeps. The prosecutor asks whether withheld wages alone can prove the means element. ' +
  'What evidence has worked in your courts? You can reach the victim advocate on +223 76 12 34 56.';

describe('case consultations', () => {
  it('catches a phone number before posting; once fixed, only the author and the chosen mentor ever see it', async () => {
    const mentor = await approvedMentor();
    const bystander = await approvedMentor();
    const author = await person();
    const ask = (question: string, confirmed: unknown[] = []) =>
      author.p.post('/api/consultations', { jurisdiction: 'ML', offenceType: 'trafficking_labour', stage: 'prosecution', question, mentorIds: [mentor.id], confirmed });

    const caught = await ask(QUESTION);
    const err = expectError(caught, 422, 'identifying_details');
    expect(caught.body.error.details).toEqual([expect.objectContaining({ kind: 'phone', text: expect.stringContaining('76 12 34 56') })]);
    expect(err.fields?.['body.question']).toMatch(/phone/i);
    expect((await t.db.select({ n: count() }).from(consultations))[0]!.n).toBe(0);
    // The same check is available while typing, storing nothing.
    expect((await author.p.post('/api/consultations/screen', { text: QUESTION })).body.findings).toHaveLength(1);

    const fixed = await ask(QUESTION.replace(/ You can reach.*$/, ' <script>alert(1)</script>'));
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    const id = fixed.body.id;

    const seen = (await mentor.p.get(`/api/consultations/${id}`)).body;
    expect(seen).toMatchObject({ mine: false, offenceType: 'trafficking_labour', mentors: [{ id: mentor.id }] });
    expect(seen.question).toContain('<script>alert(1)</script>'); // stored as text; the web renders text
    for (const outsider of [bystander.p, await world.signIn('programme.admin'), await world.signIn('academy.admin'), await world.signIn('trainer')]) {
      expectError(await outsider.get(`/api/consultations/${id}`), 404, 'not_found');
      expect((await outsider.get('/api/consultations')).body.consultations).toEqual([]);
    }
    expect((await mentor.p.get('/api/consultations')).body.consultations).toEqual([expect.not.objectContaining({ question: expect.anything() })]);

    // The author sees who opened it; the mentor does not.
    const log = (await author.p.get(`/api/consultations/${id}/views`)).body.views;
    expect(log.map((v: { viewer: string }) => v.viewer)).toEqual([mentor.name]);
    expectError(await mentor.p.get(`/api/consultations/${id}/views`), 403, 'forbidden');
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'consultation.viewed'))).toHaveLength(1);

    // Replies are screened too; a confirmed finding is let through.
    const withEmail = 'Ask the inspectorate’s hotline at hotline@labour.example.ml for the wage records.';
    const blocked = await mentor.p.post(`/api/consultations/${id}/replies`, { body: withEmail });
    expectError(blocked, 422, 'identifying_details');
    const finding = blocked.body.error.details[0];
    expect((await mentor.p.post(`/api/consultations/${id}/replies`, { body: withEmail, confirmed: [{ kind: finding.kind, text: finding.text }] })).status).toBe(201);
    expect((await author.p.get(`/api/consultations/${id}`)).body.replies).toEqual([expect.objectContaining({ body: withEmail, author: mentor.name })]);
  });

  it('is deleted when its retention ends, replies and all, and the author can delete it sooner', async () => {
    const mentor = await approvedMentor();
    const author = await person();
    const post = async (retentionDays: number) =>
      (await author.p.post('/api/consultations', { jurisdiction: 'NP', offenceType: 'smuggling', stage: 'investigation', question: 'How do you separate smuggling from trafficking at the border interview?', mentorIds: [mentor.id], retentionDays })).body.id;
    const short = await post(30);
    const long = await post(180);
    await mentor.p.post(`/api/consultations/${short}/replies`, { body: 'Start from consent and what happened after arrival.' });
    t.advance(30 * 86_400_000 + 1000);
    const again = await world.signIn('learner'); // any request serves; the purge needs no one special
    await again.get('/api/consultations');
    expect(await t.db.select().from(consultations).where(eq(consultations.id, short))).toEqual([]);
    expect(await t.db.select().from(consultationReplies)).toEqual([]);
    const fresh = await new Person(t.fetcher).login(author.username, 'long enough pass'); // a month later: a new session
    expectError(await fresh.get(`/api/consultations/${short}`), 404, 'not_found');
    expect((await fresh.get(`/api/consultations/${long}`)).status).toBe(200);
    expect((await fresh.call('DELETE', `/api/consultations/${long}`)).status).toBe(204);
    expect(await t.db.select().from(consultations)).toEqual([]);
  });

  it('refuses bad input with fields', async () => {
    const author = await person();
    const bad = expectError(
      await author.p.post('/api/consultations', { jurisdiction: 'Mali', offenceType: 'theft', stage: 'trial', question: 'short', mentorIds: [], retentionDays: 7 }),
      400,
      'validation_failed',
    );
    expect(Object.keys(bad.fields ?? {})).toEqual(expect.arrayContaining(['body.jurisdiction', 'body.offenceType', 'body.question', 'body.mentorIds', 'body.retentionDays']));
    expectError(
      await author.p.post('/api/consultations', { jurisdiction: 'ML', offenceType: 'smuggling', stage: 'trial', question: 'A question long enough to pass the check.', mentorIds: [author.id] }),
      400,
      'validation_failed',
    );
  });
});
