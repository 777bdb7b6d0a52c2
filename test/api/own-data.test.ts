import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, certificates, posts, sessions, users } from '../../db/schema';
import { expectError } from '../helpers/client';
import { certificateWorld } from '../helpers/certificates';
import { builtFixtureContent } from '../helpers/content';
import { freshApps } from '../helpers/node-app';

const built = builtFixtureContent();
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));
const setup = freshApps();
const { issued } = certificateWorld(setup, built);

describe('a person’s own data', () => {
  it('exports everything stored about them, and nobody else’s, as one JSON file with no password hash', async () => {
    const s = await issued();
    const res = await s.t.fetcher(new Request('http://localhost/api/me/export', { headers: { cookie: s.learner.cookie ?? '' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cascade-learner-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).not.toMatch(/pbkdf2|passwordHash/);
    const data = JSON.parse(text);
    expect(data).toMatchObject({ format: 'cascade-personal-data/1', profile: { id: s.learnerId, username: 'learner' } });
    expect(data.progressEvents.map((e: { lessonId: string }) => e.lessonId).sort()).toEqual(['first-steps', 'tracing']);
    expect(data.attempts).toHaveLength(1);
    expect(data.attempts[0].answers.length).toBeGreaterThan(0);
    expect(data.certificates.map((c: { id: string }) => c.id)).toEqual([s.cert.id]);
    expect(data.practicalAssessments).toHaveLength(1);
    // Only theirs: the trainer's account and memberships are not in it.
    const trainerId: string = (await s.trainer.get('/api/me')).body.id;
    expect(text).not.toContain(`"userId":"${trainerId}"`);
    expectError(await s.world.anonymous().get('/api/me/export'), 401, 'unauthenticated');
  });

  it('deletes the account after the password, keeps the certificate valid and posts without a name, and ends every session', async () => {
    const s = await issued();
    const spaces = (await s.learner.get('/api/spaces')).body.spaces as Array<{ id: string; kind: string }>;
    const post = await s.learner.post(`/api/spaces/${spaces.find((x) => x.kind === 'course')!.id}/posts`, {
      clientId: crypto.randomUUID(),
      title: 'Interview rooms',
      body: 'How do you set up a child-friendly interview room?',
    });
    const second = await s.world.signIn('learner'); // another device
    const before = await s.t.db.select().from(users);

    expectError(await s.learner.call('DELETE', '/api/me', { password: 'not my password' }), 400, 'invalid_credentials');
    expectError(await s.learner.call('DELETE', '/api/me', {}), 400, 'validation_failed');
    expect(await s.t.db.select().from(users)).toEqual(before);

    const deleted = await s.learner.call('DELETE', '/api/me', { password: s.world.password('learner') });
    expect(deleted.status).toBe(204);
    expect(await s.t.db.select().from(users).where(eq(users.id, s.learnerId))).toEqual([]);
    expect(await s.t.db.select().from(sessions).where(eq(sessions.userId, s.learnerId))).toEqual([]);
    expectError(await s.learner.get('/api/me'), 401, 'unauthenticated');
    expectError(await second.get('/api/me'), 401, 'unauthenticated');

    // The certificate is the holder's: still valid, no longer linked to an account.
    const [cert] = await s.t.db.select().from(certificates).where(eq(certificates.id, s.cert.id));
    expect(cert).toMatchObject({ learnerId: null, status: 'valid' });
    expect((await s.world.anonymous().post('/api/verify', { credential: s.cert.credential })).body.status).toBe('valid');
    const [kept] = await s.t.db.select().from(posts).where(eq(posts.id, post.body.id));
    expect(kept).toMatchObject({ authorId: null });
    expect(await s.t.db.select().from(auditLog).where(eq(auditLog.action, 'user.deleted_own_account'))).toHaveLength(1);
  });

  it('refuses the last admin of an institution and a programme admin, who must hand over first', async () => {
    const s = await issued();
    const programme = await s.world.signIn('programme.admin');
    expect(expectError(await s.admin.call('DELETE', '/api/me', { password: s.world.password('academy.admin') }), 409, 'last_admin').message).toMatch(/only admin/);
    expectError(await programme.call('DELETE', '/api/me', { password: s.world.password('programme.admin') }), 409, 'last_admin');
    expect((await s.admin.get('/api/me')).status).toBe(200);
  });

  it('signs out everywhere: every session of the person ends, and nobody else’s', async () => {
    const s = await issued();
    const phone = await s.world.signIn('learner');
    const ended = await s.learner.post('/api/me/sessions/end', {});
    expect(ended.status).toBe(204);
    expectError(await s.learner.get('/api/me'), 401, 'unauthenticated');
    expectError(await phone.get('/api/me'), 401, 'unauthenticated');
    expect((await s.trainer.get('/api/me')).status).toBe(200);
    expect(await s.t.db.select().from(auditLog).where(eq(auditLog.action, 'user.signed_out_everywhere'))).toHaveLength(1);
  });
});
