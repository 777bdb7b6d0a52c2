import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { importMasterKey, newMasterKeySecret } from '../../worker/certificates/keyring';
import { expectError, Person } from '../helpers/client';
import { nodeApp, type NodeApp } from '../helpers/node-app';

let t: NodeApp | undefined;
afterEach(() => t?.close());

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

describe('the mentor Open Badge', () => {
  it('is earned by closed mentorships and logged hours, issued by an admin of the institution, and verifies like a certificate', async () => {
    t = await nodeApp({ issuerMasterKey: await importMasterKey(newMasterKeySecret()) });
    const world = await t.world();
    const person = async (username: string) => {
      const p = new Person(t!.fetcher);
      expect((await p.post('/api/auth/register', { username, password: 'long enough pass', displayName: `Person ${username}`, joinCode: world.seed.joinCode })).status).toBe(201);
      return { p, id: (await p.get('/api/me')).body.id as string };
    };
    const mentor = await person('badge.mentor');
    const mentee = await person('badge.mentee');
    const admin = await world.signIn('academy.admin');
    const institutionId: string = (await admin.get('/api/me')).body.memberships[0].institutionId;
    const trainer = await world.signIn('trainer');

    await mentor.p.call('PUT', '/api/mentors/me', {
      bio: 'Fifteen years investigating labour exploitation; mentors new inspectors.',
      expertise: ['labour-inspection'],
      languages: ['en'],
      jurisdictions: ['NP'],
      capacity: 2,
    });
    // Nothing to show yet: the record says what is missing, and issuing is refused with it.
    const before = (await mentor.p.get(`/api/mentors/${mentor.id}/badge`)).body;
    expect(before).toMatchObject({ eligible: false, closedMentorships: 0, hours: 0, certificateId: null });
    expect(before.missing).toEqual(['an approved mentor profile', '1 more closed mentorship(s)', '10 more hour(s) of logged sessions']);
    expect(expectError(await admin.post(`/api/mentors/${mentor.id}/badge`, { institutionId }), 409, 'not_eligible').message).toContain('approved mentor profile');

    await admin.post(`/api/mentors/${mentor.id}/review`, { decision: 'approve' });
    const request = await mentee.p.post('/api/mentorships/requests', { mentorId: mentor.id, needs: 'Preparing my first joint inspection with the police.' });
    const accepted = await mentor.p.post(`/api/mentorships/requests/${request.body.id}/response`, {
      decision: 'accept',
      agreement: { goals: 'Plan and debrief two joint inspections.', startsOn: '2026-12-01', cadence: 'weekly' },
    });
    const id = accepted.body.mentorshipId;
    for (const [heldOn, minutes] of [['2026-12-02', 240], ['2026-12-09', 240], ['2026-12-16', 90]] as const) {
      expect((await mentor.p.post(`/api/mentorships/${id}/sessions`, { heldOn, minutes, notes: 'Walked through the inspection plan and the referral steps.' })).status).toBe(201);
    }
    expect((await mentor.p.get(`/api/mentors/${mentor.id}/badge`)).body.missing).toEqual(['1 more closed mentorship(s)', '0.5 more hour(s) of logged sessions']);
    await mentor.p.post(`/api/mentorships/${id}/sessions`, { heldOn: '2026-12-23', minutes: 30, notes: 'Debriefed the second inspection.' });
    await mentee.p.post(`/api/mentorships/${id}/close`, { feedback: 'I now plan inspections on my own.' });
    expect((await mentor.p.get(`/api/mentors/${mentor.id}/badge`)).body).toMatchObject({ eligible: true, closedMentorships: 1, hours: 10, missing: [] });

    // Only an admin of the mentor's own institution issues it; a mentee cannot read the record.
    expectError(await trainer.post(`/api/mentors/${mentor.id}/badge`, { institutionId }), 403, 'forbidden');
    expectError(await mentee.p.get(`/api/mentors/${mentor.id}/badge`), 403, 'forbidden');
    expectError(await admin.post(`/api/mentors/${mentor.id}/badge`, { institutionId: crypto.randomUUID() }), 403, 'forbidden');
    const issued = await admin.post(`/api/mentors/${mentor.id}/badge`, { institutionId });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect((await admin.post(`/api/mentors/${mentor.id}/badge`, { institutionId })).status).toBe(200); // once only
    const badge = claims(issued.body.credential);
    expect(badge.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(badge.credentialSubject.achievement).toMatchObject({ name: 'Cascade mentor', humanCode: 'mentor' });
    expect(badge.credentialSubject.achievement.criteria.narrative).toContain('10 hours of logged sessions');

    // The certificate engine's checks all apply: /verify, the mentor's list, revocation.
    const verified = await new Person(t.fetcher).post('/api/verify', { credential: issued.body.credential });
    expect(verified.body).toMatchObject({ status: 'valid' });
    const mine = (await mentor.p.get('/api/certificates')).body.certificates;
    expect(mine).toEqual([expect.objectContaining({ id: issued.body.id, courseTitle: 'Cascade mentor' })]);
    expect((await admin.post(`/api/certificates/${issued.body.id}/status`, { action: 'revoke', reason: 'Issued to the wrong account' })).status).toBe(200);
    expect((await new Person(t.fetcher).post('/api/verify', { credential: issued.body.credential })).body).toMatchObject({ status: 'revoked' });
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'mentor_badge.issued'))).toHaveLength(1);
  });
});
