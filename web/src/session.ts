import { createSignal } from 'solid-js';
import { api, ApiError, send, type Me } from './api';

/** `undefined` while we ask the server, `null` when signed out. */
const [me, setMeSignal] = createSignal<Me | null | undefined>(undefined);
export { me };

/**
 * The last person the server confirmed, so the app opens offline (on a bus, in the field)
 * as the person who was signed in. Only a confirmed sign-out or a 401 forgets it.
 */
const REMEMBERED = 'cascade.me';

function remember(person: Me | null): void {
  try {
    if (person) localStorage.setItem(REMEMBERED, JSON.stringify(person));
    else localStorage.removeItem(REMEMBERED);
  } catch {
    // Storage disabled: the app still works online.
  }
}

function remembered(): Me | null {
  try {
    const text = localStorage.getItem(REMEMBERED);
    return text ? (JSON.parse(text) as Me) : null;
  } catch {
    return null;
  }
}

export function setMe(person: Me | null): void {
  remember(person);
  setMeSignal(person);
}

/** Asks the server who is signed in; with no connection, trusts the last answer it gave. */
export async function loadMe(): Promise<void> {
  try {
    setMe(await send(api.me.$get()));
  } catch (err) {
    // Only the server saying "not signed in" forgets the person; a dropped link or a
    // failing proxy must not lock a learner out of their downloaded courses.
    if (err instanceof ApiError && err.code === 'unauthenticated') setMe(null);
    else setMeSignal(remembered());
  }
}

export async function signOut(): Promise<void> {
  await send(api.auth.logout.$post());
  setMe(null);
}
