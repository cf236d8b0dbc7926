// workspace-helpers.mjs: what the workspace tests share: the site and the
// browser for a test file (share-helpers.mjs's useSite), and opening the page
// until it has settled.
export { useSite } from './share-helpers.mjs';

/* Until nothing loads and no load is listed. */
export const idle = (page) => page.waitForFunction(
  () => document.body.dataset.state === 'ready' && !document.querySelector('.progress-item'), null, { timeout: 60000 });

/* The site at hash, once the workspace button is there and all has loaded. */
export async function openAt(page, site, hash = '') {
  await page.goto(site.url + hash);
  await page.waitForSelector('[data-testid=save-workspace]', { timeout: 60000 });
  await idle(page);
}

/* The demo, once its MRR is shown. */
export async function openDemo(page, site) {
  await openAt(page, site, '#demo');
  await page.waitForSelector('[data-metric="mrr"][data-value]', { timeout: 60000 });
  await idle(page);
}
