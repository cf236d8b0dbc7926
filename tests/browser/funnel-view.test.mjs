// funnel-view.test.mjs: the Funnels view of the demo workspace shows what the
// worker's funnel op returns (asked by a worker of the test's own), changing
// the steps, the window, the order, an exclusion or the breakdown recomputes
// it, the URL hash keeps the funnel across a reload, it translates, the canvas
// is drawn and hovered, missing data is said plainly, and it is photographed
// for review (build/screenshots/funnel*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, shotPath, DATA } from './helpers.mjs';

const DEMO = { seed: 42, users: 10000, days: 365 };
let site, browser, refPage;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  // The reference: a worker of its own with the demo, in a page of its own,
  // asked through the page's engine client.
  refPage = await newPage(browser, site);
  await refPage.goto(site.url);
  await refPage.evaluate(async (demo) => {
    const { createEngineClient } = await import('./engine-client.js');
    window.ref = createEngineClient('engine/worker.js');
    await window.ref.setTimeZone('UTC');
    await window.ref.loadDemo(demo);
  }, DEMO);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const reference = (spec) => refPage.evaluate((s) => window.ref.funnel(s), spec);

async function openFunnels(hash = '#demo&view=funnels&range=all', opts) {
  const page = await newPage(browser, site, opts);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  if (hash.includes('demo')) await page.waitForSelector('#funnels .funnel-table[data-spec^="{"]', { timeout: 30000 });
  return page;
}

/* The spec the page's numbers answer, once the page is idle and the spec has
 * every value of partial ({steps, window, order, exclude, by}). */
async function answered(page, partial = {}) {
  await page.waitForFunction((want) => {
    const text = document.querySelector('#funnels .funnel-table').dataset.spec;
    if (document.body.dataset.state !== 'ready' || !text) return false;
    const spec = JSON.parse(text);
    return Object.entries(want).every(([k, v]) => JSON.stringify(spec[k]) === JSON.stringify(v));
  }, partial, { timeout: 20000 });
  return JSON.parse(await page.getAttribute('#funnels .funnel-table', 'data-spec'));
}

/* The table as the op's shape: {steps: [{event, users, from_start, …}], segments}. */
function readTable(page) {
  return page.$$eval('#funnels .funnel-table tbody tr', (trs) => {
    const segs = [];
    const steps = [];
    for (const tr of trs) {
      const seg = tr.dataset.segment;
      if (seg && !segs.includes(seg)) segs.push(seg);
      const s = seg ? segs.indexOf(seg) : 0;
      const k = Number(tr.dataset.step) - 1;
      steps[k] ??= { event: tr.querySelector('.funnel-event').textContent, users: [], from_start: [], from_previous: [], median_seconds: [], mean_seconds: [] };
      for (const td of tr.querySelectorAll('td[data-key]')) steps[k][td.dataset.key][s] = td.dataset.value === '' ? null : Number(td.dataset.value);
    }
    return { steps, segments: segs.length ? segs : null };
  });
}

async function sameAsWorker(page, spec) {
  const want = await reference(spec);
  const got = await readTable(page);
  assert.deepEqual(got, { steps: want.steps, segments: want.segments }, JSON.stringify(spec));
  return want;
}

const canvasInk = (page) => page.$eval('#funnels canvas', (c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
  return { ink, total: c.width * c.height };
});

