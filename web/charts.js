/* charts.js: the chart cards, drawn with uPlot.
 *
 *   [data-chart="mrr"]           MRR by month, bars
 *   [data-chart="active_users"]  DAU, WAU and MAU by day, three lines
 * A chart is rebuilt when its results or the locale change, and resized with
 * its container. Series come straight from the engine; NaN (undefined period)
 * becomes a gap. The x of each point is its period's name read as a UTC day
 * (format.js periodStart), so ticks and the legend name the periods of the
 * workspace time zone exactly as the engine does, DST included.
 * <div data-chart data-periods="FIRST LAST"> carries the engine's first and
 * last period labels. */
import uPlot from './vendor/uPlot.esm.js';
import { t } from './i18n/index.js';
import { formatValue, formatDate, formatPeriod, periodStart } from './format.js';
import { resultKey } from './store.js';
import { hintBlock, messageBlock, emptyBlock } from './hints.js';

const COLORS = {
  mrr: '#4f46e5',
  dau: '#4f46e5',
  wau: '#0ea5a4',
  mau: '#f59e0b',
};
const AXIS = { stroke: '#667085', grid: '#eef0f4', font: '12px system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' };
const DAY = 86400;

export const CHARTS = [
  { id: 'mrr', kind: 'bars', grain: 'month', metrics: ['mrr'], icon: 'chart' },
  { id: 'active_users', kind: 'lines', grain: 'day', metrics: ['dau', 'wau', 'mau'], icon: 'users' },
];

/* The metric specs the charts need. */
export function chartSpecs(catalog) {
  const specs = [];
  for (const c of CHARTS) for (const metric of c.metrics) specs.push({ metric, grain: grainFor(catalog.get(metric), c.grain) });
  return specs;
}

export function mountCharts(root, store) {
  const views = CHARTS.map((def) => {
    const el = root.querySelector(`[data-chart="${def.id}"]`);
    return { def, el, card: el.closest('.card'), plot: null, ro: null };
  });
  const render = (s) => { for (const v of views) renderChart(v, s); };
  store.subscribe((s, prev) => {
    if (s.results !== prev.results || s.locale !== prev.locale) render(s);
  });
  render(store.get());
}

/* ---- private ---- */

function grainFor(entry, wanted) {
  if (!entry) return wanted;
  const grains = entry.grains || [];
  return grains.includes(wanted) ? wanted : entry.default_grain || grains[0] || wanted;
}

function renderChart(view, s) {
  const { def, el, card } = view;
  destroy(view);
  const catalog = new Map(((s.engine && s.engine.catalog) || []).map((m) => [m.name, m]));
  const parts = def.metrics.map((metric) => ({
    metric,
    result: s.results.get(resultKey(metric, grainFor(catalog.get(metric), def.grain))),
  }));
  const ok = parts.filter((p) => p.result && p.result.status === 'ok' && p.result.x.length > 0)
    .map((p) => ({ ...p, result: onCalendarAxis(p.result) }));
  const range = card.querySelector('[data-range]');
  range.textContent = '';
  card.classList.toggle('is-empty', ok.length === 0);

  if (ok.length === 0) {
    const missing = parts.find((p) => !p.result || p.result.status === 'missing');
    const failed = parts.find((p) => p.result && p.result.status === 'error');
    if (!s.engine) el.replaceChildren(emptyBlock(def.icon));
    else if (missing) el.replaceChildren(hintBlock(missing.result ? missing.result.needs : null, def.icon));
    else if (failed) el.replaceChildren(messageBlock(t('kpi.error'), failed.result.message));
    else el.replaceChildren(messageBlock(parts.some((p) => p.result && p.result.status === 'unavailable') ? t('kpi.unavailable') : t('kpi.empty')));
    el.removeAttribute('data-series');
    el.removeAttribute('data-periods');
    return;
  }

  const first = ok[0].result;
  const n = first.x.length;
  range.textContent = t('charts.range', {
    from: formatPeriod(first.periods[0], first.grain),
    to: formatPeriod(first.periods[n - 1], first.grain),
  });
  el.dataset.series = ok.map((p) => p.metric).join(' ');
  el.dataset.periods = `${first.periods[0]} ${first.periods[n - 1]}`;
  el.replaceChildren();
  const data = align(ok.map((p) => p.result));
  const opts = def.kind === 'bars' ? barOptions(ok, first) : lineOptions(ok, first);
  view.plot = new uPlot({ ...opts, ...size(el) }, data, el);
  view.ro = new ResizeObserver(() => {
    if (view.frame) return;
    view.frame = requestAnimationFrame(() => {
      view.frame = 0;
      if (view.plot) view.plot.setSize(size(el));
    });
  });
  view.ro.observe(el);
}

/* The result with x taken from its period names (see the top); the engine's
 * x stays where a label has another shape. */
function onCalendarAxis(r) {
  const periods = r.periods || [];
  if (periods.length !== r.x.length) return r;
  const x = Float64Array.from(periods, periodStart);
  return x.every(Number.isFinite) ? { ...r, x } : r;
}

function destroy(view) {
  if (view.ro) view.ro.disconnect();
  if (view.frame) cancelAnimationFrame(view.frame);
  if (view.plot) view.plot.destroy();
  view.ro = view.plot = null;
  view.frame = 0;
}

function size(el) {
  const width = Math.max(240, Math.floor(el.clientWidth || el.getBoundingClientRect().width));
  const height = window.matchMedia('(max-width: 640px)').matches ? 220 : 280;
  return { width, height };
}

