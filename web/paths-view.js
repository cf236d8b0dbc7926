/* paths-view.js: the Paths card under the funnel (Funnels view), every number
 * from the worker's paths op (docs/metrics.md "Paths"), over the global date
 * range and filters:
 *   - the picker: top transitions, or the steps after / before a chosen event
 *     (the event names of the data), and the steps (1–10); kept in the URL
 *     hash (#…&paths.after=signup&paths.steps=4, or paths.before=…);
 *   - the flow (SVG built node by node, text with textContent): one column
 *     per step, a node per event at that step, its height the sessions
 *     passing through it (flowOf; distinct users do not add up over pairs, so the size is sessions,
 *     and the users of each pair are in the table), links as wide as the
 *     transitions between them; at most NODES nodes per column (the others
 *     are left out of the flow, not of the table);
 *   - the drop-off per step after the event (sessions and users reaching the
 *     step, and ending there);
 *   - the ranked pairs from → to with bars (users, transitions).
 * Without an event chosen, the flow is not drawn (top transitions have no
 * steps) and the ranked pairs are what it shows. root.paths keeps what was
 * drawn for tests and readers: {spec, result, nodes: [{id, step, event, value}]}. */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatInteger, formatRatio } from './format.js';
import { messageBlock } from './hints.js';
import { readHashParts, writeHashParts } from './views.js';
import { scopeSpec } from './filter-bar.js';

const PREFIX = 'paths.';
const MODES = ['top', 'after', 'before'];
export const MAX_STEPS = 10;
const NODES = 8;
const TOP = 100; // the most the op's spec takes (lsw_metric_query)
const ROWS = 25;
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#4f46e5', '#0ea5a4', '#f59e0b', '#12b76a', '#9e77ed', '#f04438', '#2e90fa', '#ee46bc'];

/* The paths definition of the hash: {mode, event, steps}. */
export function readPathsHash() {
  const p = readHashParts(PREFIX);
  const steps = Math.min(MAX_STEPS, Math.max(1, Number.parseInt(p.steps, 10) || 5));
  const dec = (v) => { try { return decodeURIComponent(v); } catch { return null; } };
  if (p.after) return { mode: 'after', event: dec(p.after), steps };
  if (p.before) return { mode: 'before', event: dec(p.before), steps };
  return { mode: 'top', event: null, steps };
}

export function writePathsHash(def) {
  const ev = def.event ? encodeURIComponent(def.event) : null;
  writeHashParts(PREFIX, {
    after: def.mode === 'after' ? ev : null,
    before: def.mode === 'before' ? ev : null,
    steps: def.mode !== 'top' && def.steps !== 5 ? String(def.steps) : null,
  });
}

/* The worker's spec of def under the page's range and filters. */
export function pathsSpec(def, state) {
  const spec = { ...scopeSpec(state), top: TOP };
  if (def.mode !== 'top' && def.event) {
    spec[def.mode] = def.event;
    spec.steps = def.steps;
  }
  return spec;
}

/* Nodes and links of the flow from the pairs: nodes "k:event" by step k,
 * each worth the sessions passing: the larger of the transitions into it and
 * out of it (a session enters a middle node once and leaves it once; a
 * (start) node before an event only sends, a last step only receives); the
 * top NODES of each column kept. */
export function flowOf(pairs) {
  const nodes = new Map();
  const node = (id) => {
    if (!nodes.has(id)) {
      const at = id.indexOf(':');
      nodes.set(id, { id, step: Number(id.slice(0, at)), event: id.slice(at + 1), into: 0, out: 0 });
    }
    return nodes.get(id);
  };
  for (const p of pairs) {
    node(p.from).out += p.transitions;
    node(p.to).into += p.transitions;
  }
  const steps = [...new Set([...nodes.values()].map((n) => n.step))].sort((a, b) => a - b);
  const columns = steps.map((k) => [...nodes.values()].filter((n) => n.step === k)
    .map((n) => ({ ...n, value: Math.max(n.into, n.out) }))
    .sort((a, b) => b.value - a.value || (a.event < b.event ? -1 : 1)).slice(0, NODES));
  const kept = new Set(columns.flat().map((n) => n.id));
  const links = pairs.filter((p) => kept.has(p.from) && kept.has(p.to));
  return { columns, links };
}

