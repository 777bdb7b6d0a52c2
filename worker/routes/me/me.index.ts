import { and, eq, ne } from 'drizzle-orm';
import { sessions, users } from '../../../db/schema';
import { audit } from '../../audit';
import { actingAs, createRouter } from '../../context';
import { clearSessionCookie } from '../../sessions';
import { AppError } from '../../errors';
import { assertNotCommonPassword } from '../../lib/common-passwords';
import { hashPassword, verifyPassword } from '../../lib/password';
import { requireActor } from '../../policy';
import { cohortForJoinCode, placementWrites } from '../cohorts/join';
import * as routes from './me.routes';
import { deleteOwnAccount, exportOwnData } from './me.data';
import { loadMe } from './me.service';

export const meRouter = createRouter({ signedIn: true })
  .openapi(routes.getMe, async (c) => {
    const actor = requireActor(c);
    return c.json(await loadMe(c.get('db'), actor.userId), 200);
  })
  .openapi(routes.patchProfile, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    await db
      .update(users)
      .set({ ...c.req.valid('json'), updatedAt: c.get('now') })
      .where(eq(users.id, actor.userId));
    return c.json(await loadMe(db, actor.userId), 200);
  })
  .openapi(routes.changePassword, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const body = c.req.valid('json');
    const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
    if (!user || !(await verifyPassword(body.currentPassword, user.passwordHash)).ok) {
      throw new AppError(400, 'invalid_credentials', 'Your current password is not right.', {
        fields: { 'body.currentPassword': 'Not right.' },
      });
    }
    assertNotCommonPassword(body.newPassword, 'body.newPassword');
    const now = c.get('now');
    await db.batch([
      db.update(users).set({ passwordHash: await hashPassword(body.newPassword), updatedAt: now }).where(eq(users.id, actor.userId)),
      db.delete(sessions).where(and(eq(sessions.userId, actor.userId), ne(sessions.tokenHash, actor.sessionHash))),
      audit(db, now, c.get('requestId'), {
        actorId: actor.userId,
        action: 'user.password_changed',
        subjectType: 'user',
        subjectId: actor.userId,
      }),
    ]);
    return c.body(null, 204);
  })
  .openapi(routes.joinCohort, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const now = c.get('now');
    const cohort = await cohortForJoinCode(db, c.req.valid('json').joinCode, now);
    const placement = {
      institutionId: cohort.institutionId,
      cohortId: cohort.id,
      userId: actor.userId,
      role: 'learner' as const,
      grantedBy: null,
    };
    await db.batch([
      audit(db, now, c.get('requestId'), {
        actorId: actor.userId,
        action: 'cohort.joined',
        institutionId: cohort.institutionId,
        subjectType: 'cohort',
        subjectId: cohort.id,
      }),
      ...placementWrites(db, placement, now),
    ]);
    return c.json(await loadMe(db, actor.userId), 200);
  })
  .openapi(routes.exportData, async (c) => {
    const actor = requireActor(c);
    const data = await exportOwnData(c.get('db'), actor.userId, c.get('now'));
    c.header('Content-Disposition', `attachment; filename="cascade-${data.profile.username}-${c.get('now').toISOString().slice(0, 10)}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(data, 200);
  })
  .openapi(routes.deleteAccount, async (c) => {
    const actor = requireActor(c);
    await deleteOwnAccount(c.get('db'), actingAs(c, actor.userId), c.req.valid('json').password);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .openapi(routes.signOutEverywhere, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const now = c.get('now');
    await db.batch([
      db.delete(sessions).where(eq(sessions.userId, actor.userId)),
      audit(db, now, c.get('requestId'), { actorId: actor.userId, action: 'user.signed_out_everywhere', subjectType: 'user', subjectId: actor.userId }),
    ]);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
