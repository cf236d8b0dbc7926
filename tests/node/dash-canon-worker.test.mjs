// The dashboard bench's reading of the worker's answers (tools/bench.d/dash-canon-worker.mjs):
// which of the app's ops carries each verified figure, the ops it adds, the filter in the
// app's form, and the canonical rows of hand-made answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIGURE_OPS, canonFromWorker, canonOps, withFilter } from '../../tools/bench.d/dash-canon-worker.mjs';

const DAY = 86400;
const T0 = Date.UTC(2026, 0, 30) / 1000; // 2026-01-30 00:00 UTC

test('the app\'s own ops carry the figures they hold; the others are added', () => {
  const app = [
    ['info', {}],
    ['metric', { metric: 'dau', grain: 'day' }],
    // the Retention view's DEFAULT_SPEC, keys in another order
    ['retention', { by: null, buckets: 'calendar', type: 'first_time', mode: 'on', period: 'week', start_event: null, return_event: null }],
    // a range-bound dau is not the every-day figure
    ['metric', { metric: 'wau', grain: 'day', from: '2026-01-01', to: '2026-03-31' }],
    ['funnel', { steps: ['signup', 'resume_scan', 'upgrade'], window: '14d', order: 'sequential', exclude: [], by: null }],
  ];
  const { ops, at, added } = canonOps(app);
  assert.equal(at.dau, 1);
  assert.equal(at.retention, 2);
  assert.equal(at.funnel, 4);
  assert.ok(added.includes('wau'), 'the bounded wau does not count');
  assert.ok(!added.includes('dau') && !added.includes('retention') && !added.includes('funnel'));
  assert.equal(ops.length, app.length + added.length);
  assert.deepEqual(ops[at.mrr_by_channel], ['metric', { metric: 'mrr', grain: 'month', by: 'channel' }]);
  assert.deepEqual(ops[at.p95], ['metric', { metric: 'p95', grain: 'day', property: 'latency_ms' }]);
  assert.equal(Object.keys(FIGURE_OPS).length, 16);
});

test('the filter in the app\'s form, only for ops that take one; a filtered figure needs the filter', () => {
  const f = { column: 'channel', value: 'google_ads' };
  assert.deepEqual(withFilter('metric', { metric: 'dau', grain: 'day' }, f),
    { metric: 'dau', grain: 'day', where: [{ column: 'channel', value: 'google_ads' }] });
  assert.deepEqual(withFilter('insights', {}, f), {});
  const { at, added } = canonOps([['metric', { metric: 'dau', grain: 'day' }]], f);
  assert.ok(added.includes('dau'), 'the unfiltered dau does not carry the filtered figure');
  const mine = canonOps([['metric', { metric: 'dau', grain: 'day', where: [f] }]], f);
  assert.equal(mine.at.dau, 0);
  assert.ok(at.dau > 0);
});

test('canonical rows of hand-made answers', () => {
  // a daily series over 30 Jan .. 1 Feb 2026, undefined (NaN) on the middle day
  const series = { x: [T0, T0 + DAY, T0 + 2 * DAY], y: [3, null, 0.25] };
  assert.deepEqual(canonFromWorker('p95', series), [['2026-01-30', 3], ['2026-01-31', null], ['2026-02-01', 0.25]]);
  // months: 30 Jan → 2026-01
  assert.deepEqual(canonFromWorker('mrr', { x: [T0], y: [120.5] }), [['2026-01', 120.5]]);
  // a breakdown: every month × every segment, month first
  const by = { x: [T0, T0 + 3 * DAY], segments: [{ label: 'ads', y: [1, 2] }, { label: 'seo', y: [3, null] }] };
  assert.deepEqual(canonFromWorker('mrr_by_channel', by),
    [['2026-01', 'ads', 1], ['2026-01', 'seo', 3], ['2026-02', 'ads', 2], ['2026-02', 'seo', null]]);
  // retention: the cells not observable yet (null) at a row's end are left out, as the CLI prints them
  const r = { cohorts: ['2026-01-05', '2026-01-12'], size: [4, 2], counts: [[4, 3, 1], [2, 1, null]] };
  assert.deepEqual(canonFromWorker('retention', r), [['2026-01-05', 4, 4, 3, 1], ['2026-01-12', 2, 2, 1]]);
  // funnel: one value per step (no breakdown: an array of one)
  const fu = { steps: [{ event: 'signup', users: [10] }, { event: 'resume_scan', users: [7] }, { event: 'upgrade', users: [2] }] };
  assert.deepEqual(canonFromWorker('funnel', fu), [[1, 10], [2, 7], [3, 2]]);
});
