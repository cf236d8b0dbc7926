// retention-view.test.mjs: the Retention view of the demo workspace shows the
// worker's retention op (a worker of the test's own is the reference) as a
// canvas heatmap with the weighted mean on top and its curve; hovering a cell
// tells its count and share; the switches, the events, the date preset and a
// filter change the numbers; the hash keeps the range and filters; it
// translates, nothing scrolls sideways, and it is photographed for review
// (build/screenshots/retention*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, shotPath } from './helpers.mjs';
import { workerOps, openView, checkFit, RANGE_90D, RANGE_30D } from './product-helpers.mjs';

const READY = '#retention canvas.heatmap-canvas';
const WEEK = { period: 'week', mode: 'on', type: 'first_time', buckets: 'calendar', start_event: null, return_event: null };
let site, browser, ref;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  const page = await openView(browser, site, '', 'body[data-state=ready]');
  const r = await workerOps(page, [
    ['retention', { ...WEEK, ...RANGE_90D }],
    ['retention', { ...WEEK, period: 'month', mode: 'on_or_after', ...RANGE_90D }],
    ['retention', { ...WEEK, period: 'month', mode: 'on_or_after', start_event: 'signup', ...RANGE_90D }],
    ['retention', { ...WEEK, ...RANGE_30D, where: [{ column: 'plan', value: 'free' }] }],
    ['values', { column: 'event', kind: 'events', max: 500 }],
    ['retention', { ...WEEK, ...RANGE_90D, by: 'country' }],
  ]);
  ref = { week: r[0], monthAfter: r[1], signup: r[2], free30: r[3], events: r[4].values, country: r[5] };
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const heat = (page) => page.$eval('#retention [data-chart="heatmap"]', (el) => {
  const { grain, cohorts, size, counts, mean, layout, segment } = el.heatmap;
  return { grain, cohorts, size, counts, mean, layout, segment };
});
const curve = (page) => page.$eval('#retention [data-chart="curve"]', (el) => el.chart);

/* The weighted mean by hand: per bucket, the returns of the cohorts whose
 * cell is observable over their sizes. */
function weighted(r) {
  return r.counts[0].map((_, k) => {
    let n = 0, of = 0;
    r.counts.forEach((row, c) => { if (row[k] != null) { n += row[k]; of += r.size[c]; } });
    return of ? n / of : null;
  });
}

async function waitCohorts(page, r) {
  await page.waitForFunction((want) => {
    const h = document.querySelector('#retention [data-chart="heatmap"]').heatmap;
    return h && JSON.stringify(h.counts) === want;
  }, JSON.stringify(r.counts), { timeout: 30000 });
}

