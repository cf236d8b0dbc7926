// product-helpers.mjs: what the Users and Retention view tests share: a
// reference computed by a worker of the test's own on the demo workspace the
// page loads (seed 42, 10,000 users, 365 days, UTC), and the page opened on a
// product view of the demo.
import { newPage } from './helpers.mjs';

/* The demo's as-of day and the default range (90 days ending on it). */
export const THROUGH = '2026-10-31';
export const RANGE_90D = { from: '2026-08-03', to: THROUGH };
export const RANGE_30D = { from: '2026-10-02', to: THROUGH };

/* The results of calls [[op, args], …] asked in order of a new
 * engine/worker.js started in page (which must show the site); typed arrays
 * come back as arrays. */
export function workerOps(page, calls, demo = { seed: 42, users: 10000, days: 365 }) {
  return page.evaluate(async ({ calls, demo }) => {
    const worker = new Worker('engine/worker.js', { type: 'module' });
    let next = 1;
    const call = (type, args) => new Promise((resolve, reject) => {
      const id = next++;
      const on = (e) => {
        if (e.data.id !== id || e.data.type === 'progress') return;
        worker.removeEventListener('message', on);
        if (e.data.type === 'error') reject(new Error(e.data.result.message));
        else resolve(e.data.result);
      };
      worker.addEventListener('message', on);
      worker.postMessage({ type, id, args });
    });
    const plain = (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v) : v]));
    try {
      await call('setTimeZone', { tz: 'UTC' });
      await call('loadDemo', demo);
      const out = [];
      for (const [type, args] of calls) out.push(plain(await call(type, args)));
      return out;
    } finally {
      worker.terminate();
    }
  }, { calls, demo });
}

/* A page on hash (the demo's view) once ready selector is drawn. */
export async function openView(browser, site, hash, ready, opts) {
  const page = await newPage(browser, site, opts);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector(ready, { timeout: 40000 });
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  return page;
}

/* How far the page, or any card of root, is wider than it shows (px). */
export function overflow(page, root) {
  return page.evaluate((root) => {
    const worst = [document.documentElement.scrollWidth - window.innerWidth];
    for (const c of document.querySelectorAll(`${root} .card, #filter-bar`)) worst.push(c.scrollWidth - c.clientWidth);
    return Math.max(...worst);
  }, root);
}
