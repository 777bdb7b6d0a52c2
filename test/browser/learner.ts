import type { Page } from 'playwright-core';

// In-page code is passed as strings: this project's Node type-check has no DOM types.

/** Joins the demo cohort through the join screen and returns the new learner's id. */
export async function joinAsNewLearner(page: Page, joinCode: string, username: string, name = 'Offline Learner'): Promise<string> {
  await page.goto('/join');
  await page.getByLabel('Join code', { exact: true }).fill(joinCode);
  await page.getByLabel('Your name', { exact: true }).fill(name);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill('long enough pass');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.locator('#courses').waitFor();
  const id = await page.evaluate<string | null>(`JSON.parse(localStorage.getItem('cascade.me') ?? 'null')?.id ?? null`);
  if (!id) throw new Error('The app did not remember who signed in.');
  return id;
}

/** Waits until the service worker has installed the shell and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  })()`);
}

/** The ids waiting in the learner's own outbox database. */
export function outboxIds(page: Page, userId: string): Promise<string[]> {
  return page.evaluate<string[]>(`new Promise((resolve, reject) => {
    const open = indexedDB.open(${JSON.stringify(`cascade-user-${userId}`)});
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const keys = db.transaction('outbox').objectStore('outbox').getAllKeys();
      keys.onsuccess = () => { db.close(); resolve([...keys.result].sort()); };
      keys.onerror = () => reject(keys.error);
    };
  })`);
}
