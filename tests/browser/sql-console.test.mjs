// sql-console.test.mjs: the SQL view on the demo: COUNT(*) of events equals
// the rows the info op (and the schema browser) reports; a join of two
// datasets against the same join asked of a worker of the test's own; a
// syntax error with its line, column and offset marked; a write refused as
// read-only; the history kept across a reload; the quick chart drawn as
// lines and bars; sorting; a click in the schema inserting a name; zh-CN.
// Screenshots build/screenshots/sql-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, newPage, shotPath, workerOps } from './helpers.mjs';

const JOIN = 'SELECT c.country, COUNT(*) AS payments, SUM(p."Amount") AS amount\nFROM payments p\n' +
  'JOIN customers c ON c.customer_id = p."Customer ID"\nGROUP BY 1\nORDER BY 1';
let site, browser, info, joined;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  const page = await newPage(browser, site);
  await page.goto(site.url);
  [info, joined] = await workerOps(page, [['info', {}], ['sql', { query: JOIN }]]);
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(opts = {}) {
  const page = await newPage(browser, site, { width: 1280, height: 900, ...opts });
  await page.goto(`${site.url}#demo&view=sql`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  await page.waitForSelector('[data-testid=sql-schema] details[data-table=events]', { timeout: 60000 });
  return page;
}

async function runQuery(page, query, { keys = false } = {}) {
  await page.fill('[data-testid=sql-editor]', query);
  if (keys) await page.press('[data-testid=sql-editor]', 'Control+Enter');
  else await page.click('[data-testid=sql-run]');
  await page.waitForSelector('#sql:is([data-state=drawn], [data-state=error])', { timeout: 30000 });
  return page.$eval('#sql', (s) => s.dataset.state);
}

const cells = (page) => page.$$eval('[data-testid=sql-results] tbody tr[data-row]', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));

