/**
 * Cache Storage names, shared by the page and the service worker (web/build/service-worker.ts
 * writes them into sw.js, which must not import a chunk of the app).
 */

/** Where "Download this course" keeps the course's files; the service worker serves from it. */
export const CONTENT_CACHE = 'cascade-content-v1';
/** Course descriptions and the catalogue kept for reading offline. */
export const API_CACHE = 'cascade-api-v1';
/** The app shell of one build; the service worker names it after the build. */
export const SHELL_CACHE_PREFIX = 'cascade-shell-';
