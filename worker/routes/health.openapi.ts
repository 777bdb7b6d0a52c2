import { createRoute, z } from '@hono/zod-openapi';
import { json } from '../schemas';

/** GET /api/health as the OpenAPI document lists it: the route itself is plain Hono (health.ts). */
export const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['System'],
  summary: 'Liveness and database reachability',
  responses: { 200: json(z.object({ ok: z.literal(true), time: z.string() }), 'Up, and the database answers.') },
});
