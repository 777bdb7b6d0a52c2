import { createSignal } from 'solid-js';
import { API_CACHE, CONTENT_CACHE, courseUrl, type CourseDetail } from '../content';

export interface DownloadProgress {
  done: number;
  total: number;
}

/** True when every file of the course's offline pack is already in the cache. */
export async function isDownloaded(course: CourseDetail): Promise<boolean> {
  if (!('caches' in self)) return false;
  const cache = await caches.open(CONTENT_CACHE);
  const hits = await Promise.all(course.pack.files.map((f) => cache.match(f.url)));
  return hits.every(Boolean);
}

/** Reads a response to the end, reporting each chunk's size as it arrives. */
async function readAll(res: Response, onBytes: (n: number) => void): Promise<void> {
  const reader = res.body?.getReader();
  if (!reader) return;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onBytes(value.byteLength);
  }
}

/**
 * Puts every file of the course's offline pack into the content cache, one after the
 * other (a 2G link gains nothing from parallel requests), with progress in bytes.
 * Files already cached are skipped, so a cancelled or broken download resumes.
 * Progress counts decoded bytes against `pack.bytes`; the link carries fewer (gzip).
 */
export async function downloadCourse(course: CourseDetail, onProgress: (p: DownloadProgress) => void, signal: AbortSignal): Promise<void> {
  const cache = await caches.open(CONTENT_CACHE);
  const total = course.pack.bytes;
  let done = 0;
  onProgress({ done, total });
  // Ask the browser not to evict the course under storage pressure; it may say no.
  void navigator.storage?.persist?.().catch(() => false);
  for (const file of course.pack.files) {
    signal.throwIfAborted();
    if (await cache.match(file.url)) {
      done += file.bytes;
      onProgress({ done, total });
      continue;
    }
    const res = await fetch(file.url, { signal });
    if (!res.ok) throw new Error(`${file.url}: ${res.status}`);
    // The cache reads one copy while we count the other, so nothing is buffered twice.
    const stored = cache.put(file.url, res.clone());
    await readAll(res, (n) => {
      done += n;
      onProgress({ done: Math.min(done, total), total });
    });
    await stored;
  }
  // The course description too, so the overview and the reader open with no network.
  const url = courseUrl(course.id, course.locale);
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (res.ok) await (await caches.open(API_CACHE)).put(url, res);
  onProgress({ done: total, total });
}

export type DownloadState = 'checking' | 'idle' | 'downloading' | 'done' | 'cancelled' | 'failed';

/**
 * One course's download, kept per course for the page's lifetime, so it goes on while the
 * learner starts reading and shows its progress again when they come back to the course.
 */
function createDownload(courseId: string) {
  const [state, setState] = createSignal<DownloadState>('checking');
  const [progress, setProgress] = createSignal<DownloadProgress>({ done: 0, total: 0 });
  let controller: AbortController | null = null;
  return {
    courseId,
    state,
    progress,
    async check(course: CourseDetail): Promise<void> {
      if (state() === 'downloading') return;
      setState((await isDownloaded(course)) ? 'done' : 'idle');
    },
    async start(course: CourseDetail): Promise<void> {
      if (state() === 'downloading') return;
      controller = new AbortController();
      setState('downloading');
      try {
        await downloadCourse(course, setProgress, controller.signal);
        setState('done');
      } catch {
        setState(controller.signal.aborted ? 'cancelled' : 'failed');
      } finally {
        controller = null;
      }
    },
    cancel(): void {
      controller?.abort();
    },
  };
}

const downloads = new Map<string, ReturnType<typeof createDownload>>();

export function courseDownload(courseId: string) {
  let d = downloads.get(courseId);
  if (!d) downloads.set(courseId, (d = createDownload(courseId)));
  return d;
}
