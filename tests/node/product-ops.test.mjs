// product-ops.test.mjs: the product ops of the wasm engine (ws.lifecycle,
// ws.activeDays, ws.retention, ws.values; the worker's ops of the same names)
// give what the CLI prints (`lodestar lifecycle`, `activedays`, `retention`)
// on a generated demo, with and without from/to and where; and refuse what
// they must refuse.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { cli, parseSeries, useDemo } from './helpers.mjs';

const gen = useDemo('product', { seed: 5, users: 800, days: 120 });
let ws = null;

/* The demo's CSVs loaded once, in the first test (after useDemo's hook). */
async function load() {
  if (ws) return;
  ws = gen.engine.newWorkspace();
  for (const f of gen.files) await ws.load(basename(f), readFileSync(f));
}
after(() => ws && ws.free());

/* The CLI's options for a spec's from, to and where. */
function cliArgs(spec) {
  const a = [];
  if (spec.from) a.push('--from', spec.from);
  if (spec.to) a.push('--to', spec.to);
  for (const w of spec.where || []) a.push('--where', `${w.column}=${w.value}`);
  return a;
}

const SCOPES = [
  {},
  { from: '2025-12-01', to: '2026-02-01' },
  { where: [{ column: 'plan', value: 'Pro' }] },
  { where: [{ column: 'country', value: 'GB' }] }, // a column of the customers, joined
];

test('lifecycle_should_give_the_counts_the_cli_prints_for_each_period_and_scope', async () => {
  await load();
  for (const period of ['day', 'week', 'month']) {
    for (const scope of SCOPES) {
      const r = ws.lifecycle({ period, ...scope });
      const rows = parseSeries(cli('lifecycle', '--period', period, ...cliArgs(scope), ...gen.files));
      assert.equal(r.grain, period);
      assert.ok(rows.length > 0, 'the demo has periods');
      assert.deepEqual(r.periods, rows.map((x) => x[0]), `${period} ${JSON.stringify(scope)} periods`);
      ['new', 'returning', 'resurrecting', 'dormant'].forEach((state, i) => {
        assert.deepEqual(r[state], rows.map((x) => Number(x[i + 1])), `${period} ${state} ${JSON.stringify(scope)}`);
      });
    }
  }
  const plain = ws.lifecycle({});
  assert.equal(plain.grain, 'week', 'week by default, as the CLI');
  const pro = ws.lifecycle({ where: [{ column: 'plan', value: 'Pro' }] });
  assert.ok(pro.new.reduce((a, b) => a + b) < plain.new.reduce((a, b) => a + b), 'where keeps fewer users');
});

test('active_days_should_give_the_users_per_day_count_the_cli_prints', async () => {
  await load();
  for (const period of ['week', 'month']) {
    for (const scope of SCOPES) {
      const r = ws.activeDays({ period, ...scope });
      const rows = parseSeries(cli('activedays', '--period', period, ...cliArgs(scope), ...gen.files));
      const flat = r.periods.flatMap((p, k) => r.days[k].map((n, d) => [p, String(d + 1), String(n)]));
      assert.deepEqual(flat, rows, `${period} ${JSON.stringify(scope)}`);
      if (period === 'week') assert.ok(r.days.every((d) => d.length === 7), 'a week has 7 day counts');
    }
  }
});

test('retention_should_give_the_matrix_the_cli_prints_with_null_for_cells_not_observable', async () => {
  await load();
  const specs = [
    { period: 'week' },
    { period: 'day', mode: 'on_or_after', from: '2026-01-01' },
    { period: 'month', type: 'recurring', buckets: 'rolling_24h' },
    { period: 'week', start_event: 'signup', return_event: 'mock_interview', where: [{ column: 'plan', value: 'free' }] },
  ];
  for (const spec of specs) {
    const r = ws.retention(spec);
    const args = ['--period', spec.period, ...cliArgs(spec)];
    for (const k of ['type', 'mode', 'buckets']) if (spec[k]) args.push(`--${k}`, spec[k]);
    if (spec.start_event) args.push('--start-event', spec.start_event);
    if (spec.return_event) args.push('--return-event', spec.return_event);
    const rows = parseSeries(cli('retention', ...args, ...gen.files));
    assert.equal(r.grain, spec.period);
    assert.deepEqual(r.cohorts, rows.map((x) => x[0]), JSON.stringify(spec));
    assert.deepEqual(r.size, rows.map((x) => Number(x[1])), JSON.stringify(spec));
    const cells = rows.map((x) => x.slice(2).map((v) => (v === '' ? null : Number(v))));
    assert.deepEqual(r.counts, cells, JSON.stringify(spec));
    assert.ok(r.counts.some((row) => row.includes(null)), 'the latest cohorts have cells not observable yet');
    r.counts.forEach((row, c) => assert.equal(row[0], r.size[c], 'k = 0 is the size'));
  }
});

/* A mean row's shares as the CLI prints them (empty: none) → numbers | null. */
const shares = (cells) => cells.map((v) => (v === '' ? null : Number(v)));
/* cJSON prints a double with 15 significant digits when that reads back
 * within its epsilon: equal to 1e-13. */
function sameShares(got, want, what) {
  assert.equal(got.length, want.length, what);
  got.forEach((v, k) => assert.ok(v === want[k] || (v != null && want[k] != null && Math.abs(v - want[k]) < 1e-13), `${what} k=${k}: ${v} vs ${want[k]}`));
}

