/**
 * The server's own strings (worker/lib/catalogues.ts: the /verify page's and the cartridge
 * export's, five languages each, 10 KB gzip) go among the Workers static assets rather than into
 * the bundle: written there from the same modules the Node entry uses, and read by the Workers
 * build's version of catalogues.ts (worker/cloudflare/catalogues.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { cataloguePath } from '../worker/cloudflare/catalogues.ts';
import { CATALOGUES, type CatalogueName } from '../worker/lib/catalogues.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Writes every catalogue under the static assets' directory (web/dist), where the worker reads it. */
export function catalogueWriter(assetsDir: string) {
  for (const name of Object.keys(CATALOGUES) as CatalogueName[]) {
    const file = join(assetsDir, cataloguePath(name));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(CATALOGUES[name]));
  }
}

/** worker/lib/catalogues.ts, wherever the worker imports it, becomes its Static Assets version. */
export const cataloguesFromAssets: Plugin = {
  name: 'catalogues-from-assets',
  setup(b) {
    b.onResolve({ filter: /\/lib\/catalogues(\.ts)?$/ }, (args) =>
      args.importer.startsWith(`${root}worker/`) ? { path: `${root}worker/cloudflare/catalogues.ts` } : undefined,
    );
  },
};
