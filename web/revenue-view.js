/* revenue-view.js: the Revenue view, as a ChartMogul or Baremetrics user reads
 * it, every number from the engine (state.revenue, fetched by app.js while
 * the view is open; revenue-data.js lists the metrics):
 *   - the settings panel (settings-panel.js);
 *   - KPI cards with the change against the previous month and healthy marks;
 *   - charts (revenue-charts.js): the MRR bridge (new, expansion, reactivation
 *     up; contraction and churned down; net new MRR as a line), MRR by plan,
 *     churn rates, NRR and GRR, LTV and CAC, LTV:CAC and CAC payback, trials;
 *   - the cohort revenue-retention heatmap (cohort-heatmap.js);
 *   - a commerce section when a payments dataset is loaded and the catalog has
 *     commerce metrics.
 * Without a subscriptions dataset it says what to drop in. Drawn only while
 * shown (uPlot needs a width), again when data, settings or language change.
 * <article data-card="ID"> per chart, its plot in <div data-chart="ID">;
 * chartCard and placeholder serve the product view too. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatPeriod } from './format.js';
import { metricLabel } from './labels.js';
import { buildCard, renderCard } from './kpis.js';
import { explain } from './explain.js';
import { markText } from './health.js';
import { hintBlock, messageBlock, emptyBlock, renderEmpty } from './hints.js';
import { icon } from './icons.js';
import { destroy, onCalendarAxis } from './chart-kit.js';
import { drawSpec, PALETTE } from './revenue-charts.js';
import { renderHeatmap } from './cohort-heatmap.js';
import { mountSettingsPanel } from './settings-panel.js';
import { COMMERCE_METRICS } from './revenue-data.js';
import { availableKinds } from './precomputed.js';

const KPIS = ['mrr', 'arr', 'customers', 'arpa', 'net_new_mrr', 'customer_churn_rate',
  'nrr', 'quick_ratio', 'ltv', 'cac', 'ltv_cac', 'cac_payback_months'];
const COMMERCE_KPIS = COMMERCE_METRICS.filter((m) => m !== 'tier_users');
const CAC_METRICS = ['cac', 'ltv_cac', 'cac_payback_months'];
const MOVES = { new_mrr: '#12b76a', expansion_mrr: '#2e90fa', reactivation_mrr: '#9e77ed', contraction_mrr: '#f79009', churned_mrr: '#f04438' };

/* Each chart: the metrics it explains, its size, and how it reads the results. */
export const CHARTS = [
  { id: 'bridge', wide: true, metrics: ['new_mrr', 'expansion_mrr', 'reactivation_mrr', 'contraction_mrr', 'churned_mrr', 'net_new_mrr'],
    build: (r) => chart(r, 'currency', [
      ...['new_mrr', 'expansion_mrr', 'reactivation_mrr'].map((m) => ({ m, kind: 'bar', stack: 'up', color: MOVES[m] })),
      ...['contraction_mrr', 'churned_mrr'].map((m) => ({ m, kind: 'bar', stack: 'down', color: MOVES[m] })),
      { m: 'net_new_mrr', kind: 'line', color: '#101828' }]) },
  { id: 'plans', metrics: ['mrr_by_plan'], build: (r) => segments(r, 'mrr_by_plan') },
  { id: 'churn', metrics: ['customer_churn_rate', 'gross_mrr_churn_rate', 'net_mrr_churn_rate'],
    build: (r) => chart(r, 'ratio', [
      { m: 'customer_churn_rate', color: '#f04438' }, { m: 'gross_mrr_churn_rate', color: '#f79009' },
      { m: 'net_mrr_churn_rate', color: '#4f46e5', dash: [5, 3] }], [mark('customer_churn_rate', 0.05)]) },
  { id: 'retention', metrics: ['nrr', 'grr'],
    build: (r) => ({ ...chart(r, 'ratio', [{ m: 'nrr', color: '#4f46e5' }, { m: 'grr', color: '#0ea5a4' }]), zero: false }) },
  { id: 'ltv', metrics: ['ltv', 'cac'], cac: 'note',
    build: (r) => chart(r, 'currency', [{ m: 'ltv', color: '#4f46e5' }, { m: 'cac', color: '#f79009' }]) },
  { id: 'efficiency', metrics: ['ltv_cac', 'cac_payback_months'], cac: 'block',
    build: (r) => chart(r, 'multiple', [{ m: 'ltv_cac', color: '#4f46e5' }, { m: 'cac_payback_months', color: '#f79009', right: true }],
      [mark('ltv_cac', 3), mark('cac_payback_months', 12, true)]) },
  { id: 'trials', metrics: ['trials_started', 'trial_conversion_rate'],
    build: (r) => chart(r, 'count', [{ m: 'trials_started', kind: 'bar', color: '#a5b4fc' }, { m: 'trial_conversion_rate', color: '#4f46e5', right: true }]) },
];
const COMMERCE_CHARTS = [
  { id: 'gmv', metrics: ['gmv', 'orders'],
    build: (r) => chart(r, 'currency', [{ m: 'gmv', kind: 'bar', color: '#0ea5a4' }, { m: 'orders', color: '#4f46e5', right: true }]) },
  { id: 'tiers', metrics: ['tier_users'], build: (r) => segments(r, 'tier_users') },
];

