import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { dbFromD1 } from '../../db/client';
import type { Fetcher } from '../helpers/client';
import { seedWorld, type World } from '../helpers/world';
import { describeFoundation } from '../shared/foundation';

// Requests go through the real Workers entry (worker/index.ts), which validates its
// env, migrates the bound D1 database itself and builds the app.
const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const fetcher: Fetcher = (req) => worker.fetch(req);
const db1 = (env as unknown as { DB: D1Database }).DB;
let shared: Promise<{ world: World; fetcher: Fetcher }> | undefined;

function setup() {
  shared ??= (async () => {
    const health = await fetcher(new Request('http://localhost/api/health'));
    expect(health.status).toBe(200);
    const world = await seedWorld(dbFromD1(db1), fetcher, new Date());
    return { world, fetcher };
  })();
  return shared;
}

it('migrates D1 on first request and answers unknown API routes with a JSON 404', async () => {
  await setup();
  const res = await fetcher(new Request('http://localhost/api/nope'));
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ error: { code: 'route_not_found' } });
  const tables = await db1
    .prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'audit_log', '_cascade_migrations')",
  ).all();
  expect(tables.results).toHaveLength(3);
});

describeFoundation('workerd, D1', setup);
