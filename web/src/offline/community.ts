import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A post written on this phone and not yet accepted by the server, exactly as POST /api/spaces/{id}/posts takes it. */
export interface QueuedPost {
  clientId: string;
  spaceId: string;
  threadId?: string;
  title?: string;
  body: string;
  format: 'plain' | 'markdown';
  /** When it was written, for sending oldest first. */
  at: string;
  /** Set when the server refused it for good: kept so its author can copy the text, never resent. */
  refused?: { code: string; message: string };
}

/** A community page as last loaded, for reading offline. */
export interface SavedPage {
  key: string;
  savedAt: string;
  value: unknown;
}

interface Schema extends DBSchema {
  posts: { key: string; value: QueuedPost; indexes: { at: string } };
  pages: { key: string; value: SavedPage };
}

export type CommunityDb = IDBPDatabase<Schema>;

/**
 * One database per person, apart from the progress outbox's (offline/store.ts), so the learner's
 * shell never opens or upgrades it: only the community screens (and a sync with posts waiting) do.
 */
export const communityDbName = (userId: string) => `cascade-community-${userId}`;

const open = new Map<string, Promise<CommunityDb>>();

export function communityDb(userId: string): Promise<CommunityDb> {
  let db = open.get(userId);
  if (!db) {
    db = openDB<Schema>(communityDbName(userId), 1, {
      upgrade(d) {
        d.createObjectStore('posts', { keyPath: 'clientId' }).createIndex('at', 'at');
        d.createObjectStore('pages', { keyPath: 'key' });
      },
      // A newer build wants to upgrade it: let go, and open it again on the next call.
      blocking() {
        void db?.then((d) => d.close());
        open.delete(userId);
      },
    });
    open.set(userId, db);
    db.catch(() => open.delete(userId));
  }
  return db;
}

export async function savePage(userId: string, key: string, value: unknown): Promise<void> {
  await (await communityDb(userId)).put('pages', { key, savedAt: new Date().toISOString(), value });
}

export async function savedPage<T>(userId: string, key: string): Promise<{ value: T; savedAt: string } | undefined> {
  const row = await (await communityDb(userId)).get('pages', key);
  return row ? { value: row.value as T, savedAt: row.savedAt } : undefined;
}

export async function queuePost(userId: string, post: QueuedPost): Promise<void> {
  await (await communityDb(userId)).put('posts', post);
}

export async function queuedPosts(userId: string): Promise<QueuedPost[]> {
  return (await communityDb(userId)).getAllFromIndex('posts', 'at');
}

export async function dropPost(userId: string, clientId: string): Promise<void> {
  await (await communityDb(userId)).delete('posts', clientId);
}
