/**
 * The mentor's Open Badge, issued through the certificate engine: the same OB 3.0 credential,
 * signing key, status lists, QR proof and /verify as a course certificate, with "mentor" as its
 * achievement. One badge per mentor; an institution admin issues it once the mentor has earned it.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { certificates, institutions, mentoringSessions, mentorships, users } from '../../db/schema';
import type { Acting } from '../context';
import { AppError, notFound } from '../errors';
import { signingKeyFor } from '../certificates/keyring';
import { storeCredential, takenIndexes } from '../routes/certificates/certificates.service';
import { getProfile } from './service';

/** The badge's achievement: a course id no course can take (courses/ ids are checked against it). */
export const MENTOR_BADGE = { courseId: 'mentor', courseVersion: '1' } as const;

/** What earns it: mentees seen through to a closed mentorship, and time spent with them. */
export const MENTOR_BADGE_RULE = { closedMentorships: 1, hours: 10 } as const;

export async function mentorRecord(db: Db, mentorId: string) {
  const [[closed], [logged], [badge]] = await db.batch([
    db
      .select({ n: sql<number>`count(*)` })
      .from(mentorships)
      .where(and(eq(mentorships.mentorId, mentorId), eq(mentorships.status, 'closed'))),
    db
      .select({ minutes: sql<number>`coalesce(sum(${mentoringSessions.minutes}), 0)` })
      .from(mentoringSessions)
      .innerJoin(mentorships, eq(mentorships.id, mentoringSessions.mentorshipId))
      .where(eq(mentorships.mentorId, mentorId)),
    db
      .select()
      .from(certificates)
      .where(and(eq(certificates.learnerId, mentorId), eq(certificates.courseId, MENTOR_BADGE.courseId), eq(certificates.courseVersion, MENTOR_BADGE.courseVersion))),
  ]);
  const profile = await getProfile(db, mentorId);
  const closedMentorships = Number(closed?.n ?? 0);
  const hours = Math.round((Number(logged?.minutes ?? 0) / 60) * 10) / 10;
  const missing = [
    ...(profile?.status === 'approved' ? [] : ['an approved mentor profile']),
    ...(closedMentorships >= MENTOR_BADGE_RULE.closedMentorships ? [] : [`${MENTOR_BADGE_RULE.closedMentorships - closedMentorships} more closed mentorship(s)`]),
    ...(hours >= MENTOR_BADGE_RULE.hours ? [] : [`${Math.round((MENTOR_BADGE_RULE.hours - hours) * 10) / 10} more hour(s) of logged sessions`]),
  ];
  return { closedMentorships, hours, rule: MENTOR_BADGE_RULE, missing, eligible: missing.length === 0, badge };
}

export async function issueMentorBadge(db: Db, master: CryptoKey, by: Acting, origin: string, mentorId: string, institutionId: string) {
  const record = await mentorRecord(db, mentorId);
  if (record.badge) return { certificate: record.badge, created: false };
  if (!record.eligible) throw new AppError(409, 'not_eligible', `Not eligible yet: ${record.missing.join('; ')}.`);
  const [[mentor], [institution]] = await db.batch([
    db.select().from(users).where(eq(users.id, mentorId)),
    db.select().from(institutions).where(eq(institutions.id, institutionId)),
  ]);
  if (!mentor || !institution) throw notFound('The mentor or institution');
  const ctx = { key: await signingKeyFor(db, master, institutionId, by.now), taken: await takenIndexes(db, institutionId) };
  return storeCredential(db, ctx, by, origin, {
    learner: mentor,
    institution,
    trainer: null,
    achievement: {
      ...MENTOR_BADGE,
      courseTitle: 'Cascade mentor',
      courseDescription:
        'Mentors justice practitioners who counter human trafficking and migrant smuggling: agrees goals with a mentee, meets them regularly, keeps a session log and sees the mentorship through to its close.',
      criteriaNarrative: `Approved as a mentor by ${institution.name}; mentored ${record.closedMentorships} practitioner(s) through to a closed mentorship, with ${record.hours} hours of logged sessions (at least ${MENTOR_BADGE_RULE.closedMentorships} and ${MENTOR_BADGE_RULE.hours} asked).`,
    },
    validUntil: undefined,
    cycle: 0,
    renews: null,
    endorsement: undefined,
    action: 'mentor_badge.issued',
    detail: { closedMentorships: record.closedMentorships, hours: record.hours },
    winner: async () => (await mentorRecord(db, mentorId)).badge,
  });
}
