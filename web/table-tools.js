/* table-tools.js: every data table of the page sorts and filters, one
 * mechanism for the whole page (as export.js gives each its CSV).
 *
 *   mountTableTools(document.querySelector('main'))
 *
 * A MutationObserver notices tables as the views draw them (not uPlot's
 * legend, not a table marked data-no-tools) and, once per animation frame:
 *   - makes each named header cell of its header row a sort control: focusable,
 *     click or Enter / Space sorts the body rows by that column, ascending,
 *     then descending, with aria-sort on the cell ("ascending" /
 *     "descending"; the other headers lose theirs);
 *   - puts a small text box before it (a table of two body rows or more):
 *     rows whose text does not hold what is typed (case ignored) are hidden
 *     (hidden = true, so the CSV export leaves them out);
 * and keeps both when the view redraws the table's rows. Cells sort by their
 * data-sort value when they have one, else by their text read as a number
 * (sortKey) when every non-empty cell of the column reads as one, else as
 * text in the page's language (numbers in text in numeric order). Empty
 * cells go last either way. Text goes in with textContent. */
import { t, getLocale, onLocaleChange } from './i18n/index.js';
import { el } from './dom.js';

const state = new WeakMap(); // table → {col, dir, query, box}

/* ---- API ---- */

export function mountTableTools(root) {
  let frame = 0;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; scan(root); });
  };
  new MutationObserver((list) => { if (list.some((m) => !ours(m))) schedule(); })
    .observe(root, { childList: true, subtree: true });
  onLocaleChange(() => { for (const table of root.querySelectorAll('table')) relabel(table); });
  root.addEventListener('click', (e) => {
    const th = e.target.closest?.('th[data-sortable]');
    if (th && !e.target.closest('button, a, input, select')) sortBy(th);
  });
  root.addEventListener('keydown', (e) => {
    const th = e.target.closest?.('th[data-sortable]');
    if (th && e.target === th && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      sortBy(th);
    }
  });
  scan(root);
}

/* The number a cell's text reads as, or null: "$1,234.50" → 1234.5,
 * "−4.2%" → -4.2, "12 d" → 12, "1.2K" → 1200, "3.4万" → 34000; text that is
 * not a number (a name, a date) → null. */
export function sortKey(text) {
  const s = String(text ?? '').trim().replace(/\u2212/g, '-').replace(/[\s\u00a0\u202f]/g, '');
  const m = /^([-+]?)[^\d\-+.]{0,3}?(-?)(\d[\d,]*(?:\.\d+)?|\.\d+)(K|M|B|k|万|亿|億|萬)?(?:%|pp|[^\d.,]{0,4})$/.exec(s);
  if (!m) return null;
  const scale = { K: 1e3, k: 1e3, M: 1e6, B: 1e9, 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 }[m[4]] || 1;
  const v = Number(m[3].replace(/,/g, '')) * scale;
  if (!Number.isFinite(v)) return null;
  return m[1] === '-' || m[2] === '-' ? -v : v;
}

/* The order of rows (indices) sorting values (strings, numbers or null)
 * in dir 'ascending' | 'descending'; nulls and '' last; stable. */
export function sortOrder(values, dir, locale = 'en') {
  const numeric = values.every((v) => v == null || v === '' || typeof v === 'number');
  const coll = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const sign = dir === 'descending' ? -1 : 1;
  return values.map((v, i) => i).sort((a, b) => {
    const x = values[a], y = values[b];
    const ex = x == null || x === '', ey = y == null || y === '';
    if (ex || ey) return ex === ey ? a - b : ex ? 1 : -1;
    const c = numeric ? x - y : coll.compare(String(x), String(y));
    return c * sign || a - b;
  });
}

/* ---- private ---- */

function ours(m) {
  const n = m.target;
  return !!(n.closest?.('.table-filter') || (state.get(n.closest?.('table'))?.moving));
}

function tables(root) {
  return Array.from(root.querySelectorAll('table')).filter((x) => !x.closest('.u-legend') && !x.hasAttribute('data-no-tools')
    && x.tHead && x.tHead.rows.length && x.tBodies.length);
}

