import { createSignal } from 'solid-js';
import { api } from '../api';
import { me } from '../session';
import { openUserDb, recordEvent, type ProgressEvent, type UserDb } from './store';
import { createSync, SyncFailure, type BatchResult, type Sync } from './sync';

/**
 * How long an outbox request may take. A link that stalls (a phone changing towers) can leave a
 * request unanswered for many minutes, and each outbox sends one request at a time: without a
 * limit, everything recorded after it would wait behind it until the app is reloaded.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Runs `send` with a signal that aborts after REQUEST_TIMEOUT_MS (a timer: older phones lack AbortSignal.timeout). */
export async function withTimeout<T>(send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await send(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends one batch with the session cookie; maps each way it can fail to a `SyncFailure`. */
export function postBatch(events: ProgressEvent[]): Promise<BatchResult> {
  return withTimeout(async (signal) => {
    let res;
    try {
      res = await api.progress.events.$post({ json: { events } }, { init: { signal } });
    } catch {
      throw new SyncFailure('offline');
    }
    if (res.status === 200) return (await res.json()) as BatchResult;
    throw new SyncFailure(res.status === 401 ? 'signed-out' : 'server');
  });
}

/**
 * crypto.randomUUID exists only in secure contexts; an academy box served over plain
 * http on a LAN is not one, and getRandomValues works everywhere.
 */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface Session {
  userId: string;
  db: UserDb;
  sync: Sync;
}

/** The signed-in person's outbox, or null; a signal so the header follows a switch of user. */
const [session, setSession] = createSignal<Session | null>(null);
let opening: Promise<Session | null> = Promise.resolve(null);


/**
 * Opens the person's own database and starts syncing it (the "on app start" sync); closes
 * the previous person's. Nothing is deleted: their unsynced work waits for their next sign-in.
 */
export function useOutbox(userId: string | null): Promise<Session | null> {
  // Chained, so a quick sign-out and sign-in settle in order.
  opening = opening
    .catch(() => null)
    .then(async () => {
      const previous = session();
      if (previous?.userId === userId) return previous;
      previous?.sync.stop();
      previous?.db.close();
      setSession(null);
      setPostsWaiting(0);
      if (!userId) return null;
      const db = await openUserDb(userId);
      const sync = createSync({ db, post: postBatch });
      const next = { userId, db, sync };
      setSession(next);
      await sync.refresh();
      void sync.run();
      void resumePosts(userId);
      return next;
    });
  return opening;
}

/** The signed-in person's outbox, opening it if a screen asks before start-up has. */
async function current(): Promise<Session> {
  const person = me();
  const s = session();
  if (person && s?.userId === person.id) return s;
  const opened = person ? await useOutbox(person.id) : null;
  if (!opened) throw new Error('No one is signed in.');
  return opened;
}

export async function userDb(): Promise<UserDb> {
  return (await current()).db;
}

export type NewEvent = Omit<ProgressEvent, 'id' | 'at'>;

/**
 * Writes the event (and its effect on local progress) to IndexedDB before anything is
 * shown, so a reload, a crash or a closed tab loses nothing; then tries to send it.
 */
export async function record(partial: NewEvent): Promise<ProgressEvent> {
  const s = await current();
  const event: ProgressEvent = { ...partial, id: newId(), at: new Date().toISOString() };
  await recordEvent(s.db, event);
  await s.sync.changed();
  if (navigator.onLine) void s.sync.run();
  return event;
}

/** Community posts written on this phone and not yet sent (./posts.ts keeps the count). */
const [postsWaiting, setPostsWaiting] = createSignal(0);
export { setPostsWaiting };

/**
 * Sends the person's waiting community posts, loading that outbox only when the count left in
 * localStorage by ./posts.ts says some wait: learners who never post never fetch its code.
 */
async function resumePosts(userId: string): Promise<unknown> {
  let waiting = 0;
  try {
    waiting = Number(localStorage.getItem(`cascade.posts-waiting.${userId}`)) || 0;
  } catch {
    // Storage disabled: the community screens send their posts themselves.
  }
  setPostsWaiting(waiting);
  return waiting && navigator.onLine && import('./posts').then((m) => m.watchPosts(userId), () => undefined);
}

/** How many events and posts wait, and what the sync is doing, for the header and the sign-out warning. */
export const pendingCount = () => (session()?.sync.pending() ?? 0) + postsWaiting();
export const syncState = () => session()?.sync.state() ?? 'idle';
export const rejectedCount = () => session()?.sync.rejectedCount() ?? 0;

/** Syncs now and resolves with what is still waiting. */
export async function syncNow(): Promise<number> {
  const s = session();
  if (!s) return 0;
  s.sync.resetBackoff();
  await Promise.all([s.sync.run(), resumePosts(s.userId)]);
  return pendingCount();
}

const [online, setOnline] = createSignal(navigator.onLine);
export { online };

/** Wires the browser's connectivity events once, at start-up. */
export function watchConnection(): void {
  addEventListener('online', () => {
    setOnline(true);
    void syncNow();
  });
  addEventListener('offline', () => setOnline(false));
  // A phone woken from sleep may have missed the `online` event.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) void session()?.sync.run();
  });
}
