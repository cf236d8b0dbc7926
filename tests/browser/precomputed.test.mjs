// precomputed.test.mjs: the CLI's outputs for a demo workspace, loaded alone
// into the page as precomputed datasets (docs/precomputed.md), fill Overview,
// Revenue, Users, Retention and Funnels with the same numbers the CLI printed;
// the data view lists them with their kinds; the mapping panel's "Export
// mapping for warehouse SQL" downloads the mapping of the loaded datasets.
// Screenshots: build/screenshots/precomputed-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, cliNumber, kpi, newPage, shotPath, useSite, DATA } from './helpers.mjs';

const env = useSite();
const METRICS = ['mrr', 'arr', 'customers', 'new_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr',
  'reactivation_mrr', 'net_new_mrr', 'arpa', 'customer_churn_rate', 'nrr', 'gmv', 'orders', 'dau', 'wau', 'mau',
  'new_users', 'active_users'];
const STEPS = ['signup', 'resume_scan', 'upgrade'];
let dir;
let files = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lodestar-precomputed-'));
  const raw = join(dir, 'raw');
  await cli('gen', '--seed', '7', '--users', '2000', '--days', '200', '--out', raw);
  const demo = ['customers', 'subscriptions', 'events', 'payments', 'campaigns', 'reviews'].map((n) => join(raw, `${n}.csv`));
  const write = async (name, ...args) => {
    const path = join(dir, name);
    writeFileSync(path, await cli(...args, ...demo));
    files.push(path);
  };
  for (const m of METRICS) await write(`${m}.csv`, 'metric', m, '--format', 'csv');
  await write('retention.csv', 'retention', '--period', 'month');
  await write('lifecycle.csv', 'lifecycle', '--period', 'month');
  await write('funnel.csv', 'funnel', '--steps', STEPS.join(','));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open() {
  const page = await newPage(env.browser, env.site, { width: 1280, height: 900 });
  await page.goto(env.site.url);
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  return page;
}

async function upload(page, paths) {
  await page.setInputFiles('#file-input', paths);
  await page.waitForFunction((n) => document.body.dataset.state !== 'loading' && !document.querySelector('.progress-item')
    && document.querySelectorAll('#datasets tbody tr').length === n, paths.length, { timeout: 30000 });
}

const csvRows = (name) => readFileSync(join(dir, name), 'utf8').trim().split('\n').map((l) => l.split(','));
const lastOf = (name) => {
  const rows = csvRows(name);
  const [period, value] = rows.at(-1);
  return { period, value: cliNumber(value) };
};

async function show(page, view, ready) {
  await page.click(`#tab-${view}`);
  await page.waitForSelector(`body[data-view=${view}]`);
  await page.waitForSelector(ready, { timeout: 30000 });
  await page.waitForTimeout(300); // the charts settle
  await page.screenshot({ path: shotPath(`precomputed-${view}.png`), fullPage: true });
}

