// sql-console.test.mjs: the SQL console's engine ops in Node (ws.sqlSchema,
// the place of a ws.sql error) on a small demo, and its page parts without a
// page: the history, the chart's data, byte offsets as string indexes, the
// token marked, sorting and quoting names.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, loadEngine } from './helpers.mjs';

const web = (f) => import(join(ROOT, 'web', f));
let ws = null;

async function demo() {
  if (ws) return ws;
  const engine = await loadEngine();
  ws = engine.newWorkspace();
  ws.genDemo({ seed: 7, users: 600, days: 120 });
  return ws;
}
after(() => ws && ws.free());

function sqlError(w, query) {
  try {
    w.sql({ query });
  } catch (err) {
    return err;
  }
  assert.fail(`${query} ran`);
}

test('sqlSchema lists every dataset with the rows info says and columns SQL reads', async () => {
  const w = await demo();
  const { tables } = w.sqlSchema();
  const info = w.info();
  assert.equal(tables.length, info.datasets.length);
  tables.forEach((tb, i) => {
    assert.equal(tb.dataset, i);
    assert.equal(tb.rows, info.datasets[i].rows);
    assert.equal(tb.kind, info.datasets[i].kind);
    // the demo's files are named by their kinds but campaigns (marketing_spend)
    assert.equal(tb.alias, tb.name === tb.kind ? null : tb.kind);
    if (tb.alias) assert.equal(w.sql({ query: `SELECT COUNT(*) FROM ${tb.alias}` }).rows[0][0], tb.rows);
    assert.equal(tb.columns.length, info.datasets[i].columns.length);
    const r = w.sql({ query: `SELECT COUNT(*) FROM "${tb.name}"` });
    assert.equal(r.rows[0][0], tb.rows, tb.name);
    // each column reads with its declared type (or null)
    const names = tb.columns.map((c) => `typeof("${c.name.replace(/"/g, '""')}")`).join(', ');
    const seen = w.sql({ query: `SELECT ${names} FROM "${tb.name}"`, max_rows: 50 });
    tb.columns.forEach((c, k) => {
      for (const row of seen.rows) assert.ok(row[k] === 'null' || row[k] === c.sql_type.toLowerCase(), `${tb.name}.${c.name}: ${row[k]}`);
    });
  });
  assert.equal(tables.find((tb) => tb.name === 'campaigns').alias, 'marketing_spend');
  const events = tables.find((tb) => tb.name === 'events');
  assert.deepEqual(events.columns.slice(0, 3).map((c) => [c.name, c.sql_type, c.type]),
    [['distinct_id', 'TEXT', 'string'], ['event', 'TEXT', 'string'], ['timestamp', 'TEXT', 'timestamp']]);
});

test('a failed sql carries offset, line and column; an error without a place has offset -1', async () => {
  const w = await demo();
  // "SELECT 1\nFROM events\nWHERE " is 9 + 12 + 6 = 27 bytes: nope at 27, line 3, column 7
  let err = sqlError(w, 'SELECT 1\nFROM events\nWHERE nope = 2');
  assert.equal(err.status, 'LS_EPARSE');
  assert.deepEqual([err.offset, err.line, err.column], [27, 3, 7]);
  err = sqlError(w, 'UPDATE events SET event = 1');
  assert.equal(err.status, 'LS_EINVAL');
  assert.deepEqual([err.offset, err.line, err.column], [0, 1, 1]);
  err = sqlError(w, 'SELECT zeroblob(1000001)');
  assert.deepEqual([err.offset, err.line, err.column], [-1, 0, 0]);
  assert.equal(w.sql({ query: 'SELECT 1' }).rows[0][0], 1);
});

test('the history puts the newest first, once, and keeps 50', async () => {
  const { addHistory, loadHistory, saveHistory, HISTORY_KEY, MAX } = await web('sql-history.js');
  let h = [];
  h = addHistory(h, 'SELECT 1', { at: 1 });
  h = addHistory(h, ' SELECT 2 ', { at: 2, ok: false });
  h = addHistory(h, 'SELECT 1', { at: 3 });
  h = addHistory(h, '   ', { at: 4 });
  assert.deepEqual(h, [{ query: 'SELECT 1', at: 3, ok: true }, { query: 'SELECT 2', at: 2, ok: false }]);
  for (let i = 0; i < 60; i++) h = addHistory(h, `SELECT ${i + 10}`, { at: 10 + i });
  assert.equal(h.length, MAX);
  assert.equal(h[0].query, 'SELECT 69');
  assert.equal(h[MAX - 1].query, 'SELECT 20');
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  assert.ok(saveHistory(storage, h));
  assert.deepEqual(loadHistory(storage), h);
  store.set(HISTORY_KEY, '{not json');
  assert.deepEqual(loadHistory(storage), []);
  assert.equal(saveHistory({ setItem() { throw new Error('quota'); } }, h), false);
});

