/* product-view.js: the Product view, as a product or platform team reads its
 * events, every number from the engine (state.product, fetched by app.js
 * while the view is open; product-data.js lists what it asks):
 *   - pickers: the grain (day, week, month), the event (every event or one),
 *     the number property of the percentiles (latency_ms, …), the feature
 *     column (event names or a text property);
 *   - KPI cards: task success rate (healthy from 95%), error rate, p95 of the
 *     property, peak QPS, each with its change against the period before;
 *   - charts: p50/p90/p95/p99 of the property, task success and error rates,
 *     failures by error code (the top 10, stacked), peak and mean QPS;
 *   - feature penetration and share per feature (the top 10) in the latest
 *     period, a table with bars.
 * Without an events dataset it says what to drop in; a metric whose column the
 * data lacks says which. The global range (state.range) and filters
 * (state.filters) go into every question. Drawn only while shown (uPlot needs
 * a width). <article data-card="ID"> per chart, its plot in <div data-chart="ID">. */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatPeriod, formatValue } from './format.js';
import { metricLabel } from './labels.js';
import { buildCard, renderCard } from './kpis.js';
import { explain } from './explain.js';
import { markText } from './health.js';
import { hintBlock, messageBlock, emptyBlock } from './hints.js';
import { destroy, onCalendarAxis } from './chart-kit.js';
import { drawSpec, PALETTE } from './revenue-charts.js';
import { chartCard, placeholder } from './revenue-view.js';
import { renderEmpty } from './hints.js';
import { GRAINS, PERCENTILES, DEFAULT_OPTS, TOP, eventsDataset, numberColumns, featureColumns } from './product-data.js';

const KPIS = ['task_success_rate', 'error_rate', 'p95', 'qps_peak'];
const PCT_COLORS = { p50: '#0ea5a4', p90: '#4f46e5', p95: '#f59e0b', p99: '#ef4444' };

/* Each chart: the metrics it explains and how it turns results into a spec. */
const CHARTS = [
  { id: 'latency', wide: true, metrics: PERCENTILES,
    build: (r) => lines(r, PERCENTILES.map((m) => ({ m, color: PCT_COLORS[m] }))) },
  { id: 'outcomes', metrics: ['task_success_rate', 'error_rate'],
    build: (r) => lines(r, [{ m: 'task_success_rate', color: '#12b76a' }, { m: 'error_rate', color: '#f04438', right: true }],
      [{ metric: 'task_success_rate', value: 0.95 }]) },
  { id: 'failures', metrics: ['failures'], build: (r) => stacked(r.get('failures')) },
  { id: 'qps', metrics: ['qps_peak', 'qps_mean'],
    build: (r) => lines(r, [{ m: 'qps_peak', color: '#4f46e5' }, { m: 'qps_mean', color: '#0ea5a4', right: true }]) },
];

export function mountProductView(root, store, actions) {
  const title = el('h1', { className: 'view-title', id: 'product-title' });
  const range = el('p', { className: 'view-sub' });
  const grains = el('div', { className: 'product-grains', role: 'group' },
    ...GRAINS.map((g) => el('button', { type: 'button', className: 'product-grain', dataset: { grain: g } })));
  grains.addEventListener('click', (e) => {
    const b = e.target.closest('[data-grain]');
    if (b) actions.setProductOptions({ grain: b.dataset.grain });
  });
  const pickers = ['event', 'property', 'feature'].map((name) => {
    const select = el('select', { className: 'product-select', dataset: { pick: name } });
    select.addEventListener('change', () => actions.setProductOptions({ [name]: select.value }));
    return { name, select, label: el('span', { className: 'product-pick-label' }) };
  });
  const toolbar = el('div', { className: 'card product-toolbar' }, grains,
    ...pickers.map((p) => el('label', { className: 'product-pick' }, p.label, p.select)));
  const empty = el('div', { className: 'card revenue-empty product-empty' });
  const kpis = el('section', { className: 'kpis revenue-kpis', 'aria-labelledby': 'product-title' });
  const cards = new Map(KPIS.map((m) => [m, buildCard(m)]));
  cards.get('p95').dataset.polarity = 'inverse'; // latency: a rise is bad news
  kpis.append(...cards.values());
  const charts = CHARTS.map(chartCard);
  const features = chartCard({ id: 'features', wide: true, metrics: ['feature_penetration', 'feature_share'] });
  const body = el('div', { className: 'revenue-body product-body' }, toolbar, kpis,
    el('div', { className: 'revenue-charts' }, ...charts.map((c) => c.card), features.card));
  root.append(el('header', { className: 'view-head' }, el('div', {}, title, range)), empty, body);

  let stale = true;
  const render = (s) => {
    stale = false;
    const d = eventsDataset(s.info);
    const prod = s.product;
    const results = prod ? prod.results : new Map();
    const opts = prod ? prod.opts : { ...DEFAULT_OPTS, ...(s.productOpts || {}) };
    title.textContent = t('views.product');
    const first = [...results.values()].find((r) => r.status === 'ok' && r.periods.length);
    range.textContent = first
      ? t('product.range', { grain: t(`product.grain.${first.grain}`), from: formatPeriod(first.periods[0], first.grain),
        to: formatPeriod(first.periods.at(-1), first.grain) })
      : t('product.subtitle');
    empty.hidden = !!d || !s.engine;
    body.hidden = !d && !!s.engine;
    if (!d) return renderEmpty(empty, actions, 'product');
    renderToolbar(grains, pickers, opts, d, prod);
    for (const [m, card] of cards) renderKpi(card, m, resultFor(results, m, prod), opts, s);
    for (const c of charts) renderChart(c, results, prod, opts, s);
    renderFeatures(features, results, prod, opts, s);
  };
  store.subscribe((s, prev) => {
    if (s.view !== 'product') {
      stale = true;
      return;
    }
    if (stale || s.product !== prev.product || s.locale !== prev.locale || s.settings !== prev.settings
      || s.info !== prev.info || s.engine !== prev.engine || s.compare !== prev.compare) render(s);
  });
  if (store.get().view === 'product') render(store.get());
}

