/**
 * Bundles the Workers entry for `wrangler deploy` and `wrangler dev`. We bundle it
 * ourselves for one reason: zod ships every language's error messages (about 60 KB
 * gzip) and the worker only ever uses English, which esbuild cannot drop on its own
 * because zod re-exports them all as one namespace. It also seals the course releases
 * among the static assets (scripts/seal-releases.ts) rather than bundling them.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sealReleases } from './seal-releases.ts';
import { workerSize } from './worker-size.ts';
import { commonPasswordsOnly } from './common-passwords-plugin.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

const englishOnlyZod: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: 'zod-locales', namespace: 'cascade' } : undefined,
    );
    b.onLoad({ filter: /^zod-locales$/, namespace: 'cascade' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * zod's `fromJSONSchema` (12 KB) reaches the bundle through the `z` namespace that every schema
 * file uses, though nothing here turns JSON Schema into zod: it is replaced by a stub that says so.
 */
const noFromJsonSchema: Plugin = {
  name: 'zod-no-from-json-schema',
  setup(b) {
    b.onResolve({ filter: /\/from-json-schema\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: 'zod-from-json-schema', namespace: 'cascade' } : undefined,
    );
    b.onLoad({ filter: /^zod-from-json-schema$/, namespace: 'cascade' }, () => ({
      contents: "export function fromJSONSchema() { throw new Error('fromJSONSchema is not in the Cascade worker bundle'); }",
      loader: 'js',
    }));
  },
};

// The releases go sealed among the static assets (web/dist), and only their key into the bundle.
const sealedJson = `${root}dist/worker/sealed-releases.json`;
mkdirSync(`${root}dist/worker`, { recursive: true });
writeFileSync(sealedJson, JSON.stringify(sealReleases(readFileSync(`${root}dist/content-server/releases.json`), `${root}web/dist`)));

// Split: each route group (worker/route-groups.ts) is a module of its own, fetched and compiled
// when its first request needs it, so an isolate starts by parsing the entry alone.
rmSync(`${root}dist/worker/chunks`, { recursive: true, force: true });
await build({
  entryPoints: { index: `${root}worker/index.ts` },
  outdir: `${root}dist/worker`,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  external: ['cloudflare:*', 'node:*'],
  alias: { 'cascade:releases': sealedJson },
  plugins: [englishOnlyZod, noFromJsonSchema, commonPasswordsOnly],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(workerSize(`${root}dist/worker`).summary);

