import { describe, expect, it } from 'vitest';
import { Person, expectError, type Fetcher } from '../helpers/client';
import type { World } from '../helpers/world';

/**
 * The "done when" journeys. The Node suite runs them on libSQL, the workerd
 * suite on D1 through the real Workers entry: same API, same outcomes.
 */
export function describeFoundation(runtime: string, setup: () => Promise<{ world: World; fetcher: Fetcher }>) {
  describe(`foundation journeys (${runtime})`, () => {
    it('a learner registers with the demo join code, logs in, edits their profile and logs out', async () => {
      const { world, fetcher } = await setup();
      const amina = new Person(fetcher);

      const bad = await amina.post('/api/auth/register', {
        username: 'a',
        password: 'short',
        displayName: 'Amina',
        joinCode: world.seed.joinCode,
      });
      const err = expectError(bad, 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {})).toEqual(expect.arrayContaining(['body.username', 'body.password']));

      const joined = await amina.post('/api/auth/register', {
        username: 'Amina.K',
        password: 'river-stone-42',
        displayName: 'Amina K.',
        joinCode: world.seed.joinCode.toLowerCase(),
      });
      expect(joined.status, JSON.stringify(joined.body)).toBe(201);
      expect(joined.body).toMatchObject({
        username: 'amina.k',
        memberships: [{ role: 'learner', institutionName: world.seed.institution }],
        cohorts: [{ name: world.seed.cohort, role: 'learner' }],
      });

      await amina.post('/api/auth/logout');
      expectError(await amina.get('/api/me'), 401, 'unauthenticated');
      await amina.login('amina.k', 'river-stone-42');

      const badProfile = await amina.patch('/api/me', { country: 'Nepal' });
      expect(expectError(badProfile, 400, 'validation_failed').fields).toHaveProperty(['body.country']);

      const edited = await amina.patch('/api/me', {
        country: 'np',
        sector: 'labour_inspection',
        region: 'Gandaki',
        inCapital: false,
        gender: 'woman',
        locale: 'fr',
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ country: 'NP', sector: 'labour_inspection', inCapital: false, locale: 'fr' });
      expect((await amina.get('/api/me')).body).toMatchObject({ region: 'Gandaki', gender: 'woman' });

      const out = await amina.post('/api/auth/logout');
      expect(out.status).toBe(204);
      expectError(await amina.get('/api/me'), 401, 'unauthenticated');
    });

    it('a programme admin creates an institution and makes someone its admin, who grants the trainer role', async () => {
      const { world, fetcher } = await setup();
      const programme = await world.signIn('programme.admin');

      const bad = await programme.post('/api/institutions', { name: 'X', kind: 'castle', country: 'Mali' });
      const err = expectError(bad, 400, 'validation_failed');
      expect(Object.keys(err.fields ?? {})).toEqual(expect.arrayContaining(['body.name', 'body.kind', 'body.country']));

      const created = await programme.post('/api/institutions', {
        name: 'École de Formation Judiciaire (test)',
        kind: 'academy',
        country: 'ML',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const institutionId = created.body.id as string;

      const madeAdmin = await programme.post(`/api/institutions/${institutionId}/members`, {
        username: 'mentor',
        role: 'institution_admin',
      });
      expect(madeAdmin.status, JSON.stringify(madeAdmin.body)).toBe(201);

      const admin = await world.signIn('mentor');
      expectError(
        await admin.post(`/api/institutions/${institutionId}/members`, { username: 'learner', role: 'sheriff' }),
        400,
        'validation_failed',
      );
      const granted = await admin.post(`/api/institutions/${institutionId}/members`, { username: 'learner', role: 'trainer' });
      expect(granted.status, JSON.stringify(granted.body)).toBe(201);
      expect(granted.body).toMatchObject({ username: 'learner', role: 'trainer' });

      const members = await admin.get(`/api/institutions/${institutionId}/members`);
      expect(members.body.members.map((m: { username: string; role: string }) => `${m.username}:${m.role}`).sort()).toEqual([
        'learner:trainer',
        'mentor:institution_admin',
      ]);
      const learner = await world.signIn('learner');
      expect((await learner.get('/api/me')).body.memberships).toContainEqual(
        expect.objectContaining({ institutionId, role: 'trainer' }),
      );
    });

    it('a learner who tries an admin action gets a 403 with a clear code', async () => {
      const { world } = await setup();
      const learner = await world.signIn('learner');
      const err = expectError(
        await learner.post('/api/institutions', { name: 'Rogue Academy', kind: 'academy', country: 'NP' }),
        403,
        'forbidden',
      );
      expect(err.message).toMatch(/create institutions/);
      expect(err.requestId).toEqual(expect.any(String));
    });
  });
}
