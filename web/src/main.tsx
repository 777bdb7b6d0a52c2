import { createEffect, createRoot } from 'solid-js';
import { render } from 'solid-js/web';
import { App } from './app';
import { initialLocale, switchLocale } from './i18n';
import { useOutbox, watchConnection } from './offline/outbox';
import { startRouter } from './router';
import { loadMe, me } from './session';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  startRouter();
  watchConnection();
  void switchLocale(initialLocale());
  void loadMe();
  // Each person's outbox opens (and starts syncing) when they are known, and closes when they leave.
  createRoot(() =>
    createEffect(() => {
      const person = me();
      if (person !== undefined) void useOutbox(person?.id ?? null);
    }),
  );
  root.textContent = ''; // The static "Loading" placeholder from index.html.
  render(() => <App />, root);
  // After the first screen, so installing the shell never competes with it on a slow link.
  // (Under `vite dev` there is no /sw.js: registering fails quietly.)
  if ('serviceWorker' in navigator) {
    addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
  }
}
