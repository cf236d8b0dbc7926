/* offline.js: registers the service worker (sw.js) that keeps the app shell,
 * so a page visited once opens again without network. Imported by app.js for
 * its effect; does nothing where it cannot work or is not wanted:
 *   - pages not served over http(s) (file://, the single-file build opened
 *     from disk),
 *   - the single-file build wherever it is served (everything is inline, and
 *     its CSP allows no service worker),
 *   - browsers without service workers (or where they are turned off).
 * Registration waits for the page's load event so it never competes with the
 * start; a failure is a warning, never an error: the app works without it.
 * sw.js explains the caching and why updates apply on the next load. */

export const SW_URL = 'sw.js';

export function offlineSupported(win = globalThis) {
  const loc = win.location;
  if (!loc || (loc.protocol !== 'http:' && loc.protocol !== 'https:')) return false;
  if (!win.navigator || !('serviceWorker' in win.navigator)) return false;
  return !win.document?.getElementById('lodestar-wasm'); // the single-file build
}

export function registerOffline(win = globalThis) {
  if (!offlineSupported(win)) return Promise.resolve(null);
  // relative to the page, so the scope is the page's directory (any sub-path)
  return win.navigator.serviceWorker.register(SW_URL).catch((err) => {
    console.warn(`offline use unavailable: ${err && err.message ? err.message : err}`);
    return null;
  });
}

if (typeof window !== 'undefined' && offlineSupported(window)) {
  if (document.readyState === 'complete') registerOffline(window);
  else window.addEventListener('load', () => registerOffline(window), { once: true });
}