test('COUNT(*) of every demo table equals the rows info reports, shown in the schema too', async () => {
  const page = await open();
  const events = info.datasets.find((d) => d.kind === 'events');
  assert.ok(events.rows > 100000, `${events.rows} events`);
  assert.equal(await runQuery(page, 'SELECT COUNT(*) AS n FROM events', { keys: true }), 'drawn');
  assert.deepEqual(await cells(page), [[String(events.rows)]]);
  assert.equal(await page.$eval('[data-testid=sql-rowcount]', (e) => e.dataset.rows), '1');
  const shown = await page.$eval('[data-testid=sql-schema] details[data-table=events] .sql-table-rows', (e) => e.textContent);
  assert.equal(shown.replace(/\D/g, ''), String(events.rows));
  // every table the schema lists: its columns with their SQL types
  const tables = await page.$$eval('[data-testid=sql-schema] details[data-table]', (ds) => ds.map((d) => d.dataset.table));
  assert.deepEqual(tables.slice().sort(), info.datasets.map((d) => d.name.replace(/\.csv$/, '')).sort());
  await page.click('[data-testid=sql-schema] details[data-table=payments] summary');
  const cols = await page.$$eval('[data-testid=sql-schema] details[data-table=payments] .sql-columns li', (li) => li.map((l) => l.textContent));
  assert.ok(cols.includes('Amount INTEGER') || cols.includes('Amount REAL'), cols.join(' | '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a join of two datasets shows the rows the engine computes, sorts by a header and draws bars', async () => {
  const page = await open();
  assert.equal(await runQuery(page, JOIN), 'drawn');
  const want = joined.rows.map((r) => r.map(String));
  assert.ok(want.length >= 3, `${want.length} countries`);
  assert.deepEqual(await cells(page), want);
  // every payment belongs to a customer: the counts add up to the payments
  const payments = info.datasets.find((d) => d.kind === 'payments').rows;
  assert.equal(joined.rows.reduce((a, r) => a + r[1], 0), payments);
  // sort by payments, descending on the second click
  await page.click('[data-testid=sql-results] th:nth-child(2)');
  await page.click('[data-testid=sql-results] th:nth-child(2) button');
  assert.equal(await page.$eval('[data-testid=sql-results] th:nth-child(2)', (th) => th.getAttribute('aria-sort')), 'descending');
  const sorted = (await cells(page)).map((r) => Number(r[1]));
  assert.deepEqual(sorted, sorted.slice().sort((a, b) => b - a));
  // the chart: categories on x, two numeric series, as lines then bars
  await page.waitForSelector('[data-testid=sql-chart][data-state=drawn] canvas');
  assert.equal(await page.$eval('[data-testid=sql-chart]', (f) => f.dataset.series), '2');
  await page.click('[data-testid=sql-chart-type][data-type=bar]');
  await page.waitForSelector('[data-testid=sql-chart][data-type=bar] canvas');
  assert.equal(await page.$eval('[data-testid=sql-chart-type][data-type=bar]', (b) => b.getAttribute('aria-pressed')), 'true');
  const label = await page.$eval('[data-testid=sql-chart] [role=img]', (e) => e.getAttribute('aria-label'));
  assert.match(label, /Bar chart of payments, amount by country/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a daily query draws a time chart, and the CSV export holds its rows', async () => {
  const page = await open();
  await page.selectOption('[data-testid=sql-examples]', 'dau');
  assert.equal(await runQuery(page, await page.inputValue('[data-testid=sql-editor]')), 'drawn');
  const rows = await cells(page);
  assert.ok(rows.length > 300, `${rows.length} days`);
  assert.match(rows[0][0], /^\d{4}-\d{2}-\d{2}$/);
  await page.waitForSelector('[data-testid=sql-chart][data-state=drawn] canvas');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('.sql-result-card .export-tools button[data-export]'),
  ]);
  const text = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'day,users,events');
  assert.equal(lines.length, rows.length + 1);
  assert.equal(lines[1], rows[0].join(','));
  await page.screenshot({ path: shotPath('sql-en.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a syntax error shows its line and column and marks the place', async () => {
  const page = await open();
  // "SELECT event,\n" is 14 bytes, "  COUNT(*)\n" 11, "FROM events\n" 12: line 4 starts at
  // byte 37; "WHERE event = " is 14 more: the second "=" at 51, line 4, column 15
  assert.equal(await runQuery(page, "SELECT event,\n  COUNT(*)\nFROM events\nWHERE event = = 'signup'"), 'error');
  const err = await page.$eval('[data-testid=sql-error]', (e) => ({ ...e.dataset, text: e.textContent,
    mark: e.querySelector('mark')?.textContent }));
  assert.equal(err.offset, '51');
  assert.equal(err.line, '4');
  assert.equal(err.column, '15');
  assert.equal(err.mark, '=');
  assert.equal(err.readonly, 'false');
  assert.match(err.text, /near "=": syntax error/);
  assert.match(err.text, /Line 4, column 15/);
  // the editor selects the text the error points at
  const sel = await page.$eval('[data-testid=sql-editor]', (a) => [a.selectionStart, a.value.slice(a.selectionStart, a.selectionEnd)]);
  assert.deepEqual(sel, [51, '=']);
  // a place after Chinese text: the engine counts bytes, the column counts characters
  await runQuery(page, "SELECT '客户' AS 名字, nope FROM events");
  const cn = await page.$eval('[data-testid=sql-error]', (e) => ({ ...e.dataset, mark: e.querySelector('mark')?.textContent }));
  // "SELECT '" 8 bytes + 客户 6 + "' AS " 5 + 名字 6 + ", " 2 = 27 bytes; 8 + 2 + 5 + 2 + 2 = 19 characters
  assert.equal(cn.offset, '27');
  assert.equal(cn.column, '20');
  assert.equal(cn.mark, 'nope');
  await page.screenshot({ path: shotPath('sql-error.png') });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a write is refused and the page says the console is read-only', async () => {
  const page = await open();
  assert.equal(await runQuery(page, 'DELETE FROM events'), 'error');
  const err = await page.$eval('[data-testid=sql-error]', (e) => ({ ...e.dataset, text: e.textContent }));
  assert.equal(err.readonly, 'true');
  assert.equal(err.offset, '0');
  assert.match(err.text, /read-only: DELETE is not allowed/);
  assert.match(err.text, /only reads the datasets/);
  // nothing changed
  assert.equal(await runQuery(page, 'SELECT COUNT(*) FROM events'), 'drawn');
  assert.deepEqual(await cells(page), [[String(info.datasets.find((d) => d.kind === 'events').rows)]]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the history keeps the queries across a reload, newest first, and a click reloads one', async () => {
  const page = await open();
  await runQuery(page, 'SELECT 1 AS one');
  await runQuery(page, 'SELECT 2 AS two');
  await runQuery(page, 'SELEC 3');
  await page.reload();
  await page.waitForSelector('[data-testid=sql-schema] details[data-table=events]', { timeout: 60000 });
  const entries = await page.$$eval('[data-testid=sql-history] button[data-query]', (bs) => bs.map((b) => b.dataset.query));
  assert.deepEqual(entries.slice(0, 3), ['SELEC 3', 'SELECT 2 AS two', 'SELECT 1 AS one']);
  assert.equal(await page.inputValue('[data-testid=sql-editor]'), 'SELEC 3'); // the latest comes back
  await page.click('[data-testid=sql-history] button[data-query="SELECT 1 AS one"]');
  assert.equal(await page.inputValue('[data-testid=sql-editor]'), 'SELECT 1 AS one');
  await page.click('[data-testid=sql-history-clear]');
  assert.equal(await page.$$eval('[data-testid=sql-history] button[data-query]', (bs) => bs.length), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a click on a column inserts its name, quoted, at the cursor; Tab indents', async () => {
  const page = await open();
  await page.fill('[data-testid=sql-editor]', 'SELECT  FROM payments');
  await page.$eval('[data-testid=sql-editor]', (a) => a.setSelectionRange(7, 7));
  await page.click('[data-testid=sql-schema] details[data-table=payments] summary');
  await page.click('[data-testid=sql-schema] details[data-table=payments] button[data-column="Customer ID"]');
  assert.equal(await page.inputValue('[data-testid=sql-editor]'), 'SELECT "Customer ID" FROM payments');
  await page.focus('[data-testid=sql-editor]');
  await page.$eval('[data-testid=sql-editor]', (a) => a.setSelectionRange(0, 0));
  await page.keyboard.press('Tab');
  assert.equal(await page.inputValue('[data-testid=sql-editor]'), '  SELECT "Customer ID" FROM payments');
  assert.equal(await runQuery(page, await page.inputValue('[data-testid=sql-editor]') + ' LIMIT 2'), 'drawn');
  assert.equal((await cells(page)).length, 2);
  await page.context().close();
});

test('zh-CN: the view speaks Chinese', async () => {
  const page = await open({ locale: 'zh-CN' });
  await page.selectOption('[data-testid=sql-examples]', 'revenue');
  await runQuery(page, await page.inputValue('[data-testid=sql-editor]'));
  assert.equal(await page.$eval('#sql .view-title', (e) => e.textContent), 'SQL 控制台');
  assert.equal(await page.$eval('[data-testid=sql-run]', (e) => e.textContent), '运行');
  await page.waitForSelector('[data-testid=sql-chart][data-state=drawn] canvas');
  await page.screenshot({ path: shotPath('sql-zh-CN.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
