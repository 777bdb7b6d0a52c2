import { env, exports } from 'cloudflare:workers';
import releases from 'cascade:releases';
import { expect } from 'vitest';
import { dbFromD1 } from '../../db/client';
import type { Fetcher } from '../helpers/client';
import { seedWorld, type World } from '../helpers/world';
import { describeCertificateJourney } from '../shared/certificate-journey';

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
  const release = releases.find((r) => r.courseId === 'sample');
  if (!release) throw new Error('the fixture release is not bundled');
  return { ...(await shared), release };
});
