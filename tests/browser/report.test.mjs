// report.test.mjs: the weekly HTML report of the demo (the CLI's `report
// --format html`) opened in Chromium: its sections are there, it loads
// nothing from anywhere (no request at all, no script), its MRR is the CLI
// metric's, and it is photographed and printed to PDF for review
// (build/screenshots/report-weekly*.png, report-weekly.pdf).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, cli, shotPath } from './helpers.mjs';

const SECTIONS = ['kpis', 'bridge', 'plans', 'users', 'funnels', 'incidents', 'movers', 'recs'];
let browser, genDir, files;

before(async () => {
  genDir = await mkdtemp(join(tmpdir(), 'lodestar-report-'));
  await cli('gen', '--seed', '42', '--out', genDir);
  files = (await readdir(genDir)).filter((f) => f.endsWith('.csv')).sort().map((f) => join(genDir, f));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (genDir) await rm(genDir, { recursive: true, force: true });
});

/* A page showing html, with every request it makes recorded. */
async function open(html, width = 1000) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.requests = [];
  page.problems = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('pageerror', (e) => page.problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

test('the weekly demo report has its sections, loads nothing and shows the CLI MRR', async () => {
  const html = await cli('report', '--period', 'weekly', '--format', 'html', ...files);
  const page = await open(html);
  assert.equal(await page.locator('h1').textContent(), 'Weekly report');
  assert.equal(await page.locator('.period').textContent(), '2026-10-19 – 2026-10-25');
  for (const id of SECTIONS) assert.equal(await page.locator(`section#${id} h2`).count(), 1, `section ${id}`);
  assert.equal(await page.locator('script').count(), 0);
  assert.ok(await page.locator('#kpis svg.spark').count() >= 10, 'a sparkline per KPI');
  assert.equal(await page.locator('#bridge svg.bridge rect').count(), 6, 'six bridge bars');
  // the KPI's MRR is the CLI's weekly MRR of 2026-10-19, rounded to dollars
  const lines = (await cli('metric', 'mrr', '--grain', 'week', ...files)).trim().split('\n');
  const [period, value] = lines[lines.length - 1].split(',');
  assert.equal(period, '2026-10-19');
  const mrr = `$${Math.round(Number(value)).toLocaleString('en-US')}`;
  const row = page.locator('#kpis tbody tr').first();
  assert.equal(await row.locator('td').nth(1).textContent(), mrr);
  // the bars stay inside the chart
  const box = await page.locator('#bridge svg.bridge').boundingBox();
  for (const r of await page.locator('#bridge svg.bridge rect').all()) {
    const b = await r.boundingBox();
    assert.ok(b.x >= box.x - 0.5 && b.x + b.width <= box.x + box.width + 0.5, 'bar inside the chart');
  }
  await page.screenshot({ path: shotPath('report-weekly.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await writeFile(shotPath('report-weekly.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 6, `the PDF has ${pages} pages`);
  assert.deepEqual(page.requests.filter((u) => u !== 'about:blank'), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Chinese reports render their own words', async () => {
  for (const [lang, kpis] of [['zh-CN', '关键指标'], ['zh-TW', '關鍵指標']]) {
    const html = await cli('report', '--period', 'weekly', '--format', 'html', '--lang', lang, ...files);
    const page = await open(html, 800);
    assert.equal(await page.locator('#kpis h2').textContent(), kpis);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await page.screenshot({ path: shotPath(`report-weekly-${lang}.png`), fullPage: true });
    assert.deepEqual(page.requests.filter((u) => u !== 'about:blank'), []);
    await page.context().close();
  }
});
