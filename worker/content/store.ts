import type { CourseIndex, IndexCourse } from './types';

/** Where compiled course content lives: the built files, read by path under `content/`. */
export interface ContentSource {
  read(path: string): Promise<Uint8Array | null>;
}

const decoder = new TextDecoder();

/**
 * The catalogue index, read once per app and kept: content changes only with a new
 * build, which comes with a restart (Node) or a new deployment (Workers).
 */
export function contentStore(source: ContentSource) {
  let index: Promise<CourseIndex | null> | undefined;
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
    read: (path: string) => source.read(path),
  };
}
export type ContentStore = ReturnType<typeof contentStore>;
