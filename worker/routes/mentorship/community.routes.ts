import { createRoute, z } from '@hono/zod-openapi';
import { POST_FORMATS } from '../../../db/schema/enums';
import { errors, json, jsonBody, Line, Uuid } from '../../schemas';

const tags = ['Community'];
export const SpaceParams = z.object({ spaceId: Uuid.openapi({ param: { name: 'spaceId', in: 'path' } }) });
const Space = z
  .object({
    id: z.string(),
    kind: z.enum(['course', 'country', 'sector', 'womens_network']),
    key: z.string(),
    name: z.string(),
    optIn: z.boolean(),
    joined: z.boolean(),
    moderator: z.boolean(),
  })
  .openapi('Space');
const Report = z
  .object({ id: z.string(), postId: z.string(), reason: z.string(), body: z.string().nullable(), hidden: z.boolean(), createdAt: z.string() })
  .openapi('PostReport');
export const PostParams = z.object({ postId: Uuid.openapi({ param: { name: 'postId', in: 'path' } }) });
const Post = z
  .object({
    id: z.string(),
    threadId: z.string().nullable(),
    clientId: z.string(),
    author: z.string().nullable(),
    title: z.string().nullable(),
    body: z.string().nullable().openapi({ description: 'Null when a moderator hid it (moderators still see it).' }),
    format: z.enum(POST_FORMATS),
    createdAt: z.string(),
    hidden: z.boolean(),
    hiddenReason: z.string().nullable(),
  })
  .openapi('Post');
export const NewPost = z
  .object({
    clientId: Uuid.openapi({ description: "The device outbox's id for this post: sending it again stores nothing new." }),
    threadId: Uuid.optional().openapi({ description: 'Reply to this thread; leave out to start one.' }),
    title: Line(140, 3).optional(),
    body: Line(8000, 1),
    format: z.enum(POST_FORMATS).default('plain'),
  })
  .openapi('NewPost');

export const list = createRoute({
  method: 'get', path: '/', tags, summary: 'The community spaces, and which you joined or moderate',
  responses: { 200: json(z.object({ spaces: z.array(Space) }), 'Every space.'), ...errors(401) },
});
export const join = createRoute({
  method: 'post', path: '/{spaceId}/join', tags, summary: 'Join a space (the women’s network is joined by opting in)',
  request: { params: SpaceParams },
  responses: { 204: { description: 'Joined.' }, ...errors(400, 401, 404) },
});
export const leave = createRoute({
  method: 'post', path: '/{spaceId}/leave', tags, summary: 'Leave a space',
  request: { params: SpaceParams },
  responses: { 204: { description: 'Left.' }, ...errors(400, 401, 404) },
});
export const threads = createRoute({
  method: 'get', path: '/{spaceId}/threads', tags, summary: 'Threads, most recently active first, 20 a page',
  request: { params: SpaceParams, query: z.object({ before: z.string().max(80).regex(/^\d+_[0-9a-f-]+$/).optional() }) },
  responses: { 200: json(z.object({ threads: z.array(Post.extend({ replies: z.number(), lastActivityAt: z.string() })), next: z.string().nullable() }), 'A page.'), ...errors(400, 401, 404) },
});
export const thread = createRoute({
  method: 'get', path: '/posts/{postId}', tags, summary: 'A thread and its replies, 50 a page',
  request: { params: PostParams, query: z.object({ after: Uuid.optional() }) },
  responses: { 200: json(z.object({ thread: Post, replies: z.array(Post), next: z.string().nullable() }), 'A page.'), ...errors(400, 401, 404) },
});
export const write = createRoute({
  method: 'post', path: '/{spaceId}/posts', tags, summary: 'Start a thread or reply; idempotent by the outbox id',
  request: { params: SpaceParams, body: jsonBody(NewPost) },
  responses: { 201: json(Post, 'Posted.'), 200: json(Post, 'Already posted.'), ...errors(400, 401, 404, 409) },
});
export const report = createRoute({
  method: 'post', path: '/posts/{postId}/report', tags, summary: "Report a post to the space's moderators",
  request: { params: PostParams, body: jsonBody(z.object({ reason: Line(500, 3) })) },
  responses: { 204: { description: 'Reported.' }, ...errors(400, 401, 404) },
});
export const queue = createRoute({
  method: 'get', path: '/{spaceId}/reports', tags, summary: "Open reports in a space (its moderators)",
  request: { params: SpaceParams },
  responses: { 200: json(z.object({ reports: z.array(Report) }), 'Oldest first.'), ...errors(400, 401, 403, 404) },
});
export const moderate = createRoute({
  method: 'post', path: '/posts/{postId}/moderation', tags, summary: 'Hide or restore a post, with a reason (its space’s moderators)',
  request: { params: PostParams, body: jsonBody(z.object({ action: z.enum(['hide', 'restore']), reason: Line(500, 3) })) },
  responses: { 200: json(Post, 'Done.'), ...errors(400, 401, 403, 404) },
});
export const appoint = createRoute({
  method: 'post', path: '/{spaceId}/moderators', tags, summary: 'Appoint a moderator (programme admin)',
  request: { params: SpaceParams, body: jsonBody(z.object({ userId: Uuid })) },
  responses: { 204: { description: 'Appointed.' }, ...errors(400, 401, 403, 404) },
});
