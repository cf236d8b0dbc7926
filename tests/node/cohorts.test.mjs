// cohorts.test.mjs: the cohorts op of the wasm engine (ws.cohorts, the worker's
// `cohorts`): revenue retention by cohort, hand-checked on
// data/subscriptions_small.csv and checked against `lodestar cohorts` on the demo.
//
// subscriptions_small.csv (as-of 2026-04-03, the day after sub_9 starts, so the
// complete months are Jan, Feb, Mar; MRR at each month's end, E = its last instant):
//   cus_A  sub_1 Pro 49/month Jan 5 – Mar 5; sub_6 Team 3 × 29 = 87/month from Mar 5
//   cus_B  sub_2 Basic 190/year from Jan 10            = 190/12 = 15.8333 a month
//   cus_C  sub_3 Team 5 × 29 = 145, trial to Feb 3     (trials are not MRR: from Feb)
//   cus_D  sub_4 Basic 19/month Jan 25 – Feb 25
//   cus_E  sub_5 trial ended unconverted                (never MRR)
//   cus_G  sub_8 Pro 2 × 490/year from Mar 20         = 980/12 = 81.6667 a month
//   cus_H  starts Apr 2 (April is not complete); cus_F incomplete_expired (left out)
// Cohort Jan = {A, B, D}: start 49 + 15.8333 + 19 = 83.8333;
//   end of Feb: A 49 + B 15.8333 = 64.8333  → 64.8333 / 83.8333 = 0.77336
//   end of Mar: A 87 + B 15.8333 = 102.8333 → 102.8333 / 83.8333 = 1.22664
// Cohort Feb = {C}: 145, still 145 at the end of March → 1.
// Cohort Mar = {G}: 81.6667.
// With where Plan = Pro: cohort Jan = {A's sub_1}: 49, 49, then 0 (it ended Mar 5;
// Team is another plan); Feb is empty (E never paid); Mar = {G}.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, cli, useDemo } from './helpers.mjs';

const gen = useDemo('cohorts', { seed: 11, users: 2000, days: 240 });

async function small() {
  const ws = gen.engine.newWorkspace();
  await ws.load('subscriptions_small.csv', readFileSync(join(DATA, 'subscriptions_small.csv')));
  return ws;
}

const close = (got, want, what) => assert.ok(Math.abs(got - want) < 1e-9, `${what}: ${got} vs ${want}`);

test('cohorts_should_give_each_cohort_its_size_start_mrr_and_a_triangle_of_retention', async () => {
  const ws = await small();
  const c = ws.cohorts({ grain: 'month' });
  ws.free();
  assert.equal(c.grain, 'month');
  assert.deepEqual(c.periods, ['2026-01', '2026-02', '2026-03']);
  assert.deepEqual(c.customers, [3, 1, 1]);
  const jan = 49 + 190 / 12 + 19;
  close(c.start_mrr[0], jan, 'Jan start');
  close(c.start_mrr[1], 145, 'Feb start');
  close(c.start_mrr[2], 980 / 12, 'Mar start');
  assert.deepEqual(c.retention.map((r) => r.length), [3, 2, 1], 'a triangle');
  assert.equal(c.retention[0][0], 1);
  close(c.retention[0][1], (49 + 190 / 12) / jan, 'Jan after one month');
  close(c.retention[0][2], (87 + 190 / 12) / jan, 'Jan after two months (expansion to Team counts)');
  assert.deepEqual(c.retention[1], [1, 1]);
  assert.deepEqual(c.retention[2], [1]);
});

test('cohorts_should_keep_only_the_rows_where_keeps_and_leave_an_empty_cohort_null', async () => {
  const ws = await small();
  const c = ws.cohorts({ where: [{ column: 'plan', value: 'PRO' }] });
  ws.free();
  assert.deepEqual(c.periods, ['2026-01', '2026-02', '2026-03']);
  assert.deepEqual(c.customers, [1, 0, 1]);
  assert.deepEqual(c.start_mrr.slice(0, 2), [49, 0]);
  assert.deepEqual(c.retention[0], [1, 1, 0]);
  assert.deepEqual(c.retention[1], [null, null], 'an empty cohort has empty cells');
});

test('cohorts_should_refuse_by_and_fail_without_subscriptions', async () => {
  const ws = await small();
  assert.throws(() => ws.cohorts({ by: 'Plan' }), (e) => e.status === 'LS_EINVAL' && /by/.test(e.message));
  assert.throws(() => ws.cohorts({ grain: 'fortnight' }), (e) => e.status === 'LS_EINVAL');
  ws.free();
  const empty = gen.engine.newWorkspace();
  assert.throws(() => empty.cohorts({}), (e) => typeof e.status === 'string' && e.status !== 'LS_OK');
  empty.free();
});

test('cohorts_should_equal_the_cli_matrix_on_the_demo_at_month_and_week', () => {
  for (const grain of ['month', 'week']) {
    const ws = gen.engine.newWorkspace();
    ws.genDemo({ seed: 11, users: 2000, days: 240 });
    const c = ws.cohorts({ grain });
    ws.free();
    const lines = cli('cohorts', '--metric', 'revenue', '--grain', grain, ...gen.files).trim().split('\n').slice(1);
    assert.equal(c.periods.length, lines.length, `${grain}: cohorts`);
    assert.ok(lines.length > 6, `${grain}: enough cohorts to compare`);
    lines.forEach((line, q) => {
      const [period, customers, start, ...cells] = line.split(',');
      assert.equal(c.periods[q], period);
      assert.equal(c.customers[q], Number(customers));
      assert.equal(c.start_mrr[q], Number(start));
      assert.deepEqual(c.retention[q], cells.map((v) => (v === '' ? null : Number(v))), `${grain} ${period}`);
    });
  }
});
