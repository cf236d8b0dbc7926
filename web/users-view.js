/* users-view.js: the Users view, as a PostHog or Amplitude user reads it,
 * every number from the engine (users-data.js), over the global date range
 * and filters (filter-bar.js), fetched while the view is open:
 *   - KPI cards: DAU, WAU, MAU, stickiness and new users, the latest period
 *     of the range and its change against the period before (a day: against
 *     the same weekday a week before);
 *   - DAU, WAU and MAU lines by day; new users bars and the stickiness line
 *     at the grain of the switch (day, week, month);
 *   - the lifecycle: new, returning and resurrecting users stacked up, the
 *     dormant below zero (PostHog's lifecycle), at that grain;
 *   - the active-days distribution: of the users active in the latest week
 *     (or month at month grain), how many were active on 1, 2, … days;
 *   - sessions (docs/metrics.md "Sessions", the catalog's metrics at the
 *     grain): KPI cards sessions, median session duration and sessions per
 *     user, and a chart of the sessions (bars, left axis) with the mean and
 *     median duration (lines, right axis, seconds).
 * <article data-card="ID"> per chart, its plot in <div data-chart="ID">
 * (el.chart keeps what was drawn: revenue-charts.js); the distribution's rows
 * carry data-days and data-users. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatPeriod, formatInteger, formatRatio } from './format.js';
import { metricLabel } from './labels.js';
import { buildCard, renderCard } from './kpis.js';
import { explain } from './explain.js';
import { hintBlock, messageBlock, emptyBlock, renderEmpty } from './hints.js';
import { destroy, onCalendarAxis } from './chart-kit.js';
import { periodStart } from './format.js';
import { drawSpec } from './revenue-charts.js';
import { catalogMap } from './results.js';
import { scopeSpec } from './filter-bar.js';
import { fetchUsers, GRAINS } from './users-data.js';
import { availableKinds } from './precomputed.js';

const KPIS = ['dau', 'wau', 'mau', 'stickiness', 'new_users'];
const SESSION_KPIS = ['sessions', 'session_duration_median', 'sessions_per_user'];
const LIFE = { new: '#12b76a', returning: '#4f46e5', resurrecting: '#9e77ed', dormant: '#f04438' };

export function mountUsersView(root, store, actions) {
  const title = el('h1', { className: 'view-title', id: 'users-title' });
  const sub = el('p', { className: 'view-sub' });
  const grainLabel = el('span', { className: 'switch-label' });
  const grainButtons = GRAINS.map((g) => {
    const b = el('button', { type: 'button', className: 'switch-btn', dataset: { grain: g } });
    b.addEventListener('click', () => {
      grain = g;
      load(store.get());
    });
    return b;
  });
  const switcher = el('div', { className: 'switch', role: 'group', dataset: { switch: 'grain' } }, grainLabel, ...grainButtons);
  const empty = el('div', { className: 'card product-empty revenue-empty' });
  const kpis = el('section', { className: 'kpis product-kpis', 'aria-labelledby': 'users-title' });
  const cards = new Map(KPIS.map((m) => [m, buildCard(m)]));
  kpis.append(...cards.values());
  const sessionKpis = el('section', { className: 'kpis product-kpis', dataset: { row: 'sessions' }, 'aria-label': 'sessions' });
  for (const m of SESSION_KPIS) cards.set(m, buildCard(m));
  sessionKpis.append(...SESSION_KPIS.map((m) => cards.get(m)));
  const charts = {
    active: chartCard('active', true, ['dau', 'wau', 'mau']),
    new: chartCard('new', false, ['new_users']),
    stickiness: chartCard('stickiness', false, ['stickiness']),
    lifecycle: chartCard('lifecycle', true, ['lifecycle_new', 'lifecycle_returning', 'lifecycle_resurrecting', 'lifecycle_dormant']),
    days: chartCard('days', true, []),
  };
  const sessionsChart = chartCard('sessions', true, ['sessions', 'session_duration', 'session_duration_median']);
  const body = el('div', { className: 'product-body' }, kpis,
    el('div', { className: 'product-charts' }, ...Object.values(charts).map((c) => c.card)),
    sessionKpis, el('div', { className: 'product-charts' }, sessionsChart.card));
  root.append(el('header', { className: 'view-head' }, el('div', {}, title, sub), switcher), empty, body);

  let grain = 'day';
  let data = null; // {key, results, lifecycle, activeDays} of the last fetch
  let asked = '';
  let stale = true;

  /* Fetch what the view shows when its inputs changed; then draw. */
  const load = async (s) => {
    const kinds = availableKinds(s.info, s.engine);
    const scope = scopeSpec(s);
    const key = JSON.stringify([s.info, s.settings, scope, grain, !!s.engine]);
    render(s);
    if (!s.engine || key === asked) return;
    asked = key;
    const got = await fetchUsers(actions.ask, catalogMap(s.engine), kinds, { grain, scope });
    if (asked !== key) return;
    data = { key, ...got };
    if (store.get().view === 'users') render(store.get());
  };

  const render = (s) => {
    stale = false;
    title.textContent = t('views.users');
    sub.textContent = t('users.subtitle');
    grainLabel.textContent = t('users.grain');
    for (const b of grainButtons) {
      b.textContent = t(`users.grain.${b.dataset.grain}`);
      b.setAttribute('aria-pressed', String(b.dataset.grain === grain));
    }
    const kinds = availableKinds(s.info, s.engine);
    const hasEvents = kinds.has('events');
    empty.hidden = hasEvents || !s.engine;
    body.hidden = !hasEvents && !!s.engine;
    if (!hasEvents) return renderEmpty(empty, actions, 'users');
    const results = data ? data.results : new Map();
    // a day against the same weekday a week before (activity has a weekly rhythm)
    for (const [m, card] of cards) {
      const r = data ? results.get(m) || { status: 'unavailable' } : undefined;
      renderCard(card, m, r, s, r && r.grain === 'day' ? 7 : 1);
    }
    const spec = (id, unit, lines) => chart(results, unit, lines);
    draw(charts.active, s, data && results, () => spec('active', 'count', [
      { m: 'dau', color: '#4f46e5' }, { m: 'wau', color: '#0ea5a4' }, { m: 'mau', color: '#f59e0b' }]));
    draw(charts.new, s, data && results, () => spec('new', 'count', [{ m: 'new_users', kind: 'bar', color: '#12b76a' }]));
    draw(charts.stickiness, s, data && results, () => spec('stickiness', 'ratio', [{ m: 'stickiness', color: '#4f46e5' }]));
    drawLifecycle(charts.lifecycle, s, data && data.lifecycle);
    drawDays(charts.days, s, data && data.activeDays);
    sessionKpis.setAttribute('aria-label', t('users.chart.sessions.title'));
    draw(sessionsChart, s, data && results, () => ({ ...spec('sessions', 'count', [
      { m: 'sessions', kind: 'bar', color: '#a5b4fc' },
      { m: 'session_duration', color: '#0ea5a4', right: true },
      { m: 'session_duration_median', color: '#f59e0b', right: true }]), unit2: 'seconds' }));
  };

  store.subscribe((s, prev) => {
    if (s.view !== 'users') {
      stale = true;
      return;
    }
    if (stale || s.info !== prev.info || s.settings !== prev.settings || s.range !== prev.range
      || s.filters !== prev.filters || s.engine !== prev.engine || s.view !== prev.view) load(s);
    else if (s.locale !== prev.locale || s.compare !== prev.compare) render(s);
  });
  if (store.get().view === 'users') load(store.get());
}

