import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BuildOptions, Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The worker's modules, as wrangler.toml's rules upload them: the entry, then every chunk. */
export function workerModules(dir: string): string[] {
  return ['index.js', ...readdirSync(`${dir}/chunks`).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`)];
}

/** The entry module and all modules together, minified and gzipped each (as uploaded). */
export function workerSize(dir: string) {
  const files = workerModules(dir);
  const sizes = files.map((f) => {
    const bytes = readFileSync(`${dir}/${f}`);
    return { file: f, kb: bytes.length / 1024, gzipKB: gzipSync(bytes).length / 1024 };
  });
  const entry = sizes[0]!;
  const total = { kb: sizes.reduce((n, s) => n + s.kb, 0), gzipKB: sizes.reduce((n, s) => n + s.gzipKB, 0) };
  // What the same code gzips to as one file: the figure the single-file bundle used to give.
  const asOneKB = gzipSync(Buffer.concat(files.map((f) => readFileSync(`${dir}/${f}`)))).length / 1024;
  const summary = `worker: ${files.length} modules, ${total.kb.toFixed(0)} KB, ${total.gzipKB.toFixed(1)} KB gzip module by module (${asOneKB.toFixed(1)} KB as one file); the entry (parsed at start-up) ${entry.kb.toFixed(0)} KB, ${entry.gzipKB.toFixed(1)} KB gzip`;
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

/** zod as the worker bundles it: English messages only, no fromJSONSchema. */
export const zodTrimmed: Plugin[] = [englishOnlyZod, noFromJsonSchema];

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
