import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { ContentSource } from './store';

/** Reads built content from a folder (web/dist/content for the Node entry). */
export function folderContentSource(dir: string): ContentSource {
  return {
    async read(path) {
      const clean = normalize(path);
      if (clean.startsWith('..') || clean.startsWith('/')) return null;
      try {
        return new Uint8Array(await readFile(join(dir, clean)));
      } catch {
        return null;
      }
    },
  };
}
