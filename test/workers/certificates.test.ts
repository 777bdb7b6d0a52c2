import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { dbFromD1 } from '../../db/client';
import type { Fetcher } from '../helpers/client';
import { seedWorld, type World } from '../helpers/world';
import { describeCertificateJourney } from '../shared/certificate-journey';
import type { CourseRelease } from '../../worker/content/types';

// The real Workers entry on D1, with the fixture course's release bundled as in production
// and the issuer master key as a secret binding.
const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;
const fetcher: Fetcher = (req) => worker.fetch(req);
let shared: Promise<{ world: World; fetcher: Fetcher }> | undefined;

describeCertificateJourney('workerd, D1', async () => {
  shared ??= (async () => {
    expect((await fetcher(new Request('http://localhost/api/health'))).status).toBe(200);
    return { world: await seedWorld(dbFromD1((env as unknown as { DB: D1Database }).DB), fetcher, new Date()), fetcher };
  })();
  const ready = await shared;
  // Published by the worker itself on its first request, from the sealed releases among its assets.
  const row = await (env as unknown as { DB: D1Database }).DB.prepare("SELECT release FROM course_releases WHERE course_id = 'sample'").first<{ release: string }>();
  if (!row) throw new Error('the worker did not publish the fixture release');
  return { ...ready, release: JSON.parse(row.release) as CourseRelease };
});
