/* compare-control.js: the global compare control, a row of the filter bar
 * (filter-bar.js) shown on the Overview, Revenue, Users, Product and Alerts
 * views:
 *
 *   <select data-testid="compare"> none | prev | yoy
 *   state.compare            the mode, kept in the URL hash as cmp= (compare.js)
 * The KPI cards read state.compare themselves (kpis.js); charts.js hands it
 * to every chart (chart-kit.js setChartContext). */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { MODES, compareFromHash, writeCompareHash } from './compare.js';

export function mountCompareControl(store) {
  const label = el('label', { className: 'filter-label' });
  const select = el('select', { className: 'compare-select' });
  select.id = `compare-${Math.random().toString(36).slice(2, 8)}`;
  select.setAttribute('data-testid', 'compare');
  label.htmlFor = select.id;
  select.addEventListener('change', () => setMode(select.value));
  const row = el('div', { className: 'filter-row compare-row' }, label, select);

  function setMode(mode) {
    const m = MODES.includes(mode) ? mode : 'none';
    if (store.get().compare === m) return;
    store.set({ compare: m });
    writeCompareHash(m);
  }

  const render = (s) => {
    label.textContent = t('compare.label');
    select.replaceChildren(...MODES.map((m) => option(m, t(`compare.mode.${m}`), m === s.compare)));
  };
  store.subscribe((s, prev) => {
    if (s.compare !== prev.compare || s.locale !== prev.locale) render(s);
  });
  window.addEventListener('hashchange', () => setMode(compareFromHash()));
  if (store.get().compare == null) store.set({ compare: compareFromHash() });
  render(store.get());
  return row;
}
