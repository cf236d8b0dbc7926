/* alerts-chart.js: the Alerts view's chart of one rule's series (uPlot, as
 * the other views draw): the metric per period, the expected band (per
 * period when the run gives one — series.expected_lo / expected_hi — else
 * the rule's latest range or its threshold as a line) and the periods that
 * fired as red points. The rule is picked among the metric rules that have
 * a series; root.chart keeps {rule, periods, values, fired} for tests. */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { attach, destroy, common, legendValue, withAlpha } from './chart-kit.js';
import { formatValue, periodStart, formatPeriod } from './format.js';
import { catalogMap } from './results.js';
import { metricLabel, rulesById } from './health-panel.js';
import { messageBlock } from './hints.js';
import { currentAlerts } from './alerts-data.js';

const LINE = '#4f46e5';
const BAND = '#12b76a';
const FIRED = '#f04438';

/* The columns of a rule's chart: {x, value, lo, hi, fired} (null = gap). */
export function chartColumns(rule) {
  const s = rule.series || {};
  const periods = s.period || [];
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const at = (arr, i) => (Array.isArray(arr) ? num(arr[i]) : null);
  const perPoint = Array.isArray(s.expected_lo) && Array.isArray(s.expected_hi);
  const flat = (v) => num(v);
  const lo0 = rule.type === 'anomaly' ? flat(rule.expected_lo) : rule.type === 'threshold' ? flat(rule.threshold) : null;
  const hi0 = rule.type === 'anomaly' ? flat(rule.expected_hi) : rule.type === 'threshold' ? flat(rule.threshold) : null;
  const value = periods.map((_, i) => at(s.value, i));
  return {
    x: periods.map(periodStart),
    value,
    lo: periods.map((_, i) => (perPoint ? at(s.expected_lo, i) : lo0)),
    hi: periods.map((_, i) => (perPoint ? at(s.expected_hi, i) : hi0)),
    fired: periods.map((_, i) => (s.fired?.[i] ? value[i] : null)),
  };
}

/* The y range of the chart: the values and the band, a tenth of their span
 * added on each side (the detail a rule judges, not a scale from zero). */
export function padded(values) {
  const v = values.filter((x) => x != null && Number.isFinite(x));
  if (!v.length) return [0, 1];
  const lo = Math.min(...v), hi = Math.max(...v);
  const pad = (hi - lo) / 10 || Math.abs(hi) / 10 || 1;
  return [lo - pad, hi + pad];
}

export function mountAlertsChart(parent, store) {
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const pick = el('select', { className: 'event-select', dataset: { alerts: 'rule' } });
  const plot = el('div', { className: 'chart-plot', dataset: { chart: 'rule' } }); // uPlot takes its whole width
  const legend = el('p', { className: 'alerts-legend' });
  const card = el('article', { className: 'card chart-card', dataset: { card: 'rule-chart' } },
    el('header', { className: 'card-header' }, el('div', {}, title, sub), pick), el('div', { className: 'chart' }, plot), legend);
  parent.append(card);
  const view = {};
  let chosen = null;
  pick.addEventListener('change', () => { chosen = pick.value; render(store.get()); });

  function render(s) {
    title.textContent = t('alerts.chart.title');
    legend.textContent = t('alerts.chart.legend');
    pick.setAttribute('aria-label', t('alerts.chart.pick'));
    const m = currentAlerts(s)?.monitor;
    const rules = (m?.rules || []).filter((r) => r.series?.period?.length);
    if (!rules.length) {
      destroy(view);
      pick.replaceChildren();
      sub.textContent = '';
      plot.replaceChildren(messageBlock(t('alerts.chart.none')));
      delete plot.chart;
      return;
    }
    if (!rules.some((r) => r.id === chosen)) chosen = (rules.find((r) => r.status === 'firing') || rules[0]).id;
    const defs = rulesById(currentAlerts(s).rules);
    const label = (r) => (defs[r.id]?.property ? `${metricLabel(r.metric)} · ${defs[r.id].property}` : metricLabel(r.metric));
    pick.replaceChildren(...rules.map((r) => option(r.id, `${r.id} · ${label(r)}`, r.id === chosen)));
    const rule = rules.find((r) => r.id === chosen);
    const unit = (s.engine ? catalogMap(s.engine).get(rule.metric)?.unit : null) || 'number';
    const cols = chartColumns(rule);
    sub.textContent = t('alerts.chart.subtitle', {
      metric: label(rule), from: formatPeriod(rule.series.period[0], rule.grain),
      to: formatPeriod(rule.series.period.at(-1), rule.grain) });
    plot.chart = { rule: rule.id, periods: rule.series.period, values: cols.value, fired: cols.fired.filter((v) => v != null).length };
    const c = common({ unit, grain: rule.grain === 'month' ? 'month' : 'day' });
    const fmt = legendValue((v) => formatValue(v, unit));
    const opts = {
      ...c,
      series: [
        c.xSeries,
        { label: label(rule), stroke: LINE, width: 2, value: fmt, points: { show: false } },
        { label: t('alerts.chart.lo'), stroke: withAlpha(BAND, 0.9), width: 1.5, dash: [5, 4], value: fmt, points: { show: false } },
        { label: t('alerts.chart.hi'), stroke: withAlpha(BAND, 0.9), width: 1.5, dash: [5, 4], value: fmt, points: { show: false } },
        { label: t('alerts.chart.fired'), stroke: FIRED, width: 0, value: fmt,
          points: { show: true, size: 6, fill: FIRED, stroke: FIRED }, paths: () => null },
      ],
      bands: [{ series: [3, 2], fill: withAlpha(BAND, 0.12) }],
    };
    delete opts.xSeries;
    opts.scales = { ...c.scales, y: { range: (u, min, max) => padded([...cols.value, ...cols.lo, ...cols.hi]) } };
    const meta = { grain: rule.grain, metrics: [rule.metric], compare: [1] };
    attach(view, plot, opts, [cols.x, cols.value, cols.lo, cols.hi, cols.fired], 260, meta);
  }
  store.subscribe((s, prev) => {
    if (s.view !== 'alerts') return;
    if (s.alerts !== prev.alerts || s.locale !== prev.locale || s.view !== prev.view || s.info !== prev.info) render(s);
  });
  if (store.get().view === 'alerts') render(store.get());
}
