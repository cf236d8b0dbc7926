/* sql-results.js: the SQL console's result table: one header cell per
 * column (a button sorts by it: ascending, then descending; nulls first
 * ascending), one row per result row with its cells as the engine gave them
 * (numbers as their shortest text, NULL for null), numbers to the right.
 *
 *   const table = mountSqlResults(parent);   table.render(result | null);
 *   sortRows(rows, col, dir)                 // a sorted copy (dir 1 | -1)
 * The header cell holds the column's name as text (what the CSV export
 * reads) and a sort button (its arrow); a click anywhere on it sorts.
 * Hooks: <table data-testid="sql-results">, rows tr[data-row] (the row's index
 * in the result), th[data-col], th[aria-sort] on the sorted column. Cells are
 * text only. */
import { el } from './dom.js';
import { t } from './i18n/index.js';

/* Compare two cells: null first, numbers before text, numbers by value,
 * text by code unit order (as SQLite's BINARY). */
export function compareCells(a, b) {
  if (a == null || b == null) return (a == null ? 0 : 1) - (b == null ? 0 : 1);
  const na = typeof a === 'number', nb = typeof b === 'number';
  if (na !== nb) return na ? -1 : 1;
  if (na) return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortRows(rows, col, dir) {
  return rows.map((r, i) => [r, i])
    .sort((x, y) => dir * compareCells(x[0][col], y[0][col]) || x[1] - y[1])
    .map(([r, i]) => ({ row: r, index: i }));
}

export function mountSqlResults(parent) {
  const caption = el('caption', { className: 'visually-hidden' });
  const head = el('thead');
  const body = el('tbody');
  const table = el('table', { className: 'sql-table', dataset: { testid: 'sql-results' } }, caption, head, body);
  const wrap = el('div', { className: 'sql-table-wrap', tabindex: '0', role: 'region' }, table);
  parent.append(wrap);
  let result = null;
  let sort = null; // {col, dir}

  head.addEventListener('click', (e) => {
    const th = e.target.closest('th[data-col]');
    if (!th) return;
    const col = Number(th.dataset.col);
    sort = sort && sort.col === col ? { col, dir: -sort.dir } : { col, dir: 1 };
    draw();
    head.querySelector(`th[data-col="${col}"] button`)?.focus();
  });

  function render(r) {
    result = r;
    sort = null;
    draw();
  }

  function draw() {
    wrap.hidden = !result;
    if (!result) return;
    caption.textContent = t('sql.results.caption');
    wrap.setAttribute('aria-label', t('sql.results.caption'));
    const cols = result.columns || [];
    const numeric = cols.map((c) => c.type === 'integer' || c.type === 'real');
    head.replaceChildren(el('tr', {}, ...cols.map((c, i) => {
      const dir = sort && sort.col === i ? sort.dir : 0;
      const th = el('th', { scope: 'col', className: numeric[i] ? 'num' : null, dataset: { col: String(i) } }, c.name,
        el('button', { type: 'button', className: 'sql-sort', 'aria-label': t('sql.results.sortBy', { column: c.name }) },
          el('span', { 'aria-hidden': 'true' }, dir > 0 ? '▲' : dir < 0 ? '▼' : '↕')));
      if (dir) th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      return th;
    })));
    const rows = sort ? sortRows(result.rows, sort.col, sort.dir) : result.rows.map((row, index) => ({ row, index }));
    body.replaceChildren(...rows.map(({ row, index }) => el('tr', { dataset: { row: String(index) } },
      ...row.map((v, i) => (v == null
        ? el('td', { className: 'sql-null' }, 'NULL')
        : el('td', { className: numeric[i] || typeof v === 'number' ? 'num' : null }, String(v)))))));
  }

  return { render, redraw: draw, element: wrap };
}