/* [[x…], [y…], …] for uPlot. Series sharing one x go in as they are (typed
 * arrays when they hold no NaN); otherwise they are joined on x. */
function align(results) {
  const x0 = results[0].x;
  const same = results.every((r) => r.x.length === x0.length && r.x.every((v, i) => v === x0[i]));
  if (same) return [x0, ...results.map((r) => gaps(r.y))];
  const xs = Float64Array.from(new Set(results.flatMap((r) => Array.from(r.x)))).sort();
  const index = new Map(Array.from(xs, (v, i) => [v, i]));
  return [xs, ...results.map((r) => {
    const y = new Array(xs.length).fill(null);
    r.x.forEach((v, i) => { y[index.get(v)] = Number.isNaN(r.y[i]) ? null : r.y[i]; });
    return y;
  })];
}

function gaps(y) {
  return y.some(Number.isNaN) ? Array.from(y, (v) => (Number.isNaN(v) ? null : v)) : y;
}

function common(first) {
  const unit = first.unit;
  const grain = first.grain;
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    legend: { live: true },
    padding: [12, 18, 0, 4],
    cursor: { drag: { x: false, y: false }, points: { size: 7, width: 2 }, y: false },
    scales: {
      x: { time: true },
      y: { range: (u, min, max) => yRange(min, max) },
    },
    axes: [
      {
        stroke: AXIS.stroke, font: AXIS.font, gap: 6, size: 36,
        grid: { show: false }, ticks: { show: true, stroke: AXIS.grid, size: 4 },
        values: (u, splits, ai, space, incr) => timeLabels(splits, incr),
      },
      {
        stroke: AXIS.stroke, font: AXIS.font, gap: 8,
        grid: { stroke: AXIS.grid, width: 1 }, ticks: { show: false },
        values: (u, splits) => splits.map((v) => formatValue(v, unit, { compact: true })),
        size: axisSize,
      },
    ],
    xSeries: {
      label: t(grain === 'month' ? 'charts.month' : 'charts.date'),
      value: legendValue((v) => formatDate(v, grain === 'month' ? 'month' : 'day')),
    },
  };
}

function barOptions(parts, first) {
  const c = common(first);
  const half = 15 * DAY;
  c.scales.x.range = (u, min, max) => [min - half, max + half];
  // One tick per bar, thinned to fit, always keeping the latest period.
  c.axes[0].splits = (u) => {
    const xs = u.data[0];
    const room = Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / 64));
    const step = Math.ceil(xs.length / room);
    return Array.from(xs).filter((_, i) => (xs.length - 1 - i) % step === 0);
  };
  c.axes[0].values = (u, splits) => timeLabels(splits, 31 * DAY);
  return {
    ...strip(c),
    series: [c.xSeries, ...parts.map((p) => ({
      label: t(`metric.${p.metric}.label`),
      stroke: COLORS[p.metric] || '#4f46e5',
      fill: withAlpha(COLORS[p.metric] || '#4f46e5', 0.85),
      width: 0,
      paths: uPlot.paths.bars({ size: [0.62, 56], radius: [0.18, 0], align: 0 }),
      points: { show: false },
      value: legendValue((v) => formatValue(v, p.result.unit)),
    }))],
  };
}

function lineOptions(parts, first) {
  const c = common(first);
  return {
    ...strip(c),
    series: [c.xSeries, ...parts.map((p, i) => ({
      label: t(`metric.${p.metric}.label`),
      stroke: COLORS[p.metric] || '#4f46e5',
      width: 2,
      fill: i === 0 ? withAlpha(COLORS[p.metric] || '#4f46e5', 0.08) : undefined,
      points: { show: false },
      spanGaps: false,
      value: legendValue((v) => formatValue(v, p.result.unit)),
    }))],
  };
}

/* A legend value formatter: the value under the cursor, or the latest value
 * while the cursor is away. */
function legendValue(format) {
  return (u, v, si, idx) => {
    const d = u.data[si];
    const val = idx == null ? d[d.length - 1] : v;
    return val == null ? '—' : format(val);
  };
}

function strip(c) {
  const { xSeries, ...rest } = c;
  return rest;
}

/* From zero to a little above the top, on a round number. */
function yRange(min, max) {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const lo = Math.min(0, min);
  const [, top] = uPlot.rangeNum(lo, max, 0.1, true);
  return [lo, top];
}

/* Tick labels for unix-second splits: months when ticks are a month or more
 * apart, days otherwise; the year only where it changes between ticks (the
 * card header states the whole range). */
function timeLabels(splits, incr) {
  let lastYear = null;
  return splits.map((v) => {
    const year = new Date(v * 1000).getUTCFullYear();
    const turn = lastYear !== null && year !== lastYear;
    lastYear = year;
    if (incr >= 365 * DAY) return formatDate(v, 'year');
    if (incr >= 28 * DAY) return formatDate(v, turn ? 'month' : 'monthShort');
    return formatDate(v, turn ? 'day' : 'dayShort');
  });
}

/* The width a y axis needs for its longest label. */
function axisSize(u, values, axisIdx, cycleNum) {
  const axis = u.axes[axisIdx];
  if (cycleNum > 1) return axis._size;
  let w = (axis.ticks.size || 0) + axis.gap;
  const longest = (values || []).reduce((a, v) => (String(v).length > a.length ? String(v) : a), '');
  if (longest) {
    u.ctx.font = axis.font[0];
    w += u.ctx.measureText(longest).width / devicePixelRatio;
  }
  return Math.ceil(w) + 4;
}

function withAlpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