test('the CLI outputs alone draw the views with the numbers the CLI printed', async () => {
  const page = await open();
  await upload(page, files);

  // the data view's list: every file with its precomputed kind
  const kinds = await page.$$eval('#datasets tbody tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.cells[0].textContent, tr.dataset.kind])));
  assert.equal(kinds['mrr.csv'], 'metric_values');
  assert.equal(kinds['lifecycle.csv'], 'metric_values');
  assert.equal(kinds['retention.csv'], 'retention_matrix');
  assert.equal(kinds['funnel.csv'], 'funnel_steps');
  assert.equal(Object.keys(kinds).length, files.length, 'one dataset per file: period,value files are not appended');
  const label = await page.$eval('#datasets tbody tr[data-kind=retention_matrix] .badge', (b) => b.textContent);
  assert.equal(label, 'Precomputed retention');

  // Overview: MRR's KPI is the last month of mrr.csv
  await page.waitForSelector('[data-metric="mrr"][data-value]', { timeout: 30000 });
  const want = lastOf('mrr.csv');
  const mrr = await kpi(page, 'mrr');
  assert.equal(Number(mrr.value), want.value, `page ${mrr.value} vs mrr.csv ${want.value}`);
  assert.equal(mrr.period, want.period);
  const dau = await kpi(page, 'dau');
  assert.equal(Number(dau.value), lastOf('dau.csv').value);
  await page.screenshot({ path: shotPath('precomputed-overview.png'), fullPage: true });

  // Revenue: its MRR card and bridge from the loaded movements
  await show(page, 'revenue', '#revenue [data-chart="bridge"] canvas');
  const card = await page.$eval('#revenue [data-metric="mrr"]', (el) => el.dataset.value);
  assert.equal(Number(card), want.value);
  const nrr = await page.$eval('#revenue [data-metric="nrr"]', (el) => el.dataset.value);
  assert.equal(Number(nrr), lastOf('nrr.csv').value);

  // Users: the lifecycle chart is the loaded table
  await show(page, 'users', '#users [data-metric="dau"][data-value]');

  // Retention: the heatmap is the loaded matrix, its period the matrix's
  await show(page, 'retention', '#retention canvas.heatmap-canvas');
  const heat = await page.$eval('#retention [data-chart="heatmap"]', (el) => {
    const { grain, cohorts, size, counts } = el.heatmap;
    return { grain, cohorts, size: Array.from(size), counts: counts.map((r) => Array.from(r)) };
  });
  const matrix = csvRows('retention.csv').slice(1);
  assert.equal(heat.grain, 'month');
  assert.deepEqual(heat.cohorts, matrix.map((r) => r[0]));
  assert.deepEqual(heat.size, matrix.map((r) => Number(r[1])));
  assert.equal(heat.counts[0][1], Number(matrix[0][3]), 'cohort 1, one month after');

  // Funnels: the loaded funnel's steps and users
  await show(page, 'funnels', '#funnels .funnel-table tbody tr');
  const users = await page.$$eval('#funnels .funnel-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
  const steps = csvRows('funnel.csv').slice(1);
  assert.equal(users.length, steps.length);
  for (let k = 0; k < steps.length; k++) assert.match(users[k], new RegExp(steps[k][1]));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Export mapping for warehouse SQL downloads the mapping of the loaded datasets', async () => {
  const page = await open();
  await upload(page, [join(DATA, 'subscriptions_small.csv'), join(DATA, 'events_small.csv')]);
  await page.click('#tab-data');
  await page.waitForSelector('body[data-view=data]');
  await page.click('#datasets tbody tr[data-kind=subscriptions] [data-show]');
  await page.waitForSelector('.mapping [data-action=export-mapping]');
  const button = await page.textContent('.mapping [data-action=export-mapping]');
  assert.equal(button.trim(), 'Export mapping for warehouse SQL');
  await page.screenshot({ path: shotPath('precomputed-mapping.png'), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.mapping [data-action=export-mapping]')]);
  assert.equal(download.suggestedFilename(), 'lodestar-mapping.json');
  const mapping = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(mapping.lodestar_mapping, 1);
  const subs = mapping.tables.subscriptions;
  const events = mapping.tables.events;
  assert.ok(subs && events, 'a table per kind loaded');
  assert.equal(typeof subs.columns.customer_id, 'string');
  assert.equal(typeof subs.columns.amount, 'string');
  assert.equal(typeof events.columns.user_id, 'string');
  assert.equal(typeof events.columns.timestamp, 'string');
  // the same file `lodestar mapping` prints for the same files
  const fromCli = JSON.parse(await cli('mapping', join(DATA, 'subscriptions_small.csv'), join(DATA, 'events_small.csv')));
  assert.deepEqual(mapping.tables.subscriptions.columns, fromCli.tables.subscriptions.columns);
  assert.deepEqual(mapping.tables.events.columns, fromCli.tables.events.columns);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
