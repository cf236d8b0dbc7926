// product-view.test.mjs: the Product view of the demo workspace shows what the
// worker's metric op returns (a worker of the test's own, asked spec by spec),
// its pickers ask again, it translates, it says what to drop in and which
// column the data lacks, and it is photographed for review
// (build/screenshots/product*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, shotPath, DATA } from './helpers.mjs';
import { workerReference } from './revenue-helpers.mjs';

const DEMO = { seed: 42, users: 10000, days: 365 };
const PCTS = ['p50', 'p90', 'p95', 'p99'];
let site, browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/* {key: {periods, y, segments}} from a worker of the test's own on the demo,
 * for specs {key: metric spec}. */
const reference = (page, specs) => workerReference(page, Object.entries(specs), DEMO);

async function openProduct(opts, hash = '#demo&view=product&range=all') {
  const page = await newPage(browser, site, opts);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  if (hash.includes('demo') && hash.includes('view=product')) await page.waitForSelector('#product [data-chart="latency"] canvas', { timeout: 30000 });
  return page;
}

const card = (page, metric) => page.$eval(`#product [data-metric="${metric}"]`, (el) => ({
  value: el.dataset.value, period: el.dataset.period, health: el.dataset.health || null,
  label: el.querySelector('.kpi-label').textContent, display: el.querySelector('.kpi-value').textContent,
  delta: el.querySelector('.kpi-delta').textContent, hint: el.querySelector('.kpi-hint').textContent,
}));
const chart = (page, id) => page.$eval(`#product [data-chart="${id}"]`, (el) => el.chart);
const features = (page) => page.$$eval('#product [data-card="features"] tbody tr', (trs) => trs.map((tr) => ({
  label: tr.dataset.feature, penetration: Number(tr.dataset.penetration), share: Number(tr.dataset.share) })));

/* Wait until the view shows a new fetch (the metric's card moved). */
async function waitChange(page, metric, before) {
  await page.waitForFunction(([m, b]) => {
    const el = document.querySelector(`#product [data-metric="${m}"]`);
    return document.body.dataset.state === 'ready' && el && `${el.dataset.value}@${el.dataset.period}` !== b;
  }, [metric, before], { timeout: 30000 });
}
const cardKey = async (page, metric) => { const c = await card(page, metric); return `${c.value}@${c.period}`; };

function specs(grain, extra = {}, property = 'latency_ms') {
  const out = {
    task_success_rate: { metric: 'task_success_rate', grain, ...extra },
    error_rate: { metric: 'error_rate', grain, ...extra },
    qps_peak: { metric: 'qps_peak', grain, ...extra },
    qps_mean: { metric: 'qps_mean', grain, ...extra },
    failures: { metric: 'failures', grain, by: 'status', top: 10, ...extra },
    feature_penetration: { metric: 'feature_penetration', grain, top: 10 },
    feature_share: { metric: 'feature_share', grain, top: 10 },
  };
  for (const p of PCTS) out[p] = { metric: p, grain, property, ...extra };
  return out;
}

/* The page's KPIs, charts and feature table against the reference. */
async function assertMatches(page, ref) {
  for (const m of ['task_success_rate', 'error_rate', 'p95', 'qps_peak']) {
    const c = await card(page, m);
    const want = ref[m];
    assert.ok(c.value !== undefined, `${m}: no value (hint: ${c.hint})`);
    assert.equal(Number(c.value), want.y.at(-1), `${m}: page ${c.value} vs worker ${want.y.at(-1)}`);
    assert.equal(c.period, want.periods.at(-1), `${m}: period`);
    if (Number.isFinite(want.y.at(-1))) assert.notEqual(c.display, '—', `${m}: formatted`);
    else assert.equal(c.display, '—', `${m}: no value`);
    if (Number.isFinite(want.y.at(-2))) assert.notEqual(c.delta, '', `${m}: a change against the period before`);
  }
  const success = await card(page, 'task_success_rate');
  const rate = ref.task_success_rate.y.at(-1);
  assert.equal(success.health, Number.isFinite(rate) ? (rate >= 0.95 ? 'good' : 'bad') : null);
  const latency = await chart(page, 'latency');
  assert.deepEqual(latency.periods, ref.p50.periods);
  for (const p of PCTS) assert.deepEqual(latency.series[p], ref[p].y, `${p} over time`);
  const outcomes = await chart(page, 'outcomes');
  if (ref.task_success_rate.y.some(Number.isFinite)) {
    assert.deepEqual(outcomes.series.task_success_rate, ref.task_success_rate.y);
    assert.deepEqual(outcomes.series.error_rate, ref.error_rate.y);
  } else assert.match(await page.textContent('#product [data-chart="outcomes"]'), /No data in range/, 'no event with an outcome');
  const qps = await chart(page, 'qps');
  assert.deepEqual(qps.series.qps_peak, ref.qps_peak.y);
  assert.deepEqual(qps.series.qps_mean, ref.qps_mean.y);
  const failures = await chart(page, 'failures');
  const codes = await page.getAttribute('#product [data-chart="failures"]', 'data-series');
  if (!ref.failures.segments.length) assert.match(await page.textContent('#product [data-chart="failures"]'), /No data in range/);
  else assert.deepEqual(codes.split(' '), ref.failures.segments.map((s) => s.label), 'the engine\'s top codes, in order');
  for (const s of ref.failures.segments) assert.deepEqual(failures.series[s.label], s.y, `failures of ${s.label}`);
  const rows = await features(page);
  const pen = ref.feature_penetration;
  const share = ref.feature_share;
  assert.equal(rows.length, pen.segments.length);
  assert.ok(rows.length > 1 && rows.length <= 10);
  for (const row of rows) {
    const p = pen.segments.find((s) => s.label === row.label);
    const sh = share.segments.find((s) => s.label === row.label);
    assert.ok(p, `${row.label}: one of the engine's features`);
    assert.equal(row.penetration, p.y.at(-1), `${row.label}: penetration`);
    if (sh) assert.equal(row.share, sh.y.at(-1), `${row.label}: share`);
  }
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].penetration >= rows[i].penetration, 'highest penetration first');
}