test('the demo funnel is signup → resume_scan → upgrade, as the worker op computes it, drawn on the canvas', async () => {
  const page = await openFunnels();
  const spec = await answered(page);
  assert.deepEqual(spec, { steps: ['signup', 'resume_scan', 'upgrade'], window: '14d', order: 'sequential', exclude: [] });
  const want = await sameAsWorker(page, spec);
  assert.ok(want.steps[0].users[0] > 1000 && want.steps[2].users[0] > 0, 'the demo converts some users');
  assert.deepEqual(await page.$$eval('#funnels .funnel-step select', (s) => s.map((x) => x.value)), spec.steps);
  assert.match(await page.evaluate(() => location.hash), /funnel\.steps=signup,resume_scan,upgrade/);
  assert.equal(await page.getAttribute('#funnels [data-funnel="chart"]', 'data-bars'), '3');
  const { ink, total } = await canvasInk(page);
  assert.ok(ink > total * 0.05, `the canvas is drawn (${ink} of ${total} pixels)`);
  // the text under the bars and the table read the same numbers
  const users = await page.$$eval('#funnels .funnel-table td[data-key="users"]', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(users, want.steps.map((s) => s.users[0].toLocaleString('en-US')));
  assert.match(await page.getAttribute('#funnels canvas', 'aria-label'), /1\. signup: 10,000 → 2\. resume_scan/);
  // hovering the last bar tells its numbers
  const box = await page.$eval('#funnels canvas', (c) => { c.scrollIntoView(); const r = c.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
  await page.mouse.move(box[0] + 48 + (box[2] - 60) * (5 / 6), box[1] + box[3] * 0.4);
  const tip = page.locator('#funnels .funnel-tip');
  await tip.waitFor({ state: 'visible' });
  const text = await tip.textContent();
  assert.match(text, /Step 3: upgrade/);
  assert.match(text, new RegExp(`Users: ${want.steps[2].users[0].toLocaleString('en-US')}`));
  assert.match(text, /Dropped off: [\d,]+/);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shotPath('funnel.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('changing steps, window, order, exclusions and breakdown recomputes; the hash keeps the funnel', async () => {
  const page = await openFunnels();
  await answered(page);
  // a step chosen from the event names present
  const options = await page.$$eval('#funnels .funnel-step[data-step="3"] option', (o) => o.map((x) => x.value));
  assert.ok(options.includes('mock_interview') && options.includes('job_search'), options.join());
  await page.selectOption('#funnels .funnel-step[data-step="3"] select', 'mock_interview');
  let spec = await answered(page, { steps: ['signup', 'resume_scan', 'mock_interview'] });
  await sameAsWorker(page, spec);
  // the window: 1 hour
  await page.fill('#funnel-window', '1');
  await page.press('#funnel-window', 'Tab');
  await answered(page, { window: '1d' });
  await page.selectOption('#funnels .funnel-window-unit', 'h');
  spec = await answered(page, { window: '1h' });
  const hour = await sameAsWorker(page, spec);
  // strict order
  await page.selectOption('#funnel-order', 'strict');
  spec = await answered(page, { order: 'strict' });
  const strict = await sameAsWorker(page, spec);
  assert.notDeepEqual(strict.steps.map((s) => s.users[0]), hour.steps.map((s) => s.users[0]), 'strict order counts fewer');
  // a fourth step (the most frequent name not yet used), moved up; then removed again
  await page.click('#funnels [data-key="add-step"]');
  await answered(page, { steps: ['signup', 'resume_scan', 'mock_interview', 'job_search'] });
  await page.click('#funnels [data-key="up-3"]');
  spec = await answered(page, { steps: ['signup', 'resume_scan', 'job_search', 'mock_interview'] });
  await sameAsWorker(page, spec);
  await page.click('#funnels [data-key="remove-2"]');
  await answered(page, { steps: ['signup', 'resume_scan', 'mock_interview'] });
  // an exclusion
  await page.click('#funnels [data-key="add-exclude"]');
  await answered(page, { exclude: ['job_search'] });
  await page.selectOption('#funnels [data-key="exclude-0"]', 'api_call');
  spec = await answered(page, { exclude: ['api_call'] });
  await sameAsWorker(page, spec);
  // a breakdown by the customers' channel: grouped bars and a legend
  await page.selectOption('#funnel-by', 'channel');
  spec = await answered(page, { by: 'channel' });
  const by = await sameAsWorker(page, spec);
  assert.ok(by.segments.length >= 3);
  assert.deepEqual(await page.$$eval('#funnels .funnel-legend li', (li) => li.map((x) => x.textContent)), by.segments);
  assert.equal(await page.getAttribute('#funnels [data-funnel="chart"]', 'data-bars'), String(3 * by.segments.length));
  await page.waitForTimeout(200);
  await page.screenshot({ path: shotPath('funnel-breakdown.png'), fullPage: true });

  // a reload shows the same funnel
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /funnel\.order=strict/);
  assert.match(hash, /funnel\.window=1h/);
  await page.reload();
  await page.waitForSelector('body[data-state=ready]');
  const again = await answered(page, { by: 'channel' });
  assert.deepEqual(again, spec);
  await sameAsWorker(page, spec);
  assert.equal(await page.inputValue('#funnel-window'), '1');
  assert.equal(await page.inputValue('#funnel-order'), 'strict');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the view translates into Chinese', async () => {
  const page = await openFunnels();
  await answered(page);
  await page.selectOption('#lang-select', 'zh-CN');
  assert.equal(await page.textContent('#tab-funnels'), '漏斗');
  assert.equal(await page.textContent('#funnels .funnel-card .card-title'), '转化');
  assert.equal(await page.textContent('#funnel-builder-title'), '构建漏斗');
  assert.deepEqual(await page.$$eval('#funnels .funnel-table thead th', (th) => th.map((x) => x.textContent)),
    ['步骤', '事件', '用户', '相对起点', '相对上一步', '时间中位数', '平均时间']);
  assert.equal(await page.$eval('#funnel-order option[value="strict"]', (o) => o.textContent), '严格顺序');
  await page.waitForTimeout(200);
  await page.screenshot({ path: shotPath('funnel-zh.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an absent event, nobody at step 1, and no events dataset are said plainly', async () => {
  let page = await openFunnels('#demo&view=funnels&funnel.steps=signup,no_such_event');
  let spec = await answered(page);
  assert.deepEqual(spec.steps, ['signup', 'no_such_event']);
  const note = page.locator('#funnels .funnel-note');
  await note.waitFor({ state: 'visible' });
  assert.match(await note.textContent(), /No event named “no_such_event”/);
  assert.match(await page.$eval('#funnels .funnel-step[data-step="2"] select', (s) => s.selectedOptions[0].textContent), /not in the data/);
  await sameAsWorker(page, spec);
  await page.context().close();

  page = await openFunnels('#demo&view=funnels&funnel.steps=no_such_event,signup');
  spec = await answered(page);
  assert.equal(spec.steps[0], 'no_such_event');
  assert.match(await page.textContent('#funnels .funnel-message'), /Nobody did “no_such_event”/);
  assert.equal(await page.getAttribute('#funnels [data-funnel="chart"]', 'data-state'), 'empty');
  await page.context().close();

  page = await openFunnels('#view=funnels');
  await page.waitForSelector('#funnels .funnel-empty:not([hidden])');
  assert.match(await page.textContent('#funnels .funnel-empty'), /events export/);
  assert.equal(await page.isVisible('#funnels .funnel-builder'), false);
  await page.click('#funnels .funnel-empty .btn-primary');
  await page.waitForSelector('#funnels .funnel-table[data-spec^="{"]', { timeout: 30000 });
  assert.equal(await page.isVisible('#funnels .funnel-empty'), false);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an events export dropped on an empty page gets its own default funnel, hand-checked', async () => {
  // data/events_small.csv: signup 5 events, resume_scan 3, job_search 1 (row 6),
  // mock_interview 1 (row 8): no upgrade, so the three most frequent, ties in
  // the order first seen: signup → resume_scan → job_search. 14-day window:
  //   u1 signup 03-01 09:00Z, resume_scan 09:05 and 03-02        → step 2
  //   u2 signup 03-01 23:30Z, job_search 03-03 (no resume_scan)  → step 1
  //   u3 signup 03-01 17:00Z (01:00+08:00), resume_scan 03-09    → step 2
  //   u4, u5 signup only                                         → step 1
  // users 5, 2, 0; from start 1, 0.4, 0; from previous 1, 0.4, 0.
  const page = await openFunnels('#view=funnels');
  await page.waitForSelector('#funnels .funnel-empty:not([hidden])');
  await page.setInputFiles('#file-input', [join(DATA, 'events_small.csv')]);
  const spec = await answered(page, { steps: ['signup', 'resume_scan', 'job_search'] });
  const got = await readTable(page);
  assert.deepEqual(got.steps.map((s) => s.users[0]), [5, 2, 0]);
  assert.deepEqual(got.steps.map((s) => s.from_start[0]), [1, 0.4, 0]);
  assert.deepEqual(got.steps.map((s) => s.from_previous[0]), [1, 0.4, 0]);
  assert.equal(got.steps[2].median_seconds[0], null, 'nobody converted to step 3');
  assert.equal(spec.window, '14d');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('at 800 wide nothing scrolls sideways', async () => {
  const page = await openFunnels(undefined, { width: 800, height: 900 });
  await answered(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: shotPath('funnel-800.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
