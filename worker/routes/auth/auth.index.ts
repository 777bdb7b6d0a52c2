import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { sessions } from '../../../db/schema';
import { createRouter, type AppEnv } from '../../context';
import { clearSessionCookie, presentedSessionHash, setSessionCookie } from '../../sessions';
import { loadMe } from '../me/me.service';
import * as routes from './auth.routes';
import { login, register, resetWithCode, type RequestMeta } from './auth.service';

const metaOf = (c: Context<AppEnv>): RequestMeta => ({
  now: c.get('now'),
  requestId: c.get('requestId'),
  address: c.get('clientAddress'),
});

export const authRouter = createRouter()
  .openapi(routes.register, async (c) => {
    const db = c.get('db');
    const { userId, session } = await register(db, metaOf(c), c.req.valid('json'));
    setSessionCookie(c, session.token, session.expiresAt, c.get('now'));
    return c.json(await loadMe(db, userId), 201);
  })
  .openapi(routes.login, async (c) => {
    const db = c.get('db');
    const { userId, session } = await login(db, metaOf(c), c.req.valid('json'), await presentedSessionHash(c));
    setSessionCookie(c, session.token, session.expiresAt, c.get('now'));
    return c.json(await loadMe(db, userId), 200);
  })
  .openapi(routes.logout, async (c) => {
    const hash = await presentedSessionHash(c);
    if (hash) await c.get('db').delete(sessions).where(eq(sessions.tokenHash, hash));
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .openapi(routes.reset, async (c) => {
    const db = c.get('db');
    const { userId, session } = await resetWithCode(db, metaOf(c), c.req.valid('json'));
    setSessionCookie(c, session.token, session.expiresAt, c.get('now'));
    return c.json(await loadMe(db, userId), 200);
  });
