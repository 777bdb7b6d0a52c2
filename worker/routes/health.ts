import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { createRouter } from '../context';
import { json } from '../schemas';

const health = createRoute({
  method: 'get',
  path: '/',
  tags: ['System'],
  summary: 'Liveness and database reachability',
  responses: { 200: json(z.object({ ok: z.literal(true), time: z.string() }), 'Up, and the database answers.') },
});

export const healthRouter = createRouter().openapi(health, async (c) => {
  await c.get('db').run(sql`SELECT 1`);
  return c.json({ ok: true as const, time: c.get('now').toISOString() }, 200);
});
