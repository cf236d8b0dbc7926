/* revenue-charts.js: the revenue view's charts, drawn with uPlot from a
 * small spec: bars (stacked up or down), lines, a right axis, and healthy
 * marks as dashed lines.
 *
 *   drawSpec(view, el, {
 *     periods, x, grain,                       // the engine's periods and their starts
 *     unit, unit2,                             // the left and (optional) right axis units
 *     zero,                                    // false: the left axis need not start at 0
 *     series: [{key, label, color, values, kind: 'bar'|'line', stack: 'up'|'down', right, unit}],
 *     marks: [{value, right, label, good: 'below'|'above'}],
 *   });
 * A stack draws its series in order from zero outwards (up: each on top of the
 * one before; down: each below), so the bars of a period span the sum of the
 * stack. The legend and its hover values show each series' own value, never
 * a running sum. el.chart keeps what was drawn for tests and readers:
 * {periods, series: {key: values}, up: [top of the up stack], down: [bottom of
 * the down stack]}. */
import uPlot from './vendor/uPlot.esm.js';
import { formatValue } from './format.js';
import { AXIS, DAY, common, monthBars, periodBars, monthTicks, strip, attach, withAlpha, axisSize, paint } from './chart-kit.js';

export const PALETTE = ['#4f46e5', '#0ea5a4', '#f59e0b', '#ec4899', '#84cc16', '#06b6d4', '#a855f7', '#f97316', '#64748b', '#ef4444'];
const MARK_COLOR = '#067647';
// x ticks of day and week charts: whole days (whole weeks), then months (30 days) and years
const TICK_DAYS = { day: [1, 2, 3, 7, 14, 30, 60, 90, 180, 365], week: [7, 14, 30, 60, 90, 180, 365] };

export function drawSpec(view, el, spec) {
  const { x, series } = spec;
  const bars = series.some((s) => s.kind === 'bar');
  const c = common({ unit: spec.unit, grain: spec.grain });
  if (bars && (spec.grain === 'day' || spec.grain === 'week')) periodBars(c, spec.grain);
  else if (bars) monthBars(c);
  else if (spec.grain === 'month') monthTicks(c);
  if (spec.grain === 'day' || spec.grain === 'week') c.axes[0].incrs = TICK_DAYS[spec.grain].map((d) => d * DAY);
  const drawn = stackValues(series, x.length);
  const bands = [];
  series.forEach((s, i) => {
    if (s.below != null) bands.push({ series: [i + 1, s.below + 1], fill: 'rgba(0,0,0,0)' });
  });
  c.scales.y = { range: (u) => range(u, drawn, series, spec.marks, false, spec.zero !== false) };
  if (spec.unit2) {
    c.scales.y2 = { range: (u) => range(u, drawn, series, spec.marks, true, true) };
    c.axes.push({
      ...c.axes[1], scale: 'y2', side: 1, grid: { show: false },
      values: (u, splits) => splits.map((v) => formatValue(v, spec.unit2, { compact: true })),
      size: axisSize,
    });
  }
  const few = x.length <= 36;
  const opts = {
    ...strip(c),
    bands,
    series: [c.xSeries, ...series.map((s, i) => uSeries(s, drawn[i], few))],
    hooks: { draw: [(u) => drawMarks(u, spec.marks || [])] },
  };
  const meta = { grain: spec.grain, metrics: series.map((s) => s.key), compare: series.flatMap((s, i) => (s.stack ? [] : [i + 1])) };
  attach(view, el, opts, [x, ...drawn.map(nulls)], undefined, meta);
  el.dataset.series = series.map((s) => s.key).join(' ');
  el.dataset.periods = spec.periods.length ? `${spec.periods[0]} ${spec.periods[spec.periods.length - 1]}` : '';
  el.chart = {
    periods: spec.periods,
    series: Object.fromEntries(series.map((s) => [s.key, Array.from(s.values)])),
    up: edge(series, drawn, 'up', x.length),
    down: edge(series, drawn, 'down', x.length),
  };
}

/* ---- private ---- */