/* ---- private ---- */

function chartCard(id, wide, metrics) {
  const plot = el('div', { className: 'chart', dataset: { chart: id } });
  const explainSlot = el('span', { className: 'card-explain' });
  const card = el('article', { className: `card chart-card has-explain${wide ? ' is-wide' : ''}`, dataset: { card: id } },
    el('header', { className: 'card-header' },
      el('div', { className: 'card-heading' }, el('h2', { className: 'card-title' }), el('p', { className: 'card-subtitle' })),
      el('div', { className: 'card-tools' }, el('span', { className: 'card-aside', dataset: { range: '' } }), explainSlot)),
    plot);
  return { id, metrics, card, plot, explainSlot, view: {} };
}

function heading(c, s) {
  c.card.querySelector('.card-title').textContent = t(`users.chart.${c.id}.title`);
  c.card.querySelector('.card-subtitle').textContent = t(`users.chart.${c.id}.subtitle`);
  c.explainSlot.replaceChildren(c.metrics.length ? explain(c.metrics, s, t(`users.chart.${c.id}.title`)) : '');
  c.card.querySelector('[data-range]').textContent = '';
}

function placeholder(c, block) {
  destroy(c.view);
  c.card.classList.add('is-empty');
  c.plot.replaceChildren(block);
  c.plot.removeAttribute('data-series');
  delete c.plot.chart;
}

