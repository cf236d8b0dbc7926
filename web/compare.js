/* compare.js: compare mode, the comparison every KPI card and time chart can
 * show against the previous period or the same period last year. Pure (no
 * page behind it but the hash helpers); tests/node/compare.test.mjs runs it.
 *
 *   state.compare       'none' | 'prev' | 'yoy', kept in the URL hash as cmp=prev|cmp=yoy
 *   periodsBack(mode, grain, window)   how many periods back the comparison lies:
 *                       prev: the window's length in periods (a KPI card's window
 *                       is its one latest period: 1); yoy: 12 months, 52 weeks,
 *                       364 days (the same weekday), 4 quarters, 1 year; none: 0
 *   shiftStart(x, grain, k)            the start (unix seconds of a UTC day, as
 *                       chart-kit's x) of the period k periods before the one
 *                       starting at x: months and quarters by the calendar, weeks
 *                       7k days, days k days
 *   shiftColumn(xs, ys, grain, k)      the overlay: out[i] is the value of the
 *                       period k periods before xs[i], looked up by its start
 *                       among xs; null (a gap, never zero) where that period is
 *                       not in the series or has no value
 *   kpiCompare(y, unit, mode, grain)   a card's comparison: {back, index, value,
 *                       delta, deltaPct, points} or null (no earlier value)
 *                       delta = last − value; deltaPct: percentage points for a
 *                       ratio ((last − value) × 100), else (last / value − 1) × 100,
 *                       null when value is 0 */

import { readHashValue, writeHashValue } from './views.js';

export const MODES = ['none', 'prev', 'yoy'];
export const YOY = { day: 364, week: 52, month: 12, quarter: 4, year: 1 };
const DAY = 86400;

export function periodsBack(mode, grain, window = 1) {
  if (mode === 'prev') return Math.max(1, Math.floor(window) || 1);
  if (mode === 'yoy') return YOY[grain] || 0;
  return 0;
}

export function shiftStart(x, grain, k) {
  if (grain === 'month' || grain === 'quarter' || grain === 'year') {
    const months = k * (grain === 'quarter' ? 3 : grain === 'year' ? 12 : 1);
    const d = new Date(x * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, d.getUTCDate()) / 1000;
  }
  return x - k * (grain === 'week' ? 7 : 1) * DAY;
}

export function shiftColumn(xs, ys, grain, k) {
  const at = new Map();
  Array.from(xs).forEach((x, i) => at.set(x, i));
  return Array.from(xs, (x) => {
    const j = at.get(shiftStart(x, grain, k));
    const v = j == null ? null : ys[j];
    return v == null || !Number.isFinite(v) ? null : v;
  });
}

/* How many of xs lie in [min, max]: a chart's window in periods. */
export function visibleCount(xs, min, max) {
  let n = 0;
  for (const x of xs) if (x >= min && x <= max) n++;
  return n;
}

export function kpiCompare(y, unit, mode, grain) {
  const back = periodsBack(mode, grain, 1);
  const n = y ? y.length : 0;
  if (!back || n <= back) return null;
  const last = y[n - 1];
  const index = n - 1 - back;
  const value = y[index];
  if (!Number.isFinite(last) || !Number.isFinite(value)) return null;
  const points = unit === 'ratio';
  const delta = last - value;
  const deltaPct = points ? delta * 100 : value === 0 ? null : (last / value - 1) * 100;
  return { back, index, value, delta, deltaPct, points };
}

/* ---- the URL hash ---- */

export function compareFromHash(hash = location.hash) {
  const v = readHashValue('cmp', hash);
  return v === 'prev' || v === 'yoy' ? v : 'none';
}

/* Write the mode to the hash (its other parts stay), without a history entry. */
export function writeCompareHash(mode) {
  writeHashValue('cmp', mode === 'prev' || mode === 'yoy' ? mode : null);
}
