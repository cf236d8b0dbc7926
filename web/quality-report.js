/* quality-report.js: how one dataset was read and what looks wrong in it,
 * from the engine's info (source and quality): encoding and dialect with why
 * they were chosen (worded by reasons.js), rows, files appended, duplicates,
 * time span and lag, future dates, negative amounts, cells that did not fit
 * their type, and every repaired or dropped row, each with its first line
 * numbers. Nothing
 * is hidden: a zero is shown, compactly.
 *
 * Each fact is <div class="q-item" data-q="NAME" data-count="N">; the
 * names: source, encoding, dialect, rows, files, duplicates, time, future,
 * negative, unparseable, replaced, empty_lines, padded, truncated, dropped. */
import { t } from './i18n/index.js';
import { el } from './dom.js';
import { formatInteger, formatNumber, formatDate } from './format.js';
import { encodingLabel, typeLabel } from './labels.js';
import { encodingReason, dialectReason } from './reasons.js';

const FORMAT_KEYS = { csv: 'q.format.csv', jsonl: 'q.format.jsonl', sqlite: 'q.format.sqlite', generated: 'q.format.generated' };

/* The report of dataset d, a <section>. */
export function qualityReport(d) {
  const src = d.source || {};
  const q = d.quality || {};
  const rep = q.repaired || {};
  const read = [
    item('source', t('q.source'), null, sourceText(src)),
    src.encoding && item('encoding', t('q.encoding'), null, encodingValue(src.encoding)),
    src.dialect && item('dialect', t('q.dialect'), null, dialectValue(src.dialect, (rep.dropped_summary_rows || {}).count || 0)),
    item('rows', t('q.rows'), d.rows, t('q.rowsValue', { rows: formatInteger(d.rows), columns: formatInteger((d.columns || []).length) })),
    item('files', t('q.files'), src.files ?? 1, formatInteger(src.files ?? 1)),
  ];
  const checks = [
    timeItem(q.time),
    listItem('duplicates', t('q.duplicates'), dedupe(q.duplicates)),
    listItem('future', t('q.future'), q.future),
    listItem('negative', t('q.negative'), q.negative),
    listItem('unparseable', t('q.unparseable'), (d.columns || []).filter((c) => c.unparseable).map((c) => ({
      column: c.name, count: c.unparseable.count, lines: c.unparseable.lines, as: c.unparseable.as,
    }))),
  ];
  const padded = rep.padded || { count: 0, lines: [] };
  const truncated = rep.truncated || { count: 0, lines: [] };
  const dropped = rep.dropped_summary_rows || { count: 0 };
  const repaired = [
    countItem('padded', t('q.padded'), padded.count, padded.lines),
    countItem('truncated', t('q.truncated'), truncated.count, truncated.lines),
    item('dropped', t('q.dropped'), dropped.count, dropped.count
      ? t('q.droppedValue', { count: formatInteger(dropped.count), line: formatInteger(dropped.from_line) }) : zero()),
    countItem('empty_lines', t('q.emptyLines'), rep.empty_lines || 0),
    countItem('replaced', t('q.replaced'), rep.replaced_characters || 0),
  ];
  return el('section', { className: 'quality', 'aria-label': t('q.title') },
    el('h3', { className: 'panel-title' }, t('q.title')),
    group(t('q.read'), read),
    group(t('q.checks'), checks),
    group(t('q.repaired'), repaired));
}

/* ---- private ---- */

function group(title, items) {
  return el('div', { className: 'q-group' },
    el('h4', { className: 'q-group-title' }, title),
    el('dl', { className: 'q-list' }, items.filter(Boolean)));
}

/* One fact: label, and a value (text or nodes); count (a number, or null
 * for facts that are not counts) marks zeros. */
function item(name, label, count, ...value) {
  const row = el('div', { className: 'q-item', dataset: { q: name } },
    el('dt', {}, label), el('dd', {}, ...value));
  if (count != null) {
    row.dataset.count = String(count);
    row.classList.toggle('is-zero', !count);
    row.classList.toggle('is-flag', !!count && ['duplicates', 'future', 'negative', 'unparseable', 'padded', 'truncated', 'dropped', 'replaced'].includes(name));
  }
  return row;
}