/* A result that failed or is missing, as the placeholder it needs; null when ok. */
function problem(r) {
  if (!r) return emptyBlock('users');
  if (r.status === 'missing') return hintBlock(r.needs, 'users');
  if (r.status === 'error') return messageBlock(t('kpi.error'), r.message);
  if (r.status === 'unavailable') return messageBlock(t('kpi.unavailable'));
  return null;
}

function rangeText(c, periods, grain) {
  c.card.querySelector('[data-range]').textContent = t('charts.range', {
    from: formatPeriod(periods[0], grain), to: formatPeriod(periods.at(-1), grain) });
}

function draw(c, s, results, build) {
  heading(c, s);
  if (!results) return placeholder(c, emptyBlock('users'));
  const parts = c.metrics.map((m) => results.get(m));
  const bad = parts.map(problem).find(Boolean);
  if (bad) return placeholder(c, bad);
  if (!parts[0].x.length) return placeholder(c, messageBlock(t('users.noPeriods')));
  const spec = build();
  rangeText(c, spec.periods, spec.grain);
  c.card.classList.remove('is-empty');
  drawSpec(c.view, c.plot, spec);
}

/* A spec of lines or bars [{m, kind, color, right}] over the periods of the first. */
function chart(results, unit, lines) {
  const first = onCalendarAxis(results.get(lines[0].m));
  return {
    periods: first.periods, x: first.x, grain: first.grain, unit, marks: [],
    series: lines.map((l) => {
      const r = results.get(l.m);
      return { key: l.m, label: metricLabel(l.m), color: l.color, kind: l.kind || 'line', unit: r.unit, values: r.y, right: !!l.right };
    }),
  };
}

function drawLifecycle(c, s, life) {
  heading(c, s);
  const bad = problem(life);
  if (bad) return placeholder(c, bad);
  if (!life.periods.length) return placeholder(c, messageBlock(t('users.noPeriods')));
  const x = Float64Array.from(life.periods, periodStart);
  const series = ['new', 'returning', 'resurrecting', 'dormant'].map((k) => ({
    key: k, label: t(`users.life.${k}`), color: LIFE[k], kind: 'bar', stack: k === 'dormant' ? 'down' : 'up',
    unit: 'count', values: Float64Array.from(life[k]) }));
  rangeText(c, life.periods, life.grain);
  c.card.classList.remove('is-empty');
  drawSpec(c.view, c.plot, { periods: life.periods, x, grain: life.grain, unit: 'count', marks: [], series });
}

/* The latest period's users by active days, as a row of bars per day count. */
function drawDays(c, s, ad) {
  heading(c, s);
  destroy(c.view);
  const bad = problem(ad);
  if (bad) return placeholder(c, bad);
  if (!ad.periods.length) return placeholder(c, messageBlock(t('users.noPeriods')));
  const k = ad.periods.length - 1;
  const days = ad.days[k];
  const total = days.reduce((a, b) => a + b, 0);
  const top = Math.max(1, ...days);
  c.card.querySelector('.card-subtitle').textContent = t(`users.chart.days.subtitle.${ad.grain}`, {
    period: formatPeriod(ad.periods[k], ad.grain), users: formatInteger(total) });
  c.card.querySelector('[data-range]').textContent = formatPeriod(ad.periods[k], ad.grain);
  c.card.classList.remove('is-empty');
  const rows = days.map((n, i) => el('div', { className: 'days-row', role: 'listitem', dataset: { days: String(i + 1), users: String(n) } },
    el('span', { className: 'days-n' }, t('users.days', { n: i + 1 })),
    el('span', { className: 'days-track' }, el('span', { className: 'days-bar', style: `width:${((n / top) * 100).toFixed(2)}%` })),
    el('span', { className: 'days-v' }, formatInteger(n)),
    el('span', { className: 'days-share' }, total ? formatRatio(n / total) : '—')));
  c.plot.replaceChildren(el('div', { className: 'days-list', role: 'list', dataset: { period: ad.periods[k] } }, ...rows));
  c.plot.dataset.series = 'days';
}

