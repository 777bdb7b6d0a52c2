import { createSignal } from 'solid-js';

/**
 * The unread notification count in the header. It lives in the learner's shell, so it is a bare
 * `fetch` for the count alone (no typed client), asked once the first screen has loaded, when the link returns, and
 * when a mentoring screen changes it.
 */
const [unread, setUnread] = createSignal(0);
export { unread, setUnread };

export async function refreshUnread(): Promise<void> {
  // Offline (or failing), the last count stands: no request is made only to fail.
  if (!navigator.onLine) return;
  try {
    const res = await fetch('/api/notifications?unread=true&limit=0');
    if (res.ok) setUnread(((await res.json()) as { unread: number }).unread);
  } catch {
    // The link dropped on the way: try again when it is back.
  }
}

addEventListener('online', () => void refreshUnread());
