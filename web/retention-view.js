/* retention-view.js: the Retention view, as a PostHog or Amplitude user reads
 * it, over the global date range (the cohorts: the periods it holds) and
 * filters (filter-bar.js), fetched from the worker's retention op while open:
 *   - switches: period (day, week, month), mode (on / on or after), type
 *     (first time / recurring), buckets (calendar / rolling 24 h), the start
 *     and return events (any, or one of the event names present: values op);
 *   - the cohort heatmap (retention-heatmap.js, canvas) with the weighted mean
 *     on top;
 *   - the curve of that mean by bucket (uPlot).
 * The weighted mean of bucket k: the members of every cohort whose cell k is
 * observable that returned in k, over those cohorts' sizes. It is computed here
 * from the counts (the C result has no mean yet; when it has one, meanOf takes
 * it). The switches are kept in the view (state.retentionSpec is not in the
 * store); <div data-chart="curve"> keeps el.chart = {k, mean}. */
import uPlot from './vendor/uPlot.esm.js';
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatPeriod, formatRatio, formatValue } from './format.js';
import { hintBlock, messageBlock, emptyBlock } from './hints.js';
import { AXIS, attach, destroy, axisSize } from './chart-kit.js';
import { scopeSpec } from './filter-bar.js';
import { renderRetentionHeatmap } from './retention-heatmap.js';

const SWITCHES = {
  period: ['day', 'week', 'month'],
  mode: ['on', 'on_or_after'],
  type: ['first_time', 'recurring'],
  buckets: ['calendar', 'rolling_24h'],
};

/* The weighted mean share per bucket (see the top); the engine's when it gives one. */
export function meanOf(r) {
  if (Array.isArray(r.mean)) return r.mean;
  const nk = Math.max(0, ...r.counts.map((row) => row.length));
  return Array.from({ length: nk }, (_, k) => {
    let n = 0, of = 0;
    r.counts.forEach((row, c) => {
      if (row[k] != null && r.size[c] > 0) {
        n += row[k];
        of += r.size[c];
      }
    });
    return of > 0 ? n / of : null;
  });
}

export function mountRetentionView(root, store, actions) {
  const spec = { period: 'week', mode: 'on', type: 'first_time', buckets: 'calendar', start_event: null, return_event: null };
  const title = el('h1', { className: 'view-title', id: 'retention-title' });
  const sub = el('p', { className: 'view-sub' });
  const switches = Object.entries(SWITCHES).map(([name, choices]) => {
    const label = el('span', { className: 'switch-label' });
    const buttons = choices.map((c) => {
      const b = el('button', { type: 'button', className: 'switch-btn', dataset: { value: c } });
      b.addEventListener('click', () => {
        spec[name] = c;
        load(store.get());
      });
      return b;
    });
    return { name, label, buttons, node: el('div', { className: 'switch', role: 'group', dataset: { switch: name } }, label, ...buttons) };
  });
  const events = ['start_event', 'return_event'].map((name) => {
    const select = el('select', { className: 'event-select', dataset: { event: name } });
    select.addEventListener('change', () => {
      spec[name] = select.value || null;
      load(store.get());
    });
    const label = el('span', { className: 'switch-label' });
    return { name, select, label, node: el('label', { className: 'switch event-pick' }, label, select) };
  });
  const controls = el('div', { className: 'card retention-controls' }, ...switches.map((s) => s.node), ...events.map((e) => e.node));
  const empty = el('div', { className: 'card product-empty' });
  const heat = card('heatmap');
  const curve = card('curve');
  const body = el('div', { className: 'product-body' }, controls, heat.card, curve.card);
  root.append(el('header', { className: 'view-head' }, el('div', {}, title, sub)), empty, body);

  let data = null; // {status, …retention result, mean} | {status: 'error', message}
  let names = [];  // the event names present
  let asked = '';
  let askedNames = '';
  let stale = true;

  const load = async (s) => {
    const scope = scopeSpec(s);
    const key = JSON.stringify([s.info, scope, spec, !!s.engine]);
    render(s);
    const kinds = new Set((s.info.datasets || []).map((d) => d.kind));
    if (!s.engine || !kinds.has('events') || key === asked) return;
    asked = key;
    const column = eventColumn(s.info);
    const namesKey = JSON.stringify([s.info, column]);
    const [got, present] = await Promise.all([
      actions.ask('retention', { ...scope, ...spec }).then((r) => ({ status: 'ok', ...r, mean: meanOf(r) }),
        (err) => ({ status: 'error', message: err.message })),
      column && namesKey !== askedNames
        ? actions.ask('values', { column, kind: 'events', max: 500 }).then((r) => r.values, () => names) : names,
    ]);
    if (asked !== key) return;
    askedNames = namesKey;
    names = present;
    data = got;
    if (store.get().view === 'retention') render(store.get());
  };

  const render = (s) => {
    stale = false;
    title.textContent = t('views.retention');
    sub.textContent = t('retention.subtitle');
    for (const sw of switches) {
      sw.label.textContent = t(`retention.switch.${sw.name}`);
      for (const b of sw.buttons) {
        b.textContent = t(`retention.${sw.name}.${b.dataset.value}`);
        b.setAttribute('aria-pressed', String(spec[sw.name] === b.dataset.value));
      }
    }
    for (const e of events) {
      e.label.textContent = t(`retention.switch.${e.name}`);
      e.select.replaceChildren(option('', t('retention.anyEvent'), !spec[e.name]),
        ...names.map((n) => option(n, n, n === spec[e.name])));
    }
    const kinds = new Set((s.info.datasets || []).map((d) => d.kind));
    const hasEvents = kinds.has('events');
    empty.hidden = hasEvents || !s.engine;
    body.hidden = !hasEvents && !!s.engine;
    if (!hasEvents) return renderEmpty(empty, actions);
    heading(heat, data);
    heading(curve, data);
    if (!data) return [heat, curve].forEach((c) => placeholder(c, emptyBlock('users')));
    if (data.status !== 'ok') return [heat, curve].forEach((c) => placeholder(c, messageBlock(t('kpi.error'), data.message)));
    if (!data.cohorts.length) return [heat, curve].forEach((c) => placeholder(c, messageBlock(t('retention.noCohorts'))));
    heat.card.classList.remove('is-empty');
    curve.card.classList.remove('is-empty');
    const label = (p) => formatPeriod(p, data.grain);
    heat.card.querySelector('[data-range]').textContent = t('charts.range', { from: label(data.cohorts[0]), to: label(data.cohorts.at(-1)) });
    renderRetentionHeatmap(heat.plot, data, { label });
    drawCurve(curve, data);
  };

  store.subscribe((s, prev) => {
    if (s.view !== 'retention') {
      stale = true;
      return;
    }
    if (stale || s.info !== prev.info || s.range !== prev.range || s.filters !== prev.filters
      || s.engine !== prev.engine || s.view !== prev.view) load(s);
    else if (s.locale !== prev.locale) render(s);
  });
  if (store.get().view === 'retention') load(store.get());
}

