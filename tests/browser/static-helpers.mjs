// static-helpers.mjs: what the static-build tests share: build/web (tools/build-web), a
// page that records every request, and the demo's KPIs read off the page.
import { before, after } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, KPIS, launchBrowser } from './helpers.mjs';

export const WEB = join(ROOT, 'build/web');
export const SINGLE = join(WEB, 'lodestar.html');

export function needWeb() {
  if (!existsSync(SINGLE) || !existsSync(join(WEB, 'engine/lodestar.wasm')) || !existsSync(join(WEB, 'sw.js'))) {
    throw new Error('build/web is missing or incomplete: run tools/build-web (tools/test does)');
  }
}

/* The test file's browser: ref.browser, launched before its tests (once build/web is
 * there) and closed after them. */
export function useBrowser() {
  const ref = { browser: null };
  before(async () => {
    needWeb();
    ref.browser = await launchBrowser();
  });
  after(async () => {
    await ref.browser?.close();
  });
  return ref;
}

/* A page in a context of its own (UTC, en-US) that records every request URL, page
 * error and console error; serviceWorkers: 'allow' | 'block'. */
export async function recordingPage(browser, { serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC', serviceWorkers });
  const page = await context.newPage();
  page.requests = [];
  page.problems = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`HTTP ${r.status()} ${r.url()}`); });
  return page;
}

/* Waits until the KPI cards show numbers, then until the page is ready (every view's
 * first fetch done, the health rules run); → ms until the KPIs showed. */
export async function waitReady(page) {
  const started = Date.now();
  await page.waitForFunction((ks) => ks.every((k) => {
    const el = document.querySelector(`[data-metric="${k}"]`);
    return el && el.dataset.value !== undefined && el.dataset.value !== '';
  }), KPIS, { timeout: 60000 });
  const ms = Date.now() - started;
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  return ms;
}

/* {metric: number} of the KPI cards. */
export function kpiValues(page) {
  return page.evaluate((ks) => Object.fromEntries(ks.map((k) => [k, Number(document.querySelector(`[data-metric="${k}"]`).dataset.value)])), KPIS);
}
