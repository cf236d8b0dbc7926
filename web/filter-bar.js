/* filter-bar.js: the global date range and filters above the product views
 * (Users, Retention, Funnels, Product), kept in the URL hash next to the view:
 *
 *   #demo&view=users&range=30d&f=plan:Pro&f=country:GB
 *   #view=retention&range=2026-01-01~2026-03-31        a custom range
 *
 * The store holds what every product view reads and passes on as from, to and
 * where in its specs:
 *   state.range    {preset: '7d'|'30d'|'90d'|'quarter'|'year'|'all'|'custom',
 *                   from: 'YYYY-MM-DD'|null, to: 'YYYY-MM-DD'|null}
 *                  from and to resolved from the preset against the workspace's
 *                  as-of day (state.info.through): 7d, 30d and 90d end on it and
 *                  hold that many days; quarter and year are the calendar
 *                  quarter and year holding it, to date; all has no bounds (null)
 *   state.filters  [{column, value}]: rows of the events whose column has the
 *                  value (ASCII case ignored; a column of the customers is
 *                  joined); all must hold
 * Columns are those of the events dataset (state.info), then those of the
 * customers joined to them; values are suggested from the data by the
 * worker's values op. Text goes in with textContent.
 *
 * A third row holds the compare control (compare-control.js, state.compare).
 *
 *   mountFilterBar(root, store, actions)   actions.setRange(range),
 *                                          actions.setFilters(filters), actions.ask(op, spec)
 *   rangeFromHash(), filtersFromHash()     the hash's range and filters (for the store's start)
 *   resolveRange(preset, through, custom)  {preset, from, to} */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatDate } from './format.js';
import { mountCompareControl } from './compare-control.js';

export const PRESETS = ['7d', '30d', '90d', 'quarter', 'year', 'all', 'custom'];
export const DEFAULT_PRESET = '90d';
const DAYS = { '7d': 7, '30d': 30, '90d': 90 };
const DAY_MS = 86400000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/* {preset, from, to}: from and to of the preset against through (the as-of
 * day, 'YYYY-MM-DD'); custom keeps custom's from and to. */
export function resolveRange(preset, through, custom = {}) {
  if (!PRESETS.includes(preset)) preset = DEFAULT_PRESET;
  if (preset === 'custom') return { preset, from: day(custom.from), to: day(custom.to) };
  if (preset === 'all' || !day(through)) return { preset, from: null, to: null };
  const end = Date.parse(`${through}T00:00:00Z`);
  const d = new Date(end);
  let start;
  if (DAYS[preset]) start = end - (DAYS[preset] - 1) * DAY_MS;
  else if (preset === 'quarter') start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
  else start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { preset, from: iso(start), to: through };
}

/* The hash's range: {preset, from, to} (from and to set only for custom). */
export function rangeFromHash() {
  const v = hashParts().find((p) => p.startsWith('range='))?.slice(6) || '';
  const m = /^(\d{4}-\d{2}-\d{2})?~(\d{4}-\d{2}-\d{2})?$/.exec(v);
  if (m) return { preset: 'custom', from: m[1] || null, to: m[2] || null };
  return { preset: PRESETS.includes(v) && v !== 'custom' ? v : DEFAULT_PRESET, from: null, to: null };
}

/* The hash's filters: [{column, value}]. */
export function filtersFromHash() {
  return hashParts().filter((p) => p.startsWith('f=')).map((p) => {
    const [c, v = ''] = p.slice(2).split(':');
    try {
      return { column: decodeURIComponent(c), value: decodeURIComponent(v) };
    } catch {
      return null;
    }
  }).filter((f) => f && f.column);
}

/* Write range and filters to the hash (its other parts stay), without a new
 * history entry. */
export function writeFilterHash(range, filters) {
  const parts = hashParts().filter((p) => !p.startsWith('range=') && !p.startsWith('f='));
  if (range.preset === 'custom') parts.push(`range=${range.from || ''}~${range.to || ''}`);
  else if (range.preset !== DEFAULT_PRESET) parts.push(`range=${range.preset}`);
  for (const f of filters) parts.push(`f=${encodeURIComponent(f.column)}:${encodeURIComponent(f.value)}`);
  const hash = parts.length ? `#${parts.join('&')}` : '';
  if (hash !== location.hash) history.replaceState(null, '', location.pathname + location.search + hash);
}

