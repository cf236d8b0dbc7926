/* sql-schema.js: the SQL console's schema browser, from the worker's
 * sqlSchema op: one disclosure per table (its SQL name, its kind alias, its
 * rows), listing its columns with their SQL types. Clicking a table, an
 * alias or a column calls insert with the name as SQL reads it (quoted when
 * it is not a plain word).
 *
 *   const s = mountSqlSchema(parent, {insert});  s.render(schema | null, error?);
 *   sqlName('Customer ID')   // '"Customer ID"'
 * Hook: data-testid="sql-schema"; each table <details data-table=NAME>. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatInteger } from './format.js';

const RESERVED = new Set(('abort action add after all alter analyze and as asc attach autoincrement before begin between by cascade case cast ' +
  'check collate column commit conflict constraint create cross current current_date current_time current_timestamp database default ' +
  'deferrable deferred delete desc detach distinct do drop each else end escape except exclusive exists explain fail filter for foreign ' +
  'from full glob group groups having if ignore immediate in index indexed initially inner insert instead intersect into is isnull join ' +
  'key left like limit match natural no not nothing notnull null of offset on or order outer over partition plan pragma preceding ' +
  'primary query raise range recursive references regexp reindex release rename replace restrict right rollback row rows savepoint ' +
  'select set table temp temporary then to transaction trigger unbounded union unique update using vacuum values view virtual when ' +
  'where window with without').split(' '));

/* name as SQL reads it: as it is when a plain word that is not a keyword, else in double quotes. */
export function sqlName(name) {
  const s = String(name);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !RESERVED.has(s.toLowerCase()) ? s : `"${s.replace(/"/g, '""')}"`;
}

export function mountSqlSchema(parent, { insert }) {
  const title = el('h2', { className: 'card-title', id: 'sql-schema-title' });
  const note = el('p', { className: 'card-subtitle' });
  const list = el('div', { className: 'sql-schema-list' });
  const box = el('nav', { className: 'card sql-schema', dataset: { testid: 'sql-schema' }, 'aria-labelledby': 'sql-schema-title' }, title, note, list);
  parent.append(box);
  box.addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-insert]');
    if (btn) insert(btn.dataset.insert);
  });
  let open = new Set();
  list.addEventListener('toggle', (e) => {
    const d = e.target;
    if (d.dataset?.table) (d.open ? open.add(d.dataset.table) : open.delete(d.dataset.table));
  }, true);

  function render(schema, error) {
    title.textContent = t('sql.schema.title');
    const tables = schema?.tables || [];
    note.textContent = error ? t('sql.schema.error', { message: error }) : tables.length ? t('sql.schema.hint') : t('sql.schema.empty');
    list.replaceChildren(...tables.map((tb) => {
      const names = [el('button', { type: 'button', className: 'sql-name', dataset: { insert: sqlName(tb.name) }, title: t('sql.schema.insert', { name: tb.name }) }, el('span', { dataset: { raw: '' } }, tb.name))];
      if (tb.alias) {
        names.push(el('button', { type: 'button', className: 'sql-name sql-alias', dataset: { insert: sqlName(tb.alias) }, title: t('sql.schema.alias', { name: tb.alias }) }, el('span', { dataset: { raw: '' } }, tb.alias)));
      }
      const cols = el('ul', { className: 'sql-columns' }, ...tb.columns.map((c) => el('li', {},
        el('button', { type: 'button', className: 'sql-name', dataset: { insert: sqlName(c.name), column: c.name }, title: t('sql.schema.insert', { name: c.name }) },
          el('span', { className: 'sql-col-name', dataset: { raw: '' } }, c.name), ' ', el('span', { className: 'sql-col-type', dataset: { raw: '' } }, c.sql_type)))));
      return el('details', { className: 'sql-table-entry', dataset: { table: tb.name }, open: open.has(tb.name) ? '' : null },
        el('summary', {}, el('span', { className: 'sql-table-name', dataset: { raw: '' } }, tb.name),
          el('span', { className: 'sql-table-rows' }, t('sql.schema.rows', { n: formatInteger(tb.rows) }))),
        el('div', { className: 'sql-table-names' }, ...names), cols);
    }));
  }

  return { render };
}
