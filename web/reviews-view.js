/* reviews-view.js: the Reviews view (tab `reviews`): the triage of the
 * workspace's reviews dataset by the worker's reviews op (core/assist/
 * reviews.h), fetched while the view is open:
 *   - negatives / total and a card per category (its count, its share of
 *     the negatives, and its rate in the latest period);
 *   - the negative-review rate by category over time (reviews-chart.js);
 *   - "Classify with AI" (reviews-llm.js): the LLM's labels replace the
 *     rules' for the rows it labelled, and the op runs again with them;
 *   - the table of negative reviews, newest first: the text with its
 *     evidence marked, the category, where it came from (rules | llm);
 *   - "Export appeals (JSON)": the op's appeals array as appeals-YYYY-MM-DD.json.
 * Without a reviews dataset: what it needs, and the demo button.
 * Review text is data: it goes in with textContent only (dom.js).
 * Hooks: <section data-state="loading|drawn|error|empty">; cards
 * data-reviews="negatives" and data-category=C with data-count, data-rate
 * (the latest period's rate, String of the op's double); table rows
 * data-row, data-category, data-source; the export button data-reviews="export". */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatInteger, formatNumber, formatRatio, formatPeriod } from './format.js';
import { renderEmpty } from './hints.js';
import { mountReviewsChart, CATEGORIES } from './reviews-chart.js';
import { mountReviewsAi } from './reviews-llm.js';

const PAGE = 100; // table rows shown, and added by "show more"
const GRAIN = 'week';

/* The nodes of text with the first occurrence of evidence in a <mark>
 * (case-insensitive where lower-casing keeps the length); text alone when
 * the evidence is not in it. */
export function markEvidence(text, evidence) {
  const s = String(text ?? '');
  const ev = String(evidence ?? '');
  if (!ev) return [s];
  let at = s.indexOf(ev);
  if (at < 0 && s.toLowerCase().length === s.length) at = s.toLowerCase().indexOf(ev.toLowerCase());
  if (at < 0) return [s];
  return [s.slice(0, at), el('mark', { className: 'reviews-evidence' }, s.slice(at, at + ev.length)), s.slice(at + ev.length)].filter((x) => x !== '');
}

/* appeals-2026-11-22.json for a Date (its local calendar day). */
export function appealsName(date = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `appeals-${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}.json`;
}

function statCard(key) {
  const label = el('h3', { className: 'kpi-label' });
  const value = el('p', { className: 'kpi-value' });
  const foot = el('p', { className: 'kpi-foot reviews-foot' });
  const card = el('article', { className: 'card kpi reviews-stat', dataset: key === 'negatives' ? { reviews: 'negatives' } : { category: key } },
    el('header', { className: 'kpi-head' }, label), value, foot);
  if (key !== 'negatives') card.prepend(el('span', { className: `reviews-swatch reviews-cat-${key}` }));
  return { card, label, value, foot };
}

