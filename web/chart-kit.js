/* chart-kit.js: what every uPlot chart of the page shares: the axes, the
 * legend's values, period ticks, sizes and the resize handling.
 *
 *   const c = common(result);                 // scales, axes, cursor, legend, xSeries
 *   const data = align([r1, r2]);             // [[x…], [y…], …], NaN as gaps
 *   attach(view, el, opts, data);             // draws into el, follows its width
 *   destroy(view);
 * x values are period starts read as UTC days (onCalendarAxis), so ticks and
 * the legend name the periods exactly as the engine does.
 * Colours: charts name the light palette's hex values (AXIS, each view's series);
 * attach() paints them at draw time with style.css's property for the theme
 * shown (paint, PAINT), and draws every live chart again when the theme changes. */
import uPlot from './vendor/uPlot.esm.js';
import { t } from './i18n/index.js';
import { formatValue, formatDate, periodStart } from './format.js';
import { onThemeChange } from './theme.js';
import { enhance, decorate, chartRows } from './chart-tools.js';

export const AXIS = { stroke: '#667085', grid: '#eef0f4', font: '12px system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' };
export const DAY = 86400;

/* The light palette's colours → style.css's custom property for each. */
const PAINT = {
  '#4f46e5': '--c-indigo', '#a5b4fc': '--c-lavender', '#0ea5a4': '--c-teal', '#f59e0b': '--c-amber',
  '#f79009': '--c-orange', '#f97316': '--c-orange-2', '#ea580c': '--c-orange-3', '#12b76a': '--c-green',
  '#16a34a': '--c-green-2', '#f04438': '--c-red', '#ef4444': '--c-red-2', '#e11d48': '--c-rose',
  '#ec4899': '--c-pink', '#ee46bc': '--c-pink-2', '#9e77ed': '--c-violet', '#7c3aed': '--c-violet-2',
  '#a855f7': '--c-purple', '#2e90fa': '--c-blue', '#0284c7': '--c-sky', '#06b6d4': '--c-cyan',
  '#84cc16': '--c-lime', '#64748b': '--c-slate', '#eef0f4': '--c-grid', '#f2f4f7': '--line',
  '#e4e7ec': '--border', '#d0d5dd': '--border-strong', '#101828': '--text', '#344054': '--text-2',
  '#475467': '--text-2', '#667085': '--muted', '#98a2b3': '--faint', '#067647': '--up', '#b42318': '--down',
  '#fff': '--surface', '#ffffff': '--surface', '#f8f9fc': '--surface-2', '#f9fafb': '--surface-2',
};
const painted = new Map();
const live = new Set(); // the views drawn (attach), for the theme, compare mode and the incidents
const context = { compare: 'none', incidents: [] };
let probe = null;

/* A custom property of style.css as the colour it is now ('rgb(…)'). */
export function cssColor(prop) {
  let c = painted.get(prop);
  if (c === undefined) {
    if (!probe) {
      probe = document.createElement('span');
      probe.hidden = true;
      document.documentElement.append(probe);
    }
    probe.style.color = `var(${prop})`;
    c = getComputedStyle(probe).color;
    painted.set(prop, c);
  }
  return c;
}

/* A colour of the light palette (PAINT), also as rgba(…) at some alpha (withAlpha),
 * as the current theme shows it; any other value (another colour, a function,
 * undefined) as it is. */
export function paint(c) {
  if (typeof c !== 'string') return c;
  const prop = PAINT[c.toLowerCase()];
  if (prop) return cssColor(prop);
  const m = /^rgba\((\d+), (\d+), (\d+), ([\d.]+)\)$/.exec(c);
  const hex = m && `#${m.slice(1, 4).map((v) => (+v).toString(16).padStart(2, '0')).join('')}`;
  return m && PAINT[hex] ? rgba(cssColor(PAINT[hex]), m[4]) : c;
}

onThemeChange(() => {
  painted.clear();
  for (const view of [...live]) {
    if (view.base.el.isConnected) build(view);
    else live.delete(view);
  }
});

/* Draw a uPlot into el (emptied first) and redraw it at el's width when that
 * changes; view keeps {plot, ro, frame} for destroy. meta (chart-tools.js)
 * says what compare mode, incidents and the CSV need: {grain, metrics,
 * compare}. Every chart gets the tooltip, legend toggles, zoom, log scale
 * and CSV of chart-tools.js; setChartContext redraws the live charts when
 * the compare mode or the incidents change. */
export function attach(view, el, opts, data, height, meta = {}) {
  destroy(view);
  el.replaceChildren();
  view.base = { el, opts, data, height, meta };
  view.state ??= { log: false, zoom: null, hidden: new Set() };
  if (view.state.el !== el) Object.assign(view.state, { el, zoom: null, log: false, hidden: new Set() });
  const span = data[0]?.length ? `${data[0][0]} ${data[0][data[0].length - 1]}` : '';
  if (view.state.span !== span) Object.assign(view.state, { span, zoom: null });
  build(view);
  view.ro = new ResizeObserver(() => {
    if (view.frame) return;
    view.frame = requestAnimationFrame(() => {
      view.frame = 0;
      if (view.plot) view.plot.setSize(size(el, height));
    });
  });
  view.ro.observe(el);
  live.add(view);
  return view.plot;
}


/* Compare mode ({compare: 'none'|'prev'|'yoy'}) and the incidents of the
 * alerts run ({incidents}); the live charts are drawn again. */
