/* dropzone.js: the drop zone, the file picker (several files at once), the
 * "Load demo" button, and the progress of loads in flight (a bar with the
 * percentage, MB/s and rows so far, and a Cancel button). Files dropped
 * anywhere on the page are loaded too. The zone turns compact once data is
 * loaded. */
import { t } from './i18n/index.js';
import { formatPercent, formatInteger, formatNumber } from './format.js';
import { icon } from './icons.js';

export function mountDropzone(root, store, actions) {
  const input = root.querySelector('input[type=file]');
  const list = root.querySelector('.progress-list');
  const demoBtn = root.querySelector('[data-action=demo]');

  root.querySelector('[data-action=choose]').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const files = Array.from(input.files || []);
    input.value = '';
    actions.loadFiles(files);
  });
  demoBtn.addEventListener('click', () => actions.loadDemo());
  list.addEventListener('click', (e) => {
    const btn = e.target.closest('[data-cancel]');
    if (!btn) return;
    const load = store.get().loads.find((l) => l.id === Number(btn.dataset.cancel));
    if (load) load.cancel();
  });

  // Drag and drop, page-wide: a file dropped outside the zone must not navigate away.
  let depth = 0;
  const hasFiles = (e) => Array.from(e.dataTransfer?.types || []).includes('Files');
  const setOver = (on) => root.classList.toggle('is-dragover', on);
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    setOver(true);
  });
  document.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('dragleave', (e) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) setOver(false);
  });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    setOver(false);
    actions.loadFiles(e.dataTransfer.files);
  });

  const compactText = root.querySelector('.dropzone-compact-text');
  const render = (s, prev) => {
    root.classList.toggle('is-compact', s.info.datasets.length > 0);
    root.classList.toggle('is-demo', s.demo);
    compactText.dataset.i18n = s.demo ? 'drop.compactDemo' : 'drop.compact';
    compactText.textContent = t(compactText.dataset.i18n);
    demoBtn.disabled = s.loads.some((l) => l.demo);
    if (!prev || s.loads !== prev.loads || s.locale !== prev.locale) renderLoads(list, s.loads);
  };
  store.subscribe(render);
  render(store.get(), null);
}

function renderLoads(list, loads) {
  // Update rows in place so progress bars animate smoothly.
  const rows = new Map(Array.from(list.children, (li) => [Number(li.dataset.loadId), li]));
  const keep = new Set();
  for (const load of loads) {
    keep.add(load.id);
    let li = rows.get(load.id);
    if (!li) {
      li = buildRow(load);
      list.append(li);
    }
    updateRow(li, load);
  }
  for (const [id, li] of rows) if (!keep.has(id)) li.remove();
  list.hidden = loads.length === 0;
}

function buildRow(load) {
  const li = document.createElement('li');
  li.className = 'progress-item';
  li.dataset.loadId = String(load.id);
  const text = document.createElement('span');
  text.className = 'progress-text';
  const label = document.createElement('span');
  label.className = 'progress-label';
  const stats = document.createElement('span');
  stats.className = 'progress-stats';
  text.append(label, stats);
  const track = document.createElement('span');
  track.className = 'progress-track';
  const bar = document.createElement('span');
  bar.className = 'progress-bar';
  track.append(bar);
  const pct = document.createElement('span');
  pct.className = 'progress-pct';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'btn-icon';
  cancel.dataset.cancel = String(load.id);
  cancel.append(icon('close'));
  cancel.hidden = load.demo; // the demo is generated in one synchronous call
  li.append(icon(load.demo ? 'spark' : 'file'), text, track, pct, cancel);
  return li;
}

function updateRow(li, load) {
  const ratio = load.total > 0 ? Math.min(1, load.loaded / load.total) : null;
  li.classList.toggle('is-indeterminate', ratio === null);
  li.querySelector('.progress-label').textContent = t(load.key, load.vars);
  li.querySelector('.progress-bar').style.width = ratio === null ? '' : `${(ratio * 100).toFixed(1)}%`;
  li.querySelector('.progress-pct').textContent = ratio === null ? '' : formatPercent(ratio);
  li.querySelector('.progress-stats').textContent = statsText(load);
  if (load.rows != null) li.dataset.rows = String(load.rows);
  const cancel = li.querySelector('[data-cancel]');
  cancel.setAttribute('aria-label', t('progress.cancel'));
  cancel.title = t('progress.cancel');
  li.setAttribute('aria-label', t(load.key, load.vars));
}

/* "12.3 MB/s · 45,000 rows" once the worker has reported; "" before. */
function statsText(load) {
  if (!(load.ms > 0) || load.loaded == null) return '';
  const mbs = load.loaded / 1e6 / (load.ms / 1000);
  return t('progress.stats', {
    speed: formatNumber(mbs, { digits: mbs < 10 ? 1 : 0 }),
    rows: formatInteger(load.rows || 0),
  });
}
