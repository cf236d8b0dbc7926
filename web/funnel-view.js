/* funnel-view.js: the Funnels view, as a PostHog or Mixpanel user reads it,
 * every number from the worker's funnel op (funnel-data.js builds the spec):
 *   - the builder: 2–20 steps chosen from the event names of the data (add,
 *     remove, move up and down), the conversion window (a count and a unit),
 *     the order (sequential, strict, any), exclusion events and a breakdown
 *     column; kept in the URL hash, so a reload shows the same funnel;
 *   - the chart (funnel-chart.js, canvas): a bar per step, the drop-off
 *     shaded, conversion from the start and from the previous step, time to
 *     convert; one bar per segment with a legend when broken down;
 *   - a table of the same numbers;
 *   - the Paths card (paths-view.js) under them.
 * Without an events dataset it says what to drop in. Fetched while shown,
 * again when the data, the global range or filters, or the funnel change.
 * actions.ask(op, args) asks the worker (app.js). */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatInteger } from './format.js';
import { icon } from './icons.js';
import { messageBlock, renderEmpty } from './hints.js';
import { mountFunnelChart, formatDuration, formatShare, segmentColor } from './funnel-chart.js';
import {
  MIN_STEPS, MAX_STEPS, MAX_EXCLUDE, ORDERS, UNITS, parseWindow, defaultFunnel, readFunnelHash,
  writeFunnelHash, funnelSpec, sameSpec,
} from './funnel-data.js';
import { mountPathsCard } from './paths-view.js';
import { precomputedFunnel } from './precomputed.js';

const KEY_ROLES = new Set(['id', 'customer_id', 'user_id', 'event', 'timestamp', 'session_id', 'order_id']);

