/**
 * Mentorship: profiles an admin approves, explained matching, a request the mentor accepts or
 * declines, an agreement with a session log, and closure with feedback from either side.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { memberships, mentoringSessions, mentorProfiles, mentorships, mentorshipRequests, users } from '../../db/schema';
import { audit } from '../audit';
import type { Acting, Actor } from '../context';
import { AppError, notFound } from '../errors';
import { isUniqueViolation } from '../lib/db-errors';
import { describe, rankMentors, type MenteeNeeds } from './matching';
import { noticeInsert, type Notice } from './notify';

type Profile = typeof mentorProfiles.$inferSelect;
type Mentorship = typeof mentorships.$inferSelect;

export interface ProfileInput {
  bio: string;
  expertise: string[];
  languages: string[];
  jurisdictions: string[];
  capacity: number;
  available: boolean;
  womensNetwork: boolean;
}

export const profileView = (p: Profile) => ({
  userId: p.userId,
  status: p.status,
  bio: p.bio,
  expertise: p.expertise,
  languages: p.languages,
  jurisdictions: p.jurisdictions,
  capacity: p.capacity,
  available: p.available,
  womensNetwork: p.womensNetwork,
  reviewNote: p.reviewNote,
});

export async function getProfile(db: Db, userId: string): Promise<Profile | undefined> {
  const [row] = await db.select().from(mentorProfiles).where(eq(mentorProfiles.userId, userId));
  return row;
}

/** Creates or edits one's own profile. A new or rejected profile waits for an admin's review. */
export async function saveProfile(db: Db, by: Acting, input: ProfileInput): Promise<Profile> {
  const existing = await getProfile(db, by.actorId);
  const status = !existing || existing.status === 'rejected' || existing.status === 'withdrawn' ? 'pending' : existing.status;
  const [row] = await db
    .insert(mentorProfiles)
    .values({ userId: by.actorId, ...input, status, createdAt: by.now, updatedAt: by.now })
    .onConflictDoUpdate({ target: mentorProfiles.userId, set: { ...input, status, updatedAt: by.now } })
    .returning();
  return row!;
}

/** The institutions a person belongs to: their admins review that person's mentor profile. */
export async function institutionsOfPerson(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ id: memberships.institutionId }).from(memberships).where(eq(memberships.userId, userId));
  return rows.map((r) => r.id);
}

export async function reviewProfile(db: Db, by: Acting, profile: Profile, decision: 'approve' | 'reject', note: string | undefined) {
  const status = decision === 'approve' ? 'approved' : 'rejected';
  const [rows] = await db.batch([
    db.update(mentorProfiles).set({ status, reviewedBy: by.actorId, reviewedAt: by.now, reviewNote: note ?? null }).where(eq(mentorProfiles.userId, profile.userId)).returning(),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: `mentor.${status}`, subjectType: 'user', subjectId: profile.userId, detail: { note: note ?? null } }),
  ]);
  return rows[0]!;
}

/** Profiles waiting for review that this admin may review (all of them for a programme admin). */
export async function pendingProfiles(db: Db, actor: Actor) {
  const adminOf = actor.memberships.filter((m) => m.role === 'institution_admin').map((m) => m.institutionId);
  const rows = await db
    .selectDistinct({ profile: mentorProfiles, name: users.displayName, username: users.username })
    .from(mentorProfiles)
    .innerJoin(users, eq(users.id, mentorProfiles.userId))
    .leftJoin(memberships, eq(memberships.userId, mentorProfiles.userId))
    .where(
      and(
        eq(mentorProfiles.status, 'pending'),
        actor.programmeAdmin ? undefined : adminOf.length ? inArray(memberships.institutionId, adminOf) : sql`0`,
      ),
    );
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.profile.userId) && seen.add(r.profile.userId)).map((r) => ({ ...profileView(r.profile), name: r.name, username: r.username }));
}

const activeLoad = (db: Db) =>
  db
    .select({ mentorId: mentorships.mentorId, n: sql<number>`count(*)` })
    .from(mentorships)
    .where(eq(mentorships.status, 'active'))
    .groupBy(mentorships.mentorId);

/** Ranked suggestions with their reasons, from approved mentors with room. */
export async function suggestMentors(db: Db, menteeId: string, needs: MenteeNeeds) {
  const [candidates, loads] = await db.batch([
    db
      .select({ profile: mentorProfiles, name: users.displayName, gender: users.gender })
      .from(mentorProfiles)
      .innerJoin(users, eq(users.id, mentorProfiles.userId))
      .where(and(eq(mentorProfiles.status, 'approved'), eq(mentorProfiles.available, true))),
    activeLoad(db),
  ]);
  const ranked = rankMentors(
    needs,
    candidates.map((c) => ({
      userId: c.profile.userId,
      name: c.name,
      gender: c.gender,
      expertise: c.profile.expertise,
      languages: c.profile.languages,
      jurisdictions: c.profile.jurisdictions,
      capacity: c.profile.capacity,
      load: Number(loads.find((l) => l.mentorId === c.profile.userId)?.n ?? 0),
    })),
    menteeId,
  );
  return ranked.map((s) => {
    const profile = candidates.find((c) => c.profile.userId === s.mentor.userId)!.profile;
    return {
      mentor: { userId: s.mentor.userId, name: s.mentor.name, bio: profile.bio, expertise: profile.expertise, languages: profile.languages, jurisdictions: profile.jurisdictions },
      score: Math.round(s.score * 100) / 100,
      reasons: s.reasons.map((r) => ({ ...r, text: describe(r) })),
    };
  });
}

