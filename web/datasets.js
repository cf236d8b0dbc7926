/* datasets.js: the list of loaded datasets (file name, detected kind, rows,
 * columns), each with a button opening it in the data view (mapping and
 * quality). Everything from the data goes in as text. */
import { t } from './i18n/index.js';
import { kindLabel } from './labels.js';
import { formatInteger, formatPeriod } from './format.js';

export function mountDatasets(root, store, actions) {
  const tbody = root.querySelector('tbody');
  const asof = root.querySelector('[data-asof]');
  const empty = root.querySelector('.datasets-empty');
  const table = root.querySelector('table');

  const render = (s) => {
    const datasets = s.info.datasets || [];
    tbody.replaceChildren(...datasets.map((d, i) => row(d, i, i === s.selected)));
    table.hidden = datasets.length === 0;
    empty.hidden = datasets.length > 0;
    root.classList.toggle('is-empty', datasets.length === 0);
    const through = s.info.asof || s.info.through;
    asof.textContent = through && datasets.length ? t('datasets.asof', { date: formatPeriod(through, 'day') }) : '';
  };
  tbody.addEventListener('click', (e) => {
    const btn = e.target.closest('[data-show]');
    if (!btn) return;
    actions.showDataset(Number(btn.dataset.show));
    document.getElementById('data')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  store.subscribe((s, prev) => {
    if (s.info !== prev.info || s.locale !== prev.locale || s.selected !== prev.selected) render(s);
  });
  render(store.get());
}

export { kindLabel };

function row(d, i, selected) {
  const tr = document.createElement('tr');
  tr.classList.toggle('is-selected', selected);
  tr.dataset.kind = String(d.kind ?? '');
  const name = cell('td', 'dataset-name');
  name.textContent = String(d.name ?? '');
  const columns = Array.isArray(d.columns) ? d.columns : [];
  name.title = columns.map((c) => (c.role ? `${c.name} (${c.role})` : c.name)).join(', ');
  const kind = cell('td');
  const badge = document.createElement('span');
  badge.className = `badge badge-${/^[a-z_]+$/.test(d.kind) ? d.kind : 'other'}`;
  badge.textContent = kindLabel(d.kind);
  kind.append(badge);
  const rows = cell('td', 'num');
  rows.textContent = formatInteger(d.rows);
  const cols = cell('td', 'num');
  cols.textContent = formatInteger(columns.length);
  const open = cell('td', 'dataset-open');
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'btn-link';
  btn.dataset.show = String(i);
  btn.textContent = t('datasets.details');
  open.append(btn);
  tr.append(name, kind, rows, cols, open);
  return tr;
}

function cell(tag, className) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  return el;
}