export function mountFunnelView(root, store, actions) {
  const title = el('h1', { className: 'view-title', id: 'funnels-title' });
  const sub = el('p', { className: 'view-sub' });
  const empty = el('div', { className: 'card funnel-empty revenue-empty' });
  const builder = el('form', { className: 'card funnel-builder', 'aria-labelledby': 'funnel-builder-title' });
  builder.addEventListener('submit', (e) => e.preventDefault());
  const chartTitle = el('h2', { className: 'card-title' });
  const chartSub = el('p', { className: 'card-subtitle' });
  const overall = el('p', { className: 'funnel-overall' });
  const note = el('p', { className: 'chart-note funnel-note' });
  const plot = el('div', { className: 'funnel-plot', dataset: { funnel: 'chart' } });
  const message = el('div', { className: 'funnel-message' });
  const chartCard = el('article', { className: 'card funnel-card' },
    el('header', { className: 'card-header' }, el('div', { className: 'card-heading' }, chartTitle, chartSub), overall),
    note, message, plot);
  const tableTitle = el('h2', { className: 'card-title' });
  const table = el('table', { className: 'funnel-table' });
  const tableCard = el('article', { className: 'card funnel-table-card' },
    el('header', { className: 'card-header' }, tableTitle), el('div', { className: 'table-wrap' }, table));
  const body = el('div', { className: 'funnel-body' }, builder, chartCard, tableCard);
  root.append(el('header', { className: 'view-head' }, el('div', {}, title, sub)), empty, body);
  const chart = mountFunnelChart(plot);
  mountPathsCard(body, store, actions); // the Paths card under the funnel (paths-view.js)

  // what the view holds: the funnel, the event names (for the data they were
  // read from), the last answer of the funnel op and the spec it answers
  const my = { def: null, names: null, total: 0, namesFor: null, noEvents: false, namesError: null,
    asked: null, answer: null };

  const setDef = (def) => {
    my.def = def;
    writeFunnelHash(def);
    update(store.get());
  };

  /* Fetch what is missing for state s, then render what is known. */
  async function update(s) {
    if (s.view !== 'funnels') return;
    render(s);
    if (!s.engine) return;
    if (my.namesFor !== s.info) {
      const info = s.info;
      my.namesFor = info;
      const loaded = precomputedFunnel(info); // a funnel read back: its steps, no other
      try {
        const r = loaded ? { names: loaded.map((name) => ({ name })), total: loaded.length } : await actions.ask('eventNames');
        my.names = r.names;
        my.total = r.total;
        my.noEvents = false;
        my.namesError = null;
      } catch (err) {
        my.names = [];
        my.total = 0;
        my.noEvents = err.status === 'LS_ENODATA';
        my.namesError = my.noEvents ? null : err.message;
      }
      // new data that has none of the funnel's steps (files dropped on the
      // demo) starts from its own default funnel
      const known = new Set(my.names.map((n) => n.name));
      const foreign = my.def && my.total === my.names.length && !my.def.steps.some((e) => known.has(e));
      if (loaded) my.def = { ...(my.def || defaultFunnel(my.names)), steps: [...loaded], exclude: [], by: null };
      else if ((!my.def || foreign) && !my.noEvents) {
        my.def = (!my.def && readFunnelHash()) || defaultFunnel(my.names);
        if (my.def) writeFunnelHash(my.def);
      }
    }
    const now = store.get();
    const spec = my.def && !my.noEvents ? funnelSpec(my.def, now) : null;
    if (spec && !(my.asked && my.asked.info === now.info && sameSpec(spec, my.asked.spec))) {
      const asked = { spec, info: now.info };
      my.asked = asked;
      let answer;
      try {
        answer = { ...asked, result: await actions.ask('funnel', spec), error: null };
      } catch (err) {
        answer = { ...asked, result: null, error: err.message };
      }
      if (my.asked === asked) my.answer = answer; // a later question may have overtaken this one
    }
    render(store.get());
  }

  function render(s) {
    title.textContent = t('views.funnels');
    const range = s.range || {};
    sub.textContent = range.from || range.to
      ? t('funnel.range', { from: range.from || '…', to: range.to || '…' }) : t('funnel.subtitle');
    const none = !!s.engine && my.noEvents;
    empty.hidden = !none;
    body.hidden = none;
    if (none) return renderEmpty(empty, actions, 'funnel');
    renderBuilder(builder, my, s, setDef);
    chartTitle.textContent = t('funnel.chart.title');
    tableTitle.textContent = t('funnel.table.title');
    const a = my.answer && my.def && sameSpec(my.answer.spec, funnelSpec(my.def, s)) ? my.answer : null;
    const r = a && a.result;
    overall.textContent = r && !r.segments && r.steps[0].users[0] > 0 ? t('funnel.overall', {
      pct: formatShare(r.steps.at(-1).from_start[0]), n: formatInteger(r.steps.at(-1).users[0]),
      of: formatInteger(r.steps[0].users[0]) }) : '';
    chartSub.textContent = my.def ? t('funnel.chart.subtitle', {
      order: t(`funnel.order.${my.def.order}`), window: windowText(my.def.window) }) : '';
    renderNote(note, my, r);
    if ((a && a.error) || my.namesError) {
      plot.hidden = true;
      message.replaceChildren(messageBlock(t('funnel.error'), (a && a.error) || my.namesError));
    } else if (!r) {
      plot.hidden = true;
      message.replaceChildren(my.def || !my.names ? '' : messageBlock(t('funnel.tooFew')));
    } else if (r.steps[0].users.every((u) => u === 0)) {
      plot.hidden = true;
      message.replaceChildren(messageBlock(t('funnel.nobody', { event: r.steps[0].event }), t('funnel.nobodyHint')));
    } else {
      plot.hidden = false;
      message.replaceChildren();
      chart.update(r);
    }
    plot.dataset.state = plot.hidden ? 'empty' : 'drawn';
    renderTable(table, r);
    table.dataset.spec = a ? JSON.stringify(a.spec) : ''; // the spec the numbers answer
  }

  store.subscribe((s, prev) => {
    if (s.view !== 'funnels') return;
    if (s.view !== prev.view || s.info !== prev.info || s.engine !== prev.engine || s.range !== prev.range
      || s.filters !== prev.filters) update(s);
    else if (s.locale !== prev.locale) render(s);
  });
  window.addEventListener('hashchange', () => {
    const def = readFunnelHash();
    if (def && !sameSpec(def, my.def)) setDef(def);
  });
  update(store.get());
}

/* ---- private ---- */

function windowText(w) {
  const p = parseWindow(w) || { value: 14, unit: 'd' };
  return t(`funnel.window.${p.unit}`, { n: formatInteger(p.value) });
}

function renderNote(note, my, r) {
  const known = new Set((my.names || []).map((n) => n.name));
  const complete = my.names && my.total === my.names.length;
  const absent = complete && my.def ? [...new Set([...my.def.steps, ...my.def.exclude])].filter((e) => !known.has(e)) : [];
  note.hidden = !absent.length;
  note.replaceChildren(...(absent.length ? [icon('alert', 'icon'),
    el('span', {}, t('funnel.absent', { events: absent.map((e) => `“${e}”`).join(', ') }))] : []));
}

/* The builder's controls for my.def; a change calls setDef with a new def.
 * Rebuilt on each render, keeping the focus on the control that had it. */
