// compare.test.mjs: compare mode's shifting (web/compare.js) against periods
// counted by hand.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

let periodsBack, shiftStart, shiftColumn, visibleCount, kpiCompare, compareFromHash;
const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;

before(async () => {
  ({ periodsBack, shiftStart, shiftColumn, visibleCount, kpiCompare, compareFromHash } = await import(join(ROOT, 'web', 'compare.js')));
});

test('periods back: prev is the window, yoy 12 months, 52 weeks, 364 days', () => {
  assert.equal(periodsBack('prev', 'day', 30), 30);
  assert.equal(periodsBack('prev', 'month', 1), 1);
  assert.equal(periodsBack('prev', 'month', 0), 1); // an empty window still compares one back
  assert.equal(periodsBack('yoy', 'month', 30), 12);
  assert.equal(periodsBack('yoy', 'week', 3), 52);
  assert.equal(periodsBack('yoy', 'day', 3), 364);
  assert.equal(periodsBack('none', 'day', 3), 0);
});

test('shiftStart: months by the calendar, weeks and days by days', () => {
  // 2026-03-01 back 12 months = 2025-03-01; back 3 months = 2025-12-01 (across the year)
  assert.equal(shiftStart(day('2026-03-01'), 'month', 12), day('2025-03-01'));
  assert.equal(shiftStart(day('2026-03-01'), 'month', 3), day('2025-12-01'));
  // 2026-03-02 (a Monday) back 52 weeks = 364 days = 2025-03-03 (a Monday too)
  assert.equal(shiftStart(day('2026-03-02'), 'week', 52), day('2025-03-03'));
  // 2026-03-01 back 364 days: 2025-03-01 is 365 days before (2025 is not leap), so 2025-03-02
  assert.equal(shiftStart(day('2026-03-01'), 'day', 364), day('2025-03-02'));
  // 2024-03-01 back 1 day = 2024-02-29 (leap)
  assert.equal(shiftStart(day('2024-03-01'), 'day', 1), day('2024-02-29'));
});

test('shiftColumn: a month series a year back, the missing year a gap not zero', () => {
  // 2025-01 … 2026-02: 14 months valued 10, 20, …, 140
  const xs = [];
  for (let m = 0; m < 14; m++) xs.push(Date.UTC(2025, m, 1) / 1000);
  const ys = xs.map((_, i) => (i + 1) * 10);
  const out = shiftColumn(xs, ys, 'month', 12);
  // 2026-01 (index 12) ← 2025-01 (10); 2026-02 (13) ← 2025-02 (20); earlier months: no 2024 → null
  assert.deepEqual(out, [null, null, null, null, null, null, null, null, null, null, null, null, 10, 20]);
});

test('shiftColumn: previous window of 3 days, NaN and a hole stay gaps', () => {
  // days Jan 1..Jan 6 2026 but Jan 3 missing from the series; Jan 2 is NaN
  const xs = [day('2026-01-01'), day('2026-01-02'), day('2026-01-04'), day('2026-01-05'), day('2026-01-06')];
  const ys = [5, NaN, 7, 8, 9];
  // Jan 4 ← Jan 1 (5); Jan 5 ← Jan 2 (NaN → gap); Jan 6 ← Jan 3 (absent → gap); Jan 1, 2 ← Dec → gap
  assert.deepEqual(shiftColumn(xs, ys, 'day', 3), [null, null, 5, null, null]);
});

test('shiftColumn: weeks back 1 period is 7 days', () => {
  const xs = [day('2026-01-05'), day('2026-01-12'), day('2026-01-19')];
  assert.deepEqual(shiftColumn(xs, [1, 2, 0], 'week', 1), [null, 1, 2]); // a 0 value stays 0
});

test('visibleCount: the periods inside a zoomed window', () => {
  const xs = [10, 20, 30, 40, 50];
  assert.equal(visibleCount(xs, 15, 45), 3); // 20, 30, 40
  assert.equal(visibleCount(xs, 10, 50), 5);
});

test('kpiCompare: MRR against one month back and twelve', () => {
  // 13 months: 100, 110, …, 220; last 220
  const y = Float64Array.from({ length: 13 }, (_, i) => 100 + 10 * i);
  // prev: 210; delta 10; 220/210 − 1 = 4.7619…%
  const p = kpiCompare(y, 'currency', 'prev', 'month');
  assert.equal(p.value, 210);
  assert.equal(p.delta, 10);
  assert.ok(Math.abs(p.deltaPct - 4.761904761904762) < 1e-9);
  // yoy: 12 back = index 0 = 100; delta 120; +120%
  const q = kpiCompare(y, 'currency', 'yoy', 'month');
  assert.equal(q.index, 0);
  assert.equal(q.value, 100);
  assert.equal(q.delta, 120);
  assert.ok(Math.abs(q.deltaPct - 120) < 1e-9);
  // 12 months only: no value a year back
  assert.equal(kpiCompare(y.subarray(1), 'currency', 'yoy', 'month'), null);
});

test('kpiCompare: a ratio changes in percentage points; a zero base has no percent; NaN base none', () => {
  // 0.03 → 0.042: +0.012 = +1.2 pp
  const r = kpiCompare([0.03, 0.042], 'ratio', 'prev', 'month');
  assert.ok(Math.abs(r.deltaPct - 1.2) < 1e-9);
  assert.equal(r.points, true);
  const z = kpiCompare([0, 5], 'number', 'prev', 'day');
  assert.equal(z.delta, 5);
  assert.equal(z.deltaPct, null);
  assert.equal(kpiCompare([NaN, 5], 'number', 'prev', 'day'), null);
  assert.equal(kpiCompare([1, 5], 'number', 'none', 'day'), null);
});

test('the hash: cmp=prev, cmp=yoy, anything else none', () => {
  assert.equal(compareFromHash('#demo&cmp=prev'), 'prev');
  assert.equal(compareFromHash('#cmp=yoy&view=revenue'), 'yoy');
  assert.equal(compareFromHash('#cmp=bogus'), 'none');
  assert.equal(compareFromHash(''), 'none');
});