test('the product KPIs, charts and feature table equal the worker metric op', async () => {
  const page = await openProduct();
  const ref = await reference(page, specs('day'));
  assert.equal(await page.inputValue('#product [data-pick="property"]'), 'latency_ms', 'the duration column by default');
  await assertMatches(page, ref);
  assert.equal((await card(page, 'p95')).label, 'p95 latency_ms');
  for (const s of ref.failures.segments)
    if (Number(s.label) < 400) assert.ok(s.y.every((v) => v === 0), `status ${s.label} is no failure`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the pickers ask again: grain, event, property and feature', async () => {
  const page = await openProduct();
  let before = await cardKey(page, 'p95');
  await page.click('#product [data-grain="week"]');
  await waitChange(page, 'p95', before);
  await page.waitForSelector('#product [data-chart="latency"] canvas');
  assert.equal(await page.getAttribute('#product [data-grain="week"]', 'aria-pressed'), 'true');
  await assertMatches(page, await reference(page, specs('week')));

  // the demo's API calls carry latency_ms and an HTTP status, its resume scans processing_ms
  const events = await page.$$eval('#product [data-pick="event"] option', (os) => os.map((o) => o.value));
  assert.equal(events[0], '', 'all events first');
  assert.ok(events.includes('api_call') && events.includes('resume_scan'), events.join(','));
  before = await cardKey(page, 'qps_peak');
  await page.selectOption('#product [data-pick="event"]', 'api_call');
  await waitChange(page, 'qps_peak', before);
  await assertMatches(page, await reference(page, specs('week', { event: 'api_call' })));
  before = await cardKey(page, 'p95');
  await page.selectOption('#product [data-pick="event"]', 'resume_scan');
  await page.selectOption('#product [data-pick="property"]', 'processing_ms');
  await waitChange(page, 'p95', before);
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  assert.equal((await card(page, 'p95')).label, 'p95 processing_ms');
  await assertMatches(page, await reference(page, specs('week', { event: 'resume_scan' }, 'processing_ms')));

  await page.selectOption('#product [data-pick="feature"]', 'plan');
  await page.waitForFunction(() => document.querySelector('#product [data-card="features"] thead th')?.textContent === 'plan');
  const ref = await reference(page, { pen: { metric: 'feature_penetration', grain: 'week', by: 'plan', top: 10 } });
  const rows = await features(page);
  assert.deepEqual(rows.map((r) => r.label).sort(), ref.pen.segments.map((s) => s.label).sort());
  for (const row of rows) assert.equal(row.penetration, ref.pen.segments.find((s) => s.label === row.label).y.at(-1));
  await page.screenshot({ path: shotPath('product-picked.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the view is kept in the URL, translated, and fits 800 wide', async () => {
  const page = await openProduct(undefined, '#demo');
  await page.click('#tab-product');
  await page.waitForSelector('#product [data-chart="latency"] canvas', { timeout: 30000 });
  assert.match(await page.evaluate(() => location.hash), /view=product/);
  assert.ok(!(await page.isVisible('#kpis')), 'the overview is hidden');
  await page.waitForTimeout(300);
  await page.screenshot({ path: shotPath('product.png'), fullPage: true });

  await page.selectOption('#lang-select', 'zh-CN');
  assert.equal(await page.textContent('#tab-product'), '产品');
  assert.equal((await card(page, 'task_success_rate')).label, '任务成功率');
  assert.equal(await page.textContent('#product [data-card="outcomes"] .card-title'), '任务成功率与错误率');
  assert.equal(await page.textContent('#product [data-grain="week"]'), '周');
  assert.match(await page.textContent('#product [data-card="latency"] .card-subtitle'), /^全部事件 · /);
  await page.waitForTimeout(300);
  await page.screenshot({ path: shotPath('product-zh.png'), fullPage: true });

  await page.reload();
  await page.waitForSelector('#product [data-chart="latency"] canvas', { timeout: 30000 });
  assert.equal(await page.getAttribute('body', 'data-view'), 'product', 'a reload keeps the view');
  await page.setViewportSize({ width: 800, height: 900 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: shotPath('product-800.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without events the view says what to drop in; without an outcome column it says so', async () => {
  const page = await openProduct(undefined, '#view=product');
  assert.ok(await page.isVisible('#product .product-empty'));
  assert.match(await page.textContent('#product .product-empty'), /events export/);
  assert.equal(await page.$$eval('#product canvas', (c) => c.length), 0);

  await page.setInputFiles('#file-input', [join(DATA, 'events_small.csv')]);
  await page.waitForSelector('#product [data-chart="latency"] canvas', { timeout: 20000 });
  assert.ok(!(await page.isVisible('#product .product-empty')));
  assert.equal(await page.inputValue('#product [data-pick="property"]'), 'match_rate', 'the one number column');
  const success = await card(page, 'task_success_rate');
  assert.equal(success.value, undefined);
  assert.equal(success.hint, 'Needs an outcome column');
  assert.match(await page.textContent('#product [data-chart="outcomes"]'), /Needs an outcome column.*success, error_code or status/);
  assert.match(await page.textContent('#product [data-chart="failures"]'), /Needs an outcome column/);
  assert.ok(await page.isVisible('#product [data-chart="qps"] canvas'), 'QPS needs no column');
  await page.screenshot({ path: shotPath('product-small.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
