/* sql-chart.js: the SQL console's quick chart of a result (uPlot through
 * chart-kit.js): the first column as x, every numeric column after it as a
 * series, as lines or bars.
 *
 *   const chart = mountSqlChart(parent);  chart.render(result, 'line' | 'bar');
 * What it draws: chartData (sql-chart-data.js). */
import uPlot from './vendor/uPlot.esm.js';
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatNumber } from './format.js';
import { DAY, attach, common, destroy, legendValue, strip, withAlpha } from './chart-kit.js';
import { PALETTE } from './revenue-charts.js';
import { chartData } from './sql-chart-data.js';

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
    plotEl.dataset.ownLabel = ''; // chart-kit keeps this summary
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
  // two series stand side by side (each bar to one side of its x); more overlap, see-through
  const pair = d.series.length === 2;
  const bars = (i) => (type === 'bar' ? uPlot.paths.bars({ size: [pair ? 0.4 : 0.7, 48], align: pair ? (i ? 1 : -1) : 0 }) : undefined);
  const time = d.kind === 'time';
  const step = d.x.length > 1 ? (d.x[d.x.length - 1] - d.x[0]) / (d.x.length - 1) : 1;
  const pad = type === 'bar' ? step / 2 || (time ? DAY / 2 : 0.5) : 0;
  const c = strip(common({ unit: 'count', grain: 'day' })); // counts on y, days on a time x
  c.scales.x = { time, range: (u, min, max) => (min === max ? [min - 1, max + 1] : [min - pad, max + pad]) };
  if (d.kind === 'category') {
    Object.assign(c.axes[0], { splits: () => categorySplits(d.x.length), values: (u, splits) => splits.map((v) => d.labels[v] ?? '') });
  } else if (d.kind === 'number') {
    c.axes[0].values = (u, splits) => splits.map((v) => formatNumber(v));
  }
  c.series = [
    { label: d.xName, value: (u, v, si, idx) => d.labels[idx ?? d.labels.length - 1] ?? '—' },
    ...d.series.map((s, i) => {
      const color = PALETTE[i % PALETTE.length];
      return {
        label: s.name, stroke: color, width: type === 'bar' ? 1 : 2, points: { show: type !== 'bar' && d.x.length < 40 },
        fill: type === 'bar' ? withAlpha(color, pair ? 0.85 : 0.6) : undefined, paths: bars(i),
        value: legendValue((v) => formatNumber(v)),
      };
    }),
  ];
  return c;
}

/* At most 12 category ticks, evenly spread. */
function categorySplits(n) {
  const step = Math.max(1, Math.ceil(n / 12));
  const out = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}
