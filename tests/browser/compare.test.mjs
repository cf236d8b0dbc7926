// compare.test.mjs: compare mode and the charts' and tables' tools on the
// demo (web/compare*.js, web/chart-tools.js, web/kpis.js, web/table-tools.js,
// web/export.js), checked against the worker's own series:
//   - cmp=prev: the MRR card's earlier value is MRR one month back, its delta
//     last − that; cmp=yoy: DAU 364 days back (the demo's 365 days hold it),
//     MRR none (its 12 months hold no month a year back)
//   - the overlay series is in the chart's legend and its CSV: the DAU
//     column shifted 364 days (yoy) or by the zoomed window (prev)
//   - drag-to-zoom shows "Reset zoom", which resets; legend toggles by
//     click and Enter; the tooltip names the hovered day and DAU's value;
//     the log-scale toggle
//   - the datasets table sorts by rows (aria-sort) and filters, and its CSV
//     keeps to the filtered rows
//   - incident markers on the Alerts view's chart at the incidents' periods
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { workerOps, shotPath } from './helpers.mjs';
import { useSite, openUrl } from './share-helpers.mjs';

const env = useSite();
let ref; // the worker's mrr@month, dau@day and monitor run

async function open(hash, ready = '#kpis .kpi.is-ok') {
  await refs();
  const page = await openUrl(env, `${env.site.url}#${hash}`, ready);
  await page.waitForTimeout(400); // the enhancers' frame
  return page;
}

async function csvOf(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), button.click()]);
  const text = (await readFile(await dl.path(), 'utf8')).replace(/^\uFEFF/, '');
  return text.trim().split('\r\n').map((l) => l.split(','));
}

