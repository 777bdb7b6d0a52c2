/**
 * worker/lib/catalogues.ts as the Workers build has it (scripts/build-worker.ts swaps it in): each
 * catalogue is read once per isolate from Static Assets, where the build wrote it, as
 * /_strings/<name>.json.
 */
import type { CatalogueName, Catalogues, catalogue as inMemory } from '../lib/catalogues';

/** Where the build writes each catalogue, under the static assets' root. */
export const cataloguePath = (name: CatalogueName) => `/_strings/${name}.json`;

const loaded = new WeakMap<Fetcher, Map<CatalogueName, Promise<unknown>>>();

async function read(assets: Fetcher, name: CatalogueName) {
  const res = await assets.fetch(new Request(`https://assets.invalid${cataloguePath(name)}`));
  // An unknown path gets the app shell (single-page-application), so insist on JSON.
  if (!res.ok || !res.headers.get('content-type')?.includes('json')) {
    throw new Error(`${cataloguePath(name)} is not among the static assets: build the worker with npm run build:worker.`);
  }
  return res.json();
}

export const catalogue: typeof inMemory = async (name, bindings) => {
  const assets = (bindings as { ASSETS?: Fetcher } | undefined)?.ASSETS;
  if (!assets) throw new Error(`Bind the static assets as ASSETS (wrangler.toml [assets]): the ${name} strings are there.`);
  let isolate = loaded.get(assets);
  if (!isolate) loaded.set(assets, (isolate = new Map()));
  let made = isolate.get(name);
  if (!made) {
    made = read(assets, name).catch((err: unknown) => {
      isolate.delete(name);
      throw err;
    });
    isolate.set(name, made);
  }
  return made as Promise<Catalogues[typeof name]>;
};
