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
import { formatValue, formatPeriod } from './format.js';
import { resultKey } from './store.js';
import { hintBlock, messageBlock, emptyBlock } from './hints.js';
import { grainFor, onCalendarAxis, destroy, align, common, legendValue, strip, monthBars, attach, withAlpha, setChartContext } from './chart-kit.js';
import { currentAlerts } from './alerts-data.js';

const COLORS = {
  mrr: '#4f46e5',
  dau: '#4f46e5',
  wau: '#0ea5a4',
  mau: '#f59e0b',
};

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
    if (s.compare !== prev.compare || s.alerts !== prev.alerts || s.info !== prev.info) syncContext(s);
    if (s.results !== prev.results || s.locale !== prev.locale) render(s);
  });
  syncContext(store.get());
  render(store.get());
}

/* Every chart of the page (chart-kit.js) follows compare mode (state.compare,
 * compare-control.js) and marks the incidents of the current alerts run. */
let shown = { compare: null, incidents: null };
function syncContext(s) {
  const now = { compare: s.compare || 'none', incidents: currentAlerts(s)?.monitor?.incidents || [] };
  if (now.compare === shown.compare && (now.incidents === shown.incidents || (!now.incidents.length && !shown.incidents?.length))) return;
  shown = now;
  setChartContext(now);
}

/* ---- private ---- */

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
  const data = align(ok.map((p) => p.result));
  const opts = def.kind === 'bars' ? barOptions(ok, first) : lineOptions(ok, first);
  attach(view, el, opts, data, undefined, { grain: first.grain, metrics: ok.map((p) => p.metric) });
}

function barOptions(parts, first) {
  const c = monthBars(common(first));
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