/* The plot area of a chart, scrolled into view: {x, y, w, h}. */
async function plotBox(page, chart) {
  await page.locator(chart).scrollIntoViewIfNeeded();
  return page.$eval(`${chart} .u-over`, (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
}

/* The worker's series, asked once by a worker of the test's own. */
async function refs() {
  if (ref) return ref;
  const page = await openUrl(env, env.site.url, null);
  const [mrr, dau, monitor] = await workerOps(page, [['metric', { metric: 'mrr', grain: 'month' }],
    ['metric', { metric: 'dau', grain: 'day' }], ['monitor', {}]]);
  ref = { mrr, dau, monitor };
  await page.context().close();
  return ref;
}

const card = (page, metric) => page.$eval(`#kpis [data-metric="${metric}"]`, (c) => ({ ...c.dataset }));

test('no comparison by default; the demo\'s series', async () => {
  const page = await open('demo');
  assert.equal(ref.mrr.y.length, 12, 'Nov 2025 – Oct 2026');
  assert.equal(ref.dau.y.length, 365);
  // no comparison: no compare attributes
  const c = await card(page, 'mrr');
  assert.equal(c.compare, undefined);
  assert.equal(c.delta, undefined);
  assert.equal(await page.$eval('[data-testid=compare]', (s) => s.value), 'none');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('compare with the previous period: KPI cards and the chart', async () => {
  const page = await open('demo&cmp=prev');
  const y = ref.mrr.y;
  const n = y.length;
  const c = await card(page, 'mrr');
  assert.equal(c.compare, 'prev');
  assert.equal(Number(c.compareValue), y[n - 2], 'MRR a month back');
  assert.equal(Number(c.delta), y[n - 1] - y[n - 2]);
  assert.ok(Math.abs(Number(c.deltaPct) - (y[n - 1] / y[n - 2] - 1) * 100) < 1e-9);
  const d = await card(page, 'dau');
  const dy = ref.dau.y;
  assert.equal(Number(d.compareValue), dy[dy.length - 2], 'DAU a day back');
  assert.equal(await page.$eval('[data-testid=compare]', (s) => s.value), 'prev');

  // the active users chart: previous period of the whole window = before the data: all gaps
  const chart = '[data-chart="active_users"]';
  assert.equal(await page.getAttribute(chart, 'data-compare'), 'prev');
  assert.equal(await page.getAttribute(chart, 'data-compare-back'), '365');
  const legend = await page.$$eval(`${chart} .u-legend .u-series th`, (r) => r.map((x) => x.textContent));
  assert.ok(legend.some((l) => l.startsWith('DAU · previous period')), legend.join(' | '));

  // drag-to-zoom over the last part of the chart; the overlay follows the window
  const over = await plotBox(page, chart);
  const reset = page.locator(`${chart} [data-chart-reset]`);
  assert.equal(await reset.isVisible(), false, 'no reset button before zooming');
  await page.mouse.move(over.x + over.w * 0.7, over.y + over.h / 2);
  await page.mouse.down();
  await page.mouse.move(over.x + over.w * 0.8, over.y + over.h / 2, { steps: 5 });
  await page.mouse.move(over.x + over.w * 0.95, over.y + over.h / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector(`${chart}[data-zoomed=true]`);
  await page.waitForTimeout(200);
  assert.equal(await reset.isVisible(), true, 'Reset zoom shows while zoomed');
  const k = Number(await page.getAttribute(chart, 'data-compare-back'));
  assert.ok(k > 10 && k < 120, `window of ${k} days`);
  const rows = await csvOf(page, page.locator(`${chart}`).locator('xpath=ancestor::*[contains(@class,"card")][1]').locator('button[data-export=chartcsv]'));
  const head = rows[0];
  const col = head.indexOf('DAU · previous period');
  assert.ok(col > 0, head.join(' | '));
  assert.equal(rows.length - 1, 365);
  const last = rows[rows.length - 1];
  assert.equal(last[0], '2026-10-31');
  assert.equal(Number(last[head.indexOf('DAU')]), dy[364]);
  assert.equal(Number(last[col]), dy[364 - k], `DAU ${k} days before Oct 31`);
  assert.equal(rows[1][col], '', 'before the data: a gap, not zero');
  await reset.click();
  await page.waitForSelector(`${chart}[data-zoomed=false]`);
  assert.equal(await reset.isVisible(), false);
  assert.equal(await page.getAttribute(chart, 'data-compare-back'), '365');
  // double-click resets too
  await page.mouse.move(over.x + over.w * 0.3, over.y + over.h / 2);
  await page.mouse.down();
  await page.mouse.move(over.x + over.w * 0.5, over.y + over.h / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector(`${chart}[data-zoomed=true]`);
  await page.mouse.dblclick(over.x + over.w * 0.4, over.y + over.h / 2);
  await page.waitForSelector(`${chart}[data-zoomed=false]`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('compare with the same period last year: a year back, the overlay and its CSV', async () => {
  const page = await open('demo');
  await page.selectOption('[data-testid=compare]', 'yoy');
  await page.waitForSelector('#kpis [data-metric=dau][data-compare=yoy]');
  assert.match(page.url(), /cmp=yoy/);
  const m = await card(page, 'mrr');
  assert.equal(m.compare, 'yoy');
  assert.equal(m.compareValue, undefined, '12 months hold no month a year back');
  const dy = ref.dau.y;
  const d = await card(page, 'dau');
  // 365 days: index 364 (Oct 31, 2026) against index 0 (Nov 1, 2025, 364 days before)
  assert.equal(Number(d.compareValue), dy[0]);
  assert.equal(Number(d.delta), dy[364] - dy[0]);
  const chart = '[data-chart="active_users"]';
  assert.equal(await page.getAttribute(chart, 'data-compare-back'), '364');
  const rows = await csvOf(page, page.locator('.card:has([data-chart="active_users"]) button[data-export=chartcsv]'));
  const col = rows[0].indexOf('DAU · same period last year');
  assert.ok(col > 0, rows[0].join(' | '));
  assert.equal(Number(rows[365][col]), dy[0]);
  assert.equal(rows[364][col], '', 'Oct 30, 2026 ← Oct 31, 2025: not loaded, a gap');
  // MRR chart: its CSV is the month and its values, exact
  const mr = await csvOf(page, page.locator('.card:has([data-chart="mrr"]) button[data-export=chartcsv]'));
  assert.deepEqual(mr[0].slice(0, 2), ['Month', 'MRR']);
  assert.deepEqual(mr.slice(1).map((r) => r[0]), ref.mrr.periods);
  assert.deepEqual(mr.slice(1).map((r) => Number(r[1])), ref.mrr.y);
  await page.screenshot({ path: shotPath('compare-yoy.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('tooltip, legend toggles and the log scale', async () => {
  const page = await open('demo');
  const chart = '[data-chart="active_users"]';
  const over = await plotBox(page, chart);
  await page.mouse.move(over.x + over.w * 0.5, over.y + over.h * 0.5);
  await page.waitForSelector(`${chart} .chart-tip:not([hidden])`);
  const tip = await page.$eval(`${chart} .chart-tip`, (t) => [...t.children].map((c) => c.textContent));
  // the legend shows the hovered values too: the tooltip must say the same
  const legend = await page.$$eval(`${chart} .u-legend .u-series`, (r) => r.map((x) => x.querySelector('.u-value').textContent));
  assert.equal(tip[0], legend[0], 'the hovered day');
  assert.ok(/^[A-Z][a-z]{2} \d{1,2}, 20\d\d$/.test(tip[0]), tip[0]);
  assert.equal(tip[1], `DAU${legend[1]}`);
  assert.equal(await page.$$eval(`${chart} .chart-tip *`, (n) => n.every((e) => ['DIV', 'SPAN'].includes(e.tagName))), true);
  await page.mouse.move(over.x - 50, over.y - 50);

  // the legend: click hides DAU, Enter shows it again
  const dauItem = page.locator(`${chart} .u-legend .u-series`).nth(1);
  await dauItem.locator('th').click();
  assert.match(await dauItem.getAttribute('class'), /u-off/);
  await dauItem.locator('th').focus();
  await page.keyboard.press('Enter');
  assert.doesNotMatch(await dauItem.getAttribute('class'), /u-off/);
  await page.keyboard.press(' ');
  assert.match(await dauItem.getAttribute('class'), /u-off/);
  // hidden stays hidden when the chart is drawn again (compare mode on)
  await page.selectOption('[data-testid=compare]', 'prev');
  await page.waitForSelector(`${chart}[data-compare=prev]`);
  assert.match(await page.locator(`${chart} .u-legend .u-series`).nth(1).getAttribute('class'), /u-off/);
  await page.selectOption('[data-testid=compare]', 'none');
  await page.waitForSelector(`${chart}[data-compare=none]`);

  // log scale on MRR (all > 0, from about $2K to $60K)
  const log = page.locator('[data-chart="mrr"] [data-chart-log]');
  assert.equal(await log.isVisible(), true);
  assert.equal(await log.getAttribute('aria-pressed'), 'false');
  await log.click();
  assert.equal(await page.locator('[data-chart="mrr"] [data-chart-log]').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the datasets table sorts and filters; its CSV keeps to what shows', async () => {
  const page = await open('demo&view=data', '#datasets table tbody tr');
  const table = '#datasets table';
  const files = () => page.$$eval(`${table} tbody tr:not([hidden])`, (r) => r.map((x) => x.cells[0].textContent.trim()));
  const rowsTh = page.locator(`${table} thead th`).nth(2);
  assert.match(await rowsTh.textContent(), /Rows/);
  await rowsTh.click();
  assert.equal(await rowsTh.getAttribute('aria-sort'), 'ascending');
  // the demo's rows: subscriptions 2,129 < reviews 4,022 < payments 5,232 < customers 10,000 < campaigns 70,080 < events 726,861
  assert.deepEqual(await files(), ['subscriptions.csv', 'reviews.csv', 'payments.csv', 'customers.csv', 'campaigns.csv', 'events.csv']);
  await rowsTh.focus();
  await page.keyboard.press('Enter');
  assert.equal(await rowsTh.getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await files(), ['events.csv', 'campaigns.csv', 'customers.csv', 'payments.csv', 'reviews.csv', 'subscriptions.csv']);
  const fileTh = page.locator(`${table} thead th`).nth(0);
  await fileTh.click();
  assert.equal(await fileTh.getAttribute('aria-sort'), 'ascending');
  assert.equal(await rowsTh.getAttribute('aria-sort'), null);
  assert.deepEqual(await files(), ['campaigns.csv', 'customers.csv', 'events.csv', 'payments.csv', 'reviews.csv', 'subscriptions.csv']);
  await page.fill('#datasets [data-table-filter]', 'PAY');
  assert.deepEqual(await files(), ['payments.csv']);
  const csv = await csvOf(page, page.locator('#datasets button[data-export=csv]'));
  assert.equal(csv.length, 2, 'the header and the one row shown');
  assert.equal(csv[1][0], 'payments.csv');
  await page.fill('#datasets [data-table-filter]', '');
  assert.equal((await files()).length, 6);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('incident markers on the Alerts view\'s chart, named in its tooltip', async () => {
  const page = await open('demo&view=alerts', '#alerts [data-chart=rule] canvas');
  const chart = '#alerts [data-chart=rule]';
  await page.waitForSelector(`${chart}[data-markers]`);
  const rule = await page.$eval(chart, (e) => e.chart.rule);
  const r = ref.monitor.rules.find((x) => x.id === rule);
  const periods = r.series.period;
  // one marker per period of the series where an incident of the rule's metric starts
  const starts = new Set(ref.monitor.incidents.filter((i) => i.metric === r.metric && periods.includes(i.start)).map((i) => i.start));
  assert.ok(starts.size > 0, `incidents of ${r.metric}`);
  assert.equal(Number(await page.getAttribute(chart, 'data-markers')), starts.size);
  // hover the first one: x runs from the first period to the last across the plot
  const first = [...starts].sort()[0];
  const day = (p) => Date.parse(`${p}T00:00:00Z`);
  const frac = (day(first) - day(periods[0])) / (day(periods.at(-1)) - day(periods[0]));
  const over = await plotBox(page, chart);
  await page.mouse.move(over.x + over.w * frac, over.y + over.h / 2);
  await page.waitForSelector(`${chart} .chart-tip:not([hidden])`);
  const incidents = await page.$$eval(`${chart} .chart-tip .chart-tip-incident`, (n) => n.map((x) => x.textContent));
  const sev = ref.monitor.incidents.find((i) => i.start === first && i.metric === r.metric).severity;
  assert.ok(incidents.includes(`Incident ${sev} · ${rule}`), incidents.join(' | '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('zh-CN: the control and the overlay named in Chinese', async () => {
  const page = await openUrl(env, `${env.site.url}#demo&cmp=yoy`, '#kpis .kpi.is-ok', { locale: 'zh-CN' });
  await page.selectOption('[data-testid=lang]', 'zh-CN').catch(() => {});
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForTimeout(300);
  const options = await page.$$eval('[data-testid=compare] option', (o) => o.map((x) => x.textContent));
  assert.deepEqual(options, ['不对比', '上一周期', '去年同期']);
  const legend = await page.$$eval('[data-chart="active_users"] .u-legend .u-series th', (r) => r.map((x) => x.textContent));
  assert.ok(legend.some((l) => l.includes('去年同期')), legend.join(' | '));
  await page.screenshot({ path: shotPath('compare-zh-CN.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
