/* sql-view.js: the SQL view (tab `sql`): a console for read-only SQL
 * (SQLite) over every loaded dataset, run by the worker's sql op
 * (core/sql/, docs/sql.md):
 *   - the editor (sql-editor.js): Ctrl/Cmd+Enter or Run runs it, Tab indents;
 *     example queries for the demo;
 *   - the tables SQL sees (sql-schema.js, the worker's sqlSchema op): click a
 *     table or column to insert its name at the cursor;
 *   - the result as a table (sql-results.js: sortable, row count, a note when
 *     the row cap cut it; its CSV from export.js's toolbar, as every table of
 *     the page) and a quick chart (sql-chart.js: line or bar);
 *   - an error with its line and column, the offending text marked in a copy
 *     of its line and selected in the editor; a refused write says the
 *     console is read-only (the engine refuses it);
 *   - the history of queries run (sql-history.js, localStorage).
 * Cells, names and messages are data: text only (dom.js).
 * Hooks: <section data-state="idle|running|drawn|error">; data-testid
 * sql-editor, sql-run, sql-results (rows tr[data-row]), sql-rowcount
 * (data-rows, data-truncated), sql-error (data-offset, data-line,
 * data-column, data-readonly), sql-schema, sql-history (entries
 * button[data-query]), sql-chart (data-state, data-type), sql-chart-type
 * buttons data-type=line|bar with aria-pressed. */
import { el, option } from './dom.js';
import { t, onLocaleChange } from './i18n/index.js';
import { formatInteger } from './format.js';
import { mountSqlEditor, charIndex, errorLine } from './sql-editor.js';
import { mountSqlSchema } from './sql-schema.js';
import { mountSqlResults } from './sql-results.js';
import { mountSqlChart } from './sql-chart.js';
import { chartData } from './sql-chart-data.js';
import { loadHistory, addHistory, saveHistory } from './sql-history.js';
import { screenOpts } from './privacy.js';

export const MAX_ROWS = 1000;
export const MAX_MS = 10000;

/* The example queries, over the demo workspace's tables. */
export const EXAMPLES = [
  ['dau', 'SELECT date(timestamp) AS day,\n  COUNT(DISTINCT distinct_id) AS users,\n  COUNT(*) AS events\nFROM events\nGROUP BY 1\nORDER BY 1;'],
  ['revenue', 'SELECT strftime(\'%Y-%m\', "Created (UTC)") AS month,\n  SUM("Amount") AS amount,\n  COUNT(*) AS payments\nFROM payments\nWHERE "Status" = \'succeeded\'\nGROUP BY 1\nORDER BY 1;'],
  ['plans', 'SELECT "Plan", "Status", COUNT(*) AS subscriptions\nFROM subscriptions\nGROUP BY 1, 2\nORDER BY 3 DESC;'],
  ['countries', 'SELECT c.country,\n  COUNT(*) AS payments,\n  SUM(p."Amount") AS amount\nFROM payments p\nJOIN customers c ON c.customer_id = p."Customer ID"\nWHERE p."Status" = \'succeeded\'\nGROUP BY 1\nORDER BY 3 DESC;'],
  ['events', 'SELECT event, COUNT(*) AS events,\n  COUNT(DISTINCT distinct_id) AS users\nFROM events\nGROUP BY 1\nORDER BY 2 DESC;'],
];

const storage = () => { try { return globalThis.localStorage; } catch { return null; } };

