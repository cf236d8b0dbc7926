// revenue-view.test.mjs: the Revenue view of the demo workspace shows what the
// worker's metric and cohorts ops return, its bridge adds up to the change of
// MRR, settings recompute it, it translates, it says what is missing, and it
// is photographed for review (build/screenshots/revenue*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, shotPath, DATA } from './helpers.mjs';
import { DEMO_KPIS, workerReference } from './revenue-helpers.mjs';

let site, browser, ref;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  // The reference: a worker of its own, asked op by op, in a page of its own.
  const page = await newPage(browser, site);
  await page.goto(site.url);
  ref = await workerReference(page, [...DEMO_KPIS, 'new_mrr', 'expansion_mrr', 'reactivation_mrr', 'contraction_mrr', 'churned_mrr']);
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function openRevenue(opts, hash = '#demo&view=revenue') {
  const page = await newPage(browser, site, opts);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  if (hash.includes('demo') && hash.includes('view=revenue')) await page.waitForSelector('#revenue [data-chart="bridge"] canvas', { timeout: 30000 });
  return page;
}

const card = (page, metric) => page.$eval(`#revenue [data-metric="${metric}"]`, (el) => ({
  value: el.dataset.value, period: el.dataset.period, health: el.dataset.health || null,
  label: el.querySelector('.kpi-label').textContent, display: el.querySelector('.kpi-value').textContent,
  delta: el.querySelector('.kpi-delta').textContent, hint: el.querySelector('.kpi-hint').textContent,
}));

async function waitChange(page, metric, before) {
  await page.waitForFunction(([m, v]) => {
    const el = document.querySelector(`#revenue [data-metric="${m}"]`);
    return document.body.dataset.state === 'ready' && el && el.dataset.value !== v;
  }, [metric, before], { timeout: 20000 });
}