/* The values drawn for each series: a stacked series its running sum (each
 * series remembers the one it stands on in s.below), the others as given. An
 * undefined value stacks as 0 and is drawn as nothing. */
function stackValues(series, n) {
  const last = {};
  return series.map((s, i) => {
    if (!s.stack) return Float64Array.from(s.values);
    const sign = s.stack === 'down' ? -1 : 1;
    const base = last[s.stack] != null ? series[last[s.stack]].drawn : new Float64Array(n);
    s.below = last[s.stack] ?? null;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const v = s.values[k];
      out[k] = Number.isFinite(v) ? base[k] + sign * v : base[k];
    }
    s.drawn = out;
    last[s.stack] = i;
    return out;
  });
}

/* The outer edge of a stack at each period (0 where it has no series). */
function edge(series, drawn, stack, n) {
  let at = -1;
  series.forEach((s, i) => { if (s.stack === stack) at = i; });
  return at < 0 ? new Array(n).fill(0) : Array.from(drawn[at]);
}

function uSeries(s, drawn, few) {
  const raw = s.values;
  const base = {
    label: s.label,
    scale: s.right ? 'y2' : 'y',
    // the series' own value of the hovered period (the latest while away), never a running sum
    value: (u, v, si, idx) => formatValue(raw[idx == null ? raw.length - 1 : idx], s.unit),
    format: (v) => formatValue(v, s.unit), // a value of its own (compare overlays: chart-tools.js)
  };
  if (s.kind === 'bar') {
    return {
      ...base,
      stroke: s.color,
      fill: withAlpha(s.color, 0.88),
      width: 0,
      paths: uPlot.paths.bars({ size: [0.62, 56], radius: s.stack ? 0 : [0.18, 0], align: 0 }),
      points: { show: false },
    };
  }
  return {
    ...base,
    stroke: s.color,
    width: s.width || 2,
    dash: s.dash,
    spanGaps: false,
    points: { show: few, size: 5, width: 1.5, fill: '#fff' },
  };
}

/* A range from the drawn values and the marks of one axis, zero included
 * unless zero is false, padded to round numbers. */
function range(u, drawn, series, marks, right, zero) {
  let lo = zero ? 0 : Infinity;
  let hi = zero ? 0 : -Infinity;
  series.forEach((s, i) => {
    if (!!s.right !== right) return;
    for (const v of drawn[i]) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  });
  for (const m of marks || []) if (!!m.right === right) hi = Math.max(hi, m.value * 1.2);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (hi === lo) hi = lo + 1;
  const [a, b] = uPlot.rangeNum(lo, hi, zero ? 0.08 : 0.3, true);
  return [zero && lo >= 0 ? 0 : a, b];
}

/* The healthy marks: a dashed line across the plot and its label at the right. */
function drawMarks(u, marks) {
  if (!marks.length) return;
  const { ctx, bbox } = u;
  ctx.save();
  for (const m of marks) {
    const scale = m.right ? 'y2' : 'y';
    if (!u.scales[scale] || u.scales[scale].min == null) continue;
    const y = Math.round(u.valToPos(m.value, scale, true)) + 0.5;
    if (y < bbox.top || y > bbox.top + bbox.height) continue;
    ctx.strokeStyle = paint(MARK_COLOR);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `600 ${11 * devicePixelRatio}px ${AXIS.font.replace(/^\d+px /, '')}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    const w = ctx.measureText(m.label).width;
    const lx = m.right ? bbox.left + bbox.width - w - 6 * devicePixelRatio : bbox.left + 6 * devicePixelRatio;
    const ly = y - 5 * devicePixelRatio;
    ctx.fillStyle = paint(withAlpha('#ffffff', 0.85));
    ctx.fillRect(lx - 3 * devicePixelRatio, ly - 11 * devicePixelRatio, w + 6 * devicePixelRatio, 14 * devicePixelRatio);
    ctx.fillStyle = paint(MARK_COLOR);
    ctx.fillText(m.label, lx, ly);
  }
  ctx.restore();
}

function nulls(a) {
  return Array.from(a, (v) => (Number.isFinite(v) ? v : null));
}