export function mountRevenueView(root, store, actions) {
  const settings = el('details', { className: 'card settings-panel', id: 'revenue-settings' });
  const title = el('h1', { className: 'view-title', id: 'revenue-title' });
  const range = el('p', { className: 'view-sub' });
  const empty = el('div', { className: 'card revenue-empty' });
  const kpis = el('section', { className: 'kpis revenue-kpis', 'aria-labelledby': 'revenue-title' });
  const cards = new Map(KPIS.map((m) => [m, buildCard(m)]));
  kpis.append(...cards.values());
  const charts = CHARTS.map(chartCard);
  const cohort = chartCard({ id: 'cohorts', wide: true, metrics: [] });
  const commerceCards = new Map(COMMERCE_KPIS.map((m) => [m, buildCard(m)]));
  const commerceCharts = COMMERCE_CHARTS.map(chartCard);
  const commerceTitle = el('h2', { className: 'section-title' });
  const commerce = el('section', { className: 'commerce', dataset: { section: 'commerce' } },
    commerceTitle, el('div', { className: 'kpis revenue-kpis' }, ...commerceCards.values()),
    el('div', { className: 'revenue-charts' }, ...commerceCharts.map((c) => c.card)));
  const body = el('div', { className: 'revenue-body' }, kpis,
    el('div', { className: 'revenue-charts' }, ...charts.map((c) => c.card), cohort.card));
  root.append(el('header', { className: 'view-head' }, el('div', {}, title, range)), settings, empty, body, commerce);
  mountSettingsPanel(settings, store, actions);

  let stale = true;
  const render = (s) => {
    if (s.view !== 'revenue') {
      stale = true;
      return;
    }
    stale = false;
    const catalog = new Map(((s.engine && s.engine.catalog) || []).map((m) => [m.name, m]));
    const kinds = availableKinds(s.info, s.engine);
    const rev = s.revenue;
    const results = rev ? rev.results : new Map();
    title.textContent = t('views.revenue');
    const mrr = results.get('mrr');
    range.textContent = mrr && mrr.status === 'ok' && mrr.periods.length
      ? t('revenue.range', { from: formatPeriod(mrr.periods[0], mrr.grain), to: formatPeriod(mrr.periods.at(-1), mrr.grain) })
      : t('revenue.subtitle');
    const hasSubs = kinds.has('subscriptions');
    empty.hidden = hasSubs || !s.engine;
    body.hidden = !hasSubs && !!s.engine;
    if (!hasSubs) renderEmpty(empty, actions, 'revenue');
    else {
      for (const [m, card] of cards) {
        const r = resultFor(results, m, rev);
        renderCard(card, m, r, s);
        if (r && r.code === 'LS_ENODATA') noData(card, CAC_METRICS.includes(m) ? t('revenue.noCacShort') : r.message);
      }
      for (const c of charts) renderChart(c, results, rev, s);
      renderCohorts(cohort, rev, s);
    }
    // a card per one-series metric the catalog has; a breakdown is a chart
    const single = (m) => catalog.has(m) && catalog.get(m).by_role == null;
    const shown = COMMERCE_KPIS.filter(single);
    const onCommerce = kinds.has('payments') && (shown.length > 0 || catalog.has('tier_users'));
    commerce.hidden = !onCommerce;
    if (onCommerce) {
      commerceTitle.textContent = t('revenue.commerce');
      for (const [m, card] of commerceCards) {
        card.hidden = !single(m);
        if (!card.hidden) renderCard(card, m, resultFor(results, m, rev), s);
      }
      for (const c of commerceCharts) {
        c.card.hidden = !c.def.metrics.some((m) => catalog.has(m));
        if (!c.card.hidden) renderChart(c, results, rev, s);
      }
    }
  };
  store.subscribe((s, prev) => {
    if (s.view === 'revenue' && (stale || s.revenue !== prev.revenue || s.locale !== prev.locale || s.settings !== prev.settings
      || s.info !== prev.info || s.engine !== prev.engine || s.view !== prev.view || s.compare !== prev.compare)) render(s);
    else if (s.view !== 'revenue') stale = true;
  });
  render(store.get());
}