export function setChartContext(patch) {
  Object.assign(context, patch);
  for (const view of live) if (view.plot) build(view);
}

/* The uPlot drawn into the element holding node (a chart's canvas), its
 * data as CSV rows (chart-tools.js chartRows), or null. */
export function chartRowsOf(node) {
  for (const view of live) {
    if (view.plot && view.base.el.contains(node)) return chartRows(view.plot, view.base.meta.grain);
  }
  return null;
}

function build(view) {
  const { el, height } = view.base;
  if (view.plot) view.plot.destroy();
  el.replaceChildren();
  view.ctx = { ...context };
  const built = enhance(view.base, view.state, view.ctx);
  view.plot = new uPlot({ ...themed(built.opts), ...size(el, height) }, built.data, el);
  decorate(view, view.plot, built, () => { if (live.has(view)) build(view); });
}

/* Bars half a month wide on each side, a tick per bar. For monthly bar charts. */
export function monthBars(c) {
  const half = 15 * DAY;
  c.scales.x.range = (u, min, max) => [min - half, max + half];
  return monthTicks(c);
}

/* Bars half a period wide on each side, for day and week periods. */
export function periodBars(c, grain) {
  const half = ((grain === 'week' ? 7 : 1) * DAY) / 2;
  c.scales.x.range = (u, min, max) => [min - half, max + half];
  return c;
}

/* One tick per month of the data, thinned to fit, always keeping the latest
 * period, labelled by month. For every chart of monthly periods. */
export function monthTicks(c) {
  /* room for the first and last labels, centred on the plot's ends */
  c.scales.x.range ??= (u, min, max) => [min - 8 * DAY, max + 8 * DAY];
  c.axes[0].splits = (u) => {
    const xs = u.data[0];
    const room = Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / 64));
    const step = Math.ceil(xs.length / room);
    return Array.from(xs).filter((_, i) => (xs.length - 1 - i) % step === 0);
  };
  c.axes[0].values = (u, splits) => timeLabels(splits, 31 * DAY);
  return c;
}

export function grainFor(entry, wanted) {
  if (!entry) return wanted;
  const grains = entry.grains || [];
  return grains.includes(wanted) ? wanted : entry.default_grain || grains[0] || wanted;
}

/* The result with x taken from its period names (see the top); the engine's
 * x stays where a label has another shape. */
export function onCalendarAxis(r) {
  const periods = r.periods || [];
  if (periods.length !== r.x.length) return r;
  const x = Float64Array.from(periods, periodStart);
  return x.every(Number.isFinite) ? { ...r, x } : r;
}

export function destroy(view) {
  live.delete(view);
  if (view.ro) view.ro.disconnect();
  if (view.frame) cancelAnimationFrame(view.frame);
  if (view.plot) view.plot.destroy();
  view.ro = view.plot = null;
  view.frame = 0;
}

export function size(el, tall = 280) {
  const width = Math.max(240, Math.floor(el.clientWidth || el.getBoundingClientRect().width));
  const height = window.matchMedia('(max-width: 640px)').matches ? Math.min(220, tall) : tall;
  return { width, height };
}

/* [[x…], [y…], …] for uPlot. Series sharing one x go in as they are (typed
 * arrays when they hold no NaN); otherwise they are joined on x. */
export function align(results) {
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

export function gaps(y) {
  return y.some(Number.isNaN) ? Array.from(y, (v) => (Number.isNaN(v) ? null : v)) : y;
}


export function common(first) {
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


/* A legend value formatter: the value under the cursor, or the latest value
 * while the cursor is away. */
export function legendValue(format) {
  return (u, v, si, idx) => {
    const d = u.data[si];
    const val = idx == null ? d[d.length - 1] : v;
    return val == null ? '—' : format(val);
  };
}

export function strip(c) {
  const { xSeries, ...rest } = c;
  return rest;
}

/* From zero to a little above the top, on a round number. */
export function yRange(min, max) {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const lo = Math.min(0, min);
  const [, top] = uPlot.rangeNum(lo, max, 0.1, true);
  return [lo, top];
}

/* Tick labels for unix-second splits: months when ticks are a month or more
 * apart, days otherwise; the year only where it changes between ticks (the
 * card header states the whole range). */
export function timeLabels(splits, incr) {
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
export function axisSize(u, values, axisIdx, cycleNum) {
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

/* A #rrggbb colour at alpha a, as rgba(…) (painted for the theme by attach). */
export function withAlpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/* 'rgb(r, g, b)' at alpha a. */
function rgba(rgb, a) {
  const [r, g, b] = rgb.match(/\d+/g);
  return `rgba(${r}, ${g}, ${b}, ${a})`;
}

/* opts with the colours of its series, bands and axes painted (see the top). */
function themed(opts) {
  const points = (p) => (p ? { ...p, fill: paint(p.fill), stroke: paint(p.stroke) } : p);
  const part = (o, key) => (o && o[key] ? { ...o[key], stroke: paint(o[key].stroke) } : o && o[key]);
  return {
    ...opts,
    series: opts.series && opts.series.map((s) => ({ ...s, stroke: paint(s.stroke), fill: paint(s.fill), points: points(s.points) })),
    bands: opts.bands && opts.bands.map((b) => ({ ...b, fill: paint(b.fill) })),
    axes: opts.axes && opts.axes.map((a) => ({ ...a, stroke: paint(a.stroke), grid: part(a, 'grid'), ticks: part(a, 'ticks') })),
  };
}
