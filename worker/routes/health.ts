import { Hono, type Context, type Env } from 'hono';

/**
 * GET /api/health: up, and the database answers. Plain Hono, without zod: the Workers entry
 * answers it before the app is loaded (worker/cloudflare/entry.ts), so it must cost nothing
 * to evaluate. Its OpenAPI entry is registered beside the others' (health.openapi.ts).
 */
export function healthRouter<E extends Env>(probe: { ping: (c: Context<E>) => Promise<unknown>; now: (c: Context<E>) => Date }) {
  return new Hono<E>().get('/', async (c) => {
    await probe.ping(c);
    return c.json({ ok: true as const, time: probe.now(c).toISOString() }, 200);
  });
}
