import { createSignal } from 'solid-js';
import { savedPage, savePage } from '../offline/community';
import { me } from '../session';
import { ApiError } from '../api';
import { offline } from './client';

/** What a community screen shows: fresh from the server (`savedAt` null), or the copy saved on this phone. */
export interface Loaded<T> {
  value: T;
  savedAt: string | null;
}

/**
 * Loads a community page and keeps a copy in the person's own IndexedDB, so a space once read
 * online is readable offline; with no connection, the saved copy answers (or an `offline` error).
 */
export async function readThrough<T>(key: string, load: () => Promise<T>): Promise<Loaded<T>> {
  const userId = me()?.id;
  if (navigator.onLine) {
    try {
      const value = await load();
      if (userId) await savePage(userId, key, value).catch(() => undefined);
      return { value, savedAt: null };
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'offline')) throw err;
    }
  }
  const saved = userId ? await savedPage<T>(userId, key).catch(() => undefined) : undefined;
  if (saved) return saved;
  throw offline();
}

/** Updates the saved copy after a change made online (a new page of threads, a moderation). */
export function keep(key: string, value: unknown): void {
  const userId = me()?.id;
  if (userId) void savePage(userId, key, value).catch(() => undefined);
}

/** The browser's idea of the link, as a signal for the screens. */
const [connected, setConnected] = createSignal(navigator.onLine);
addEventListener('online', () => setConnected(true));
addEventListener('offline', () => setConnected(false));
export { connected };
