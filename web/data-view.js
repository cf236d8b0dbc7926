/* data-view.js: the Data section, one tab per loaded dataset; the selected
 * one shows its mapping panel and its quality report side by side (stacked
 * on narrow screens). Opened from the dataset list. Redrawn only when the
 * selected dataset's info, the tabs or the locale change, so a staged
 * mapping survives unrelated refreshes. */
import { el } from './dom.js';
import { kindLabel } from './labels.js';
import { mappingPanel } from './mapping-panel.js';
import { qualityReport } from './quality-report.js';
import { privacyPanel } from './privacy.js';

export function mountDataView(root, store, actions) {
  const tabs = root.querySelector('.data-tabs');
  const body = root.querySelector('.data-body');
  let shown = '';

  tabs.addEventListener('click', (e) => {
    const btn = e.target.closest('[data-tab]');
    if (btn) actions.showDataset(Number(btn.dataset.tab));
  });

  const render = (s) => {
    const datasets = s.info.datasets || [];
    root.hidden = datasets.length === 0;
    const sel = Math.min(Math.max(0, s.selected | 0), Math.max(0, datasets.length - 1));
    const d = datasets[sel];
    const key = JSON.stringify([s.locale, sel, !!s.engine, datasets.map((x) => [x.name, x.kind]), d]);
    if (key === shown) return;
    shown = key;
    tabs.replaceChildren(...datasets.map((x, i) => el('button', {
      type: 'button', role: 'tab', className: 'data-tab',
      'aria-selected': i === sel ? 'true' : 'false', dataset: { tab: String(i) },
    }, el('span', { className: 'data-tab-name' }, String(x.name ?? '')), el('span', { className: 'data-tab-kind' }, kindLabel(x.kind)))));
    if (!d) {
      body.replaceChildren();
      return;
    }
    const constants = (s.engine && s.engine.constants) || {};
    body.replaceChildren(mappingPanel(d, sel, constants, actions), qualityReport(d), privacyPanel(d, sel, store, actions));
    root.dataset.dataset = String(d.name ?? '');
  };
  store.subscribe((s, prev) => {
    if (s.info !== prev.info || s.locale !== prev.locale || s.selected !== prev.selected || s.engine !== prev.engine) render(s);
  });
  render(store.get());
}