export function mountPathsCard(parent, store, actions) {
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const mode = el('select', { className: 'event-select', dataset: { paths: 'mode' } });
  const event = el('select', { className: 'event-select', dataset: { paths: 'event' } });
  const steps = el('select', { className: 'event-select', dataset: { paths: 'steps' } });
  const labels = ['mode', 'event', 'steps'].map(() => el('span', { className: 'switch-label' }));
  const picks = [mode, event, steps].map((s, i) => el('label', { className: 'switch event-pick' }, labels[i], s));
  const flow = el('div', { className: 'paths-flow', dataset: { paths: 'flow' } });
  const dropTitle = el('h3', { className: 'paths-h' });
  const drop = el('table', { className: 'funnel-table paths-drop', dataset: { paths: 'dropoff' } });
  const dropWrap = el('div', { className: 'paths-drop-wrap' }, dropTitle, el('div', { className: 'table-wrap' }, drop));
  const rankTitle = el('h3', { className: 'paths-h' });
  const rank = el('div', { className: 'paths-rank', role: 'list', dataset: { paths: 'pairs' } });
  const message = el('div', { className: 'paths-message' });
  const card = el('article', { className: 'card paths-card', dataset: { card: 'paths' } },
    el('header', { className: 'card-header' }, el('div', { className: 'card-heading' }, title, sub)),
    el('div', { className: 'paths-controls' }, ...picks), message, flow, dropWrap, rankTitle, rank);
  parent.append(card);

  const my = { def: readPathsHash(), names: [], namesFor: null, key: '', answer: null };
  const set = (patch) => {
    my.def = { ...my.def, ...patch };
    if (my.def.mode !== 'top' && !my.def.event) my.def.event = my.names[0] || null;
    writePathsHash(my.def);
    update(store.get());
  };
  mode.addEventListener('change', () => set({ mode: mode.value }));
  event.addEventListener('change', () => set({ event: event.value }));
  steps.addEventListener('change', () => set({ steps: Number(steps.value) }));

  async function update(s) {
    if (s.view !== 'funnels' || !s.engine) return render(s);
    if (my.namesFor !== s.info) {
      my.namesFor = s.info;
      my.names = await actions.ask('eventNames').then((r) => r.names.map((n) => n.name), () => []);
    }
    const spec = pathsSpec(my.def, s);
    const key = JSON.stringify([s.info, spec]);
    if (key !== my.key) {
      my.key = key;
      const answer = await actions.ask('paths', spec).then((r) => ({ spec, result: r }), (err) => ({ spec, error: err.message }));
      if (my.key !== key) return;
      my.answer = answer;
    }
    render(store.get());
  }

  function render(s) {
    title.textContent = t('paths.title');
    sub.textContent = my.def.mode === 'top' ? t('paths.subtitle.top')
      : t(`paths.subtitle.${my.def.mode}`, { event: my.def.event || '', n: my.def.steps });
    ['mode', 'event', 'steps'].forEach((k, i) => { labels[i].textContent = t(`paths.pick.${k}`); });
    mode.replaceChildren(...MODES.map((m) => option(m, t(`paths.mode.${m}`), m === my.def.mode)));
    event.replaceChildren(...my.names.map((n) => option(n, n, n === my.def.event)));
    steps.replaceChildren(...Array.from({ length: MAX_STEPS }, (_, i) => option(String(i + 1), String(i + 1), i + 1 === my.def.steps)));
    picks[1].hidden = picks[2].hidden = my.def.mode === 'top';
    dropTitle.textContent = t('paths.dropoff.title');
    rankTitle.textContent = t('paths.pairs.title');
    const a = my.answer;
    const r = a && a.result;
    message.replaceChildren(a && a.error ? messageBlock(t('paths.error'), a.error)
      : r && !r.pairs.length ? messageBlock(t('paths.none')) : '');
    const columns = r && my.def.mode !== 'top' ? drawFlow(flow, r.pairs, my.def.mode) : clear(flow);
    dropWrap.hidden = !(r && r.dropoff);
    if (r && r.dropoff) drawDropoff(drop, r.dropoff);
    drawRank(rank, r ? r.pairs.slice(0, ROWS) : [], my.def.mode);
    card.paths = { spec: a && a.spec, result: r || null, nodes: columns ? columns.flat() : [] };
    card.dataset.state = r ? 'drawn' : 'empty';
  }

  store.subscribe((s, prev) => {
    if (s.view !== 'funnels') return;
    if (s.info !== prev.info || s.range !== prev.range || s.filters !== prev.filters || s.engine !== prev.engine
      || s.view !== prev.view) update(s);
    else if (s.locale !== prev.locale) render(s);
  });
  // a hash set from outside (a share link opening, back/forward) names another definition
  window.addEventListener('hashchange', () => {
    const def = readPathsHash();
    if (def.mode === my.def.mode && def.event === my.def.event && def.steps === my.def.steps) return;
    my.def = def;
    update(store.get());
  });
  update(store.get());
}

/* ---- private ---- */

function clear(root) {
  root.replaceChildren();
  root.hidden = true;
  return null;
}

const svg = (name, attrs) => {
  const n = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  return n;
};

/* The event name of a node id as shown: (start) and (end) translated. */
function eventText(ev) {
  if (ev === '(start)') return t('paths.start');
  if (ev === '(end)') return t('paths.end');
  return ev;
}