/* ---- private ---- */

function renderToolbar(grains, pickers, opts, d, prod) {
  grains.setAttribute('aria-label', t('product.pick.grain'));
  for (const b of grains.children) {
    b.textContent = t(`product.grain.${b.dataset.grain}`);
    b.setAttribute('aria-pressed', b.dataset.grain === opts.grain ? 'true' : 'false');
  }
  const choices = {
    event: [['', t('product.pick.allEvents')], ...((prod && prod.events) || []).map((e) => [e, e])],
    property: numberColumns(d).map((c) => [c, c]),
    feature: [['', t('product.pick.eventName')], ...featureColumns(d).map((c) => [c, c])],
  };
  for (const p of pickers) {
    p.label.textContent = t(`product.pick.${p.name}`);
    const list = choices[p.name];
    if (opts[p.name] && !list.some(([v]) => v === opts[p.name])) list.push([opts[p.name], opts[p.name]]);
    p.select.replaceChildren(...list.map(([v, label]) => option(v, label, v === opts[p.name])));
    p.select.disabled = list.length === 0;
    if (!list.length) p.select.append(option('', t('product.pick.none'), true));
  }
}

function renderKpi(card, metric, r, opts, s) {
  const lacks = r && r.status === 'lacks';
  renderCard(card, metric, lacks ? { status: 'unavailable' } : r, s);
  if (metric === 'p95' && opts.property) card.querySelector('.kpi-label').textContent = t('product.kpi.p95', { property: opts.property });
  if (lacks) card.querySelector('.kpi-hint').textContent = t(`product.lacks.${r.column}`);
}

function heading(c, s, opts) {
  const vars = { property: opts.property || '—', event: opts.event || t('product.pick.allEvents'), top: TOP };
  c.card.querySelector('.card-title').textContent = t(`product.chart.${c.def.id}.title`, vars);
  c.card.querySelector('.card-subtitle').textContent = t(`product.chart.${c.def.id}.subtitle`, vars);
  c.explainSlot.replaceChildren(explain(c.def.metrics, s, t(`product.chart.${c.def.id}.title`, vars)));
  c.card.querySelector('[data-range]').textContent = '';
}

/* The result of a metric, 'pending' until the view's first fetch. */
function resultFor(results, metric, prod) {
  return prod ? results.get(metric) || { status: 'unavailable' } : undefined;
}

/* A placeholder for a chart without data: waiting, missing, lacking or failed. */
function blocked(c, parts, prod) {
  if (!prod) return placeholder(c, emptyBlock('chart'));
  const find = (st) => parts.find((p) => p.r && p.r.status === st);
  const lacks = find('lacks');
  if (lacks) return placeholder(c, messageBlock(t(`product.lacks.${lacks.r.column}`), t(`product.lacksHint.${lacks.r.column}`)));
  const missing = find('missing');
  if (missing) return placeholder(c, hintBlock(missing.r.needs, 'chart'));
  const failed = find('error');
  if (failed) return placeholder(c, messageBlock(t('kpi.error'), failed.r.message));
  return placeholder(c, messageBlock(t('kpi.empty')));
}

/* True when a result has something to draw: a value or a segment. */
function shown(r) {
  return r.segments ? r.segments.length > 0 : r.y.some(Number.isFinite);
}