test('the heatmap and the curve show the retention op, the weighted mean on top', async () => {
  const page = await openView(browser, site, '#demo&view=retention', READY);
  const h = await heat(page);
  assert.equal(h.grain, 'week');
  assert.deepEqual(h.cohorts, ref.week.cohorts);
  assert.deepEqual(h.size, ref.week.size);
  assert.deepEqual(h.counts, ref.week.counts);
  assert.ok(h.counts.at(-1).includes(null), 'the latest cohort has cells not observable yet');
  const mean = ref.week.mean;
  assert.deepEqual(h.mean, mean, 'the engine\'s mean row, drawn as it is');
  weighted(ref.week).forEach((v, k) => assert.ok(Math.abs(v - mean[k]) < 1e-12, `the mean by hand at ${k}`));
  assert.equal(mean[0], 1);
  assert.ok(mean[1] > mean.at(-1), 'retention falls');
  assert.deepEqual((await curve(page)).mean, mean);
  assert.ok(await page.isVisible('#retention [data-chart="curve"] canvas'));

  // hover cohort 0 at bucket 1: its count and share
  const box = await page.$eval(READY, (c) => { const r = c.getBoundingClientRect(); return { x: r.left, y: r.top }; });
  const L = h.layout;
  await page.mouse.move(box.x + L.left + 1.5 * L.cell, box.y + L.top + 1.5 * L.row);
  await page.waitForSelector('#retention .heatmap-tip:not([hidden])');
  const tip = await page.textContent('#retention .heatmap-tip');
  const n = ref.week.counts[0][1], size = ref.week.size[0];
  assert.ok(tip.includes(`${n.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} users`), tip);
  assert.ok(tip.includes(`${Math.round((n / size) * 1000) / 10}%`), tip);
  assert.match(tip, /Week 1/);
  // the mean row
  await page.mouse.move(box.x + L.left + 2.5 * L.cell, box.y + L.top + 0.5 * L.row);
  assert.match(await page.textContent('#retention .heatmap-tip'), /All cohorts \(weighted\)/);
  // an absent cell says nothing
  const lastRow = h.cohorts.length;
  await page.mouse.move(box.x + L.left + (L.nk - 0.5) * L.cell, box.y + L.top + (lastRow + 0.5) * L.row);
  assert.ok(await page.isHidden('#retention .heatmap-tip'));
  // the keyboard: the mean row's first cell, then down one and right one
  await page.mouse.move(0, 0);
  await page.focus('#retention .heatmap-scroll');
  await page.keyboard.press('ArrowRight');
  assert.match(await page.textContent('#retention .heatmap-tip'), /All cohorts \(weighted\) · Week 0/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  assert.ok((await page.textContent('#retention .heatmap-tip')).includes(`${n.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} users`));
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky top bar where it belongs in the full-page shot
  await page.waitForTimeout(200);
  await page.screenshot({ path: shotPath('retention.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the switches and the start event change the matrix as the op does', async () => {
  const page = await openView(browser, site, '#demo&view=retention', READY);
  const names = await page.$$eval('#retention [data-event="start_event"] option', (os) => os.map((o) => o.value));
  assert.deepEqual(names, ['', ...ref.events], 'any event, then the event names present');
  await page.click('#retention [data-switch="period"] [data-value="month"]');
  await page.click('#retention [data-switch="mode"] [data-value="on_or_after"]');
  await waitCohorts(page, ref.monthAfter);
  assert.equal((await heat(page)).grain, 'month');
  await page.selectOption('#retention [data-event="start_event"]', 'signup');
  await waitCohorts(page, ref.signup);
  assert.deepEqual((await heat(page)).size, ref.signup.size);
  assert.equal(await page.getAttribute('#retention [data-switch="mode"] [data-value="on_or_after"]', 'aria-pressed'), 'true');
  await page.screenshot({ path: shotPath('retention-month.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a breakdown by country shows each segment\'s matrix and mean from the op', async () => {
  const page = await openView(browser, site, '#demo&view=retention', READY);
  const cols = await page.$$eval('#retention [data-by] option', (os) => os.map((o) => o.value));
  assert.ok(cols.includes('country') && cols.includes('plan'), cols.join());
  assert.ok(!cols.includes('distinct_id') && !cols.includes('event'), 'no ids, no event name');
  assert.ok(await page.isHidden('#retention [data-segment]'), 'no segment picker without a breakdown');
  await page.selectOption('#retention [data-by]', 'country');
  const first = ref.country.matrices[0];
  await waitCohorts(page, first);
  const segs = await page.$$eval('#retention [data-segment] option', (os) => os.map((o) => o.value));
  assert.deepEqual(segs, ref.country.segments);
  assert.ok(segs.length > 3, 'several countries');
  const pick = ref.country.matrices[2];
  await page.selectOption('#retention [data-segment]', pick.segment);
  await waitCohorts(page, pick);
  const h = await heat(page);
  assert.deepEqual(h.size, pick.size);
  assert.deepEqual(h.mean, pick.mean);
  assert.equal(h.segment, pick.segment);
  assert.deepEqual((await curve(page)).mean, pick.mean);
  assert.notDeepEqual(pick.mean, ref.week.mean, 'a segment is not the whole');
  await page.screenshot({ path: shotPath('retention-by.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a preset and a filter change the cohorts and the hash keeps them', async () => {
  const page = await openView(browser, site, '#demo&view=retention&range=30d&f=plan:free', READY);
  await waitCohorts(page, ref.free30);
  assert.deepEqual((await heat(page)).cohorts, ref.free30.cohorts);
  assert.ok(ref.free30.cohorts.length < ref.week.cohorts.length, '30 days hold fewer cohorts');
  assert.equal(await page.getAttribute('#filter-bar [data-preset="30d"]', 'aria-pressed'), 'true');
  await page.click('#filter-bar [data-preset="90d"]');
  await page.click('#filter-bar .filter-chip-x');
  await waitCohorts(page, ref.week);
  assert.equal(await page.evaluate(() => location.hash), '#demo&view=retention');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Chinese the retention view is translated and nothing scrolls sideways', async () => {
  const page = await openView(browser, site, '#demo&view=retention', READY);
  await page.selectOption('#lang-select', 'zh-CN');
  assert.equal(await page.textContent('#tab-retention'), '留存');
  assert.equal(await page.textContent('#retention [data-card="heatmap"] .card-title'), '按同期群的留存');
  assert.equal(await page.textContent('#retention [data-switch="mode"] [data-value="on_or_after"]'), '当期或之后');
  await checkFit(page, '#retention', 'retention');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
