import { createSignal } from 'solid-js';
import { dropPost, queuedPosts, queuePost, type QueuedPost } from './community';
import { newId, setPostsWaiting, withTimeout } from './outbox';
import { singleFlight } from './single-flight';

/**
 * The community posts' outbox: a post is written to IndexedDB first, then sent; it leaves the
 * outbox only when the server has it (201, or 200 for an id it already had), so a post written
 * offline, or sent twice because an answer was lost, is stored once: the server keys it by
 * `clientId`. Sent on write, on `online`, when the app opens with posts waiting, and with "sync now".
 */

/** localStorage, not IndexedDB: the shell reads this at start-up without opening the community database. */
export const waitingKey = (userId: string) => `cascade.posts-waiting.${userId}`;

const [queued, setQueued] = createSignal<readonly QueuedPost[]>([]);
/** This person's posts not yet on the server (refused ones included, marked), oldest first. */
export { queued };

async function refresh(userId: string): Promise<void> {
  const all = await queuedPosts(userId);
  setQueued(all);
  const waiting = all.filter((p) => !p.refused).length;
  setPostsWaiting(waiting);
  try {
    if (waiting) localStorage.setItem(waitingKey(userId), String(waiting));
    else localStorage.removeItem(waitingKey(userId));
  } catch {
    // Storage disabled: posts still go when a community screen is open.
  }
}

const PERMANENT = new Set([400, 403, 404, 409, 413, 422]);

/** Sends one post; true when the server has it, false to try later; a refusal for good is recorded. */
async function sendOne(userId: string, post: QueuedPost): Promise<boolean> {
  const { spaceId, at: _at, refused: _r, ...body } = post;
  let res: Response;
  try {
    res = await withTimeout((signal) =>
      fetch(`/api/spaces/${encodeURIComponent(spaceId)}/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
        signal,
      }),
    );
  } catch {
    return false;
  }
  if (res.ok) {
    await dropPost(userId, post.clientId);
    return true;
  }
  if (PERMANENT.has(res.status)) {
    const error = ((await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } }).error;
    await queuePost(userId, { ...post, refused: { code: error?.code ?? `http_${res.status}`, message: error?.message ?? '' } });
  }
  return false;
}

let retry: ReturnType<typeof setTimeout> | undefined;

/** Sends what waits, oldest first, one at a time; stops at the first that cannot go now. */
async function sendWaiting(userId: string): Promise<void> {
  await refresh(userId);
  for (const post of queued()) {
    if (post.refused) continue;
    if (!navigator.onLine || !(await sendOne(userId, post))) break;
  }
}

/** After a flush: the count as it now is, and, if the server failed for now (not the link: `online` covers that), another try in a while. */
async function settle(userId: string): Promise<void> {
  await refresh(userId).catch(() => undefined);
  clearTimeout(retry);
  if (navigator.onLine && queued().some((p) => !p.refused)) retry = setTimeout(() => void flushPosts(userId), 30_000);
}

let flusher: { userId: string; flush: () => Promise<void> } | null = null;

/** Sends this person's waiting posts. Never runs twice at once. */
export function flushPosts(userId: string): Promise<void> {
  if (flusher?.userId !== userId) flusher = { userId, flush: singleFlight(() => sendWaiting(userId), undefined, () => settle(userId)) };
  return flusher.flush();
}

let watching: string | null = null;

/** Loads this person's waiting posts and sends them whenever the link comes back. */
export async function watchPosts(userId: string): Promise<void> {
  if (watching !== userId) {
    if (watching === null) addEventListener('online', () => watching && void flushPosts(watching));
    watching = userId;
  }
  await flushPosts(userId);
}

export type NewPost = Omit<QueuedPost, 'clientId' | 'at' | 'refused'>;

/** Keeps the post on this phone, then tries to send it; resolves with it once it is safely stored. */
export async function writePost(userId: string, post: NewPost): Promise<QueuedPost> {
  const queuedPost: QueuedPost = { ...post, clientId: newId(), at: new Date().toISOString() };
  await queuePost(userId, queuedPost);
  await refresh(userId);
  void flushPosts(userId);
  return queuedPost;
}

/** Forgets a refused post (its author has copied what they needed). */
export async function discardPost(userId: string, clientId: string): Promise<void> {
  await dropPost(userId, clientId);
  await refresh(userId);
}
