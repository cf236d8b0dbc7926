/* retention-view.js: the Retention view, as a PostHog or Amplitude user reads
 * it, over the global date range (the cohorts: the periods it holds) and
 * filters (filter-bar.js), fetched from the worker's retention op while open:
 *   - switches: period (day, week, month), mode (on / on or after), type
 *     (first time / recurring), buckets (calendar / rolling 24 h), the start
 *     and return events (any, or one of the event names present: values op);
 *   - a breakdown (none, or a text column of the events or of the customers
 *     joined to them: the op's by) and, with one, a segment selector: the
 *     heatmap and the curve show the chosen segment's matrix (one at a time);
 *   - the cohort heatmap (retention-heatmap.js, canvas) with the weighted mean
 *     on top;
 *   - the curve of that mean by bucket (uPlot).
 * The weighted mean row is the engine's (ls_retention's mean: the members of
 * every cohort whose cell k is observable that returned in k, over those
 * cohorts' sizes; null where none observes k); the page does no math on it.
 * The switches are kept in the view (state.retentionSpec is not in the
 * store); <div data-chart="curve"> keeps el.chart = {k, mean}. */
import uPlot from './vendor/uPlot.esm.js';
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatPeriod, formatRatio, formatValue } from './format.js';
import { hintBlock, messageBlock, emptyBlock, renderEmpty } from './hints.js';
import { AXIS, attach, destroy, axisSize } from './chart-kit.js';
import { scopeSpec, filterColumns } from './filter-bar.js';
import { renderRetentionHeatmap } from './retention-heatmap.js';
import { availableKinds, precomputedRetention } from './precomputed.js';

const SWITCHES = {
  period: ['day', 'week', 'month'],
  mode: ['on', 'on_or_after'],
  type: ['first_time', 'recurring'],
  buckets: ['calendar', 'rolling_24h'],
};

/* Roles a breakdown never takes (one segment per user or per event). */
const NOT_BY = new Set(['id', 'user_id', 'anonymous_id', 'session_id', 'timestamp', 'event', 'customer_id']);

/* The matrix to draw of a retention result: the result itself without a
 * breakdown, else the chosen segment's (the first when segment is gone). */
export function matrixOf(r, segment) {
  if (!Array.isArray(r.matrices)) return r;
  const m = r.matrices.find((x) => x.segment === segment) || r.matrices[0];
  return m ? { grain: r.grain, cohorts: r.cohorts, ...m } : { grain: r.grain, cohorts: [], size: [], counts: [], mean: [] };
}

/* The retention spec the view starts with (its switches change a copy). */
export const DEFAULT_SPEC = Object.freeze({ period: 'week', mode: 'on', type: 'first_time', buckets: 'calendar',
  start_event: null, return_event: null, by: null });

export function mountRetentionView(root, store, actions) {
  const spec = { ...DEFAULT_SPEC };
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
  const byPick = el('select', { className: 'event-select', dataset: { by: '' } });
  const byLabel = el('span', { className: 'switch-label' });
  const segPick = el('select', { className: 'event-select', dataset: { segment: '' } });
  const segLabel = el('span', { className: 'switch-label' });
  const segNode = el('label', { className: 'switch event-pick' }, segLabel, segPick);
  let segment = null;
  byPick.addEventListener('change', () => {
    spec.by = byPick.value || null;
    segment = null;
    load(store.get());
  });
  segPick.addEventListener('change', () => {
    segment = segPick.value;
    render(store.get());
  });
  const controls = el('div', { className: 'card retention-controls' }, ...switches.map((s) => s.node), ...events.map((e) => e.node),
    el('label', { className: 'switch event-pick' }, byLabel, byPick), segNode);
  const empty = el('div', { className: 'card product-empty revenue-empty' });
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
    const loaded = precomputedRetention(s.info); // a matrix read back has one period
    if (loaded) spec.period = loaded;
    const scope = scopeSpec(s);
    const key = JSON.stringify([s.info, scope, spec, !!s.engine]);
    render(s);
    const kinds = availableKinds(s.info, s.engine);
    if (!s.engine || !kinds.has('events') || key === asked) return;
    asked = key;
    const column = eventColumn(s.info);
    const namesKey = JSON.stringify([s.info, column]);
    const [got, present] = await Promise.all([
      actions.ask('retention', { ...scope, ...spec }).then((r) => ({ status: 'ok', ...r }),
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
    const byCols = byColumns(s.info);
    if (spec.by && !byCols.includes(spec.by)) spec.by = null;
    byLabel.textContent = t('retention.switch.by');
    byPick.replaceChildren(option('', t('retention.byNone'), !spec.by), ...byCols.map((c) => option(c, c, c === spec.by)));
    segLabel.textContent = t('retention.switch.segment');
    const segs = data && data.status === 'ok' && Array.isArray(data.segments) ? data.segments : [];
    segNode.hidden = !segs.length;
    if (segs.length && !segs.includes(segment)) segment = segs[0];
    segPick.replaceChildren(...segs.map((x) => option(x, x, x === segment)));
    const kinds = availableKinds(s.info, s.engine);
    const hasEvents = kinds.has('events');
    empty.hidden = hasEvents || !s.engine;
    body.hidden = !hasEvents && !!s.engine;
    if (!hasEvents) return renderEmpty(empty, actions, 'retention');
    heading(heat, data);
    heading(curve, data);
    if (!data) return [heat, curve].forEach((c) => placeholder(c, emptyBlock('users')));
    if (data.status !== 'ok') return [heat, curve].forEach((c) => placeholder(c, messageBlock(t('kpi.error'), data.message)));
    const m = matrixOf(data, segment);
    if (!m.cohorts.length) return [heat, curve].forEach((c) => placeholder(c, messageBlock(t('retention.noCohorts'))));
    heat.card.classList.remove('is-empty');
    curve.card.classList.remove('is-empty');
    const label = (p) => formatPeriod(p, m.grain);
    heat.card.querySelector('[data-range]').textContent = t('charts.range', { from: label(m.cohorts[0]), to: label(m.cohorts.at(-1)) });
    renderRetentionHeatmap(heat.plot, { grain: m.grain, cohorts: m.cohorts, size: m.size, counts: m.counts, mean: m.mean, segment: m.segment ?? null }, { label });
    drawCurve(curve, m);
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

/* The columns a breakdown can take: the filters' (filter-bar.js) but the
 * ids, the event name and the times. */
function byColumns(info) {
  const role = new Map();
  for (const d of info.datasets || []) {
    if (d.kind !== 'events' && d.kind !== 'customers') continue;
    for (const c of d.columns) if (!role.has(c.name.toLowerCase())) role.set(c.name.toLowerCase(), c);
  }
  return filterColumns(info).flatMap((g) => g.columns).filter((n) => {
    const c = role.get(n.toLowerCase());
    return c && c.type === 'string' && !NOT_BY.has(c.role);
  });
}

/* The events dataset's event column (its role), else one named "event". */
function eventColumn(info) {
  const ev = (info.datasets || []).find((d) => d.kind === 'events');
  if (!ev) return null;
  const c = ev.columns.find((x) => x.role === 'event') || ev.columns.find((x) => /^event$/i.test(x.name));
  return c ? c.name : null;
}