function renderBuilder(form, my, s, setDef) {
  const focused = form.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  const def = my.def;
  const names = (my.names || []).map((n) => n.name);
  const heading = el('h2', { className: 'card-title', id: 'funnel-builder-title' }, t('funnel.builder.title'));
  if (!def) {
    form.replaceChildren(heading, el('p', { className: 'funnel-hint' }, my.names ? t('funnel.tooFew') : ''));
    return;
  }
  const change = (patch) => setDef({ ...def, ...patch });
  const eventSelect = (value, key, label, onPick, avoid = []) => {
    const sel = el('select', { className: 'select funnel-select', dataset: { key }, 'aria-label': label });
    const opts = names.filter((n) => n === value || !avoid.includes(n));
    if (!names.includes(value)) sel.append(option(value, t('funnel.builder.absent', { event: value }), true));
    for (const n of opts) sel.append(option(n, n, n === value));
    sel.addEventListener('change', () => onPick(sel.value));
    return sel;
  };
  const button = (text, key, label, onClick, disabled = false, cls = 'btn btn-icon') => {
    const b = el('button', { type: 'button', className: cls, dataset: { key }, 'aria-label': label, title: label, disabled }, text);
    b.addEventListener('click', onClick);
    return b;
  };
  const steps = el('ol', { className: 'funnel-steps' }, ...def.steps.map((name, k) => {
    const set = (v) => change({ steps: def.steps.map((x, i) => (i === k ? v : x)), exclude: def.exclude.filter((e) => e !== v) });
    const move = (d) => () => {
      const next = [...def.steps];
      [next[k], next[k + d]] = [next[k + d], next[k]];
      change({ steps: next });
    };
    const n = k + 1;
    return el('li', { className: 'funnel-step', dataset: { step: String(n) } },
      el('span', { className: 'funnel-step-n', 'aria-hidden': 'true' }, String(n)),
      eventSelect(name, `step-${k}`, t('funnel.builder.step', { n }), set, def.exclude),
      button('↑', `up-${k}`, t('funnel.builder.up', { n }), move(-1), k === 0),
      button('↓', `down-${k}`, t('funnel.builder.down', { n }), move(1), k === def.steps.length - 1),
      button('×', `remove-${k}`, t('funnel.builder.remove', { n }),
        () => change({ steps: def.steps.filter((_, i) => i !== k) }), def.steps.length <= MIN_STEPS));
  }));
  const next = names.find((n) => !def.steps.includes(n) && !def.exclude.includes(n)) || names[0];
  const addStep = button(t('funnel.builder.addStep'), 'add-step', t('funnel.builder.addStep'),
    () => change({ steps: [...def.steps, next], exclude: def.exclude.filter((e) => e !== next) }),
    def.steps.length >= MAX_STEPS || !next, 'btn funnel-add');

  const win = parseWindow(def.window) || { value: 14, unit: 'd' };
  const count = el('input', { type: 'number', className: 'input funnel-window-n', min: '1', max: '99999', step: '1',
    value: String(win.value), dataset: { key: 'window-n' }, 'aria-label': t('funnel.builder.windowCount') });
  const unit = el('select', { className: 'select funnel-select funnel-window-unit', dataset: { key: 'window-unit' },
    'aria-label': t('funnel.builder.windowUnit') }, ...UNITS.map((u) => option(u, t(`funnel.unit.${u}`), u === win.unit)));
  const setWindow = () => {
    const v = Math.floor(Number(count.value));
    if (!(v >= 1 && v <= 99999)) {
      count.value = String(win.value);
      return;
    }
    change({ window: `${v}${unit.value}` });
  };
  count.addEventListener('change', setWindow);
  unit.addEventListener('change', setWindow);

  const order = el('select', { className: 'select funnel-select', id: 'funnel-order', dataset: { key: 'order' } },
    ...ORDERS.map((o) => option(o, t(`funnel.order.${o}`), o === def.order)));
  order.addEventListener('change', () => change({ order: order.value }));

  const excl = el('ul', { className: 'funnel-excludes' }, ...def.exclude.map((name, i) => el('li', { className: 'funnel-exclude' },
    eventSelect(name, `exclude-${i}`, t('funnel.builder.exclusion', { n: i + 1 }),
      (v) => change({ exclude: def.exclude.map((x, j) => (j === i ? v : x)) }), def.steps),
    button('×', `exclude-remove-${i}`, t('funnel.builder.removeExclusion', { n: i + 1 }),
      () => change({ exclude: def.exclude.filter((_, j) => j !== i) })))));
  const spare = names.find((n) => !def.steps.includes(n) && !def.exclude.includes(n));
  const addExcl = button(t('funnel.builder.addExclusion'), 'add-exclude', t('funnel.builder.addExclusion'),
    () => change({ exclude: [...def.exclude, spare] }), def.exclude.length >= MAX_EXCLUDE || !spare, 'btn funnel-add');

  const columns = breakdownColumns(s.info);
  const by = el('select', { className: 'select funnel-select', id: 'funnel-by', dataset: { key: 'by' } },
    option('', t('funnel.builder.noBreakdown'), !def.by),
    ...columns.map((c) => option(c, c, c === def.by)));
  if (def.by && !columns.includes(def.by)) by.append(option(def.by, def.by, true));
  by.addEventListener('change', () => change({ by: by.value || null }));

  const field = (labelText, forId, ...controls) => el('div', { className: 'funnel-field' },
    el('label', { className: 'funnel-label', for: forId }, labelText), el('div', { className: 'funnel-controls' }, ...controls));
  count.id = 'funnel-window';
  form.replaceChildren(heading,
    el('div', { className: 'funnel-builder-grid' },
      el('fieldset', { className: 'funnel-fieldset funnel-steps-set' },
        el('legend', { className: 'funnel-label' }, t('funnel.builder.steps', { n: def.steps.length, max: MAX_STEPS })), steps, addStep),
      el('div', { className: 'funnel-options' },
        field(t('funnel.builder.window'), 'funnel-window', count, unit),
        field(t('funnel.builder.order'), 'funnel-order', order),
        el('p', { className: 'funnel-hint' }, t(`funnel.orderHint.${def.order}`)),
        el('fieldset', { className: 'funnel-fieldset' },
          el('legend', { className: 'funnel-label' }, t('funnel.builder.exclusions')), excl, addExcl),
        field(t('funnel.builder.by'), 'funnel-by', by),
        el('p', { className: 'funnel-hint' }, t('funnel.builder.byHint')))));
  if (focused) form.querySelector(`[data-key="${focused}"]`)?.focus();
}

