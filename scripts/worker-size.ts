import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BuildOptions, Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The deployable Workers bundles: one a database, each with its entry and its output (wrangler.toml). */
export const WORKER_TARGETS = [
  { name: 'D1', entry: 'worker/index.ts', dir: 'dist/worker' },
  { name: 'Turso', entry: 'worker/turso.ts', dir: 'dist/worker-turso' },
] as const;

/** The worker's modules, as wrangler.toml's rules upload them: the entry, then every chunk. */
export function workerModules(dir: string): string[] {
  return ['index.js', ...readdirSync(`${dir}/chunks`).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`)];
}

/** The entry and every chunk it imports statically: what an isolate loads before its first reply. */
export function startupModules(dir: string): string[] {
  const seen = new Set(['index.js']);
  for (const file of seen) {
    const code = readFileSync(`${dir}/${file}`, 'utf8');
    // Static imports only (`import"./x.js"`, `from"./x.js"`), not `import("./x.js")`, which loads on demand.
    for (const [, path] of code.matchAll(/(?:\bimport|\bfrom)\s*"\.\/(?:chunks\/)?([^"]+\.js)"/g)) seen.add(`chunks/${path!.replace(/^chunks\//, '')}`);
  }
  return [...seen];
}

/** The entry (with what it imports at start-up) and all modules together, minified and gzipped each (as uploaded). */
export function workerSize(dir: string) {
  const files = workerModules(dir);
  const sizes = files.map((f) => {
    const bytes = readFileSync(`${dir}/${f}`);
    return { file: f, kb: bytes.length / 1024, gzipKB: gzipSync(bytes).length / 1024 };
  });
  const atStart = new Set(startupModules(dir));
  const loaded = sizes.filter((s) => atStart.has(s.file));
  const entry = { kb: loaded.reduce((n, s) => n + s.kb, 0), gzipKB: loaded.reduce((n, s) => n + s.gzipKB, 0), modules: loaded.length };
  const total = { kb: sizes.reduce((n, s) => n + s.kb, 0), gzipKB: sizes.reduce((n, s) => n + s.gzipKB, 0) };
  // What the same code gzips to as one file: the figure the single-file bundle used to give.
  const asOneKB = gzipSync(Buffer.concat(files.map((f) => readFileSync(`${dir}/${f}`)))).length / 1024;
  const summary = `worker: ${files.length} modules, ${total.kb.toFixed(0)} KB, ${total.gzipKB.toFixed(1)} KB gzip module by module (${asOneKB.toFixed(1)} KB as one file); the entry and what it imports at start-up (${entry.modules} modules) ${entry.kb.toFixed(0)} KB, ${entry.gzipKB.toFixed(1)} KB gzip`;
  return { entry, total, asOneKB, modules: files.length, summary };
}

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

/** Replaces the zod module whose path ends in `file` by what `contents` makes of its real path. */
function zodModule(name: string, file: string, contents: (real: string) => string): Plugin {
  const filter = new RegExp(`/${file.replace('.', '\\.')}$`);
  return {
    name: `zod-${name}`,
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.importer.includes('/node_modules/zod/') ? { path: `zod-${name}`, namespace: 'cascade', pluginData: join(args.resolveDir, args.path) } : undefined,
      );
      b.onLoad({ filter: new RegExp(`^zod-${name}$`), namespace: 'cascade' }, (args) => ({ contents: contents(args.pluginData as string), resolveDir: root, loader: 'js' }));
    },
  };
}

const UNAVAILABLE = "const unavailable = () => { throw new Error('zod JSON Schema output and z.compile are not in the Cascade worker bundle'); };";
/** Every name a zod module exports, each bound to `stub(name)`. */
const stubbed = (real: string, stub: (name: string) => string) =>
  [UNAVAILABLE, ...[...readFileSync(real, 'utf8').matchAll(/^export (?:const|function|class) (\w+)/gm)].map(([, n]) => `export const ${n} = ${stub(n!)};`)].join('\n');

/**
 * Two more parts of zod that only the `z` namespace brings in (each 3 to 7 KB gzip): `z.compile`,
 * and the JSON Schema output (`toJSONSchema`), which nothing here calls: @hono/zod-openapi
 * writes the OpenAPI document by its own means. Each schema still makes its `~standard.jsonSchema`
 * methods when asked, so those return a function that says what is missing. `aggregateChecks`
 * stays: zod's `.minLength`, `.format` and the like read it, and the OpenAPI document reads those.
 */
const noCompileNorJsonSchema: Plugin[] = [
  zodModule('compile', 'compile.js', (real) => stubbed(real, (n) => (n === 'INVALID' ? "Symbol.for('zod.compile.invalid')" : 'unavailable'))),
  zodModule('json-schema-processors', 'json-schema-processors.js', (real) =>
    [UNAVAILABLE, `export { aggregateChecks } from ${JSON.stringify(real)};`, ...stubbed(real, () => 'unavailable').split('\n').slice(1).filter((l) => !l.includes(' aggregateChecks '))].join('\n'),
  ),
  zodModule('to-json-schema', 'to-json-schema.js', (real) => `${stubbed(real, (n) => (n.startsWith('create') ? '() => unavailable' : 'unavailable'))}\nexport { processSchema as process };`),
  zodModule('json-schema-generator', 'json-schema-generator.js', () => `${UNAVAILABLE}\nexport class JSONSchemaGenerator { constructor() { unavailable(); } }`),
];

/** zod as the worker bundles it: English messages only, no fromJSONSchema, no JSON Schema output, no z.compile. */
export const zodTrimmed: Plugin[] = [englishOnlyZod, noFromJsonSchema, ...noCompileNorJsonSchema];

/**
 * drizzle's libSQL driver imports `@libsql/client`, which on workerd is the web client: HTTP and
 * WebSocket. The Turso build talks HTTP only (worker/cloudflare/turso-db.ts), so the driver gets
 * the HTTP client too and the WebSocket one (4 KB gzip) stays out. The D1 build has no libSQL.
 */
export const libsqlHttpOnly: Plugin = {
  name: 'libsql-http-only',
  setup(b) {
    b.onResolve({ filter: /^@libsql\/client$/ }, (args) => b.resolve('@libsql/client/http', { kind: args.kind, resolveDir: args.resolveDir }));
  },
};

/** js-base64, which libSQL's client imports, as two functions on the runtime's btoa and atob (worker/cloudflare/base64.ts). */
export const base64OnBuiltins: Plugin = {
  name: 'base64-on-builtins',
  setup(b) {
    b.onResolve({ filter: /^js-base64$/ }, () => ({ path: join(root, 'worker/cloudflare/base64.ts') }));
  },
};

/** How workerd code is bundled: the worker itself and the bench's floor worker alike. */
export const WORKERD_BUNDLE: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['browser', 'module', 'main'],
  minify: true,
};