test('byte offsets become string indexes and the token at the place is marked', async () => {
  const { charIndex, errorLine, tokenLength } = await web('sql-editor.js');
  const q = "SELECT '客户', nope\nFROM x";
  // "SELECT '" 8 bytes, 客户 6, "', " 3: byte 17 is string index 8 + 2 + 3 = 13
  assert.equal(charIndex(q, 17), 13);
  assert.equal(q.slice(13, 17), 'nope');
  assert.deepEqual(errorLine(q, 13), { before: "SELECT '客户', ", token: 'nope', after: '' });
  assert.deepEqual(errorLine(q, q.indexOf('x')), { before: 'FROM ', token: 'x', after: '' });
  assert.equal(charIndex('😀a', 4), 2); // a surrogate pair: 4 bytes, 2 code units
  assert.equal(tokenLength('"Customer ID" = 1'), 13);
  assert.equal(tokenLength('= 1'), 1);
  assert.equal(tokenLength(''), 0);
  assert.equal(tokenLength('名字, x'), 2);
});

test('cells sort nulls first, numbers before text, text by code units; names quote when they must', async () => {
  const { sortRows } = await web('sql-results.js');
  const rows = [['b', 2], [null, 10], ['B', 1], ['a', null], [3, 3]];
  assert.deepEqual(sortRows(rows, 0, 1).map((r) => r.index), [1, 4, 2, 3, 0]);
  assert.deepEqual(sortRows(rows, 1, -1).map((r) => r.index), [1, 4, 0, 2, 3]);
  const { sqlName } = await web('sql-schema.js');
  assert.equal(sqlName('events'), 'events');
  assert.equal(sqlName('Customer ID'), '"Customer ID"');
  assert.equal(sqlName('order'), '"order"');
  assert.equal(sqlName('a"b'), '"a""b"');
  assert.equal(sqlName('2026_sales'), '"2026_sales"');
});

test('the chart takes the first column as x: dates as time, numbers as numbers, else categories', async () => {
  const { chartData, dateSeconds, MAX_SERIES } = await web('sql-chart-data.js');
  const cols = (...names) => names.map((name) => ({ name }));
  // dates out of order are drawn in time order; 2026-03-01 is 20513 days after 1970-01-01
  let d = chartData({ columns: cols('day', 'users', 'note'), rows: [['2026-03-02', 5, 'x'], ['2026-03-01', 3, 'y']] });
  assert.equal(d.kind, 'time');
  assert.deepEqual(d.x, [20513 * 86400, 20514 * 86400]);
  assert.deepEqual(d.labels, ['2026-03-01', '2026-03-02']);
  assert.deepEqual(d.series, [{ name: 'users', y: [3, 5] }]); // note is text: no series
  assert.equal(dateSeconds('2026-03'), 20513 * 86400);
  assert.equal(dateSeconds('2026-03-01 01:00:30'), 20513 * 86400 + 3630);
  assert.ok(Number.isNaN(dateSeconds('2026-13-01')));
  assert.ok(Number.isNaN(dateSeconds('Pro')));
  d = chartData({ columns: cols('plan', 'n', 'amount'), rows: [['Pro', 2, null], ['Basic', 7, 1.5]] });
  assert.equal(d.kind, 'category');
  assert.deepEqual(d.x, [0, 1]);
  assert.deepEqual(d.labels, ['Pro', 'Basic']);
  assert.deepEqual(d.series.map((s) => s.y), [[2, 7], [null, 1.5]]);
  d = chartData({ columns: cols('bucket', 'n'), rows: [[10, 1], [2, 4]] });
  assert.equal(d.kind, 'number');
  assert.deepEqual([d.x, d.series[0].y], [[2, 10], [4, 1]]);
  assert.equal(chartData({ columns: cols('a', 'b'), rows: [['x', 'y']] }), null);
  assert.equal(chartData({ columns: cols('a'), rows: [[1]] }), null);
  assert.equal(chartData({ columns: cols('a', 'b'), rows: [] }), null);
  const wide = chartData({ columns: cols(...'abcdefghijkl'), rows: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]] });
  assert.equal(wide.series.length, MAX_SERIES);
});
