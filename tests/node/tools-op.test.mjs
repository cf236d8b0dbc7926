// tools-op.test.mjs: the assistant's ops of the wasm engine (ws.tools,
// ws.tool, ws.sql; the worker's ops of the same names) on the demo
// workspace: the definitions, every tool, SQL agreeing with the metric ops,
// and the refusals with their status names.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './helpers.mjs';

let engine = null;
let ws = null;

async function demo() {
  if (ws) return ws;
  engine = await loadEngine();
  ws = engine.newWorkspace();
  ws.genDemo({ seed: 7, users: 600, days: 120 });
  return ws;
}
after(() => ws && ws.free());

function throwsStatus(fn, status, pattern) {
  assert.throws(fn, (err) => {
    assert.equal(err.status, status, err.message);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

test('tools_should_list_six_definitions_with_schemas', async () => {
  const defs = (await demo()).tools();
  assert.deepEqual(defs.map((d) => d.name),
    ['list_datasets', 'list_metrics', 'get_metric', 'run_sql', 'explain_metric', 'make_chart']);
  for (const d of defs) {
    assert.ok(d.description.length > 80, d.name);
    assert.equal(d.input_schema.type, 'object');
  }
  assert.deepEqual(defs.find((d) => d.name === 'run_sql').input_schema.required, ['query']);
});

test('list_datasets_should_name_the_sql_tables_of_the_demo_without_rows', async () => {
  const r = (await demo()).tool({ name: 'list_datasets', args: {} });
  assert.equal(r.timezone, 'UTC');
  assert.match(r.through, /^\d{4}-\d{2}-\d{2}$/);
  const kinds = Object.fromEntries(r.datasets.map((d) => [d.kind, d]));
  for (const k of ['customers', 'subscriptions', 'events', 'payments']) assert.ok(kinds[k], k);
  const info = ws.info();
  for (const d of r.datasets) {
    const same = info.datasets.find((i) => i.name === d.name);
    assert.equal(d.rows, same.rows);
    assert.deepEqual(d.columns.map((c) => c.name), same.columns.map((c) => c.name));
    assert.match(d.sql_table, /^[A-Za-z_][A-Za-z0-9_]*$/);
    // the table holds the dataset's rows
    const n = ws.sql({ query: `SELECT COUNT(*) AS n FROM "${d.sql_table}"` });
    assert.deepEqual(n.rows, [[d.rows]]);
  }
  assert.ok(kinds.events.columns.some((c) => c.role === 'timestamp'));
});

test('get_metric_should_give_the_metric_ops_values_and_latest_change', async () => {
  await demo();
  const m = ws.metric({ metric: 'mrr', grain: 'month' });
  const r = ws.tool({ name: 'get_metric', args: { name: 'mrr', grain: 'month' } });
  assert.equal(r.metric, 'mrr');
  assert.equal(r.unit, 'currency');
  assert.deepEqual(r.periods, m.periods);
  assert.deepEqual(r.values, Array.from(m.y, (v) => (Number.isNaN(v) ? null : v)));
  const n = r.values.length;
  assert.equal(r.latest.period, r.periods[n - 1]);
  assert.equal(r.latest.value, r.values[n - 1]);
  assert.equal(r.latest.previous, r.values[n - 2]);
  assert.equal(r.latest.change, r.values[n - 1] - r.values[n - 2]);
  // by plan: the metric op's breakdown
  const b = ws.metric({ metric: 'mrr', grain: 'month', by: 'plan' });
  const rb = ws.tool({ name: 'get_metric', args: { name: 'mrr', grain: 'month', by: 'plan' } });
  assert.equal(rb.by, 'plan');
  for (const s of rb.segments) {
    const same = b.segments.find((x) => x.label === s.label);
    assert.deepEqual(s.values, Array.from(same.y, (v) => (Number.isNaN(v) ? null : v)), s.label);
  }
});

test('sql_should_count_dau_as_the_dau_metric_does', async () => {
  await demo();
  const m = ws.metric({ metric: 'dau', grain: 'day' });
  const r = ws.sql({ query: 'SELECT date(timestamp) AS day, COUNT(DISTINCT distinct_id) AS dau FROM events GROUP BY 1 ORDER BY 1' });
  assert.deepEqual(r.columns, [{ name: 'day', type: 'text' }, { name: 'dau', type: 'integer' }]);
  const byDay = new Map(r.rows);
  let compared = 0;
  m.periods.forEach((p, i) => {
    if (!byDay.has(p)) return assert.equal(m.y[i], 0, p);
    assert.equal(byDay.get(p), m.y[i], p);
    compared++;
  });
  assert.ok(compared > 100);
  // the tool gives the same result as the op
  const t = ws.tool({ name: 'run_sql', args: { query: r.query, max_rows: 5 } });
  assert.deepEqual(t.rows, r.rows.slice(0, 5));
  assert.equal(t.truncated, true);
});

test('sql_and_tool_should_refuse_with_status_names', async () => {
  await demo();
  throwsStatus(() => ws.sql({ query: 'DELETE FROM events' }), 'LS_EINVAL', /read-only/);
  throwsStatus(() => ws.sql({ query: 'SELECT 1; SELECT 2' }), 'LS_EINVAL', /one statement/);
  throwsStatus(() => ws.sql({ query: 'SELEC 1' }), 'LS_EPARSE', /^SQL: near "SELEC"/);
  throwsStatus(() => ws.sql({ query: 42 }), 'LS_EINVAL', /query/);
  throwsStatus(() => ws.sql({ query: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n',
    max_ms: 20 }), 'LS_ERANGE', /^SQL: stopped$/);
  throwsStatus(() => ws.tool({ name: 'nope', args: {} }), 'LS_ENOTFOUND', /no tool/);
  throwsStatus(() => ws.tool({ name: 'get_metric', args: { name: 'nope' } }), 'LS_ENOTFOUND', /get_metric/);
  throwsStatus(() => ws.tool({ name: 'get_metric', args: { name: 'mrr', grain: 'fortnight' } }), 'LS_EINVAL', /grain/);
  throwsStatus(() => ws.tool({ name: 'make_chart', args: { type: 'line', title: 't' } }), 'LS_EINVAL', /page/);
  throwsStatus(() => ws.tool({ name: 'run_sql', args: { query: 'SELECT 1', limit: 3 } }), 'LS_EINVAL', /limit/);
});

test('list_metrics_and_explain_metric_should_follow_the_catalog', async () => {
  await demo();
  const catalog = engine.catalog();
  const r = ws.tool({ name: 'list_metrics', args: null });
  assert.deepEqual(r.metrics.map((m) => m.name), catalog.map((m) => m.name));
  assert.equal(r.metrics.find((m) => m.name === 'mrr').available, true);
  const empty = engine.newWorkspace();
  try {
    const none = empty.tool({ name: 'list_metrics', args: {} });
    assert.ok(none.metrics.every((m) => m.available === false));
    assert.deepEqual(empty.tool({ name: 'list_datasets', args: {} }), { timezone: 'UTC', through: null, datasets: [] });
  } finally {
    empty.free();
  }
  const e = ws.tool({ name: 'explain_metric', args: { name: 'customer_churn_rate' } });
  assert.equal(e.unit, 'ratio');
  assert.deepEqual(e.settings.map((s) => s.name),
    ['weekly_factor', 'discounts', 'churn_at', 'movements', 'churn_denominator', 'currency', 'rates']);
  assert.equal(e.settings.find((s) => s.name === 'churn_denominator').value, 'start');
  // settings for one call only
  const plus = ws.tool({ name: 'get_metric', args: { name: 'customer_churn_rate', settings: { churn_denominator: 'start_plus_new' } } });
  const plain = ws.tool({ name: 'get_metric', args: { name: 'customer_churn_rate' } });
  assert.notDeepEqual(plus.values, plain.values);
  assert.equal(ws.settings().find((s) => s.name === 'churn_denominator').value, 'start');
});