/* The spec fields of the range and filters: {from?, to?, where?}. */
export function scopeSpec(s) {
  const spec = {};
  if (s.range && s.range.from) spec.from = s.range.from;
  if (s.range && s.range.to) spec.to = s.range.to;
  if (s.filters && s.filters.length) spec.where = s.filters.map((f) => ({ column: f.column, value: f.value }));
  return spec;
}

export function mountFilterBar(root, store, actions) {
  root.classList.add('filter-bar');
  const presets = el('div', { className: 'range-presets', role: 'group' });
  const buttons = PRESETS.map((p) => {
    const b = el('button', { type: 'button', className: 'range-preset', dataset: { preset: p } });
    b.addEventListener('click', () => {
      const s = store.get();
      const custom = p === 'custom' ? { from: s.range.from, to: s.range.to } : {};
      actions.setRange(resolveRange(p, s.info.through, custom));
    });
    return b;
  });
  presets.append(...buttons);
  const from = el('input', { type: 'date', className: 'range-date', dataset: { range: 'from' } });
  const to = el('input', { type: 'date', className: 'range-date', dataset: { range: 'to' } });
  const dates = el('span', { className: 'range-dates' }, from, el('span', { className: 'range-dash' }, '–'), to);
  const onDate = () => actions.setRange(resolveRange('custom', null, { from: from.value, to: to.value }));
  from.addEventListener('change', onDate);
  to.addEventListener('change', onDate);
  const shown = el('span', { className: 'range-shown', dataset: { rangeShown: '' } });

  const chips = el('span', { className: 'filter-chips' });
  const add = el('button', { type: 'button', className: 'btn filter-add', 'aria-expanded': 'false' });
  const column = el('select', { className: 'filter-column', dataset: { filter: 'column' } });
  const listId = `filter-values-${Math.random().toString(36).slice(2, 8)}`;
  const value = el('input', { type: 'text', className: 'filter-value', list: listId, dataset: { filter: 'value' } });
  const list = el('datalist', { id: listId });
  const apply = el('button', { type: 'submit', className: 'btn btn-primary filter-apply' });
  const form = el('form', { className: 'filter-form', hidden: true }, column, value, list, apply);
  add.addEventListener('click', () => {
    form.hidden = !form.hidden;
    add.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) {
      suggest();
      column.focus();
    }
  });
  let asked = 0;
  const suggest = async () => {
    const n = ++asked;
    list.replaceChildren();
    if (!column.value) return;
    try {
      const r = await actions.ask('values', { column: column.value, kind: 'events', max: 200 });
      if (n === asked) list.replaceChildren(...r.values.map((v) => el('option', { value: v })));
    } catch {
      /* no suggestions: a value can still be typed */
    }
  };
  column.addEventListener('change', suggest);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = value.value.trim();
    if (!column.value || !v) return;
    const filters = store.get().filters.filter((f) => !(f.column === column.value && f.value === v));
    actions.setFilters([...filters, { column: column.value, value: v }]);
    value.value = '';
    form.hidden = true;
    add.setAttribute('aria-expanded', 'false');
  });

  const rangeLabel = el('span', { className: 'filter-label' });
  const filterLabel = el('span', { className: 'filter-label' });
  root.replaceChildren(
    el('div', { className: 'filter-row' }, rangeLabel, presets, dates, shown),
    el('div', { className: 'filter-row' }, filterLabel, chips, add, form),
    mountCompareControl(store)); // compare mode: the previous period or the same period last year

  const render = (s) => {
    rangeLabel.textContent = t('filters.range');
    filterLabel.textContent = t('filters.filters');
    presets.setAttribute('aria-label', t('filters.range'));
    for (const b of buttons) {
      b.textContent = t(`filters.preset.${b.dataset.preset}`);
      b.setAttribute('aria-pressed', String(b.dataset.preset === s.range.preset));
    }
    dates.hidden = s.range.preset !== 'custom';
    from.value = s.range.from || '';
    to.value = s.range.to || '';
    from.setAttribute('aria-label', t('filters.from'));
    to.setAttribute('aria-label', t('filters.to'));
    const sec = (d) => Date.parse(`${d}T00:00:00Z`) / 1000;
    shown.textContent = s.range.from || s.range.to
      ? t('filters.shown', { from: s.range.from ? formatDate(sec(s.range.from)) : '…', to: s.range.to ? formatDate(sec(s.range.to)) : '…' })
      : t('filters.allTime');
    chips.replaceChildren(...s.filters.map((f, i) => chip(f, () => actions.setFilters(s.filters.filter((_, k) => k !== i)))));
    if (!s.filters.length) chips.append(el('span', { className: 'filter-none' }, t('filters.none')));
    add.textContent = t('filters.add');
    apply.textContent = t('filters.apply');
    column.setAttribute('aria-label', t('filters.column'));
    value.setAttribute('aria-label', t('filters.value'));
    value.placeholder = t('filters.value');
    const groups = filterColumns(s.info);
    const keep = column.value;
    column.replaceChildren(...groups.filter((g) => g.columns.length).map((g) =>
      el('optgroup', { label: t(`filters.group.${g.kind}`) }, ...g.columns.map((c) => option(c, c, c === keep)))));
    add.disabled = groups.every((g) => !g.columns.length);
  };
  store.subscribe((s, prev) => {
    // a preset follows the data's as-of day
    if (s.info !== prev.info && s.range.preset !== 'custom') {
      const r = resolveRange(s.range.preset, s.info.through);
      if (r.from !== s.range.from || r.to !== s.range.to) return store.set({ range: r });
    }
    if (s.range !== prev.range || s.filters !== prev.filters || s.locale !== prev.locale || s.info !== prev.info) render(s);
  });
  window.addEventListener('hashchange', () => {
    const s = store.get();
    const h = rangeFromHash();
    const range = resolveRange(h.preset, s.info.through, h);
    const filters = filtersFromHash();
    if (range.preset !== s.range.preset || range.from !== s.range.from || range.to !== s.range.to) actions.setRange(range);
    if (JSON.stringify(filters) !== JSON.stringify(s.filters)) actions.setFilters(filters);
  });
  render(store.get());
}

