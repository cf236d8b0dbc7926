/* sw.js: the service worker that keeps the app shell for offline use.
 *
 * Registered by offline.js from the page's own directory, so its scope is that
 * directory (a site under /<repo>/ gets /<repo>/ and nothing above it).
 *
 * The build (tools/bundle.mjs stamp) writes into the copied file the list of
 * the shell's files (relative to this script) and VERSION, a hash of their
 * contents: any change to any file makes a different sw.js, which the browser
 * sees on its next update check and installs as a new version.
 *
 *   install   downloads the whole shell into the cache `lodestar-<VERSION>`
 *             (bypassing the HTTP cache) and activates at once (skipWaiting);
 *             the open page keeps what it already loaded (every module, the
 *             worker and the wasm are loaded at start) and is never reloaded
 *   activate  drops the caches of the other versions, takes the open pages
 *   fetch     GET of a shell file of this origin: from the cache, else the
 *             network; everything else (other files, POST, the LLM endpoints
 *             and any other origin) is left to the browser untouched
 *
 * So a new version downloads in the background while the page runs, and the
 * next load is the new one: "updates apply on the next load". */

const VERSION = 'dev'; // stamped by the build
const SHELL = []; // stamped by the build: ['index.html', 'app.js', 'engine/lodestar.wasm', …]

const PREFIX = 'lodestar-';
const CACHE = PREFIX + VERSION;
const BASE = new URL('./', self.location.href);
const KEYS = new Set(SHELL.map((p) => new URL(p, BASE).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL.map((p) => new Request(new URL(p, BASE).href, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const key = shellKey(event.request);
  if (!key) return;
  event.respondWith((async () => {
    const hit = await caches.match(key, { cacheName: CACHE });
    return hit || fetch(event.request);
  })());
});

/* The cache key of a request for a shell file, or null: same origin, GET, its
 * path one of SHELL (a directory means its index.html); query and fragment
 * do not matter (the shell's files are static). */
function shellKey(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== BASE.origin) return null;
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  return KEYS.has(url.href) ? url.href : null;
}