test('the revenue KPIs equal the worker metric op, with changes and healthy marks', async () => {
  const page = await openRevenue();
  for (const m of DEMO_KPIS) {
    const c = await card(page, m);
    const want = ref[m];
    assert.ok(c.value !== undefined, `${m}: no value (hint: ${c.hint})`);
    assert.equal(Number(c.value), want.y.at(-1), `${m}: page ${c.value} vs worker ${want.y.at(-1)}`);
    assert.equal(c.period, want.periods.at(-1), `${m}: period`);
    assert.notEqual(c.display, '—', `${m}: formatted`);
    if (Number.isFinite(want.y.at(-2))) assert.notEqual(c.delta, '', `${m}: a change against the month before`);
  }
  assert.match((await card(page, 'customer_churn_rate')).delta, /pp$/, 'a ratio changes in percentage points');
  const ltvCac = await card(page, 'ltv_cac');
  assert.equal(ltvCac.health, ref.ltv_cac.y.at(-1) >= 3 ? 'good' : 'bad');
  const churn = await card(page, 'customer_churn_rate');
  assert.equal(churn.health, ref.customer_churn_rate.y.at(-1) < 0.05 ? 'good' : 'bad');
  assert.equal((await card(page, 'cac_payback_months')).health, ref.cac_payback_months.y.at(-1) < 12 ? 'good' : 'bad');
  // the catalog's lower_is_better colors a rise of churn as bad news, not one of MRR
  const polarity = (m) => page.$eval(`#revenue [data-metric="${m}"]`, (c) => c.dataset.polarity ?? null);
  assert.equal(await polarity('customer_churn_rate'), 'inverse');
  assert.equal(await polarity('mrr'), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the bridge bars add up to the change of MRR, and net new MRR is the line', async () => {
  const page = await openRevenue();
  const chart = await page.$eval('#revenue [data-chart="bridge"]', (el) => el.chart);
  const mrr = ref.mrr.y;
  assert.deepEqual(chart.periods, ref.mrr.periods);
  assert.ok(mrr.length > 6);
  for (let i = 0; i < mrr.length; i++) {
    const change = mrr[i] - (i ? mrr[i - 1] : 0);
    const bars = chart.up[i] + chart.down[i]; // down is the bottom of the stack below zero
    assert.ok(Math.abs(bars - change) < 1e-6, `${chart.periods[i]}: bars ${bars} vs MRR change ${change}`);
    assert.ok(Math.abs(chart.series.net_new_mrr[i] - change) < 1e-6, `${chart.periods[i]}: net new MRR`);
    assert.ok(chart.down[i] <= 0 && chart.up[i] >= 0);
  }
  for (const m of ['new_mrr', 'expansion_mrr', 'reactivation_mrr', 'contraction_mrr', 'churned_mrr'])
    assert.deepEqual(chart.series[m], ref[m].y, `${m}: the bridge's own values`);
  // hover shows each movement's own value in the legend
  const box = await page.$eval('#revenue [data-chart="bridge"] .u-over', (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
  await page.mouse.move(box[0] + box[2] * 0.5, box[1] + box[3] * 0.5);
  const legend = await page.$$eval('#revenue [data-chart="bridge"] .u-legend .u-series', (rows) => rows.map((r) => r.textContent));
  assert.equal(legend.length, 7, 'month + five movements + net new MRR');
  assert.ok(legend.every((l) => !/—$/.test(l)), legend.join(' | '));
  for (const id of ['plans', 'churn', 'retention', 'ltv', 'efficiency', 'trials'])
    await page.waitForSelector(`#revenue [data-chart="${id}"] canvas`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the cohort heatmap is the cohorts op as percentages, starting at 100%', async () => {
  const page = await openRevenue();
  const rows = await page.$$eval('#revenue .heat-table tbody tr', (trs) => trs.map((tr) => ({
    cohort: tr.dataset.cohort,
    cells: Array.from(tr.querySelectorAll('td.heat'), (td) => (td.dataset.value === undefined ? null : Number(td.dataset.value))),
    first: tr.querySelector('td.heat').textContent,
  })));
  const c = ref.cohorts;
  assert.deepEqual(rows.map((r) => r.cohort), c.periods);
  assert.equal(rows[0].first, '100%');
  assert.equal(rows[0].cells[0], 1);
  rows.forEach((r, q) => assert.deepEqual(r.cells, c.retention[q], r.cohort));
  assert.equal(rows.at(-1).cells.length, 1, 'a triangle: the last cohort has one cell');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every number explains itself: definition and the settings in force', async () => {
  const page = await openRevenue();
  await page.hover('#revenue [data-metric="customer_churn_rate"] .kpi-value');
  const pop = page.locator('#revenue [data-metric="customer_churn_rate"] .explain-pop');
  await pop.waitFor({ state: 'visible' });
  const text = await pop.textContent();
  assert.match(text, /Customers who churned in the period/);
  assert.match(text, /Churn rate denominator\s*Paying customers at the start/);
  assert.match(text, /MRR movements\s*Period end against period end/);
  assert.match(text, /Healthy: under 5%/);
  // keyboard: the (i) button opens it too
  await page.mouse.move(0, 0);
  await page.focus('#revenue [data-card="bridge"] .explain-btn');
  assert.match(await page.locator('#revenue [data-card="bridge"] .explain-pop').textContent(), /New MRR.*Churned MRR/s);
  assert.ok(await page.locator('#revenue [data-card="bridge"] .explain-pop').isVisible());
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('changing settings recomputes the numbers; a refused value shows the engine reason', async () => {
  const page = await openRevenue();
  await page.click('#revenue-settings summary');
  const mrr0 = (await card(page, 'mrr')).value;
  const churn0 = (await card(page, 'customer_churn_rate')).value;
  await page.selectOption('#setting-churn_at', 'canceled');
  await waitChange(page, 'customer_churn_rate', churn0);
  assert.notEqual((await card(page, 'customer_churn_rate')).value, churn0);
  assert.match(await page.textContent('#revenue-settings summary'), /1 changed/);
  await page.hover('#revenue [data-metric="mrr"] .kpi-value');
  assert.match(await page.locator('#revenue [data-metric="mrr"] .explain-pop').textContent(), /Churn at\s*Cancellation/);
  const mrr1 = Number((await card(page, 'mrr')).value);
  assert.ok(mrr1 <= Number(mrr0), 'cancelled subscriptions stop counting earlier');

  // reporting currency EUR at 0.9 per USD: every amount × 0.9, shown in euros
  await page.fill('#setting-rates', 'USD=0.9');
  await page.press('#setting-rates', 'Enter');
  await page.waitForFunction(() => document.querySelector('#revenue-settings summary').textContent.includes('2'));
  await page.fill('#setting-currency', 'eur');
  await page.press('#setting-currency', 'Enter');
  await waitChange(page, 'mrr', String(mrr1));
  const eur = await card(page, 'mrr');
  assert.ok(Math.abs(Number(eur.value) / mrr1 - 0.9) < 1e-4, `${eur.value} vs 0.9 × ${mrr1}`);
  assert.match(eur.display, /€/);
  assert.equal(await page.inputValue('#setting-currency'), 'EUR');

  await page.fill('#setting-gross_margin', '1.5');
  await page.press('#setting-gross_margin', 'Enter');
  const error = page.locator('[data-setting="gross_margin"] .setting-error');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /gross_margin|margin/i);
  assert.equal(await page.getAttribute('#setting-gross_margin', 'aria-invalid'), 'true');

  await page.click('#revenue-settings .settings-foot .btn');
  await page.waitForFunction(() => /all defaults/.test(document.querySelector('#revenue-settings summary').textContent));
  await waitChange(page, 'mrr', eur.value);
  assert.equal((await card(page, 'mrr')).value, mrr0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the view is kept in the URL, reachable by keyboard, and translated', async () => {
  const page = await openRevenue(undefined, '#demo');
  assert.equal(await page.getAttribute('body', 'data-view'), 'overview');
  await page.focus('#tab-overview');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#revenue [data-chart="bridge"] canvas');
  assert.equal(await page.getAttribute('body', 'data-view'), 'revenue');
  assert.match(await page.evaluate(() => location.hash), /view=revenue/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-revenue');
  await page.waitForTimeout(300);
  await page.screenshot({ path: shotPath('revenue.png'), fullPage: true });

  await page.selectOption('#lang-select', 'zh-CN');
  assert.equal(await page.textContent('#tab-revenue'), '收入');
  assert.equal((await card(page, 'mrr')).label, '月经常性收入');
  assert.equal(await page.textContent('#revenue [data-card="bridge"] .card-title'), 'MRR 变动');
  assert.equal(await page.textContent('#revenue .heat-table thead tr:last-child th'), '同期群');
  assert.match(await page.textContent('#revenue-settings summary'), /指标设置/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: shotPath('revenue-zh.png'), fullPage: true });

  await page.reload();
  await page.waitForSelector('#revenue [data-chart="bridge"] canvas', { timeout: 30000 });
  assert.equal(await page.getAttribute('body', 'data-view'), 'revenue', 'a reload keeps the view');
  await page.selectOption('#lang-select', 'en');
  await page.click('#tab-overview');
  assert.equal(await page.evaluate(() => location.hash), '#demo');
  assert.ok(await page.isVisible('#kpis'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('at 800 wide nothing scrolls sideways', async () => {
  const page = await openRevenue({ width: 800, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: shotPath('revenue-800.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without subscriptions the view says what to drop in; without CAC data it says so', async () => {
  const page = await openRevenue(undefined, '#view=revenue');
  assert.ok(await page.isVisible('#revenue .revenue-empty'));
  assert.match(await page.textContent('#revenue .revenue-empty'), /subscriptions export/);
  assert.equal(await page.$$eval('#revenue canvas', (c) => c.length), 0);
  assert.ok(!(await page.isVisible('#revenue .commerce')));

  await page.setInputFiles('#file-input', [join(DATA, 'subscriptions_small.csv')]);
  await page.waitForSelector('#revenue [data-chart="bridge"] canvas', { timeout: 20000 });
  assert.ok(!(await page.isVisible('#revenue .revenue-empty')));
  const cac = await card(page, 'cac');
  assert.equal(cac.value, undefined);
  assert.match(cac.hint, /marketing spend/);
  assert.match(await page.textContent('#revenue [data-chart="efficiency"]'), /No acquisition cost data/);
  assert.equal(await page.$$eval('#revenue [data-chart="efficiency"] canvas', (c) => c.length), 0);
  assert.ok(await page.isVisible('#revenue [data-card="ltv"] .chart-note'));
  assert.ok(!(await page.isVisible('#revenue .commerce')), 'no payments dataset: no commerce section');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
