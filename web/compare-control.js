/* compare-control.js: the global compare control, a row of the filter bar
 * (filter-bar.js) shown on the Overview, Revenue, Users, Product and Alerts
 * views, and what follows it:
 *
 *   <select data-testid="compare"> none | prev | yoy
 *   state.compare            the mode, kept in the URL hash as cmp= (compare.js)
 *   chart-kit setChartContext  the live charts get the mode and the incidents of
 *                            the alerts run (alerts-data.js currentAlerts) and redraw
 * The KPI cards read state.compare themselves (kpis.js). */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { MODES, compareFromHash, writeCompareHash } from './compare.js';
import { setChartContext } from './chart-kit.js';
import { currentAlerts } from './alerts-data.js';

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
  let incidents = null;
  const sync = (s) => {
    const now = currentAlerts(s)?.monitor?.incidents || [];
    const patch = {};
    if (now !== incidents) patch.incidents = now;
    if (s.compare !== sync.mode) patch.compare = s.compare || 'none';
    incidents = now;
    sync.mode = s.compare;
    if (Object.keys(patch).length) setChartContext(patch);
  };
  store.subscribe((s, prev) => {
    if (s.compare !== prev.compare || s.locale !== prev.locale) render(s);
    if (s.compare !== prev.compare || s.alerts !== prev.alerts || s.info !== prev.info) sync(s);
  });
  window.addEventListener('hashchange', () => setMode(compareFromHash()));
  if (store.get().compare == null) store.set({ compare: compareFromHash() });
  render(store.get());
  sync(store.get());
  return row;
}
