import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { actingAs, createRouter, type AppEnv } from '../../context';
import { AppError, notFound } from '../../errors';
import * as community from '../../mentorship/community';
import { authorize, requireActor } from '../../policy';
import * as routes from './community.routes';

/** The space a post is in, if the actor may read it. */
async function postInReach(c: Context<AppEnv>, postId: string) {
  const db = c.get('db');
  const post = await community.getPost(db, postId);
  const space = await community.getSpace(db, post.spaceId);
  const { moderator } = await community.access(db, requireActor(c), space);
  return { post, space, moderator };
}

/** Community spaces (/api/spaces). */
export const spacesRouter = createRouter({ signedIn: true })
  .openapi(routes.list, async (c) => {
    await community.ensureSpaces(c.get('db'), c.get('now'));
    return c.json({ spaces: await community.listSpaces(c.get('db'), requireActor(c)) }, 200);
  })
  .openapi(routes.join, async (c) => {
    const actor = requireActor(c);
    await community.join(c.get('db'), actingAs(c, actor.userId), await community.getSpace(c.get('db'), c.req.valid('param').spaceId));
    return c.body(null, 204);
  })
  .openapi(routes.leave, async (c) => {
    const actor = requireActor(c);
    await community.leave(c.get('db'), actingAs(c, actor.userId), await community.getSpace(c.get('db'), c.req.valid('param').spaceId));
    return c.body(null, 204);
  })
  .openapi(routes.threads, async (c) => {
    const space = await community.getSpace(c.get('db'), c.req.valid('param').spaceId);
    const { moderator } = await community.access(c.get('db'), requireActor(c), space);
    return c.json(await community.listThreads(c.get('db'), space, moderator, c.req.valid('query').before), 200);
  })
  .openapi(routes.thread, async (c) => {
    const { post, moderator } = await postInReach(c, c.req.valid('param').postId);
    return c.json(await community.readThread(c.get('db'), post, moderator, c.req.valid('query').after), 200);
  })
  .openapi(routes.write, async (c) => {
    const actor = requireActor(c);
    const db = c.get('db');
    const space = await community.getSpace(db, c.req.valid('param').spaceId);
    await community.access(db, actor, space); // an opt-in space takes posts from its members only
    const { post, created } = await community.writePost(db, actingAs(c, actor.userId), space, c.req.valid('json'));
    const [me] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, actor.userId));
    return c.json(community.postView({ ...post, author: me?.name ?? null }, false), created ? 201 : 200);
  })
  .openapi(routes.report, async (c) => {
    const actor = requireActor(c);
    const { post } = await postInReach(c, c.req.valid('param').postId);
    await community.reportPost(c.get('db'), actingAs(c, actor.userId), post, c.req.valid('json').reason);
    return c.body(null, 204);
  })
  .openapi(routes.queue, async (c) => {
    const space = await community.getSpace(c.get('db'), c.req.valid('param').spaceId);
    const { moderator } = await community.access(c.get('db'), requireActor(c), space);
    if (!moderator) throw new AppError(403, 'forbidden', "Only this space's moderators see its reports.");
    return c.json({ reports: await community.reportQueue(c.get('db'), space) }, 200);
  })
  .openapi(routes.moderate, async (c) => {
    const actor = requireActor(c);
    const { post, moderator } = await postInReach(c, c.req.valid('param').postId);
    if (!moderator) throw new AppError(403, 'forbidden', "Only this space's moderators hide or restore posts.");
    const { action, reason } = c.req.valid('json');
    const changed = await community.moderate(c.get('db'), actingAs(c, actor.userId), post, action, reason);
    return c.json(community.postView({ ...changed, author: null }, true), 200);
  })
  .openapi(routes.appoint, async (c) => {
    const actor = authorize(c, 'space.moderate_all');
    const db = c.get('db');
    const space = await community.getSpace(db, c.req.valid('param').spaceId);
    const { userId } = c.req.valid('json');
    const [person] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!person) throw notFound('That person');
    await community.appointModerator(db, actingAs(c, actor.userId), space, userId);
    return c.body(null, 204);
  });
