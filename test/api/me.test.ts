import { describe, expect, it } from 'vitest';
import { Person, expectError } from '../helpers/client';
import { freshApps } from '../helpers/node-app';

const setup = freshApps();

describe('GET /api/me', () => {
  it('shows roles and cohorts', async () => {
    const { world } = await setup();
    const trainer = await world.signIn('trainer');
    const me = await trainer.get('/api/me');
    expect(me.body).toMatchObject({
      username: 'trainer',
      programmeAdmin: false,
      memberships: [{ role: 'trainer', institutionName: world.seed.institution }],
      cohorts: [{ role: 'trainer', name: world.seed.cohort }],
    });
    expect(JSON.stringify(me.body)).not.toMatch(/passwordHash|pbkdf2/);
  });

  it('is 401 without a session', async () => {
    const { world } = await setup();
    expectError(await world.anonymous().get('/api/me'), 401, 'unauthenticated');
  });
});

describe('PATCH /api/me', () => {
  it('clears optional fields with null', async () => {
    const { world } = await setup();
    const learner = await world.signIn('learner');
    const res = await learner.patch('/api/me', { gender: null, region: null, email: 'a@b.org' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ gender: null, region: null, email: 'a@b.org' });
  });

  it.each([
    [{}, 'body'],
    [{ locale: 'de' }, 'body.locale'],
    [{ sector: 'army' }, 'body.sector'],
    [{ email: 'not-an-email' }, 'body.email'],
    [{ inCapital: 'yes' }, 'body.inCapital'],
    [{ displayName: '' }, 'body.displayName'],
    [{ gender: 'x'.repeat(61) }, 'body.gender'],
    [{ programmeAdmin: true }, 'body'],
    [{ username: 'someone.else' }, 'body'],
  ])('refuses %j naming %s, and changes nothing', async (patch, field) => {
    const { world } = await setup();
    const learner = await world.signIn('learner');
    const before = (await learner.get('/api/me')).body;
    const err = expectError(await learner.patch('/api/me', patch), 400, 'validation_failed');
    expect(Object.keys(err.fields ?? {})).toContain(field);
    expect((await learner.get('/api/me')).body).toEqual(before);
  });

  it('is 401 without a session, even with a bad body', async () => {
    const { world } = await setup();
    expectError(await world.anonymous().patch('/api/me', { locale: 'de' }), 401, 'unauthenticated');
  });
});

describe('POST /api/me/password', () => {
  it('changes the password and ends the other sessions, keeping this one', async () => {
    const { t, world } = await setup();
    const phone = await world.signIn('learner');
    const laptop = await world.signIn('learner');
    const res = await phone.post('/api/me/password', { currentPassword: world.password('learner'), newPassword: 'a brand new one' });
    expect(res.status).toBe(204);
    expect((await phone.get('/api/me')).status).toBe(200);
    expectError(await laptop.get('/api/me'), 401, 'unauthenticated');
    expectError(
      await new Person(t.fetcher).post('/api/auth/login', { username: 'learner', password: world.password('learner') }),
      401,
      'invalid_credentials',
    );
    await new Person(t.fetcher).login('learner', 'a brand new one');
  });

  it('refuses a wrong current password', async () => {
    const { world } = await setup();
    const learner = await world.signIn('learner');
    const err = expectError(
      await learner.post('/api/me/password', { currentPassword: 'not it at all', newPassword: 'a brand new one' }),
      400,
      'invalid_credentials',
    );
    expect(err.fields).toHaveProperty(['body.currentPassword']);
  });
});

describe('POST /api/me/cohorts', () => {
  it('joins another cohort by code, and joining twice is harmless', async () => {
    const { world } = await setup();
    const admin = await world.signIn('academy.admin');
    const institutionId = (await admin.get('/api/me')).body.memberships[0].institutionId;
    const cohort = await admin.post(`/api/institutions/${institutionId}/cohorts`, { name: 'Second cohort' });
    expect(cohort.status).toBe(201);
    const learner = await world.signIn('learner');
    for (let i = 0; i < 2; i++) {
      const res = await learner.post('/api/me/cohorts', { joinCode: cohort.body.joinCode });
      expect(res.status).toBe(200);
      expect(res.body.cohorts.map((c: { name: string }) => c.name).sort()).toEqual([world.seed.cohort, 'Second cohort'].sort());
    }
  });

  it('refuses an expired code', async () => {
    const { t, world } = await setup();
    const admin = await world.signIn('academy.admin');
    const institutionId = (await admin.get('/api/me')).body.memberships[0].institutionId;
    const cohort = await admin.post(`/api/institutions/${institutionId}/cohorts`, { name: 'Short', joinCodeValidDays: 1 });
    t.advance(86_400_000 + 1);
    const learner = await world.signIn('learner');
    expectError(await learner.post('/api/me/cohorts', { joinCode: cohort.body.joinCode }), 400, 'join_code_expired');
  });
});
