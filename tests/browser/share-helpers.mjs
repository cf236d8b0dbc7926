// share-helpers.mjs: what the share link tests share: one site and browser
// for a test file, a page opened on a URL, and the Share dialog's link.
import { newPage } from './helpers.mjs';

export const T = { timeout: 60000 };

export { useSite } from './helpers.mjs';

/* A page on url once ready (a selector) is there and the page is settled:
 * data-state=ready, or with ready === null anything but loading (a page with
 * a banner and no data is in data-state=error). */
export async function openUrl(env, url, ready, opts) {
  const page = await newPage(env.browser, env.site, { width: 1280, height: 900, ...opts });
  await page.goto(url);
  if (ready) await page.waitForSelector(ready, T);
  await page.waitForSelector(ready === null ? 'body:not([data-state=loading])' : 'body[data-state=ready]', T);
  return page;
}

/* Opens the Share dialog, waits for its link, closes it with Esc:
 * {url, items: {item: text}} (items: what the dialog says the link holds). */
export async function share(page) {
  await page.click('[data-testid=share]');
  await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#s=1.'), null, T);
  const url = await page.inputValue('[data-testid=share-link]');
  const items = await page.$$eval('[data-share-has] li', (l) => l.map((x) => [x.dataset.item, x.textContent]));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('.share-dialog').open);
  return { url, items: Object.fromEntries(items) };
}
