import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { buildCourses } from './scripts/courses/build';
import { loadCourses } from './scripts/courses/catalogue';
import { sealReleases } from './scripts/seal-releases';

// The fixture courses, built as Static Assets would hold them, so the worker reads
// course content through its ASSETS binding exactly as in production.
const assets = mkdtempSync(join(tmpdir(), 'cascade-assets-'));
const fixture = buildCourses(loadCourses('test/fixtures/courses').courses);
for (const [path, bytes] of fixture.public) {
  mkdirSync(dirname(join(assets, 'content', path)), { recursive: true });
  writeFileSync(join(assets, 'content', path), bytes);
}
// The private releases, sealed among the assets with the key in the bundle, as the build does.
const releases = join(mkdtempSync(join(tmpdir(), 'cascade-sealed-')), 'sealed-releases.json');
writeFileSync(releases, JSON.stringify(sealReleases(fixture.server.get('releases.json')!, assets)));

// The real Workers entry (worker/index.ts) inside workerd, with a local D1 bound as DB.
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './worker/index.ts',
      miniflare: {
        compatibilityDate: '2026-04-20',
        d1Databases: ['DB'],
        // A fresh master key per run, as `wrangler secret put ISSUER_MASTER_KEY` would give.
        bindings: { ISSUER_MASTER_KEY: randomBytes(32).toString('base64url') },
        assets: { directory: assets, binding: 'ASSETS' },
      },
    }),
  ],
  resolve: { alias: { 'cascade:releases': releases } },
  test: {
    name: 'workers',
    include: ['test/workers/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