export function mountSqlView(root, store, actions) {
  const title = el('h1', { className: 'view-title', id: 'sql-title' });
  const sub = el('p', { className: 'view-sub' });
  const head = el('header', { className: 'view-head' }, el('div', {}, title, sub));

  /* the editor card */
  const editorLabel = el('label', { for: 'sql-editor', className: 'card-title sql-editor-label' });
  const area = el('textarea', {
    id: 'sql-editor', className: 'sql-editor', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off',
    rows: '9', dataset: { testid: 'sql-editor' }, 'aria-describedby': 'sql-shortcut',
  });
  const runBtn = el('button', { type: 'button', className: 'btn btn-primary', dataset: { testid: 'sql-run' } });
  const shortcut = el('span', { className: 'sql-shortcut', id: 'sql-shortcut' });
  const examplesLabel = el('label', { for: 'sql-examples', className: 'visually-hidden' });
  const examples = el('select', { id: 'sql-examples', className: 'event-select', dataset: { testid: 'sql-examples' } });
  const status = el('p', { className: 'sql-status', role: 'status', dataset: { testid: 'sql-rowcount' } });
  const editorCard = el('section', { className: 'card sql-editor-card' }, editorLabel, area,
    el('div', { className: 'sql-toolbar' }, runBtn, examplesLabel, examples, shortcut), status);

  /* the error */
  const errTitle = el('strong', { className: 'sql-error-title' });
  const errMsg = el('span', { className: 'sql-error-message' });
  const errAt = el('p', { className: 'sql-error-at' });
  const errContext = el('span', { className: 'visually-hidden' });
  const errLine = el('pre', { className: 'sql-error-line' });
  const errNote = el('p', { className: 'sql-error-note' });
  const errorBox = el('div', { className: 'sql-error', role: 'alert', hidden: true, dataset: { testid: 'sql-error' } },
    el('p', {}, errTitle, ' ', errMsg), errAt, errContext, errLine, errNote);

  /* the result and its chart */
  const resTitle = el('h2', { className: 'card-title', id: 'sql-result-title' });
  const resultCard = el('section', { className: 'card sql-result-card', 'aria-labelledby': 'sql-result-title' },
    el('header', { className: 'card-header' }, el('div', {}, resTitle)));
  const results = mountSqlResults(resultCard);
  const chartTitle = el('h2', { className: 'card-title', id: 'sql-chart-title' });
  const chartNote = el('p', { className: 'card-subtitle' });
  const typeBtns = ['line', 'bar'].map((type) => el('button', { type: 'button', className: 'btn btn-sm sql-chart-type', dataset: { type, testid: 'sql-chart-type' } }));
  const typeGroup = el('div', { className: 'sql-chart-types', role: 'group' }, ...typeBtns);
  const chartCard = el('section', { className: 'card sql-chart-card', 'aria-labelledby': 'sql-chart-title' },
    el('header', { className: 'card-header' }, el('div', {}, chartTitle, chartNote), el('div', { className: 'card-tools' }, typeGroup)));
  const chart = mountSqlChart(chartCard);

  /* the side: tables and history */
  const side = el('div', { className: 'sql-side' });
  const schema = mountSqlSchema(side, { insert: (name) => editor.insert(name) });
  const histTitle = el('h2', { className: 'card-title', id: 'sql-history-title' });
  const histClear = el('button', { type: 'button', className: 'btn btn-sm', dataset: { testid: 'sql-history-clear' } });
  const histEmpty = el('p', { className: 'card-subtitle' });
  const histList = el('ol', { className: 'sql-history-list' });
  side.append(el('section', { className: 'card sql-history', dataset: { testid: 'sql-history' }, 'aria-labelledby': 'sql-history-title' },
    el('header', { className: 'card-header' }, histTitle, histClear), histEmpty, histList));

  const main = el('div', { className: 'sql-main' }, editorCard, errorBox, resultCard, chartCard);
  root.replaceChildren(head, el('div', { className: 'sql-layout' }, side, main));

  const editor = mountSqlEditor(area, { run });
  let history = storage() ? loadHistory(storage()) : [];
  let result = null;
  let failure = null; // {message, status, offset, line, column, query}
  let chartType = 'line';
  let running = false;
  let elapsed = 0;
  let schemaKey = null;
  let gen = 0;
  area.value = history.length ? history[0].query : EXAMPLES[0][1];

  runBtn.addEventListener('click', run);
  examples.addEventListener('change', () => {
    const ex = EXAMPLES.find(([id]) => id === examples.value);
    examples.value = '';
    if (!ex) return;
    area.value = ex[1];
    area.focus();
  });
  histList.addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-query]');
    if (!btn) return;
    area.value = btn.dataset.query;
    area.focus();
  });
  histClear.addEventListener('click', () => {
    history = [];
    if (storage()) saveHistory(storage(), history);
    renderHistory();
  });
  typeGroup.addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-type]');
    if (!btn || btn.dataset.type === chartType) return;
    chartType = btn.dataset.type;
    renderChart();
  });

  async function run() {
    const query = area.value;
    if (!query.trim() || running) return;
    const mine = ++gen;
    running = true;
    renderStatus();
    const start = performance.now();
    let ok = true;
    try {
      // personal data shows as tokens unless the user chose to see it here (privacy.js)
      const r = await actions.ask('sql', query, { max_rows: MAX_ROWS, max_ms: MAX_MS, ...screenOpts(store.get()) });
      if (mine !== gen) return;
      result = r;
      failure = null;
    } catch (err) {
      if (mine !== gen) return;
      ok = false;
      failure = { message: err.message, status: err.status, offset: err.offset ?? -1, line: err.line ?? 0, column: err.column ?? 0, query };
    } finally {
      if (mine === gen) running = false;
    }
    elapsed = performance.now() - start;
    history = addHistory(history, query, { ok });
    if (storage()) saveHistory(storage(), history);
    render();
    if (failure && failure.offset >= 0 && area.value === query) {
      const at = charIndex(query, failure.offset);
      editor.mark(at, errorLine(query, at).token.length);
    }
  }

  function render() {
    title.textContent = t('sql.title');
    sub.textContent = t('sql.subtitle');
    editorLabel.textContent = t('sql.editor.label');
    runBtn.textContent = t('sql.run');
    shortcut.textContent = t('sql.shortcut');
    examplesLabel.textContent = t('sql.examples.label');
    examples.replaceChildren(option('', t('sql.examples.pick'), true),
      ...EXAMPLES.map(([id]) => option(id, t(`sql.example.${id}`))));
    resTitle.textContent = t('sql.results.title');
    chartTitle.textContent = t('sql.chart.title');
    typeGroup.setAttribute('aria-label', t('sql.chart.type'));
    typeBtns.forEach((b) => { b.textContent = t(`sql.chart.${b.dataset.type}`); });
    histTitle.textContent = t('sql.history.title');
    histClear.textContent = t('sql.history.clear');
    histClear.setAttribute('aria-label', t('sql.history.clearLabel'));
    renderStatus();
    renderError();
    resultCard.hidden = !result || !!failure;
    results.render(result);
    renderChart();
    renderHistory();
    root.dataset.state = running ? 'running' : failure ? 'error' : result ? 'drawn' : 'idle';
  }

  function renderStatus() {
    runBtn.disabled = running;
    runBtn.setAttribute('aria-busy', running ? 'true' : 'false');
    if (running) {
      status.textContent = t('sql.running');
      root.dataset.state = 'running';
      return;
    }
    delete status.dataset.rows;
    delete status.dataset.truncated;
    if (!result || failure) {
      status.textContent = failure ? '' : t('sql.results.none');
      return;
    }
    status.dataset.rows = String(result.row_count);
    status.dataset.truncated = String(!!result.truncated);
    const parts = [t(result.row_count === 1 ? 'sql.status.row' : 'sql.status.rows', { n: formatInteger(result.row_count), ms: formatInteger(Math.round(elapsed)) })];
    if (result.truncated) parts.push(t('sql.status.truncated', { n: formatInteger(result.row_count) }));
    else if (!result.row_count) parts.push(t('sql.results.empty'));
    status.textContent = parts.join(' ');
  }

  function renderError() {
    errorBox.hidden = !failure;
    if (!failure) return;
    const readOnly = failure.status === 'LS_EINVAL' && /^SQL: read-only/.test(failure.message);
    errorBox.dataset.offset = String(failure.offset);
    errorBox.dataset.line = String(failure.line);
    errorBox.dataset.column = String(failure.column);
    errorBox.dataset.readonly = String(readOnly);
    errTitle.textContent = t(readOnly ? 'sql.error.refused' : 'sql.error.title');
    errMsg.textContent = failure.message;
    errAt.hidden = !(failure.offset >= 0);
    errLine.hidden = errAt.hidden;
    errContext.textContent = errAt.hidden ? '' : t('sql.error.context');
    if (failure.offset >= 0) {
      errAt.textContent = t('sql.error.at', { line: formatInteger(failure.line), column: formatInteger(failure.column) });
      const { before, token, after } = errorLine(failure.query, charIndex(failure.query, failure.offset));
      errLine.replaceChildren(before, el('mark', { className: 'sql-error-mark' }, token || ' '), after);
    }
    errNote.hidden = !readOnly;
    errNote.textContent = readOnly ? t('sql.error.readOnly') : '';
  }

  function renderChart() {
    typeBtns.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.type === chartType)));
    const can = !!(result && !failure && chartData(result));
    chartCard.hidden = !result || !!failure;
    typeGroup.hidden = !can;
    chartNote.textContent = can ? '' : t('sql.chart.none');
    chart.render(can ? result : null, chartType);
  }

  function renderHistory() {
    histEmpty.textContent = history.length ? '' : t('sql.history.empty');
    histEmpty.hidden = !!history.length;
    histClear.disabled = !history.length;
    histList.replaceChildren(...history.map((h) => el('li', {},
      el('button', { type: 'button', className: `sql-history-entry${h.ok ? '' : ' sql-history-failed'}`, dataset: { query: h.query }, title: t('sql.history.load') },
        el('code', {}, h.query.length > 160 ? `${h.query.slice(0, 160)}…` : h.query),
        h.ok ? null : el('span', { className: 'sql-history-flag' }, t('sql.history.failed'))))));
  }

  async function loadSchema(s) {
    const key = JSON.stringify([(s.info.datasets || []).map((d) => [d.name, d.rows, d.kind, d.signature]), !!s.engine]);
    if (!s.engine || s.view !== 'sql' || key === schemaKey) return;
    schemaKey = key;
    try {
      schema.render(await actions.ask('sqlSchema'));
    } catch (err) {
      schema.render(null, err.message);
    }
  }

  schema.render(null);
  render();
  onLocaleChange(() => { render(); schemaKey = null; loadSchema(store.get()); });
  store.subscribe((s) => loadSchema(s));
  loadSchema(store.get());
}