/** Every approved mentor but oneself, by name: whom a consultation may ask, whatever their mentee load. */
export async function approvedMentors(db: Db, exceptId: string) {
  const rows = await db
    .select({ profile: mentorProfiles, name: users.displayName })
    .from(mentorProfiles)
    .innerJoin(users, eq(users.id, mentorProfiles.userId))
    .where(eq(mentorProfiles.status, 'approved'))
    .orderBy(users.displayName)
    .limit(500);
  return rows
    .filter((r) => r.profile.userId !== exceptId)
    .map(({ profile: p, name }) => ({ userId: p.userId, name, bio: p.bio, expertise: p.expertise, languages: p.languages, jurisdictions: p.jurisdictions }));
}

async function room(db: Db, mentorId: string): Promise<{ profile: Profile; load: number }> {
  const profile = await getProfile(db, mentorId);
  if (!profile || profile.status !== 'approved') throw notFound('That mentor');
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(mentorships).where(and(eq(mentorships.mentorId, mentorId), eq(mentorships.status, 'active')));
  return { profile, load: Number(row?.n ?? 0) };
}

export async function requestMentor(db: Db, by: Acting, mentorId: string, needs: string) {
  if (mentorId === by.actorId) throw new AppError(409, 'own_request', 'You cannot ask yourself to be your mentor.');
  const { profile, load } = await room(db, mentorId);
  if (!profile.available || load >= profile.capacity) throw new AppError(409, 'mentor_full', 'This mentor has no room for a new mentee just now. Choose another suggestion.');
  const id = crypto.randomUUID();
  const notice: Notice = { userId: mentorId, kind: 'mentorship.requested', data: { requestId: id } };
  try {
    await db.batch([
      db.insert(mentorshipRequests).values({ id, menteeId: by.actorId, mentorId, needs, createdAt: by.now }),
      noticeInsert(db, by.now, notice),
    ]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError(409, 'already_requested', 'You already have an open request to this mentor.');
  }
  return { id, notices: [notice] };
}

export async function getRequest(db: Db, id: string) {
  const [row] = await db.select().from(mentorshipRequests).where(eq(mentorshipRequests.id, id));
  if (!row) throw notFound('The request');
  return row;
}

export interface Agreement {
  goals: string;
  startsOn: string;
  endsOn?: string | undefined;
  cadence: string;
}

/** The mentor accepts (the agreement starts) or declines (with a note for the mentee). */
export async function respond(db: Db, by: Acting, requestId: string, decision: 'accept' | 'decline', agreement: Agreement | undefined, note: string | undefined) {
  const request = await getRequest(db, requestId);
  if (request.mentorId !== by.actorId) throw notFound('The request');
  if (request.status !== 'pending') throw new AppError(409, 'already_answered', `This request was already ${request.status}.`);
  const answered = db
    .update(mentorshipRequests)
    .set({ status: decision === 'accept' ? 'accepted' : 'declined', responseNote: note ?? null, respondedAt: by.now })
    .where(and(eq(mentorshipRequests.id, requestId), eq(mentorshipRequests.status, 'pending')));
  if (decision === 'decline') {
    const notice: Notice = { userId: request.menteeId, kind: 'mentorship.declined', data: { requestId } };
    await db.batch([answered, noticeInsert(db, by.now, notice)]);
    return { mentorshipId: null, notices: [notice] };
  }
  if (!agreement) throw new AppError(400, 'validation_failed', 'Set out the agreement: goals, start date and cadence.', { fields: { 'body.agreement': 'Required to accept.' } });
  const { profile, load } = await room(db, by.actorId);
  if (load >= profile.capacity) throw new AppError(409, 'mentor_full', `You already mentor ${load} people, your stated capacity. Raise it in your profile, or decline.`);
  const id = crypto.randomUUID();
  const notice: Notice = { userId: request.menteeId, kind: 'mentorship.accepted', data: { mentorshipId: id } };
  try {
    await db.batch([
      answered,
      db.insert(mentorships).values({ id, requestId, mentorId: request.mentorId, menteeId: request.menteeId, ...agreement, endsOn: agreement.endsOn ?? null, createdAt: by.now }),
      noticeInsert(db, by.now, notice),
    ]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new AppError(409, 'already_answered', 'This request was already answered.');
  }
  return { mentorshipId: id, notices: [notice] };
}

export async function withdrawRequest(db: Db, by: Acting, requestId: string) {
  const request = await getRequest(db, requestId);
  if (request.menteeId !== by.actorId) throw notFound('The request');
  if (request.status !== 'pending') throw new AppError(409, 'already_answered', `This request was already ${request.status}.`);
  await db.update(mentorshipRequests).set({ status: 'withdrawn', respondedAt: by.now }).where(eq(mentorshipRequests.id, requestId));
}

/** A mentorship the actor is part of; to anyone else it does not exist. */
export async function ownMentorship(db: Db, actorId: string, id: string): Promise<Mentorship> {
  const [row] = await db.select().from(mentorships).where(and(eq(mentorships.id, id), or(eq(mentorships.mentorId, actorId), eq(mentorships.menteeId, actorId))));
  if (!row) throw notFound('The mentorship');
  return row;
}

export async function mentorshipView(db: Db, m: Mentorship) {
  const [people, sessions] = await db.batch([
    db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [m.mentorId, m.menteeId])),
    db.select().from(mentoringSessions).where(eq(mentoringSessions.mentorshipId, m.id)).orderBy(mentoringSessions.heldOn, mentoringSessions.createdAt),
  ]);
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? null;
  return {
    id: m.id,
    mentor: { id: m.mentorId, name: name(m.mentorId) },
    mentee: { id: m.menteeId, name: name(m.menteeId) },
    goals: m.goals,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    cadence: m.cadence,
    status: m.status,
    closedAt: m.closedAt?.toISOString() ?? null,
    mentorFeedback: m.mentorFeedback,
    menteeFeedback: m.menteeFeedback,
    minutes: sessions.reduce((n, s) => n + s.minutes, 0),
    sessions: sessions.map((s) => ({ id: s.id, heldOn: s.heldOn, minutes: s.minutes, notes: s.notes, nextSteps: s.nextSteps, createdAt: s.createdAt.toISOString() })),
  };
}

