/**
 * Bundles the Workers entry for `wrangler deploy` and `wrangler dev`. We bundle it
 * ourselves for one reason: zod ships every language's error messages (about 60 KB
 * gzip) and the worker only ever uses English, which esbuild cannot drop on its own
 * because zod re-exports them all as one namespace. It also seals the course releases
 * among the static assets (scripts/seal-releases.ts) rather than bundling them, and puts the
 * /verify page's and the cartridge export's strings there too (worker/lib/catalogues.ts).
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sealReleases } from './seal-releases.ts';
import { WORKERD_BUNDLE, WORKER_TARGETS, base64OnBuiltins, libsqlHttpOnly, workerSize, zodTrimmed } from './worker-size.ts';
import { commonPasswordsOnly } from './common-passwords-plugin.ts';
import { catalogueWriter, cataloguesFromAssets } from './catalogues-plugin.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

// The releases go sealed among the static assets (web/dist), and only their key into the bundle.
const sealedJson = `${root}dist/worker/sealed-releases.json`;
mkdirSync(`${root}dist/worker`, { recursive: true });
writeFileSync(sealedJson, JSON.stringify(sealReleases(readFileSync(`${root}dist/content-server/releases.json`), `${root}web/dist`)));
catalogueWriter(`${root}web/dist`);

// Split: each route group (worker/route-groups.ts) is a module of its own, fetched and compiled
// when its first request needs it, so an isolate starts by parsing the entry alone.
// One bundle a database, each with only its own client: D1 (dist/worker, what wrangler.toml deploys)
// and Turso (dist/worker-turso, `wrangler deploy --env turso`). The libSQL client is 18 KB gzip.
for (const target of WORKER_TARGETS) {
  const outdir = `${root}${target.dir}`;
  rmSync(`${outdir}/chunks`, { recursive: true, force: true });
  await build({
    entryPoints: { index: `${root}${target.entry}` },
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    ...WORKERD_BUNDLE,
    external: ['cloudflare:*', 'node:*'],
    alias: { 'cascade:releases': sealedJson },
    plugins: [...zodTrimmed, commonPasswordsOnly, libsqlHttpOnly, base64OnBuiltins, cataloguesFromAssets],
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log(`${target.name}: ${workerSize(outdir).summary}`);
}