/* ---- private ---- */

function card(id) {
  const plot = el('div', { className: `chart${id === 'heatmap' ? ' heatmap' : ''}`, dataset: { chart: id } });
  const c = el('article', { className: 'card chart-card is-wide', dataset: { card: id } },
    el('header', { className: 'card-header' },
      el('div', { className: 'card-heading' }, el('h2', { className: 'card-title' }), el('p', { className: 'card-subtitle' })),
      el('div', { className: 'card-tools' }, el('span', { className: 'card-aside', dataset: { range: '' } }))),
    plot);
  return { id, card: c, plot, view: {} };
}

function heading(c, data) {
  const grain = data && data.grain ? data.grain : 'week';
  c.card.querySelector('.card-title').textContent = t(`retention.chart.${c.id}.title`);
  c.card.querySelector('.card-subtitle').textContent = t(`retention.chart.${c.id}.subtitle.${grain}`);
  c.card.querySelector('[data-range]').textContent = '';
}

function placeholder(c, block) {
  destroy(c.view);
  c.card.classList.add('is-empty');
  c.plot.replaceChildren(block);
  delete c.plot.chart;
  delete c.plot.heatmap;
}

/* The mean share by bucket k as a line (k on the x axis, not a date). */
function drawCurve(c, data) {
  const k = data.mean.map((_, i) => i);
  const y = data.mean.map((v) => (v == null ? null : v));
  const unit = (i) => t(`retention.k.${data.grain}`, { k: i });
  const last = y.reduce((at, v, i) => (v == null ? at : i), 0); // the legend's bucket while the cursor is away
  const opts = {
    legend: { live: true },
    padding: [12, 18, 0, 4],
    cursor: { drag: { x: false, y: false }, points: { size: 7, width: 2 }, y: false },
    scales: { x: { time: false, range: (u, min, max) => [min - 0.3, max + 0.3] }, y: { range: (u, min, max) => [0, Math.min(1, Math.max(0.1, max * 1.1))] } },
    axes: [
      { stroke: AXIS.stroke, font: AXIS.font, gap: 6, size: 36, grid: { show: false }, ticks: { show: true, stroke: AXIS.grid, size: 4 },
        splits: (u) => thin(k, u.bbox.width / (window.devicePixelRatio || 1)), values: (u, splits) => splits.map(unit) },
      { stroke: AXIS.stroke, font: AXIS.font, gap: 8, grid: { stroke: AXIS.grid, width: 1 }, ticks: { show: false },
        values: (u, splits) => splits.map((v) => formatRatio(v)), size: axisSize },
    ],
    series: [
      { label: t('retention.bucket'), value: (u, v) => unit(v == null ? last : v) },
      { label: t('retention.mean'), stroke: '#4f46e5', width: 2.5, fill: 'rgba(79, 70, 229, 0.08)', spanGaps: false,
        points: { show: k.length <= 40, size: 6, width: 1.5, fill: '#fff' },
        value: (u, v, si, idx) => formatValue(idx == null ? y[last] : v, 'ratio') },
    ],
  };
  attach(c.view, c.plot, opts, [k, y], 260);
  c.plot.chart = { k, mean: y };
}

/* Every bucket, thinned to about one label per 48 px. */
function thin(k, width) {
  const step = Math.max(1, Math.ceil(k.length / Math.max(1, Math.floor(width / 48))));
  return k.filter((v) => v % step === 0);
}

/* The events dataset's event column (its role), else one named "event". */
function eventColumn(info) {
  const ev = (info.datasets || []).find((d) => d.kind === 'events');
  if (!ev) return null;
  const c = ev.columns.find((x) => x.role === 'event') || ev.columns.find((x) => /^event$/i.test(x.name));
  return c ? c.name : null;
}

function renderEmpty(root, actions) {
  const demo = el('button', { type: 'button', className: 'btn btn-primary' }, t('drop.demo'));
  demo.addEventListener('click', () => actions.loadDemo());
  root.replaceChildren(el('h2', { className: 'product-empty-title' }, t('users.empty.title')),
    el('p', { className: 'product-empty-text' }, t('users.empty.text')), demo);
}