/* ---- private ---- */

export function chartCard(def) {
  const plot = el('div', { className: 'chart', dataset: { chart: def.id } });
  const explainSlot = el('span', { className: 'card-explain' });
  const note = el('p', { className: 'chart-note' });
  note.hidden = true;
  const card = el('article', { className: `card chart-card has-explain${def.wide ? ' is-wide' : ''}`, dataset: { card: def.id } },
    el('header', { className: 'card-header' },
      el('div', { className: 'card-heading' }, el('h2', { className: 'card-title' }), el('p', { className: 'card-subtitle' })),
      el('div', { className: 'card-tools' }, el('span', { className: 'card-aside', dataset: { range: '' } }), explainSlot)),
    note, plot);
  return { def, card, plot, note, explainSlot, view: {} };
}

function heading(c, s) {
  c.card.querySelector('.card-title').textContent = t(`revenue.chart.${c.def.id}.title`);
  c.card.querySelector('.card-subtitle').textContent = t(`revenue.chart.${c.def.id}.subtitle`);
  c.explainSlot.replaceChildren(c.def.metrics.length ? explain(c.def.metrics, s, t(`revenue.chart.${c.def.id}.title`)) : '');
}

/* The result of a metric, 'pending' until the view's first fetch. */
function resultFor(results, metric, rev) {
  return rev ? results.get(metric) || { status: 'unavailable' } : undefined;
}

export function renderChart(c, results, rev, s) {
  heading(c, s);
  destroy(c.view);
  const range = c.card.querySelector('[data-range]');
  range.textContent = '';
  c.note.hidden = true;
  const parts = c.def.metrics.map((m) => ({ m, r: resultFor(results, m, rev) }));
  const noCac = parts.some((p) => CAC_METRICS.includes(p.m) && p.r && p.r.code === 'LS_ENODATA');
  if (noCac && c.def.cac === 'block') return placeholder(c, messageBlock(t('revenue.noCac'), t('revenue.noCacHint')));
  if (noCac) {
    c.note.hidden = false;
    c.note.replaceChildren(icon('alert', 'icon'), el('span', {}, `${t('revenue.noCac')} ${t('revenue.noCacHint')}`));
  }
  const ok = parts.filter((p) => p.r && p.r.status === 'ok' && p.r.x.length > 0);
  if (!ok.length) {
    const missing = parts.find((p) => p.r && p.r.status === 'missing');
    const failed = parts.find((p) => p.r && p.r.status === 'error');
    if (!rev) return placeholder(c, emptyBlock('chart'));
    if (missing) return placeholder(c, hintBlock(missing.r.needs, 'chart'));
    if (failed) return placeholder(c, messageBlock(t('kpi.error'), failed.r.message));
    return placeholder(c, messageBlock(t('kpi.empty')));
  }
  const spec = c.def.build(new Map(ok.map((p) => [p.m, onCalendarAxis(p.r)])));
  const p = spec.periods;
  range.textContent = t('charts.range', { from: formatPeriod(p[0], spec.grain), to: formatPeriod(p.at(-1), spec.grain) });
  c.card.classList.remove('is-empty');
  drawSpec(c.view, c.plot, spec);
}

