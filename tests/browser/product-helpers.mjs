// product-helpers.mjs: what the Users and Retention view tests share: a
// reference computed by a worker of the test's own on the demo workspace the
// page loads (seed 42, 10,000 users, 365 days, UTC), and the page opened on a
// product view of the demo.
import assert from 'node:assert/strict';
import { newPage, shotPath, workerOps } from './helpers.mjs';

export { workerOps };

/* The demo's as-of day and the default range (90 days ending on it). */
export const THROUGH = '2026-10-31';
export const RANGE_90D = { from: '2026-08-03', to: THROUGH };
export const RANGE_30D = { from: '2026-10-02', to: THROUGH };


/* A page on hash (the demo's view) once ready selector is drawn. */
export async function openView(browser, site, hash, ready, opts) {
  const page = await newPage(browser, site, opts);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector(ready, { timeout: 40000 });
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  return page;
}

/* The page in Chinese (already checked by the caller) then in English at 420
 * wide: nothing scrolls sideways either way; screenshots NAME-zh.png and
 * NAME-420.png. */
export async function checkFit(page, root, name) {
  await page.waitForTimeout(300);
  assert.ok((await overflow(page, root)) <= 0, 'nothing overflows at 1280');
  await page.screenshot({ path: shotPath(`${name}-zh.png`), fullPage: true });
  await page.selectOption('#lang-select', 'en');
  await page.setViewportSize({ width: 420, height: 900 });
  await page.waitForTimeout(400);
  const over = await overflow(page, root);
  assert.ok(over <= 0, `at 420 wide something scrolls sideways by ${over}px`);
  await page.screenshot({ path: shotPath(`${name}-420.png`), fullPage: true });
}

/* How far the page, or any card of root, is wider than it shows (px). */
export function overflow(page, root) {
  return page.evaluate((root) => {
    const worst = [document.documentElement.scrollWidth - window.innerWidth];
    for (const c of document.querySelectorAll(`${root} .card, #filter-bar`)) worst.push(c.scrollWidth - c.clientWidth);
    return Math.max(...worst);
  }, root);
}
