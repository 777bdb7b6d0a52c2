import { and, count, desc, eq, lt } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../../db/client';
import { auditLog, cohorts, institutions, invitations, memberships, users } from '../../../db/schema';
import { audit } from '../../audit';
import type { Acting } from '../../context';
import { COHORT_SEATED_ROLES } from '../cohorts/join';
import { AppError, notFound } from '../../errors';
import { randomToken, sha256 } from '../../lib/crypto';
import { isUniqueViolation } from '../../lib/db-errors';
import type { AuditQuery, Grant, NewInstitution, NewInvitation } from './institutions.schemas';

type InstitutionRow = typeof institutions.$inferSelect;

export const institutionView = (i: InstitutionRow) => ({
  id: i.id,
  name: i.name,
  kind: i.kind,
  country: i.country,
  createdAt: i.createdAt.toISOString(),
});

export async function getInstitution(db: Db, institutionId: string): Promise<InstitutionRow> {
  const [found] = await db.select().from(institutions).where(eq(institutions.id, institutionId));
  if (!found) throw notFound('The institution');
  return found;
}

export async function createInstitution(db: Db, by: Acting, input: z.infer<typeof NewInstitution>) {
  const row = { id: crypto.randomUUID(), ...input, createdBy: by.actorId, createdAt: by.now };
  try {
    await db.batch([
      db.insert(institutions).values(row),
      audit(db, by.now, by.requestId, {
        actorId: by.actorId,
        action: 'institution.created',
        institutionId: row.id,
        subjectType: 'institution',
        subjectId: row.id,
        detail: input,
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err, 'institutions_name_uq')) {
      throw new AppError(409, 'institution_exists', `An institution named "${input.name}" already exists.`, {
        fields: { 'body.name': 'Already used.' },
      });
    }
    throw err;
  }
  return row;
}

export function listMembers(db: Db, institutionId: string) {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: memberships.role,
      grantedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.institutionId, institutionId))
    .orderBy(users.username, memberships.role);
}

/** Gives an existing account a role in the institution. */
export async function grantRole(db: Db, by: Acting, institutionId: string, input: z.infer<typeof Grant>) {
  const [user] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.username, input.username));
  if (!user) {
    throw new AppError(404, 'user_not_found', `No account has the username "${input.username}". Invite the person instead.`, {
      fields: { 'body.username': 'No such account.' },
    });
  }
  const id = crypto.randomUUID();
  try {
    await db.batch([
      db.insert(memberships).values({ id, userId: user.id, institutionId, role: input.role, grantedBy: by.actorId, createdAt: by.now }),
      audit(db, by.now, by.requestId, {
        actorId: by.actorId,
        action: 'membership.granted',
        institutionId,
        subjectType: 'user',
        subjectId: user.id,
        detail: { role: input.role, membershipId: id },
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(409, 'membership_exists', `${input.username} already has the role ${input.role} here.`);
    }
    throw err;
  }
  return {
    membershipId: id,
    userId: user.id,
    username: input.username,
    displayName: user.displayName,
    role: input.role,
    grantedAt: by.now.toISOString(),
  };
}

/** Removes one role; the last institution admin cannot be removed, so no institution is orphaned. */
export async function revokeRole(db: Db, by: Acting, institutionId: string, membershipId: string) {
  const [[found], [admins]] = await db.batch([
    db
      .select()
      .from(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.institutionId, institutionId))),
    db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.institutionId, institutionId), eq(memberships.role, 'institution_admin'))),
  ]);
  if (!found) throw notFound('The membership');
  if (found.role === 'institution_admin' && (admins?.n ?? 0) <= 1) {
    throw new AppError(409, 'last_admin', 'This is the institution’s last admin. Make someone else admin first.');
  }
  await db.batch([
    db.delete(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.institutionId, institutionId))),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'membership.revoked',
      institutionId,
      subjectType: 'user',
      subjectId: found.userId,
      detail: { role: found.role, membershipId },
    }),
  ]);
}

const DAY_MS = 86_400_000;

export async function createInvitation(db: Db, by: Acting, institutionId: string, input: z.infer<typeof NewInvitation>) {
  if (input.cohortId) {
    if (!COHORT_SEATED_ROLES.includes(input.role)) {
      throw new AppError(400, 'cohort_not_for_role', `A ${input.role} has no seat in a cohort; leave out the cohort.`, {
        fields: { 'body.cohortId': `Only learners and trainers join a cohort.` },
      });
    }
    const [cohort] = await db
      .select({ id: cohorts.id })
      .from(cohorts)
      .where(and(eq(cohorts.id, input.cohortId), eq(cohorts.institutionId, institutionId)));
    if (!cohort) {
      throw new AppError(400, 'cohort_not_found', 'That cohort is not one of this institution’s cohorts.', {
        fields: { 'body.cohortId': 'Not a cohort of this institution.' },
      });
    }
  }
  const token = randomToken();
  const row = {
    id: crypto.randomUUID(),
    institutionId,
    cohortId: input.cohortId ?? null,
    role: input.role,
    tokenHash: await sha256(token),
    createdBy: by.actorId,
    createdAt: by.now,
    expiresAt: new Date(by.now.getTime() + input.expiresInDays * DAY_MS),
  };
  await db.batch([
    db.insert(invitations).values(row),
    audit(db, by.now, by.requestId, {
      actorId: by.actorId,
      action: 'invitation.created',
      institutionId,
      subjectType: 'invitation',
      subjectId: row.id,
      detail: { role: row.role, cohortId: row.cohortId, expiresAt: row.expiresAt.toISOString() },
    }),
  ]);
  return { id: row.id, token, role: row.role, cohortId: row.cohortId, expiresAt: row.expiresAt.toISOString() };
}

export async function readAudit(db: Db, institutionId: string, query: z.infer<typeof AuditQuery>) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.institutionId, institutionId), query.before ? lt(auditLog.id, query.before) : undefined),
    )
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    detail: r.detail ?? null,
    requestId: r.requestId,
  }));
}