function scan(root) {
  for (const table of tables(root)) {
    let st = state.get(table);
    if (!st) state.set(table, (st = { col: -1, dir: null, query: '', box: null }));
    const head = table.tHead.rows[table.tHead.rows.length - 1];
    Array.from(head.cells).forEach((th, i) => {
      if (th.tagName !== 'TH' || th.colSpan > 1 || !th.textContent.trim()) return; // an unnamed column (actions) does not sort
      th.dataset.sortable = String(i);
      if (th.tabIndex < 0) th.tabIndex = 0;
      if (i === st.col) th.setAttribute('aria-sort', st.dir);
      else if (th.hasAttribute('aria-sort') && st.col >= 0) th.removeAttribute('aria-sort');
    });
    const rows = bodyRows(table);
    if (rows.length >= 2 && !(st.box && st.box.isConnected)) addFilter(table, st);
    apply(table, st);
    relabel(table);
  }
}

function bodyRows(table) {
  return Array.from(table.tBodies).flatMap((b) => Array.from(b.rows));
}

function addFilter(table, st) {
  const input = el('input', { type: 'search', className: 'table-filter-input', dataset: { tableFilter: '' } });
  input.value = st.query;
  input.addEventListener('input', () => {
    st.query = input.value;
    apply(table, st);
  });
  const box = el('div', { className: 'table-filter' }, input);
  // before the table, or before the scrolling box that holds only it
  const anchor = table.parentElement && table.parentElement.children.length === 1 && !table.parentElement.classList.contains('card')
    ? table.parentElement : table;
  anchor.before(box);
  st.box = box;
}

function relabel(table) {
  const st = state.get(table);
  const input = st?.box?.querySelector('input');
  if (input) {
    const label = t('tables.filter');
    if (input.getAttribute('aria-label') !== label) input.setAttribute('aria-label', label);
    if (input.placeholder !== label) input.placeholder = label;
  }
  if (!table.tHead) return;
  for (const th of table.tHead.querySelectorAll('th[data-sortable]')) {
    const title = t('tables.sort');
    if (th.title !== title) th.title = title;
  }
}

function sortBy(th) {
  const table = th.closest('table');
  const st = state.get(table);
  if (!st) return;
  const col = Number(th.dataset.sortable);
  st.dir = st.col === col && st.dir === 'ascending' ? 'descending' : 'ascending';
  st.col = col;
  for (const h of table.tHead.querySelectorAll('th[data-sortable]')) {
    if (h === th) h.setAttribute('aria-sort', st.dir);
    else h.removeAttribute('aria-sort');
  }
  apply(table, st);
}

/* Sort (when a column is chosen) and filter the body rows; rows move only
 * when their order changes. */
function apply(table, st) {
  st.moving = true;
  try {
    for (const body of table.tBodies) {
      const rows = Array.from(body.rows);
      if (st.col >= 0 && rows.length > 1) {
        const cells = rows.map((r) => r.cells[st.col]);
        const keyed = cells.map((c) => (c && c.dataset.sort != null && c.dataset.sort !== '' ? Number(c.dataset.sort) : null));
        const texts = cells.map((c) => (c ? c.textContent.trim() : ''));
        const nums = texts.map(sortKey);
        const useNum = texts.every((x, i) => x === '' || keyed[i] != null || nums[i] != null);
        const values = texts.map((x, i) => (keyed[i] != null && Number.isFinite(keyed[i]) ? keyed[i] : useNum ? nums[i] : x));
        const order = sortOrder(values.map((v) => (useNum ? v : v == null ? '' : String(v))), st.dir, getLocale());
        if (order.some((j, i) => j !== i)) body.append(...order.map((j) => rows[j]));
      }
      const q = st.query.trim().toLowerCase();
      for (const r of body.rows) {
        const hide = !!q && !r.textContent.toLowerCase().includes(q);
        if (r.hidden !== hide && (hide || r.dataset.filteredBy != null)) r.hidden = hide;
        if (hide) r.dataset.filteredBy = '';
        else delete r.dataset.filteredBy;
      }
    }
  } finally {
    queueMicrotask(() => { st.moving = false; });
  }
}
