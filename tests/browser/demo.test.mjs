// demo.test.mjs: the demo dashboard shows what the native CLI prints for the
// same seed, draws its charts, switches language, and is photographed for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, cli, cliLast, cliNumber, kpi, KPIS, shotPath } from './helpers.mjs';

let site, browser, genDir, expected;

before(async () => {
  genDir = await mkdtemp(join(tmpdir(), 'lodestar-demo-'));
  // The CLI's numbers are computed while the browser starts.
  const cliDone = (async () => {
    await cli('gen', '--seed', '42', '--out', genDir);
    const files = ['customers', 'subscriptions', 'events', 'payments'].map((n) => join(genDir, `${n}.csv`));
    const out = {};
    for (const m of KPIS) out[m] = await cliLast(m, files);
    return out;
  })();
  [site, browser, expected] = await Promise.all([startSite(), launchBrowser(), cliDone]);
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (genDir) await rm(genDir, { recursive: true, force: true });
});

async function openDemo(opts) {
  const page = await newPage(browser, site, opts);
  await page.goto(`${site.url}#demo`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  return page;
}

test('the demo KPIs equal the CLI numbers for seed 42', async () => {
  const page = await openDemo();
  for (const m of KPIS) {
    const card = await kpi(page, m);
    const want = expected[m];
    assert.ok(card.value !== undefined, `${m}: no data-value (hint: ${card.hint})`);
    const got = Number(card.value);
    const exp = cliNumber(want.value);
    assert.ok(Object.is(got, exp) || got === exp, `${m}: page ${card.value} vs CLI ${want.value}`);
    assert.equal(card.period, want.period, `${m}: period`);
    assert.notEqual(card.display, '—', `${m}: formatted display`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the demo draws both charts with a legend and lists six datasets', async () => {
  const page = await openDemo();
  for (const id of ['mrr', 'active_users']) {
    await page.waitForSelector(`[data-chart="${id}"] canvas`);
    const legend = await page.$$eval(`[data-chart="${id}"] .u-legend .u-series`, (rows) => rows.length);
    assert.ok(legend >= 2, `${id}: legend rows ${legend}`);
  }
  const series = await page.getAttribute('[data-chart="active_users"]', 'data-series');
  assert.equal(series, 'dau wau mau');
  const rows = await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.dataset.kind]));
  assert.deepEqual(rows.map((r) => r[1]).sort(), ['customers', 'events', 'marketing_spend', 'payments', 'reviews', 'subscriptions']);

  // Charts follow the window.
  const before = await page.$eval('[data-chart="mrr"] canvas', (c) => c.getBoundingClientRect().width);
  await page.setViewportSize({ width: 900, height: 800 });
  await page.waitForFunction((w) => {
    const c = document.querySelector('[data-chart="mrr"] canvas');
    return c && Math.abs(c.getBoundingClientRect().width - w) > 20;
  }, before);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(150);
  await page.screenshot({ path: shotPath('dashboard.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the language switch changes labels and is remembered', async () => {
  const page = await openDemo();
  assert.equal((await kpi(page, 'mrr')).label, 'MRR');
  const value = (await kpi(page, 'mrr')).value;
  await page.selectOption('#lang-select', 'zh-CN');
  assert.equal((await kpi(page, 'mrr')).label, '月经常性收入');
  assert.equal((await kpi(page, 'dau')).label, '日活跃用户');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal((await kpi(page, 'mrr')).value, value, 'the raw value does not depend on the language');
  await page.waitForSelector('[data-chart="mrr"] canvas');
  await page.waitForTimeout(150);
  await page.screenshot({ path: shotPath('dashboard-zh-CN.png'), fullPage: true });

  await page.reload();
  await page.waitForSelector('body[data-state=ready]');
  assert.equal((await kpi(page, 'mrr')).label, '月经常性收入');
  assert.equal(await page.$eval('#lang-select', (s) => s.value), 'zh-CN');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a Chinese browser starts in Chinese; a narrow screen stacks the dashboard', async () => {
  const page = await openDemo({ width: 390, height: 844, locale: 'zh-TW' });
  assert.equal((await kpi(page, 'customers')).label, '付費客戶');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.selectOption('#lang-select', 'en');
  await page.waitForTimeout(150);
  await page.screenshot({ path: shotPath('dashboard-narrow.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
