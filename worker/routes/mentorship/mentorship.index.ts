import { actingAs, createRouter, originOf } from '../../context';
import { certificateView, masterKeyOf } from '../certificates/certificates.index';
import { notFound } from '../../errors';
import { issueMentorBadge, mentorRecord } from '../../mentorship/badge';
import { listNotifications, mail, markRead } from '../../mentorship/notify';
import * as service from '../../mentorship/service';
import { authorize, requireActor } from '../../policy';
import * as routes from './mentorship.routes';

/** Mentor profiles, review, matching and the mentor badge (/api/mentors). */
export const mentorsRouter = (master: CryptoKey | undefined) =>
  createRouter({ signedIn: true })
    .openapi(routes.myProfile, async (c) => {
      const profile = await service.getProfile(c.get('db'), requireActor(c).userId);
      return c.json({ profile: profile ? service.profileView(profile) : null }, 200);
    })
    .openapi(routes.saveProfile, async (c) => {
      const actor = requireActor(c);
      return c.json(service.profileView(await service.saveProfile(c.get('db'), actingAs(c, actor.userId), c.req.valid('json'))), 200);
    })
    .openapi(routes.pending, async (c) => {
      const actor = requireActor(c);
      if (!actor.programmeAdmin && !actor.memberships.some((m) => m.role === 'institution_admin')) authorize(c, 'mentor.review');
      return c.json({ profiles: await service.pendingProfiles(c.get('db'), actor) }, 200);
    })
    .openapi(routes.review, async (c) => {
      const { userId } = c.req.valid('param');
      const db = c.get('db');
      const profile = await service.getProfile(db, userId);
      if (!profile) throw notFound('The mentor profile');
      const institutions = await service.institutionsOfPerson(db, userId);
      const actor = institutions.length ? authorizeAny(c, institutions) : authorize(c, 'mentor.review');
      const { decision, note } = c.req.valid('json');
      return c.json(service.profileView(await service.reviewProfile(db, actingAs(c, actor.userId), profile, decision, note)), 200);
    })
    .openapi(routes.suggestions, async (c) => {
      const actor = requireActor(c);
      return c.json({ suggestions: await service.suggestMentors(c.get('db'), actor.userId, c.req.valid('json')) }, 200);
    })
    .openapi(routes.approved, async (c) => c.json({ mentors: await service.approvedMentors(c.get('db'), requireActor(c).userId) }, 200))
    .openapi(routes.badgeRecord, async (c) => {
      const { userId } = c.req.valid('param');
      const db = c.get('db');
      if (!(await service.getProfile(db, userId))) throw notFound('The mentor profile');
      if (requireActor(c).userId !== userId) authorizeAny(c, await service.institutionsOfPerson(db, userId));
      const { badge, ...record } = await mentorRecord(db, userId);
      return c.json({ ...record, rule: { ...record.rule }, certificateId: badge?.id ?? null }, 200);
    })
    .openapi(routes.issueBadge, async (c) => {
      const { userId } = c.req.valid('param');
      const { institutionId } = c.req.valid('json');
      const db = c.get('db');
      const actor = authorize(c, 'mentor.review', { institutionId });
      if (!(await service.institutionsOfPerson(db, userId)).includes(institutionId)) throw notFound('That mentor in this institution');
      const { certificate, created } = await issueMentorBadge(db, masterKeyOf(master), actingAs(c, actor.userId), originOf(c), userId, institutionId);
      return c.json(certificateView(certificate, originOf(c)), created ? 201 : 200);
    });

/** Authorised to review for at least one of the person's institutions (or a programme admin). */
function authorizeAny(c: Parameters<typeof authorize>[0], institutionIds: readonly string[]) {
  const actor = requireActor(c);
  const ok = institutionIds.find((institutionId) => actor.programmeAdmin || actor.memberships.some((m) => m.institutionId === institutionId && m.role === 'institution_admin'));
  return authorize(c, 'mentor.review', ok ? { institutionId: ok } : {});
}

/** Requests and agreements (/api/mentorships): only their two people ever see them. */
export const mentorshipsRouter = createRouter({ signedIn: true })
  .openapi(routes.mine, async (c) => c.json(await service.myMentoring(c.get('db'), requireActor(c).userId), 200))
  .openapi(routes.request, async (c) => {
    const actor = requireActor(c);
    const { mentorId, needs } = c.req.valid('json');
    const { id, notices } = await service.requestMentor(c.get('db'), actingAs(c, actor.userId), mentorId, needs);
    await mail(c.get('db'), c.get('mailer'), notices);
    return c.json({ id }, 201);
  })
  .openapi(routes.respond, async (c) => {
    const actor = requireActor(c);
    const { decision, agreement, note } = c.req.valid('json');
    const { mentorshipId, notices } = await service.respond(c.get('db'), actingAs(c, actor.userId), c.req.valid('param').requestId, decision, agreement, note);
    await mail(c.get('db'), c.get('mailer'), notices);
    return c.json({ mentorshipId }, 200);
  })
  .openapi(routes.withdraw, async (c) => {
    const actor = requireActor(c);
    await service.withdrawRequest(c.get('db'), actingAs(c, actor.userId), c.req.valid('param').requestId);
    return c.body(null, 204);
  })
  .openapi(routes.get, async (c) => {
    const actor = requireActor(c);
    const m = await service.ownMentorship(c.get('db'), actor.userId, c.req.valid('param').mentorshipId);
    return c.json(await service.mentorshipView(c.get('db'), m), 200);
  })
  .openapi(routes.session, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const m = await service.ownMentorship(db, actor.userId, c.req.valid('param').mentorshipId);
    const notices = await service.logSession(db, actingAs(c, actor.userId), m, c.req.valid('json'));
    await mail(db, c.get('mailer'), notices);
    return c.json(await service.mentorshipView(db, m), 201);
  })
  .openapi(routes.close, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const m = await service.ownMentorship(db, actor.userId, c.req.valid('param').mentorshipId);
    const notices = await service.closeMentorship(db, actingAs(c, actor.userId), m, c.req.valid('json').feedback);
    await mail(db, c.get('mailer'), notices);
    return c.json(await service.mentorshipView(db, await service.ownMentorship(db, actor.userId, m.id)), 200);
  });

/** In-app notifications (/api/notifications). */
export const notificationsRouter = createRouter({ signedIn: true })
  .openapi(routes.notifications, async (c) => {
    const { unread, limit } = c.req.valid('query');
    return c.json(await listNotifications(c.get('db'), requireActor(c).userId, unread, limit), 200);
  })
  .openapi(routes.markRead, async (c) => {
    await markRead(c.get('db'), requireActor(c).userId, c.req.valid('json').ids, c.get('now'));
    return c.body(null, 204);
  });