test('retention_should_give_the_c_mean_row_and_the_breakdown_the_cli_prints_with_mean_and_by', async () => {
  await load();
  for (const spec of [{ period: 'week' }, { period: 'month', type: 'recurring', where: [{ column: 'plan', value: 'free' }] }]) {
    const r = ws.retention(spec);
    const args = ['--period', spec.period, ...cliArgs(spec), '--mean'];
    if (spec.type) args.push('--type', spec.type);
    const rows = parseSeries(cli('retention', ...args, ...gen.files));
    const mean = rows.find((x) => x[0] === 'mean');
    assert.equal(r.mean_size, Number(mean[1]), JSON.stringify(spec));
    sameShares(r.mean, shares(mean.slice(2)), `${JSON.stringify(spec)} mean`);
    assert.equal(r.mean[0], 1, 'k = 0: every member');
    assert.equal(r.mean_size, r.size.reduce((a, b) => a + b), 'mean_size: the sum of the sizes');
  }
  for (const [by, period] of [['country', 'month'], ['plan', 'week']]) {
    const r = ws.retention({ period, by });
    const rows = parseSeries(cli('retention', '--period', period, '--by', by, '--mean', ...gen.files));
    const labels = [...new Set(rows.map((x) => x[0]))];
    assert.equal(r.by, by);
    assert.deepEqual(r.segments, labels, `${by} segments`);
    assert.equal(r.size, undefined, 'no top-level matrix with by');
    if (by === 'country') assert.ok(r.segments.length > 3, 'the demo has several countries');
    r.matrices.forEach((m, s) => {
      assert.equal(m.segment, r.segments[s]);
      const mine = rows.filter((x) => x[0] === m.segment);
      const cohorts = mine.filter((x) => x[1] !== 'mean');
      const at = new Map(cohorts.map((x) => [x[1], x]));
      r.cohorts.forEach((name, c) => {
        const row = at.get(name);
        if (!row) return assert.equal(m.size[c], 0, `${by} ${m.segment} ${name}: a cohort the CLI leaves out is empty`);
        assert.equal(m.size[c], Number(row[2]));
        assert.deepEqual(m.counts[c], row.slice(3).map((v) => (v === '' ? null : Number(v))), `${by} ${m.segment} ${name}`);
      });
      const mean = mine.find((x) => x[1] === 'mean');
      assert.equal(m.mean_size, Number(mean[2]), `${by} ${m.segment} mean_size`);
      sameShares(m.mean, shares(mean.slice(3)), `${by} ${m.segment} mean`);
    });
    const total = r.matrices.reduce((a, m) => a + m.mean_size, 0);
    assert.ok(total > 0 && total <= ws.retention({ period }).mean_size, 'the segments split the memberships (nulls in none)');
  }
});

test('values_should_list_the_distinct_texts_sorted_and_say_when_there_are_more', async () => {
  await load();
  const ev = ws.values({ column: 'event' });
  assert.deepEqual(ev, { column: 'event', more: false,
    values: ['api_call', 'job_search', 'mock_interview', 'resume_scan', 'signup', 'upgrade'] });
  assert.deepEqual(ws.values({ column: 'PLAN' }).values, ['Basic', 'Pro', 'Team', 'free'], 'byte order, ASCII case ignored');
  // every signup is on the free plan; upgrades are to a paid plan
  const one = ws.values({ column: 'plan', where: [{ column: 'event', value: 'signup' }] });
  assert.deepEqual(one.values, ['free'], 'where narrows the rows');
  const paid = ws.values({ column: 'plan', where: [{ column: 'event', value: 'UPGRADE' }] });
  assert.deepEqual(paid.values, ['Basic', 'Pro', 'Team']);
  assert.deepEqual(ws.values({ column: 'country' }).values.includes('GB'), true, 'a customers column, joined');
  const many = ws.values({ column: 'distinct_id', max: 10 });
  assert.deepEqual(many, { column: 'distinct_id', values: [], more: true });
  assert.equal(ws.values({ column: 'plan', kind: 'subscriptions' }).values.length > 0, true);
});

test('product_ops_should_refuse_a_bad_spec_with_the_reason', async () => {
  await load();
  const refuse = (fn, re) => assert.throws(fn, (e) => e.status === 'LS_EINVAL' && re.test(e.message), String(re));
  refuse(() => ws.lifecycle({ period: 'year' }), /period must be day, week or month/);
  refuse(() => ws.activeDays({ period: 'day' }), /period must be week or month/);
  refuse(() => ws.lifecycle({ by: 'plan' }), /"by" is not taken/);
  refuse(() => ws.retention({ mode: 'sometimes' }), /unknown mode/);
  refuse(() => ws.retention({ period: 'year' }), /unknown period/);
  refuse(() => ws.retention({ from: 'yesterday' }), /bad date/);
  refuse(() => ws.values({}), /"column" must name a column/);
  assert.throws(() => ws.retention({ start_event: 'nope' }), (e) => e.status === 'LS_ENOTFOUND');
  assert.throws(() => ws.values({ column: 'nope' }), (e) => e.status === 'LS_ENOTFOUND');
  assert.throws(() => ws.lifecycle({ where: [{ column: 'nope', value: 'x' }] }), (e) => e.status === 'LS_ENOTFOUND');
});