function zero() {
  return el('span', { className: 'q-zero' }, t('q.none'));
}

function countItem(name, label, count, lines) {
  if (!count) return item(name, label, 0, zero());
  return item(name, label, count, formatInteger(count), lines && lines.length ? linesNote(lines, count) : null);
}

/* Per column: "amount 2 (as float) · lines 3, 9". */
function listItem(name, label, entries) {
  const list = entries || [];
  const total = list.reduce((a, e) => a + (e.count || 0), 0);
  if (!total) return item(name, label, 0, zero());
  return item(name, label, total, el('ul', { className: 'q-entries' }, list.map((e) => el('li', {},
    el('span', { className: 'q-col' }, String(e.column ?? '')),
    ' ',
    el('span', { className: 'q-num' }, formatInteger(e.count)),
    e.as ? ` ${t('q.as', { type: typeLabel(e.as) })}` : null,
    e.lines && e.lines.length ? linesNote(e.lines, e.count) : null))));
}

function linesNote(lines, count) {
  const text = lines.map((n) => formatInteger(n)).join(', ') + (count > lines.length ? ', …' : '');
  return el('span', { className: 'q-lines' }, t(lines.length === 1 ? 'q.line' : 'q.lines', { lines: text }));
}

function timeItem(time) {
  if (!time) return item('time', t('q.time'), null, el('span', { className: 'q-zero' }, t('q.noTime')));
  const first = Date.parse(time.first) / 1000;
  const last = Date.parse(time.last) / 1000;
  const lag = Number(time.lag_days);
  const lagText = !Number.isFinite(lag) ? ''
    : lag >= 0 ? t('q.lag', { days: formatNumber(lag, { digits: 1 }) })
      : t('q.ahead', { days: formatNumber(-lag, { digits: 1 }) });
  const row = item('time', t('q.time'), null,
    el('span', { className: 'q-col' }, String(time.column ?? '')), ' ',
    t('charts.range', { from: formatDate(first, 'day'), to: formatDate(last, 'day') }),
    lagText ? el('span', { className: `q-lag${lag < 0 ? ' is-ahead' : ''}` }, lagText) : null);
  row.dataset.lag = String(lag);
  return row;
}

function sourceText(src) {
  const format = src.format || 'generated'; // the demo's datasets have no source
  const parts = [FORMAT_KEYS[format] ? t(FORMAT_KEYS[format]) : String(format)];
  if (src.gzip) parts.push(t('q.gzip'));
  if (Number.isFinite(src.bytes)) parts.push(formatBytes(src.bytes));
  return parts.join(' · ');
}

function encodingValue(enc) {
  const why = encodingReason(enc);
  return `${encodingLabel(enc.name)}${enc.bom ? ` (${t('q.bom')})` : ''}${why ? ` — ${why}` : ''}`;
}

/* Chips for the dialect, then why it was chosen (from the engine's fields). */
function dialectValue(dl, dropped) {
  const delimiter = dl.delimiter === '\t' ? 'TAB' : String(dl.delimiter ?? '');
  const chips = el('span', { className: 'q-chips' },
    chip(t('q.delimiter'), delimiter),
    chip(t('q.quote'), dl.quote ? String(dl.quote) : t('q.noQuote')),
    chip(t('q.header'), dl.header ? t('q.yes') : t('q.no')),
    dl.skipped_lines ? chip(t('q.skipped'), formatInteger(dl.skipped_lines)) : null);
  return [chips, el('span', { className: 'q-reason' }, dialectReason(dl, dropped))];
}

function chip(label, value) {
  return el('span', { className: 'q-chip' }, `${label} `, el('code', {}, value));
}

function formatBytes(n) {
  if (n < 1024) return t('q.bytes', { n: formatInteger(n) });
  if (n < 1024 * 1024) return t('q.kb', { n: formatNumber(n / 1024, { digits: 1 }) });
  return t('q.mb', { n: formatNumber(n / (1024 * 1024), { digits: 1 }) });
}

/* The engine may report one column twice (by two roles); show it once. */
function dedupe(list) {
  const seen = new Set();
  return (list || []).filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
