import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../../db/client';
import { invitations, resetCodes, sessions, users, type InstitutionRole } from '../../../db/schema';
import { audit } from '../../audit';
import { AppError } from '../../errors';
import { assertNotCommonPassword } from '../../lib/common-passwords';
import { normaliseCode, sha256, timingSafeEqual } from '../../lib/crypto';
import { isAbortedBy, isUniqueViolation } from '../../lib/db-errors';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../lib/password';
import { deleteSessionsOf, newSession } from '../../sessions';
import { attemptSucceeded, takeAttempt, type ThrottleKeys } from '../../throttle';
import { assertCohortTakes, cohortForJoinCode, placementWrites } from '../cohorts/join';
import type { Login, Register, ResetWithCode } from './auth.schemas';

export interface RequestMeta {
  now: Date;
  requestId: string | undefined;
  address: string | undefined;
}

const usernameTaken = () =>
  new AppError(409, 'username_taken', 'This username is taken. Choose another.', {
    fields: { 'body.username': 'This username is taken.' },
  });

const invitationInvalid = () =>
  new AppError(400, 'invitation_invalid', 'This invitation is not valid: it may have expired or been used. Ask for a new one.', {
    fields: { 'body.invitation': 'Not valid, expired or already used.' },
  });

/** What joining grants: a role in an institution and, usually, a place in a cohort. */
async function entryGrant(db: Db, input: z.infer<typeof Register>, now: Date) {
  if (input.joinCode) {
    const cohort = await cohortForJoinCode(db, input.joinCode, now);
    return { institutionId: cohort.institutionId, role: 'learner' as InstitutionRole, cohortId: cohort.id, invitationId: null, grantedBy: null };
  }
  const [invite] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, await sha256(input.invitation ?? '')),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  if (!invite) throw invitationInvalid();
  if (invite.cohortId) await assertCohortTakes(db, invite.cohortId, invite.role);
  return { institutionId: invite.institutionId, role: invite.role, cohortId: invite.cohortId, invitationId: invite.id, grantedBy: invite.createdBy };
}

/** Creates the account, places it where the code or invitation says, and signs it in. */
export async function register(db: Db, meta: RequestMeta, input: z.infer<typeof Register>) {
  assertNotCommonPassword(input.password, 'body.password');
  const grant = await entryGrant(db, input, meta.now);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing) throw usernameTaken();

  const userId = crypto.randomUUID();
  const session = await newSession(db, userId, meta.now);
  try {
    await db.batch([
      db.insert(users).values({
        id: userId,
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        locale: input.locale ?? 'en',
        passwordHash: await hashPassword(input.password),
        createdAt: meta.now,
        updatedAt: meta.now,
      }),
      ...placementWrites(db, { ...grant, userId }, meta.now),
      ...(grant.invitationId
        ? [
            db
              .update(invitations)
              .set({ acceptedAt: meta.now, acceptedBy: userId })
              .where(eq(invitations.id, grant.invitationId)),
          ]
        : []),
      session.insert,
      audit(db, meta.now, meta.requestId, {
        actorId: userId,
        action: 'user.registered',
        institutionId: grant.institutionId,
        subjectType: 'user',
        subjectId: userId,
        detail: { role: grant.role, cohortId: grant.cohortId, via: grant.invitationId ? 'invitation' : 'join_code' },
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err, 'users.username')) throw usernameTaken();
    if (isAbortedBy(err, 'invitation already accepted')) throw invitationInvalid();
    throw err;
  }
  return { userId, session };
}

const badCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The username or password is not right. Check both and try again.');

/** Checks the password under the rate limit and opens a fresh session, closing the one presented. */
export async function login(db: Db, meta: RequestMeta, input: z.infer<typeof Login>, presentedHash?: string) {
  const keys: ThrottleKeys = { account: input.username, address: meta.address };
  await takeAttempt(db, keys, meta.now);
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, input.username));
  if (!user) await burnPasswordCheck(input.password);
  const check = user ? await verifyPassword(input.password, user.passwordHash) : { ok: false, outdated: false };
  // The attempt was already counted as a failure; it stands.
  if (!user || !check.ok) throw badCredentials();
  const session = await newSession(db, user.id, meta.now);
  await db.batch([
    session.insert,
    ...attemptSucceeded(db, keys),
    ...(presentedHash ? [db.delete(sessions).where(eq(sessions.tokenHash, presentedHash))] : []),
    ...(check.outdated
      ? [db.update(users).set({ passwordHash: await hashPassword(input.password) }).where(eq(users.id, user.id))]
      : []),
  ]);
  return { userId: user.id, session };
}

const badResetCode = () =>
  new AppError(400, 'reset_code_invalid', 'This reset code is not valid or has expired. Ask your trainer for a new one.', {
    fields: { 'body.code': 'Not valid or expired.' },
  });

/** Sets a new password with a trainer's one-time code; every other session of the account ends. */
export async function resetWithCode(db: Db, meta: RequestMeta, input: z.infer<typeof ResetWithCode>) {
  // Before the code is checked, so a refused password leaves the code unused for a second try.
  assertNotCommonPassword(input.newPassword, 'body.newPassword');
  const keys: ThrottleKeys = { account: input.username, address: meta.address };
  await takeAttempt(db, keys, meta.now);
  const [found] = await db
    .select({ userId: users.id, codeId: resetCodes.id, codeHash: resetCodes.codeHash })
    .from(users)
    .innerJoin(resetCodes, eq(resetCodes.userId, users.id))
    .where(and(eq(users.username, input.username), isNull(resetCodes.usedAt), gt(resetCodes.expiresAt, meta.now)))
    .orderBy(desc(resetCodes.createdAt))
    .limit(1);
  const presented = await sha256(normaliseCode(input.code));
  if (!found || !timingSafeEqual(presented, found.codeHash)) throw badResetCode();
  const session = await newSession(db, found.userId, meta.now);
  await db.batch([
    db
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: meta.now })
      .where(eq(users.id, found.userId)),
    db.update(resetCodes).set({ usedAt: meta.now }).where(eq(resetCodes.id, found.codeId)),
    deleteSessionsOf(db, found.userId),
    session.insert,
    ...attemptSucceeded(db, keys),
    audit(db, meta.now, meta.requestId, {
      actorId: found.userId,
      action: 'user.password_reset',
      subjectType: 'user',
      subjectId: found.userId,
      detail: { resetCodeId: found.codeId },
    }),
  ]);
  return { userId: found.userId, session };
}
