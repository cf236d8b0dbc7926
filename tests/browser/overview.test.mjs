// overview.test.mjs: the Overview on the demo (its parts on the first screen
// of a 1280x900 laptop: health, KPIs, the MRR bridge with the engine's
// numbers, active users, the latest incidents linking to Alerts, the top
// insights; the datasets list on the Data tab only), back and forward through
// the views by the URL fragment, the glossary drawer (every catalog metric
// with a formula, search, focus kept inside, Esc, the (i) popover's link),
// the Reports view's preview and its period, and the landing guide of an
// empty page. Screenshots in build/screenshots/overview-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, newPage, shotPath, cli } from './helpers.mjs';
import { workerOps, openView } from './product-helpers.mjs';

const T = { timeout: 60000 };
const BRIDGE = ['new_mrr', 'expansion_mrr', 'reactivation_mrr', 'contraction_mrr', 'churned_mrr', 'net_new_mrr'];
let site, browser, ref, catalog;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  const page = await newPage(browser, site);
  await page.goto(site.url);
  ref = await workerOps(page, [['monitor', {}], ['insights', { grain: 'week' }], ...BRIDGE.map((metric) => ['metric', { metric, grain: 'month' }])]);
  await page.context().close();
  catalog = (await cli('metrics')).trim().split('\n').map((l) => l.split(/\s+/)[0]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/* A laptop-sized page on hash once ready is drawn. */
const open = (hash, ready, opts) => openView(browser, site, hash, ready, { width: 1280, height: 900, ...opts });

const OVERVIEW_READY = '[data-overview=bridge] [data-chart=bridge][data-series]';

test('the Overview shows health, KPIs, the MRR bridge, active users, incidents and insights on the first screen', async () => {
  const page = await open('#demo', OVERVIEW_READY);
  await page.waitForSelector('[data-overview=insights] li[data-insight]', T);
  await page.waitForSelector('#health[data-state=drawn]', T);
  // each part starts within the first 900 pixels, side by side with no page scroll
  const tops = await page.evaluate(() => Object.fromEntries(Object.entries({
    health: '#health', kpis: '#kpis', bridge: '[data-overview=bridge]', active: '#chart-active',
    incidents: '[data-overview=incidents] li[data-incident]', insights: '[data-overview=insights] li[data-insight]',
  }).map(([k, sel]) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return [k, { top: Math.round(r.top), height: Math.round(r.height) }];
  })));
  for (const [k, r] of Object.entries(tops)) {
    assert.ok(r.height > 0 && r.top >= 0 && r.top < 900 - 20, `${k} on the first screen: ${JSON.stringify(r)}`);
  }
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'nothing wider than the page');

  // the bridge draws the engine's own month series (the revenue view's chart)
  const drawn = await page.$eval('[data-overview=bridge] [data-chart=bridge]', (el) => el.chart);
  const results = ref.slice(2);
  assert.deepEqual(drawn.periods, results[0].periods);
  BRIDGE.forEach((m, i) => assert.deepEqual(drawn.series[m].map((v) => (v == null ? NaN : v)), results[i].y, m));

  // the latest incident of each rule, as the run has them
  const inc = await page.$$eval('[data-overview=incidents] li[data-incident]', (ls) => ls.map((l) => l.dataset.incident));
  const rules = [...new Set(ref[0].incidents.map((x) => x.rule))];
  assert.ok(inc.length >= 1 && inc.length <= 3, `a few incidents: ${inc}`);
  assert.equal(new Set(inc).size, inc.length, 'one per rule');
  for (const r of inc) assert.ok(rules.includes(r), r);
  // the top movers of the insights op, in its order
  const ins = await page.$$eval('[data-overview=insights] li[data-insight]', (ls) => ls.map((l) => l.dataset.insight));
  assert.deepEqual(ins, ref[1].movers.slice(0, 3).map((m) => m.metric));

  // the datasets list and the Data section are on the Data tab, not here
  assert.equal(await page.isVisible('#datasets'), false);
  assert.equal(await page.isVisible('#data'), false);
  await page.click('#tab-data');
  await page.waitForSelector('#datasets tbody tr', { state: 'visible' });
  assert.equal(await page.isVisible('#data'), true);
  assert.equal(await page.isVisible('[data-overview=bridge]'), false);
  await page.click('#tab-overview');
  await page.waitForSelector(OVERVIEW_READY, T);
  await page.waitForTimeout(400);
  await page.screenshot({ path: shotPath('overview-en.png') });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an incident links to Alerts; Back and Forward go through the views by the URL fragment', async () => {
  const page = await open('#demo', '[data-overview=incidents] li[data-incident] a');
  await page.click('[data-overview=incidents] li[data-incident] a');
  await page.waitForSelector('body[data-view=alerts]');
  assert.match(page.url(), /#demo&view=alerts/);
  await page.waitForSelector('#alerts [data-alerts=incidents]', { state: 'visible' });
  await page.click('#tab-revenue');
  await page.waitForSelector('body[data-view=revenue]');
  assert.match(page.url(), /view=revenue/);
  await page.goBack();
  await page.waitForSelector('body[data-view=alerts]');
  assert.equal(await page.getAttribute('#tab-alerts', 'aria-selected'), 'true');
  await page.goBack();
  await page.waitForSelector('body[data-view=overview]');
  assert.doesNotMatch(page.url(), /view=/);
  await page.goForward();
  await page.waitForSelector('body[data-view=alerts]');
  await page.goForward();
  await page.waitForSelector('body[data-view=revenue]');
  assert.match(page.url(), /#demo&view=revenue/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the glossary lists every catalog metric with a definition and formula, searches, keeps focus, closes on Esc', async () => {
  const page = await open('#demo', '#kpis [data-metric=mrr][data-value]');
  const button = page.locator('[data-testid=glossary]');
  await button.click();
  const dialog = page.locator('[role=dialog][data-glossary=drawer]');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  const entries = await page.$$eval('[data-glossary=drawer] article[data-metric]', (as) => as.map((a) => ({
    metric: a.dataset.metric, family: a.closest('[data-family]').dataset.family,
    def: a.querySelector('.glossary-def')?.textContent || '', formula: a.querySelector('.glossary-formula code')?.textContent || '' })));
  assert.deepEqual(entries.map((e) => e.metric).sort(), [...catalog].sort(), 'every metric of the catalog, once');
  for (const e of entries) assert.ok(e.def.length > 10 && e.formula.length > 2, `${e.metric} has a definition and a formula`);
  assert.equal(entries.find((e) => e.metric === 'mrr').family, 'subscriptions');
  assert.equal(entries.find((e) => e.metric === 'gmv').family, 'payments');
  assert.equal(entries.find((e) => e.metric === 'dau').family, 'events');
  // the settings a metric reads, with their current values
  const churn = page.locator('[data-glossary=drawer] article[data-metric=customer_churn_rate] dt[data-setting]');
  assert.ok(await churn.count() >= 1);
  // search: every word must match
  await page.fill('[data-glossary=search]', 'churn rate');
  const shown = await page.$$eval('[data-glossary=drawer] article[data-metric]:not([hidden])', (as) => as.map((a) => a.dataset.metric));
  assert.ok(shown.includes('customer_churn_rate') && shown.includes('gross_mrr_churn_rate') && !shown.includes('dau'), shown.join());
  // focus stays inside: Tab from the last control goes round to the first
  const inside = () => page.evaluate(() => !!document.activeElement.closest('[data-glossary=drawer]'));
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    assert.equal(await inside(), true, `Tab ${i + 1} stays in the drawer`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.equal(await inside(), true);
  await page.screenshot({ path: shotPath('overview-glossary-en.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'glossary', 'focus back on the button');

  // a KPI card's (i) popover: its Glossary link opens the drawer at that metric
  await page.focus('#kpis [data-metric=arr] .explain-btn');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.glossary), 'arr');
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.metric), 'arr');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // in Chinese: the family titles and formulas follow the page
  await page.selectOption('#lang-select', 'zh-CN');
  await button.click();
  await dialog.waitFor({ state: 'visible' });
  assert.match(await page.textContent('[data-family=subscriptions] .glossary-family-title'), /收入/);
  assert.match(await page.textContent('article[data-metric=mrr] .glossary-formula'), /期末/);
  await page.screenshot({ path: shotPath('overview-glossary-zh-CN.png') });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Reports view previews the report in a sandboxed frame and follows the period and language', async () => {
  const page = await open('#demo&view=reports', '#reports [data-report=preview][data-state=drawn]');
  const frameEl = page.locator('#reports iframe[data-report=preview]');
  assert.equal(await frameEl.getAttribute('sandbox'), '', 'no scripts, an opaque origin');
  assert.equal(await frameEl.getAttribute('data-period'), 'weekly');
  const frame = page.frameLocator('#reports iframe[data-report=preview]');
  assert.equal(await frame.locator('h1').textContent(), 'Weekly report');
  await page.selectOption('#reports [data-report=period]', 'monthly');
  await page.waitForSelector('#reports [data-report=preview][data-period=monthly][data-state=drawn]', T);
  assert.equal(await frame.locator('h1').textContent(), 'Monthly report');
  await page.screenshot({ path: shotPath('overview-reports-en.png') });
  await page.selectOption('#lang-select', 'zh-TW');
  await page.waitForSelector('#reports [data-report=preview][data-lang=zh-TW][data-state=drawn]', T);
  assert.equal(await frame.locator('h1').textContent(), '月報');
  assert.equal(await page.isVisible('#reports [data-report=print]'), true);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an empty page teaches which exports to drop and offers the demo', async () => {
  const page = await open('', '[data-empty=guide]:not([hidden])');
  const sources = await page.$$eval('[data-empty=guide] li[data-source]', (ls) => ls.map((l) => l.dataset.source));
  assert.deepEqual(sources, ['stripe', 'stripePayments', 'posthog', 'mixpanel', 'ga4', 'sqlite']);
  const text = await page.textContent('[data-empty=guide]');
  assert.match(text, /Billing → Subscriptions → Export/);
  assert.match(text, /BigQuery/);
  assert.match(text, /Unlocks: Overview, Revenue/);
  await page.screenshot({ path: shotPath('overview-empty-en.png') });
  // the views without their data say which export they need
  await page.click('#tab-reports');
  assert.match(await page.textContent('#reports .revenue-empty'), /subscriptions or events export/);
  for (const view of ['revenue', 'users', 'funnels', 'alerts']) { // each names its export and links to the guide
    await page.click(`#tab-${view}`);
    assert.match(await page.textContent(`#${view} .revenue-empty-title`), /export|data/);
    assert.equal(await page.isVisible(`#${view} [data-empty=where]`), true, view);
  }
  await page.click('#alerts [data-empty=where]');
  await page.waitForSelector('body[data-view=overview] [data-empty=guide]', { state: 'visible' });
  await page.click('[data-empty=demo]');
  await page.waitForSelector('#kpis [data-metric=mrr][data-value]', T);
  assert.equal(await page.isVisible('[data-empty=guide]'), false);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('screenshots: the Overview in Chinese', async () => {
  const page = await open('#demo', OVERVIEW_READY, { locale: 'zh-CN' });
  await page.waitForSelector('[data-overview=insights] li[data-insight]', T);
  await page.waitForTimeout(400);
  assert.match(await page.textContent('[data-overview=incidents] .card-title'), /最近事件/);
  await page.screenshot({ path: shotPath('overview-zh-CN.png') });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