export function mountReviewsView(root, store, actions) {
  const title = el('h1', { className: 'view-title', id: 'reviews-title' });
  const sub = el('p', { className: 'view-sub' });
  const exportBtn = el('button', { type: 'button', className: 'btn btn-primary', dataset: { reviews: 'export' } });
  const exportLink = el('a', { className: 'report-link', dataset: { reviews: 'export-link' }, hidden: true });
  const head = el('header', { className: 'view-head' }, el('div', {}, title, sub),
    el('div', { className: 'card-tools' }, exportLink, exportBtn));
  const empty = el('div', { className: 'card revenue-empty' });
  const error = el('p', { className: 'rules-error', role: 'alert', hidden: true });
  const stats = { negatives: statCard('negatives'), ...Object.fromEntries(CATEGORIES.map((c) => [c, statCard(c)])) };
  const statRow = el('section', { className: 'kpis reviews-kpis', 'aria-labelledby': 'reviews-title' }, ...Object.values(stats).map((x) => x.card));
  const body = el('div', { className: 'reviews-body' }, error, statRow);
  const chart = mountReviewsChart(body);
  const ai = mountReviewsAi(body, {
    items: () => result?.items || [],
    apply: (got) => { labels = mergeLabels(labels, got); return fetch(store.get()); },
    openAssistant: () => actions.showView('assistant'),
  });
  const tableTitle = el('h2', { className: 'card-title' });
  const tableSub = el('p', { className: 'card-subtitle' });
  const pickLabel = el('span', { className: 'switch-label' });
  const pick = el('select', { className: 'event-select', dataset: { reviews: 'filter' } });
  const table = el('table', { className: 'funnel-table reviews-table', dataset: { reviews: 'table' } });
  const more = el('button', { type: 'button', className: 'btn btn-small', dataset: { reviews: 'more' } });
  body.append(el('article', { className: 'card reviews-card', dataset: { reviews: 'items' } },
    el('header', { className: 'card-header' }, el('div', {}, tableTitle, tableSub),
      el('label', { className: 'switch event-pick' }, pickLabel, pick)),
    el('div', { className: 'table-wrap' }, table), more));
  root.append(head, empty, body);

  let result = null; // the reviews op's answer for the data as it is
  let failed = null; // its error message
  let labels = []; // the LLM's labels for the current reviews dataset
  let dataKey = ''; // which reviews dataset the labels belong to
  let asked = ''; // what the last fetch was for
  let gen = 0;
  let shown = PAGE;
  let filter = '';

  pick.addEventListener('change', () => { filter = pick.value; shown = PAGE; renderTable(); });
  more.addEventListener('click', () => { shown += PAGE; renderTable(); });
  exportBtn.addEventListener('click', () => {
    const appeals = result?.appeals || [];
    if (exportLink.href) URL.revokeObjectURL(exportLink.href);
    exportLink.href = URL.createObjectURL(new Blob([JSON.stringify(appeals, null, 2)], { type: 'application/json' }));
    exportLink.download = appealsName();
    exportLink.textContent = t('reviews.export.link', { name: exportLink.download, n: formatInteger(appeals.length) });
    exportLink.hidden = false;
    exportLink.click();
  });

  const reviewsSets = (s) => (s.info.datasets || []).filter((d) => d.kind === 'reviews');

  /* Ask the op again for the data, labels and grain as they are now. */
  async function fetch(s) {
    const mine = ++gen;
    root.dataset.state = 'loading';
    try {
      const r = await actions.ask('reviews', { grain: GRAIN, ...(labels.length ? { labels } : {}) });
      if (mine !== gen) return;
      result = r;
      failed = null;
    } catch (err) {
      if (mine !== gen) return;
      result = null;
      failed = err.message;
    }
    render(store.get());
  }

  function load(s) {
    const sets = reviewsSets(s);
    const key = JSON.stringify(sets.map((d) => [d.name, d.rows, d.signature]));
    if (key !== dataKey) { dataKey = key; labels = []; shown = PAGE; }
    const want = JSON.stringify([s.info, s.settings, !!s.engine]);
    render(s);
    if (!s.engine || !sets.length || want === asked) return;
    asked = want;
    fetch(s);
  }

  function render(s) {
    title.textContent = t('views.reviews');
    sub.textContent = t('reviews.subtitle');
    exportBtn.textContent = t('reviews.export');
    const has = reviewsSets(s).length > 0;
    empty.hidden = has || !s.engine;
    body.hidden = !has;
    exportBtn.hidden = !has;
    if (!has) {
      root.dataset.state = s.engine ? 'empty' : 'loading';
      result = null;
      exportLink.hidden = true;
      return renderEmpty(empty, actions, 'reviews');
    }
    if (result || failed) root.dataset.state = result ? 'drawn' : 'error';
    error.textContent = failed ? t('reviews.error', { message: failed }) : '';
    error.hidden = !failed;
    exportBtn.disabled = !result?.appeals?.length;
    exportBtn.title = result && !result.appeals?.length ? t('reviews.export.none') : '';
    renderStats();
    chart.render(result);
    ai.render(result);
    renderTable();
  }

  function renderStats() {
    const r = result;
    const n = stats.negatives;
    n.label.textContent = t('reviews.negatives');
    n.value.textContent = r ? t('reviews.negatives.value', { n: formatInteger(r.negatives), total: formatInteger(r.total) }) : '—';
    const rule = r?.negative_rule;
    n.foot.replaceChildren(...(r ? [el('span', {}, t('reviews.negatives.foot', { rate: formatRatio(r.total ? r.negatives / r.total : NaN) })),
      el('span', { className: 'reviews-rule' }, t(typeof rule?.max_rating === 'number' ? 'reviews.negatives.rule' : 'reviews.negatives.ruleAny', {
        at_most: formatNumber(rule?.at_most), max: formatNumber(rule?.max_rating) }))] : []));
    n.card.dataset.count = r ? String(r.negatives) : '';
    n.card.dataset.total = r ? String(r.total) : '';
    const last = r?.periods?.length ? r.periods.length - 1 : -1;
    for (const c of CATEGORIES) {
      const x = stats[c];
      const count = r?.counts?.[c] ?? 0;
      const rate = last >= 0 ? r.rate?.[c]?.[last] : undefined;
      x.label.textContent = t(`reviews.cat.${c}`);
      x.value.textContent = r ? formatInteger(count) : '—';
      x.card.dataset.count = r ? String(count) : '';
      x.card.dataset.rate = typeof rate === 'number' ? String(rate) : '';
      x.foot.replaceChildren(...(r ? [
        el('span', {}, t('reviews.cat.share', { share: formatRatio(r.negatives ? count / r.negatives : NaN) })),
        el('span', { className: 'reviews-latest' }, t('reviews.cat.latest', {
          rate: formatRatio(typeof rate === 'number' ? rate : NaN), period: formatPeriod(r.periods[last], r.grain) })),
      ] : []));
    }
  }

  function renderTable() {
    const items = result?.items || [];
    const rows = filter ? items.filter((x) => x.category === filter) : items;
    const llm = items.filter((x) => x.source === 'llm').length;
    tableTitle.textContent = t('reviews.table.title', { n: formatInteger(items.length) });
    tableSub.textContent = !llm ? t('reviews.table.rules') : llm === items.length ? t('reviews.table.allLlm') : t('reviews.table.llm', { n: formatInteger(llm) });
    pickLabel.textContent = t('reviews.table.filter');
    pick.replaceChildren(option('', t('reviews.table.all'), !filter), ...CATEGORIES.map((c) => option(c, t(`reviews.cat.${c}`), c === filter)));
    const th = (k, cls) => el('th', { scope: 'col', ...(cls ? { className: cls } : {}) }, t(`reviews.table.${k}`));
    table.replaceChildren(
      el('thead', {}, el('tr', {}, th('created'), th('rating', 'num'), th('category'), th('source'), th('text'), th('order'), th('reason'))),
      el('tbody', {}, ...(rows.length ? rows.slice(0, shown).map((x) => el('tr', {
        dataset: { row: String(x.row ?? ''), category: String(x.category ?? ''), source: String(x.source ?? '') } },
      el('td', { className: 'reviews-when' }, String(x.created ?? '').slice(0, 10)),
      el('td', { className: 'num' }, typeof x.rating === 'number' ? `${formatNumber(x.rating)}★` : '—'),
      el('td', {}, el('span', { className: `reviews-badge reviews-cat-${CATEGORIES.includes(x.category) ? x.category : 'other'}` },
        t(`reviews.cat.${CATEGORIES.includes(x.category) ? x.category : 'other'}`))),
      el('td', {}, el('span', { className: `reviews-source is-${x.source === 'llm' ? 'llm' : 'rules'}` }, t(`reviews.source.${x.source === 'llm' ? 'llm' : 'rules'}`))),
      el('td', { className: 'reviews-text' }, ...markEvidence(x.text, x.evidence)),
      el('td', { className: 'reviews-order' }, String(x.order_id ?? '')),
      el('td', { className: 'reviews-reason' }, reasonText(x.reason))))
        : [el('tr', {}, el('td', { colspan: '7', className: 'alerts-none' }, t(result ? 'reviews.table.none' : 'reviews.loading')))])));
    more.hidden = rows.length <= shown;
    more.textContent = t('reviews.table.more', { n: formatInteger(Math.min(PAGE, rows.length - shown)), total: formatInteger(rows.length) });
  }

  store.subscribe((s, prev) => {
    if (s.view !== 'reviews') return;
    if (s.view !== prev.view || s.info !== prev.info || s.settings !== prev.settings || s.engine !== prev.engine) load(s);
    else if (s.locale !== prev.locale) render(s);
  });
  if (store.get().view === 'reviews') load(store.get());
}

/* The labels kept so far with got's replacing those of the same row. */
function mergeLabels(kept, got) {
  const byRow = new Map(kept.map((l) => [l.row, l]));
  for (const l of got) byRow.set(l.row, l);
  return [...byRow.values()];
}

/* The engine's reason for a keyword label ("keyword: WORD", "no keyword") in the
 * page's language; a model's own reason as it is. */
function reasonText(reason) {
  const r = String(reason ?? '');
  const m = /^keyword: ([\s\S]*)$/.exec(r);
  if (m) return t('reviews.reason.keyword', { word: m[1] });
  return r === 'no keyword' ? t('reviews.reason.none') : r;
}
