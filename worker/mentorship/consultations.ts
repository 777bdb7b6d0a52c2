/**
 * Case consultations: an anonymised question about a live case, seen by its author and the
 * mentors they chose, and by no one else (programme admins included: not even its metadata).
 * Text is screened for identifying details before it is stored; each finding must be fixed or
 * confirmed. Every opening is logged for the author, and the whole is deleted when its
 * retention ends.
 */
import { and, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { consultationMentors, consultationReplies, consultations, consultationViews, mentorProfiles, users } from '../../db/schema';
import { audit } from '../audit';
import type { Acting } from '../context';
import { AppError, notFound } from '../errors';
import { noticeInsert, type Notice } from './notify';
import { screenText, type PiiFinding } from './pii';

const DAY_MS = 86_400_000;
export const RETENTION_DAYS = [30, 90, 180] as const;

type Consultation = typeof consultations.$inferSelect;
export interface Confirmation {
  kind: string;
  text: string;
}

/**
 * Throws 422 with every finding the author has not confirmed; returns the confirmed ones to keep
 * with the record. A confirmation matches a finding by its kind and exact text.
 */
export function requireScreened(text: string, confirmed: readonly Confirmation[], field: string): Confirmation[] {
  const findings = screenText(text);
  const open = findings.filter((f) => !confirmed.some((c) => c.kind === f.kind && c.text === f.text));
  if (open.length) {
    throw new AppError(422, 'identifying_details', `${open.length === 1 ? 'One detail' : `${open.length} details`} could identify a person. Remove or replace ${open.length === 1 ? 'it' : 'them'}, or confirm each is not identifying.`, {
      fields: { [field]: open.map((f) => f.explanation).join(' ') },
      details: open.map(({ kind, start, end, text: t, explanation }: PiiFinding) => ({ kind, start, end, text: t, explanation })),
    });
  }
  return findings.map((f) => ({ kind: f.kind, text: f.text }));
}

/** Deletes every consultation whose retention has ended (replies, mentors and views go with it). */
export async function purgeExpired(db: Db, now: Date): Promise<void> {
  await db.delete(consultations).where(lte(consultations.retainUntil, now));
}

export interface NewConsultation {
  jurisdiction: string;
  offenceType: Consultation['offenceType'];
  stage: Consultation['stage'];
  question: string;
  mentorIds: string[];
  retentionDays: (typeof RETENTION_DAYS)[number];
  confirmed: Confirmation[];
}

export async function createConsultation(db: Db, by: Acting, input: NewConsultation) {
  const confirmed = requireScreened(input.question, input.confirmed, 'body.question');
  const mentorIds = [...new Set(input.mentorIds)].filter((id) => id !== by.actorId);
  const approved = await db
    .select({ userId: mentorProfiles.userId })
    .from(mentorProfiles)
    .where(and(inArray(mentorProfiles.userId, mentorIds), eq(mentorProfiles.status, 'approved')));
  const missing = mentorIds.filter((id) => !approved.some((a) => a.userId === id));
  if (mentorIds.length === 0 || missing.length) {
    throw new AppError(400, 'validation_failed', 'Choose one or more approved mentors (not yourself).', { fields: { 'body.mentorIds': `Not approved mentors: ${missing.length}` } });
  }
  const id = crypto.randomUUID();
  const notices: Notice[] = mentorIds.map((userId) => ({ userId, kind: 'consultation.new', data: { consultationId: id } }));
  await db.batch([
    db.insert(consultations).values({
      id,
      authorId: by.actorId,
      jurisdiction: input.jurisdiction,
      offenceType: input.offenceType,
      stage: input.stage,
      question: input.question,
      confirmed,
      createdAt: by.now,
      retainUntil: new Date(by.now.getTime() + input.retentionDays * DAY_MS),
    }),
    ...mentorIds.map((mentorId) => db.insert(consultationMentors).values({ consultationId: id, mentorId })),
    ...notices.map((n) => noticeInsert(db, by.now, n)),
  ]);
  return { id, notices };
}

/** The consultation if the actor is its author or one of its mentors; otherwise it does not exist. */
export async function visibleConsultation(db: Db, actorId: string, id: string, now: Date) {
  await purgeExpired(db, now);
  const [row] = await db
    .select()
    .from(consultations)
    .where(
      and(
        eq(consultations.id, id),
        or(eq(consultations.authorId, actorId), sql`${consultations.id} IN (SELECT consultation_id FROM consultation_mentors WHERE mentor_id = ${actorId})`),
      ),
    );
  if (!row) throw notFound('The consultation');
  return row;
}

/** Opens it: logs who viewed (for the author and the audit log), then returns it with its thread. */
export async function openConsultation(db: Db, by: Acting, c: Consultation) {
  const [, , mentors, replies] = await db.batch([
    db.insert(consultationViews).values({ consultationId: c.id, viewerId: by.actorId, viewedAt: by.now }),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'consultation.viewed', subjectType: 'consultation', subjectId: c.id }),
    db
      .select({ id: users.id, name: users.displayName })
      .from(consultationMentors)
      .innerJoin(users, eq(users.id, consultationMentors.mentorId))
      .where(eq(consultationMentors.consultationId, c.id)),
    db
      .select({ id: consultationReplies.id, authorId: consultationReplies.authorId, author: users.displayName, body: consultationReplies.body, createdAt: consultationReplies.createdAt })
      .from(consultationReplies)
      .leftJoin(users, eq(users.id, consultationReplies.authorId))
      .where(eq(consultationReplies.consultationId, c.id))
      .orderBy(consultationReplies.createdAt),
  ]);
  return {
    id: c.id,
    mine: c.authorId === by.actorId,
    jurisdiction: c.jurisdiction,
    offenceType: c.offenceType,
    stage: c.stage,
    question: c.question,
    createdAt: c.createdAt.toISOString(),
    retainUntil: c.retainUntil.toISOString(),
    mentors: mentors,
    replies: replies.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

export async function reply(db: Db, by: Acting, c: Consultation, body: string, confirmed: Confirmation[]) {
  requireScreened(body, confirmed, 'body.body');
  const mentors = await db.select({ id: consultationMentors.mentorId }).from(consultationMentors).where(eq(consultationMentors.consultationId, c.id));
  const notices: Notice[] = [c.authorId, ...mentors.map((m) => m.id)]
    .filter((id) => id !== by.actorId)
    .map((userId) => ({ userId, kind: 'consultation.reply', data: { consultationId: c.id } }));
  await db.batch([
    db.insert(consultationReplies).values({ consultationId: c.id, authorId: by.actorId, body, createdAt: by.now }),
    ...notices.map((n) => noticeInsert(db, by.now, n)),
  ]);
  return notices;
}

/** The consultations the person wrote or was asked to advise on: metadata only, newest first. */
export async function myConsultations(db: Db, userId: string, now: Date) {
  await purgeExpired(db, now);
  const rows = await db
    .select()
    .from(consultations)
    .where(or(eq(consultations.authorId, userId), sql`${consultations.id} IN (SELECT consultation_id FROM consultation_mentors WHERE mentor_id = ${userId})`))
    .orderBy(desc(consultations.createdAt))
    .limit(100);
  return rows.map((c) => ({
    id: c.id,
    role: c.authorId === userId ? ('author' as const) : ('mentor' as const),
    jurisdiction: c.jurisdiction,
    offenceType: c.offenceType,
    stage: c.stage,
    createdAt: c.createdAt.toISOString(),
    retainUntil: c.retainUntil.toISOString(),
  }));
}

export async function viewLog(db: Db, c: Consultation) {
  const rows = await db
    .select({ viewer: users.displayName, viewedAt: consultationViews.viewedAt })
    .from(consultationViews)
    .leftJoin(users, eq(users.id, consultationViews.viewerId))
    .where(eq(consultationViews.consultationId, c.id))
    .orderBy(desc(consultationViews.viewedAt))
    .limit(200);
  return rows.map((r) => ({ viewer: r.viewer, viewedAt: r.viewedAt.toISOString() }));
}

/** The author may delete it before its retention ends. */
export async function deleteConsultation(db: Db, by: Acting, c: Consultation) {
  if (c.authorId !== by.actorId) throw new AppError(403, 'forbidden', 'Only its author deletes a consultation early.');
  await db.batch([
    db.delete(consultations).where(eq(consultations.id, c.id)),
    audit(db, by.now, by.requestId, { actorId: by.actorId, action: 'consultation.deleted', subjectType: 'consultation', subjectId: c.id }),
  ]);
}