/* Text and bool columns of the events and customers datasets that are not keys or times. */
function breakdownColumns(info) {
  const out = [];
  for (const d of (info && info.datasets) || []) {
    if (d.kind !== 'events' && d.kind !== 'customers') continue;
    for (const c of d.columns || []) {
      if ((c.type === 'string' || c.type === 'bool') && !KEY_ROLES.has(c.role)
        && !out.some((o) => o.toLowerCase() === c.name.toLowerCase())) out.push(c.name);
    }
  }
  return out;
}

function renderTable(table, r) {
  const segs = r && r.segments;
  const cols = ['step', 'event', 'users', 'fromStart', 'fromPrevious', 'median', 'mean'];
  const head = el('tr', {}, ...(segs ? [el('th', { scope: 'col' }, t('funnel.table.segment'))] : []),
    ...cols.map((c) => el('th', { scope: 'col', className: ['step', 'event'].includes(c) ? '' : 'num' }, t(`funnel.table.${c}`))));
  const rows = [];
  for (let s = 0; r && s < (segs ? segs.length : 1); s++) {
    r.steps.forEach((st, k) => {
      const cell = (v, text, key) => el('td', { className: 'num', dataset: { key, value: v == null ? '' : String(v) } }, text);
      rows.push(el('tr', { dataset: { step: String(k + 1), segment: segs ? segs[s] : '' } },
        ...(segs ? [el('th', { scope: 'row', className: 'funnel-seg' },
          el('span', { className: 'funnel-swatch', style: `background:${segmentColor(s, segs.length)}` }), segs[s])] : []),
        el('td', {}, String(k + 1)), el('td', { className: 'funnel-event' }, st.event),
        cell(st.users[s], formatInteger(st.users[s]), 'users'),
        cell(st.from_start[s], formatShare(num(st.from_start[s])), 'from_start'),
        cell(st.from_previous[s], formatShare(num(st.from_previous[s])), 'from_previous'),
        cell(st.median_seconds[s], formatDuration(num(st.median_seconds[s])), 'median_seconds'),
        cell(st.mean_seconds[s], formatDuration(num(st.mean_seconds[s])), 'mean_seconds')));
    });
  }
  table.replaceChildren(el('caption', { className: 'visually-hidden' }, t('funnel.table.title')),
    el('thead', {}, head), el('tbody', {}, ...rows));
}

const num = (v) => (v == null ? NaN : v);

