import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { dbFromD1 } from '../../db/client';
import type { Fetcher } from '../helpers/client';
import { seedWorld } from '../helpers/world';
import entry from '../../worker/index';

const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const fetcher: Fetcher = (req) => worker.fetch(req);
const DB = (env as unknown as { DB: D1Database }).DB;

it('the hourly trigger deletes consultations whose retention has ended, and keeps the others', async () => {
  expect((await fetcher(new Request('http://localhost/api/health'))).status).toBe(200);
  const world = await seedWorld(dbFromD1(DB), fetcher, new Date());
  const learnerId = (await (await world.signIn('learner')).get('/api/me')).body.id as string;
  const insert = DB.prepare(
    "INSERT INTO consultations (id, author_id, jurisdiction, offence_type, stage, question, confirmed, created_at, retain_until) VALUES (?, ?, 'NP', 'smuggling', 'trial', 'A question', '[]', ?, ?)",
  );
  const now = Date.now();
  await DB.batch([insert.bind('expired-one', learnerId, now - 40 * 86_400_000, now - 1000), insert.bind('still-kept', learnerId, now, now + 86_400_000)]);
  const ctx = createExecutionContext();
  // The entry module's own handler, called in this isolate: a controller cannot cross into the worker's.
  await entry.scheduled!(createScheduledController({ scheduledTime: new Date(now), cron: '17 * * * *' }), env as Record<string, unknown>, ctx);
  await waitOnExecutionContext(ctx);
  const left = await DB.prepare('SELECT id FROM consultations ORDER BY id').all<{ id: string }>();
  expect(left.results.map((r) => r.id)).toEqual(['still-kept']);
});
