/// <reference lib="webworker" />
/**
 * The verify page's own service worker, scoped to /verify: once a verifier has opened the page
 * with a connection, it opens again with none, so a printed QR code can be checked at a border
 * post or in a courtroom with no signal. Pages try the network first (a fresh page carries the
 * latest strings), falling back to the copy kept here; the script and stylesheet are kept too.
 * The keys and status lists are cached by the page's script, not here.
 */
export {};

declare const self: ServiceWorkerGlobalScope;

interface Build {
  version: string;
  files: string[];
}

/** Filled in at build time by web/build/service-worker.ts. */
const BUILD = '__VERIFY_BUILD__' as unknown as Build;
const CACHE = `cascade-verify-shell-${BUILD.version}`;
const PAGE = '/verify';
/** On a 2G link a fresh page may take long; after this, the kept copy is shown. */
const NETWORK_PATIENCE_MS = 4_000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      await (await caches.open(CACHE)).addAll(BUILD.files);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('cascade-verify-shell-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function page(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (res) => {
    // Keep the plain page (no verdict in it) as the offline copy, whatever its query asked.
    if (res.ok && new URL(request.url).search === '') await cache.put(PAGE, res.clone());
    return res;
  });
  const patience = new Promise<undefined>((resolve) => setTimeout(resolve, NETWORK_PATIENCE_MS, undefined));
  const first = await Promise.race([network.catch(() => undefined), patience]);
  if (first) return first;
  return (await cache.match(PAGE)) ?? network;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === PAGE) {
    event.respondWith(page(request));
  } else if (BUILD.files.includes(url.pathname) && url.pathname !== PAGE) {
    // The script and stylesheet: the network when it answers, the kept copy when it does not.
    event.respondWith(fetch(request).catch(async () => (await caches.match(url.pathname)) ?? Response.error()));
  }
});
