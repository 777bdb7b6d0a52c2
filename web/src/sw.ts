/// <reference lib="webworker" />
/**
 * The service worker: the app shell from its own precache, course files cache-first (their
 * names carry their hash, so a cached copy is never stale), and the catalogue and course
 * descriptions network-first with a cached copy for offline reading. Nothing else under
 * /api/ is touched: progress and sessions always go to the server.
 */
import type * as CacheNames from './offline/cache-names';

declare const self: ServiceWorkerGlobalScope;

interface Build {
  version: string;
  files: string[];
  /** From offline/cache-names.ts; passed in, not imported, since a service worker cannot import app chunks. */
  caches: typeof CacheNames;
}

/** Filled in at build time by web/build/service-worker.ts: the shell's files and their hash. */
const BUILD = '__CASCADE_BUILD__' as unknown as Build;
const { API_CACHE, CONTENT_CACHE, SHELL_CACHE_PREFIX } = BUILD.caches;
const SHELL = `${SHELL_CACHE_PREFIX}${BUILD.version}`;
const PRECACHED = new Set(BUILD.files);
const HASHED_CONTENT = /^\/content\/.+\.[0-9a-f]{12}\.\w+$/;
const READ_OFFLINE = /^\/api\/(catalogue|courses\/[^/]+)$/;
/** On a 2G link a fresh copy may take long; after this, a cached copy is shown instead. */
const NETWORK_PATIENCE_MS = 4_000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      await (await caches.open(SHELL)).addAll(BUILD.files);
      // Take over at once: the shell's files are hashed, so old and new never mix in one page.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Keep the previous build's shell too: a page opened before this update still
      // lazy-loads its own chunks, which the server may no longer have. Keys come in creation order.
      const older = (await caches.keys()).filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL);
      for (const name of older.slice(0, -1)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  // Any cache: a hashed file is the same wherever it was stored (this build's shell or the last).
  const hit = await caches.match(request, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && res.type === 'basic') await cache.put(request, res.clone());
  return res;
}

/** The fresh copy when it comes in time; else the cached one, while the fresh one still updates the cache. */
async function networkFirst(event: FetchEvent, cacheName: string): Promise<Response> {
  const { request } = event;
  const cache = await caches.open(cacheName);
  const fresh = fetch(request).then(async (res) => {
    if (res.ok) await cache.put(request, res.clone());
    return res;
  });
  // Keep the worker alive until the fresh copy is stored, even if the cached one answered.
  event.waitUntil(fresh.catch(() => undefined));
  const late = new Promise<Response | undefined>((resolve) =>
    setTimeout(() => void cache.match(request).then(resolve), NETWORK_PATIENCE_MS),
  );
  try {
    const first = await Promise.race([fresh, late]);
    return first ?? (await fresh);
  } catch {
    return (await cache.match(request)) ?? Response.error();
  }
}

/** Every screen is the same shell; with no network it still opens. */
async function shell(request: Request): Promise<Response> {
  const hit = await caches.match('/', { cacheName: SHELL });
  return hit ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (request.mode === 'navigate') {
    // Files, the API and the server-rendered /verify page are not screens of the app.
    const server = path.startsWith('/api/') || path.startsWith('/content/') || path === '/verify' || path.startsWith('/.well-known/');
    if (!server && !/\.\w+$/.test(path)) event.respondWith(shell(request));
    return;
  }
  if (path.startsWith('/assets/') || PRECACHED.has(path)) event.respondWith(cacheFirst(request, SHELL));
  else if (HASHED_CONTENT.test(path)) event.respondWith(cacheFirst(request, CONTENT_CACHE));
  else if (READ_OFFLINE.test(path)) event.respondWith(networkFirst(event, API_CACHE));
});