/* ---- private ---- */

function chip(f, remove) {
  const x = el('button', { type: 'button', className: 'filter-chip-x', 'aria-label': t('filters.remove', { column: f.column, value: f.value }) }, '×');
  x.addEventListener('click', remove);
  return el('span', { className: 'filter-chip', dataset: { column: f.column, value: f.value } },
    el('span', { className: 'filter-chip-col' }, f.column), el('span', { className: 'filter-chip-eq' }, '='),
    el('span', { className: 'filter-chip-val' }, f.value), x);
}

/* The columns a filter can read, [{kind, columns}]: the events dataset's,
 * then those of the customers joined to them (metrics/scope.h); not times,
 * not measurements (floats), not the customers' own id. */
export function filterColumns(info) {
  const of = (kind) => (info.datasets || []).find((d) => d.kind === kind);
  const usable = (c) => c.type !== 'timestamp' && c.type !== 'date' && c.type !== 'float';
  const ev = of('events');
  if (!ev) return [];
  const events = ev.columns.filter(usable).map((c) => c.name);
  const taken = new Set(events.map((n) => n.toLowerCase()));
  const cu = of('customers');
  const customers = cu ? cu.columns.filter((c) => usable(c) && c.role !== 'customer_id' && !taken.has(c.name.toLowerCase())).map((c) => c.name) : [];
  return [{ kind: 'events', columns: events }, { kind: 'customers', columns: customers }];
}

function hashParts() {
  return location.hash.replace(/^#/, '').split('&').filter(Boolean);
}

function day(s) {
  return typeof s === 'string' && ISO_DAY.test(s) ? s : null;
}

function iso(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