function renderChart(c, results, prod, opts, s) {
  heading(c, s, opts);
  destroy(c.view);
  const parts = c.def.metrics.map((m) => ({ m, r: resultFor(results, m, prod) }));
  const ok = parts.filter((p) => p.r && p.r.status === 'ok' && p.r.x.length > 0 && shown(p.r));
  if (!ok.length) return blocked(c, parts, prod);
  const spec = c.def.build(new Map(ok.map((p) => [p.m, onCalendarAxis(p.r)])));
  const p = spec.periods;
  c.card.querySelector('[data-range]').textContent = t('charts.range', { from: formatPeriod(p[0], spec.grain), to: formatPeriod(p.at(-1), spec.grain) });
  c.card.classList.remove('is-empty');
  c.plot.classList.remove('product-table');
  drawSpec(c.view, c.plot, spec);
}

/* Lines [{m, color, right}] over the periods of the first result present; a
 * result with other periods is placed by period name (NaN where it has none). */
function lines(results, list, marks = []) {
  const have = list.filter((l) => results.has(l.m));
  const first = results.get(have[0].m);
  const series = have.map((l) => {
    const r = results.get(l.m);
    const byName = new Map(r.periods.map((p, i) => [p, r.y[i]]));
    const values = r.periods.length === first.periods.length ? r.y : Float64Array.from(first.periods, (p) => byName.get(p) ?? NaN);
    return { key: l.m, label: metricLabel(l.m), color: l.color, kind: 'line', right: !!l.right, unit: r.unit, values };
  });
  const right = series.find((x) => x.right);
  const left = series.find((x) => !x.right) || series[0];
  return { periods: first.periods, x: first.x, grain: first.grain, unit: left.unit, unit2: right && right !== left ? right.unit : undefined,
    series: right === left ? series.map((x) => ({ ...x, right: false })) : series,
    marks: marks.filter((m) => have.some((l) => l.m === m.metric))
      .map((m) => ({ ...m, label: t('health.line', { name: metricLabel(m.metric), mark: markText(m.metric) }) })) };
}

/* A breakdown's segments (or the one series) as stacked bars. */
function stacked(r) {
  const segs = r.segments || [{ label: metricLabel('failures'), y: r.y }];
  return { periods: r.periods, x: r.x, grain: r.grain, unit: r.unit, marks: [],
    series: segs.map((seg, i) => ({ key: seg.label, label: seg.label, color: PALETTE[i % PALETTE.length],
      kind: 'bar', stack: 'up', unit: r.unit, values: seg.y })) };
}

/* Feature penetration and share of the latest period, a row per feature (the
 * engine's top 10 by penetration over the range), highest penetration first. */
function renderFeatures(c, results, prod, opts, s) {
  heading(c, s, opts);
  const pen = resultFor(results, 'feature_penetration', prod);
  const share = resultFor(results, 'feature_share', prod);
  const parts = [{ m: 'feature_penetration', r: pen }, { m: 'feature_share', r: share }];
  if (!pen || pen.status !== 'ok' || !pen.periods.length || !(pen.segments || []).length) return blocked(c, parts, prod);
  const n = pen.periods.length - 1;
  const shareOf = new Map(share && share.status === 'ok' && share.periods.at(-1) === pen.periods[n]
    ? (share.segments || []).map((seg) => [seg.label, seg.y[share.periods.length - 1]]) : []);
  const rows = pen.segments.map((seg) => ({ label: seg.label, pen: seg.y[n], share: shareOf.has(seg.label) ? shareOf.get(seg.label) : NaN }))
    .sort((a, b) => (Number.isFinite(b.pen) ? b.pen : -1) - (Number.isFinite(a.pen) ? a.pen : -1));
  c.card.querySelector('[data-range]').textContent = formatPeriod(pen.periods[n], pen.grain);
  c.card.classList.remove('is-empty');
  c.plot.classList.add('product-table');
  delete c.plot.chart;
  const head = el('tr', {}, el('th', { scope: 'col' }, opts.feature || t('product.pick.eventName')),
    el('th', { scope: 'col' }, metricLabel('feature_penetration')), el('th', { scope: 'col' }, metricLabel('feature_share')));
  c.plot.replaceChildren(el('table', { className: 'product-features', dataset: { period: pen.periods[n] } },
    el('thead', {}, head),
    el('tbody', {}, ...rows.map((row) => el('tr', { dataset: { feature: row.label, penetration: String(row.pen), share: String(row.share) } },
      el('th', { scope: 'row' }, row.label), barCell(row.pen, PALETTE[0]), barCell(row.share, PALETTE[1]))))));
}

/* A cell with a bar as long as the ratio and the ratio as text. */
function barCell(v, color) {
  const bar = el('span', { className: 'product-bar' });
  bar.style.width = `${Number.isFinite(v) ? Math.max(0, Math.min(1, v)) * 100 : 0}%`;
  bar.style.background = color;
  return el('td', {}, el('span', { className: 'product-bar-track' }, bar), el('span', { className: 'product-bar-value' }, formatValue(v, 'ratio')));
}