export function placeholder(c, block) {
  c.card.classList.add('is-empty');
  c.plot.replaceChildren(block);
  c.plot.removeAttribute('data-series');
  delete c.plot.chart;
}

/* A spec from series of metrics [{m, kind, stack, color, right, dash}] over
 * the periods of the first result; a metric without a result is left out. */
function chart(results, unit, lines, marks = []) {
  const have = lines.filter((l) => results.has(l.m));
  const first = results.get(have[0].m);
  const series = have.map((l) => {
    const r = results.get(l.m);
    return { key: l.m, label: metricLabel(l.m), color: l.color, kind: l.kind || 'line', stack: l.stack, right: !!l.right,
      dash: l.dash, unit: r.unit, values: alignTo(first.periods, r) };
  });
  const right = series.find((s) => s.right);
  return { periods: first.periods, x: first.x, grain: first.grain, unit: series.find((s) => !s.right)?.unit || unit,
    unit2: right && right.unit, series, marks: marks.filter((m) => have.some((l) => l.m === m.metric)) };
}

/* A breakdown's segments stacked up, one color each. */
function segments(results, metric) {
  const r = [...results.values()][0];
  return { periods: r.periods, x: r.x, grain: r.grain, unit: r.unit, marks: [],
    series: (r.segments || []).map((seg, i) => ({ key: seg.label, label: seg.label, color: PALETTE[i % PALETTE.length],
      kind: 'bar', stack: 'up', unit: r.unit, values: seg.y })) };
}

function mark(metric, value, right = false) {
  return { metric, value, right, label: t('health.line', { name: metricLabel(metric), mark: markText(metric) }) };
}

/* r's values over periods (by name), NaN where it has none. */
function alignTo(periods, r) {
  if (r.periods.length === periods.length && r.periods.every((p, i) => p === periods[i])) return r.y;
  const at = new Map(r.periods.map((p, i) => [p, r.y[i]]));
  return Float64Array.from(periods, (p) => (at.has(p) ? at.get(p) : NaN));
}

function renderCohorts(c, rev, s) {
  c.card.querySelector('.card-title').textContent = t('revenue.chart.cohorts.title');
  c.card.querySelector('.card-subtitle').textContent = t('revenue.chart.cohorts.subtitle');
  c.explainSlot.replaceChildren();
  const co = rev && rev.cohorts;
  c.plot.classList.add('heatmap');
  if (!co) return placeholder(c, emptyBlock('chart'));
  if (co.status === 'missing') return placeholder(c, hintBlock(co.needs, 'chart'));
  if (co.status !== 'ok') return placeholder(c, messageBlock(t('kpi.error'), co.message));
  if (!co.periods.length) return placeholder(c, messageBlock(t('kpi.empty')));
  c.card.classList.remove('is-empty');
  c.card.querySelector('[data-range]').textContent = t('charts.range', {
    from: formatPeriod(co.periods[0], co.grain), to: formatPeriod(co.periods.at(-1), co.grain) });
  renderHeatmap(c.plot, co);
}

/* A card whose data is not loaded says what is missing, plainly. */
function noData(card, text) {
  card.classList.replace('is-error', 'is-missing');
  const hint = card.querySelector('.kpi-hint');
  hint.textContent = text;
  hint.title = '';
}

