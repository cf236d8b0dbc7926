/* cohort-heatmap.js: revenue retention by cohort as a table: one row per
 * cohort (the period at whose end its customers first paid), its size and
 * starting MRR, then one cell per period since: the cohort's MRR then as a
 * percentage of its starting MRR (100% at 0; above 100% when expansion beats
 * churn). Cells are colored by that percentage; text goes in with
 * textContent. Each cell carries data-value (the engine's fraction) and
 * explains itself in its title.
 *
 *   renderHeatmap(root, cohorts)   // cohorts: the worker's cohorts result */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatValue, formatRatio, formatPeriod, formatInteger } from './format.js';

export function renderHeatmap(root, c) {
  const n = c.periods.length;
  const head = el('tr', {},
    el('th', { scope: 'col', className: 'heat-cohort' }, t('cohorts.cohort')),
    el('th', { scope: 'col', className: 'num' }, t('cohorts.customers')),
    el('th', { scope: 'col', className: 'num' }, t('cohorts.startMrr')),
    ...Array.from({ length: n }, (_, k) => el('th', { scope: 'col', className: 'num heat-k' }, String(k))));
  const rows = c.periods.map((period, q) => {
    const label = formatPeriod(period, c.grain);
    const cells = (c.retention[q] || []).map((v, k) => cell(v, k, label, c.start_mrr[q], c.grain));
    return el('tr', { dataset: { cohort: period } },
      el('th', { scope: 'row', className: 'heat-cohort' }, label),
      el('td', { className: 'num' }, formatInteger(c.customers[q])),
      el('td', { className: 'num' }, formatValue(c.start_mrr[q], 'currency')),
      ...cells);
  });
  const table = el('table', { className: 'heat-table' },
    el('caption', { className: 'visually-hidden' }, t('cohorts.caption')),
    el('thead', {},
      el('tr', { className: 'heat-over' }, el('th', { colspan: '3' }), el('th', { colspan: String(Math.max(1, n)), className: 'heat-since' }, t(`cohorts.since.${c.grain}`))),
      head),
    el('tbody', {}, ...rows));
  const wrap = el('div', { className: 'table-wrap heat-wrap', tabindex: '0', role: 'region', 'aria-label': t('cohorts.caption') }, table);
  root.replaceChildren(wrap, legend());
}

/* ---- private ---- */

function cell(v, k, cohort, start, grain) {
  const td = el('td', { className: 'num heat' });
  if (v == null || !Number.isFinite(v)) {
    td.classList.add('is-empty');
    td.textContent = '—';
    return td;
  }
  td.dataset.value = String(v);
  td.textContent = formatRatio(v);
  td.style.background = heat(v);
  td.title = t(`cohorts.cell.${grain}`, { cohort, k, pct: formatRatio(v), mrr: formatValue(v * start, 'currency'), start: formatValue(start, 'currency') });
  return td;
}

/* The cell color: indigo by share of the starting MRR, green above 100%; at most
 * 75% of the hue over the card (style.css --heat, --heat-up), so the text
 * (var(--text)) keeps WCAG AA contrast on both themes. */
function heat(v) {
  if (v > 1) return `color-mix(in srgb, var(--heat-up) ${Math.min(75, 50 + (v - 1) * 100).toFixed(1)}%, transparent)`;
  return `color-mix(in srgb, var(--heat) ${(6 + 69 * Math.max(0, v) ** 1.6).toFixed(1)}%, transparent)`;
}

function legend() {
  const stops = [0, 0.5, 0.8, 1, 1.2];
  return el('p', { className: 'heat-legend' },
    el('span', {}, t('cohorts.legend')),
    ...stops.map((v) => el('span', { className: 'heat-swatch', style: `background:${heat(v)}` }, formatRatio(v))));
}
