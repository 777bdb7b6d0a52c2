import { createSignal } from 'solid-js';
import { api, send, type Me } from './api';

/** `undefined` while we ask the server, `null` when signed out. */
const [me, setMe] = createSignal<Me | null | undefined>(undefined);
export { me, setMe };

/** Asks the server who is signed in; any failure counts as signed out. */
export async function loadMe(): Promise<void> {
  try {
    setMe(await send(api.me.$get()));
  } catch {
    setMe(null);
  }
}

export async function signOut(): Promise<void> {
  await send(api.auth.logout.$post());
  setMe(null);
}
