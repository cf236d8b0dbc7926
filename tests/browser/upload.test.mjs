// upload.test.mjs: files through the picker and by drop; a malformed file is
// an error for that file only; loaded names are shown as text, never markup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, cliLast, cliNumber, kpi, DATA } from './helpers.mjs';

const SUBS = join(DATA, 'subscriptions_small.csv');
const EVENTS = join(DATA, 'events_small.csv');
const MALFORMED = join(DATA, 'malformed.csv');

let site, browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function openEmpty() {
  const page = await newPage(browser, site);
  await page.goto(site.url);
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  return page;
}

async function upload(page, files) {
  await page.setInputFiles('#file-input', files);
  // The load starts at once; wait until it has finished and the views are drawn.
  await page.waitForFunction(() => document.body.dataset.state !== 'loading' && !document.querySelector('.progress-item'));
}

test('an empty page asks for exports instead of failing', async () => {
  const page = await openEmpty();
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
  assert.match((await kpi(page, 'mrr')).hint, /subscriptions export/);
  assert.match((await kpi(page, 'dau')).hint, /events export/);
  assert.equal((await kpi(page, 'mrr')).value, undefined);
  assert.equal(await page.$$eval('[data-chart] canvas', (c) => c.length), 0);
  assert.equal(await page.$$eval('[data-chart] .chart-hint', (c) => c.length), 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a subscriptions file through the picker draws MRR; events stay a hint until loaded', async () => {
  const page = await openEmpty();
  await upload(page, [SUBS]);
  await page.waitForSelector('[data-chart="mrr"] canvas');
  await page.waitForSelector('[data-metric="mrr"][data-value]');
  const mrr = await kpi(page, 'mrr');
  const want = await cliLast('mrr', [SUBS]);
  assert.equal(Number(mrr.value), cliNumber(want.value), `page ${mrr.value} vs CLI ${want.value}`);
  assert.equal(mrr.period, want.period);
  assert.match((await kpi(page, 'dau')).hint, /events export/);
  assert.equal(await page.$$eval('[data-chart="active_users"] .chart-hint', (c) => c.length), 1);
  assert.deepEqual(await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.dataset.kind])),
    [['subscriptions_small.csv', 'subscriptions']]);
  assert.ok(await page.$eval('#dropzone', (el) => el.classList.contains('is-compact')), 'drop zone turns compact');

  await upload(page, [EVENTS]);
  await page.waitForSelector('[data-chart="active_users"] canvas');
  await page.waitForSelector('[data-metric="dau"][data-value]');
  const dau = await kpi(page, 'dau');
  const wantDau = await cliLast('dau', [SUBS, EVENTS]); // the same workspace: its as-of spans both
  assert.equal(Number(dau.value), cliNumber(wantDau.value));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a malformed file shows an error naming the file and line, and the rest keeps working', async () => {
  const page = await openEmpty();
  await upload(page, [SUBS]);
  const before = await kpi(page, 'mrr');
  assert.ok(before.value !== undefined);

  await upload(page, [MALFORMED]);
  const banner = await page.waitForSelector('.banner');
  const text = await banner.textContent();
  assert.match(text, /malformed\.csv/);
  assert.match(text, /line 3/);
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
  assert.equal((await kpi(page, 'mrr')).value, before.value, 'earlier KPIs stay');
  assert.equal(await page.$$eval('#datasets tbody tr', (trs) => trs.length), 1);
  assert.ok(await page.$('[data-chart="mrr"] canvas'));

  await page.click('.banner .banner-close');
  assert.equal(await page.$$eval('.banner', (b) => b.length), 0);

  await page.click('[data-action=demo]');
  await page.waitForFunction(() => document.querySelectorAll('#datasets tbody tr').length === 6);
  await page.waitForSelector('body[data-state=ready]');
  assert.notEqual((await kpi(page, 'mrr')).value, before.value, 'the demo replaced the data');

  // Your own file then replaces the demo instead of mixing with it.
  await upload(page, [EVENTS]);
  assert.deepEqual(await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent)), ['events_small.csv']);
  assert.match((await kpi(page, 'mrr')).hint, /subscriptions export/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a malformed file with nothing loaded is an error state until something loads', async () => {
  const page = await openEmpty();
  await upload(page, [MALFORMED]);
  await page.waitForSelector('.banner');
  assert.equal(await page.getAttribute('body', 'data-state'), 'error');
  await upload(page, [SUBS]);
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
  assert.equal(await page.$$eval('.banner', (b) => b.length), 1, 'the banner stays until dismissed');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('files dropped on the page load, names are text, and a load can be cancelled', async () => {
  const page = await openEmpty();
  const subs = await (await import('node:fs/promises')).readFile(SUBS, 'utf8');
  const evil = '<img src=x onerror="window.__pwned=1">.csv';
  await page.evaluate(async ({ subs, evil }) => {
    // A big events file built in the page, and a small one with a hostile name.
    const head = 'distinct_id,event,timestamp\n';
    const line = 'u1,page_view,2026-03-01T09:00:00Z\n';
    const big = new File([head, line.repeat(4_000_000)], 'big_events.csv', { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(big);
    dt.items.add(new File([subs], evil, { type: 'text/csv' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { subs, evil });
  // Cancel the big file once it is under way; the next file still loads.
  // (the percentage comes from the worker, so the load is running there)
  await page.waitForFunction(() => document.querySelector('.progress-item .progress-pct')?.textContent !== '');
  await page.click('.progress-item [data-cancel]');
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && !document.querySelector('.progress-item'));
  const rows = await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.cells[0].children.length]));
  assert.deepEqual(rows, [[evil, 0]], 'the cancelled file is not loaded; the name is plain text');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval('.banner', (b) => b.length), 0, 'a cancel is not an error');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
