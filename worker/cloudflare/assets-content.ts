import type { ContentSource } from '../content/store';

/** Course content from Workers Static Assets. Unknown paths get the app shell, so insist on JSON. */
export function assetsContentSource(assets: Fetcher): ContentSource {
  return {
    async read(path) {
      const res = await assets.fetch(new Request(`https://assets.invalid/content/${path}`));
      if (!res.ok || !res.headers.get('content-type')?.includes('json')) return null;
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}
