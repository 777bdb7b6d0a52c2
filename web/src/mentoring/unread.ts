import { createSignal } from 'solid-js';

/**
 * The unread notification count in the header. It lives in the learner's shell, so it is a bare
 * `fetch` for the count alone (no typed client), asked once the first screen has loaded, when the link returns, and
 * when a mentoring screen changes it.
 */
const [unread, setUnread] = createSignal(0);
export { unread, setUnread };

export const refreshUnread = (): Promise<unknown> =>
  fetch('/api/notifications?unread=true&limit=0')
    .then((res) => (res.ok ? (res.json() as Promise<{ unread: number }>) : undefined))
    .then((body) => body && setUnread(body.unread))
    .catch(() => undefined); // Offline or failing: the last count stands.

addEventListener('online', () => void refreshUnread());
