/* sql-chart.js: the SQL console's quick chart of a result (uPlot through
 * chart-kit.js): the first column as x, every numeric column after it as a
 * series, as lines or bars.
 *
 *   const d = chartData(result);   // {kind: 'time'|'number'|'category', x, labels, series: [{name, y}]} | null
 *   const chart = mountSqlChart(parent);  chart.render(result, 'line' | 'bar');
 * x is a time when every first-column value is a date text (YYYY-MM,
 * YYYY-MM-DD, with a time or not: read as the wall clock it shows, on a UTC
 * axis as every chart of the page), a number when every value is a number,
 * else a category (the rows in their order, labelled by the value). Time rows
 * are drawn in time order. No chart (null) without a row or a numeric series. */
import uPlot from './vendor/uPlot.esm.js';
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatNumber } from './format.js';
import { AXIS, DAY, attach, destroy, axisSize, legendValue, timeLabels, withAlpha } from './chart-kit.js';
import { PALETTE } from './revenue-charts.js';

export const MAX_SERIES = 8;
const DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?$/;

/* Unix seconds of a date text read as UTC, or NaN. */
export function dateSeconds(v) {
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (!m) return NaN;
  const [, y, mo, d = '01', h = '0', mi = '0', s = '0'] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  return +mo >= 1 && +mo <= 12 ? ms / 1000 : NaN;
}

export function chartData(result) {
  const rows = result?.rows || [];
  const cols = result?.columns || [];
  if (!rows.length || cols.length < 2) return null;
  const numeric = [];
  for (let c = 1; c < cols.length && numeric.length < MAX_SERIES; c++) {
    const vals = rows.map((r) => r[c]);
    if (vals.some((v) => typeof v === 'number') && vals.every((v) => v == null || typeof v === 'number')) numeric.push(c);
  }
  if (!numeric.length) return null;
  const first = rows.map((r) => r[0]);
  let kind = 'category';
  let x = first.map((_, i) => i);
  if (first.every((v) => Number.isFinite(dateSeconds(v)))) {
    kind = 'time';
    x = first.map(dateSeconds);
  } else if (first.every((v) => typeof v === 'number')) {
    kind = 'number';
    x = first.slice();
  }
  let order = rows.map((_, i) => i);
  if (kind !== 'category') order.sort((a, b) => x[a] - x[b]);
  return {
    kind,
    xName: cols[0].name,
    x: order.map((i) => x[i]),
    labels: order.map((i) => (first[i] == null ? 'NULL' : String(first[i]))),
    series: numeric.map((c) => ({ name: cols[c].name, y: order.map((i) => rows[i][c]) })),
  };
}

/* The chart's text summary (its aria-label and caption). */
export function chartSummary(d, type) {
  return t(type === 'bar' ? 'sql.chart.summaryBar' : 'sql.chart.summaryLine', {
    series: d.series.map((s) => s.name).join(', '), x: d.xName, n: formatNumber(d.x.length),
  });
}

export function mountSqlChart(parent) {
  const view = {};
  const plotEl = el('div', { className: 'sql-chart-plot', role: 'img' });
  const caption = el('figcaption', { className: 'card-subtitle sql-chart-caption' });
  const figure = el('figure', { className: 'sql-chart', dataset: { testid: 'sql-chart' } }, plotEl, caption);
  parent.append(figure);

  function render(result, type) {
    const d = chartData(result);
    figure.hidden = !d;
    if (!d) {
      destroy(view);
      plotEl.replaceChildren();
      figure.dataset.state = 'none';
      return false;
    }
    const summary = chartSummary(d, type);
    plotEl.setAttribute('aria-label', summary);
    caption.textContent = summary;
    attach(view, plotEl, options(d, type), [Float64Array.from(d.x), ...d.series.map((s) => s.y)], 260);
    figure.dataset.state = 'drawn';
    figure.dataset.type = type;
    figure.dataset.series = String(d.series.length);
    return true;
  }

  return { render, element: figure };
}

/* ---- private ---- */

function options(d, type) {
  const bars = type === 'bar' ? uPlot.paths.bars({ size: [0.7 / Math.max(1, d.series.length) + 0.2, 48] }) : undefined;
  const time = d.kind === 'time';
  const step = d.x.length > 1 ? (d.x[d.x.length - 1] - d.x[0]) / (d.x.length - 1) : 1;
  const pad = type === 'bar' ? (time ? step / 2 || DAY / 2 : step / 2 || 0.5) : 0;
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    legend: { live: true },
    padding: [12, 18, 0, 4],
    cursor: { drag: { x: false, y: false }, points: { size: 7, width: 2 }, y: false },
    scales: {
      x: { time, range: (u, min, max) => (min === max ? [min - 1, max + 1] : [min - pad, max + pad]) },
      y: { range: (u, min, max) => uPlot.rangeNum(Math.min(0, min), Math.max(0, max), 0.1, true) },
    },
    axes: [
      {
        stroke: AXIS.stroke, font: AXIS.font, gap: 6, size: 36,
        grid: { show: false }, ticks: { show: true, stroke: AXIS.grid, size: 4 },
        ...(time
          ? { values: (u, splits, ai, space, incr) => timeLabels(splits, incr) }
          : d.kind === 'category'
            ? { splits: () => categorySplits(d.x.length), values: (u, splits) => splits.map((v) => d.labels[v] ?? '') }
            : { values: (u, splits) => splits.map((v) => formatNumber(v)) }),
      },
      {
        stroke: AXIS.stroke, font: AXIS.font, gap: 8,
        grid: { stroke: AXIS.grid, width: 1 }, ticks: { show: false },
        values: (u, splits) => splits.map((v) => formatNumber(v, { compact: true })),
        size: axisSize,
      },
    ],
    series: [
      { label: d.xName, value: (u, v, si, idx) => (idx == null ? '—' : d.labels[idx] ?? '—') },
      ...d.series.map((s, i) => {
        const color = PALETTE[i % PALETTE.length];
        return {
          label: s.name, stroke: color, width: 2, points: { show: d.x.length < 40 },
          fill: bars ? withAlpha(color, 0.75) : undefined, paths: bars,
          value: legendValue((v) => formatNumber(v)),
        };
      }),
    ],
  };
}

/* At most 12 category ticks, evenly spread. */
function categorySplits(n) {
  const step = Math.max(1, Math.ceil(n / 12));
  const out = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}
