import type { CourseIndex, IndexCourse } from './types';

/** Where compiled course content lives: the built files, read by path under `content/`. */
export interface ContentSource {
  read(path: string): Promise<Uint8Array | null>;
}

const decoder = new TextDecoder();

/** Recently read content files kept in memory, up to this many bytes: a lesson file never changes under its hashed name. */
const CACHE_BYTES = 8 * 1024 * 1024;

/**
 * The catalogue index, read once per app and kept: content changes only with a new
 * build, which comes with a restart (Node) or a new deployment (Workers).
 */
export function contentStore(source: ContentSource) {
  let index: Promise<CourseIndex | null> | undefined;
  // Least recently used first (a Map keeps insertion order; a hit moves to the end).
  const files = new Map<string, Uint8Array>();
  let cached = 0;
  const read = async (path: string) => {
    const hit = files.get(path);
    if (hit) {
      files.delete(path);
      files.set(path, hit);
      return hit;
    }
    const bytes = await source.read(path);
    // index.json is not content-addressed (and is kept parsed above); misses are not remembered.
    if (!bytes || path === 'index.json' || bytes.byteLength > CACHE_BYTES / 8) return bytes;
    files.set(path, bytes);
    cached += bytes.byteLength;
    for (const [oldest, old] of files) {
      if (cached <= CACHE_BYTES) break;
      files.delete(oldest);
      cached -= old.byteLength;
    }
    return bytes;
  };
  const load = async () => {
    const bytes = await source.read('index.json');
    if (!bytes) return null;
    const parsed = JSON.parse(decoder.decode(bytes)) as CourseIndex;
    return parsed.format === 1 ? parsed : null;
  };
  return {
    async index(): Promise<CourseIndex | null> {
      index ??= load().catch(() => null);
      const result = await index;
      // Do not remember a miss: the content may be built while the server runs.
      if (!result) index = undefined;
      return result;
    },
    async course(id: string): Promise<IndexCourse | undefined> {
      return (await this.index())?.courses.find((c) => c.id === id);
    },
    read,
  };
}
export type ContentStore = ReturnType<typeof contentStore>;