export async function logSession(db: Db, by: Acting, m: Mentorship, input: { heldOn: string; minutes: number; notes: string; nextSteps?: string | undefined }) {
  if (m.status !== 'active') throw new AppError(409, 'mentorship_closed', 'This mentorship is closed; its log is final.');
  if (input.heldOn < m.startsOn) throw new AppError(400, 'validation_failed', 'The session cannot be before the mentorship started.', { fields: { 'body.heldOn': `On or after ${m.startsOn}.` } });
  const other = by.actorId === m.mentorId ? m.menteeId : m.mentorId;
  const notice: Notice = { userId: other, kind: 'mentorship.session', data: { mentorshipId: m.id } };
  await db.batch([
    db.insert(mentoringSessions).values({ mentorshipId: m.id, ...input, nextSteps: input.nextSteps ?? null, loggedBy: by.actorId, createdAt: by.now }),
    noticeInsert(db, by.now, notice),
  ]);
  return [notice];
}

/**
 * Either side closes, with their feedback; the other side may add theirs afterwards with the
 * same call. Closing twice does not reopen or change the date.
 */
export async function closeMentorship(db: Db, by: Acting, m: Mentorship, feedback: string) {
  const side = by.actorId === m.mentorId ? { mentorFeedback: feedback } : { menteeFeedback: feedback };
  const other = by.actorId === m.mentorId ? m.menteeId : m.mentorId;
  const notices: Notice[] = m.status === 'active' ? [{ userId: other, kind: 'mentorship.closed', data: { mentorshipId: m.id } }] : [];
  await db.batch([
    db
      .update(mentorships)
      .set(m.status === 'active' ? { ...side, status: 'closed', closedBy: by.actorId, closedAt: by.now } : side)
      .where(eq(mentorships.id, m.id)),
    ...notices.map((n) => noticeInsert(db, by.now, n)),
  ]);
  return notices;
}

/** Everything the person is part of: requests sent and received, and mentorships either way. */
export async function myMentoring(db: Db, userId: string) {
  const [requests, agreements, people] = await db.batch([
    db
      .select()
      .from(mentorshipRequests)
      .where(or(eq(mentorshipRequests.menteeId, userId), eq(mentorshipRequests.mentorId, userId)))
      .orderBy(mentorshipRequests.createdAt),
    db.select().from(mentorships).where(or(eq(mentorships.mentorId, userId), eq(mentorships.menteeId, userId))).orderBy(mentorships.createdAt),
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(
        sql`${users.id} IN (SELECT mentor_id FROM mentorship_requests WHERE mentee_id = ${userId} UNION SELECT mentee_id FROM mentorship_requests WHERE mentor_id = ${userId})`,
      ),
  ]);
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? null;
  return {
    requests: requests.map((r) => ({
      id: r.id,
      direction: r.menteeId === userId ? ('sent' as const) : ('received' as const),
      mentor: { id: r.mentorId, name: name(r.mentorId) },
      mentee: { id: r.menteeId, name: name(r.menteeId) },
      needs: r.needs,
      status: r.status,
      responseNote: r.responseNote,
      createdAt: r.createdAt.toISOString(),
    })),
    mentorships: agreements.map((m) => ({
      id: m.id,
      role: m.mentorId === userId ? ('mentor' as const) : ('mentee' as const),
      with: { id: m.mentorId === userId ? m.menteeId : m.mentorId, name: name(m.mentorId === userId ? m.menteeId : m.mentorId) },
      status: m.status,
      startsOn: m.startsOn,
      cadence: m.cadence,
    })),
  };
}