/* The flow as SVG: columns per step, nodes stacked by value, links between. */
function drawFlow(root, pairs, mode) {
  const { columns, links } = flowOf(pairs);
  if (!columns.length) return clear(root);
  root.hidden = false;
  const W = 1000, BODY = 340, NODE_W = 12, GAP = 10, TOPPAD = 30, SLOT = 16, LABEL = 120; // viewBox units; the SVG scales to the card
  const colX = (i) => (columns.length === 1 ? 0 : (i * (W - NODE_W - LABEL)) / (columns.length - 1)); // labels to the right of every column
  const scale = Math.min(...columns.map((c) => (BODY - GAP * (c.length - 1)) / Math.max(1, c.reduce((a, n) => a + n.value, 0))));
  const at = new Map();
  let H = 0;
  columns.forEach((col, i) => {
    let y = TOPPAD;
    for (const n of col) {
      n.x = colX(i);
      n.y = y;
      n.h = Math.max(2, n.value * scale);
      n.inY = n.y;
      n.outY = n.y;
      y += Math.max(n.h, SLOT) + GAP; // a small node keeps room for its label
      at.set(n.id, n);
    }
    H = Math.max(H, y);
  });
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': t('paths.flow.label'), class: 'paths-svg' });
  const color = new Map();
  const colorOf = (ev) => {
    if (ev === '(end)' || ev === '(start)') return '#98a2b3';
    if (!color.has(ev)) color.set(ev, COLORS[color.size % COLORS.length]);
    return color.get(ev);
  };
  columns.forEach((col, i) => {
    const head = svg('text', { x: colX(i), y: 14, class: 'paths-step' });
    head.textContent = t('paths.step', { k: col[0].step });
    s.append(head);
  });
  for (const l of [...links].sort((a, b) => b.transitions - a.transitions)) {
    const a = at.get(l.from), b = at.get(l.to);
    const w = Math.max(1, l.transitions * scale);
    const y0 = a.outY + w / 2, y1 = b.inY + w / 2;
    a.outY += w;
    b.inY += w;
    const x0 = a.x + NODE_W, x1 = b.x, mx = (x0 + x1) / 2;
    const p = svg('path', { d: `M${x0},${y0} C${mx},${y0} ${mx},${y1} ${x1},${y1}`, 'stroke-width': w, stroke: colorOf(a.event), class: 'paths-link' });
    const tip = svg('title', {});
    tip.textContent = t('paths.link', { from: eventText(a.event), to: eventText(b.event), n: formatInteger(l.transitions), users: formatInteger(l.users) });
    p.append(tip);
    s.append(p);
  }
  columns.forEach((col) => {
    for (const n of col) {
      const g = svg('g', { class: 'paths-node', 'data-node': n.id, 'data-value': n.value });
      g.append(svg('rect', { x: n.x, y: n.y, width: NODE_W, height: n.h, rx: 2, fill: colorOf(n.event) }));
      const name = svg('text', { x: n.x + NODE_W + 4, y: n.y + Math.min(n.h / 2, 14) + 4, class: 'paths-name' });
      name.textContent = `${eventText(n.event)} · ${formatInteger(n.value)}`;
      g.append(name);
      s.append(g);
    }
  });
  root.replaceChildren(s);
  root.dataset.mode = mode;
  return columns;
}

function drawDropoff(table, rows) {
  const head = el('tr', {}, ...['step', 'sessions', 'users', 'ended', 'rate'].map((k) => el('th', { scope: 'col' }, t(`paths.dropoff.${k}`))));
  const body = rows.map((r) => el('tr', { dataset: { step: String(r.step), sessions: String(r.sessions), users: String(r.users), ended: String(r.ended_sessions) } },
    el('th', { scope: 'row' }, t('paths.step', { k: r.step })),
    el('td', {}, formatInteger(r.sessions)), el('td', {}, formatInteger(r.users)),
    el('td', {}, formatInteger(r.ended_sessions)),
    el('td', {}, r.sessions ? formatRatio(r.ended_sessions / r.sessions) : '—')));
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
}

function drawRank(root, pairs, mode) {
  const top = Math.max(1, ...pairs.map((p) => p.transitions));
  const name = (id) => (mode === 'top' ? eventText(id) : eventText(id.slice(id.indexOf(':') + 1)));
  const step = (id) => (mode === 'top' ? '' : `${id.slice(0, id.indexOf(':'))} `);
  root.replaceChildren(...pairs.map((p) => el('div', { className: 'paths-row', role: 'listitem',
    dataset: { from: p.from, to: p.to, users: String(p.users), transitions: String(p.transitions) } },
  el('span', { className: 'paths-pair', dataset: { raw: '' } }, el('span', { className: 'paths-k' }, step(p.from)), name(p.from), ' → ',
    el('span', { className: 'paths-k' }, step(p.to)), name(p.to)),
  el('span', { className: 'days-track' }, el('span', { className: 'days-bar', style: `width:${((p.transitions / top) * 100).toFixed(2)}%` })),
  el('span', { className: 'paths-n' }, formatInteger(p.transitions)),
  el('span', { className: 'paths-u' }, t('paths.users', { n: formatInteger(p.users) })))));
}
