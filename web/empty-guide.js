/* empty-guide.js: the landing guide shown on the Overview while nothing is
 * loaded: which exports to drop, where each tool keeps them, what each one
 * unlocks (which views), and the demo. Hidden as soon as a dataset is there
 * or a load is under way.
 * Hooks: [data-empty=guide] (the section), li[data-source] per source,
 * [data-empty=demo] the demo button. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { icon } from './icons.js';

/* Each source: its messages are empty.source.ID.{name,where,kind}; unlocks
 * the views named (views.NAME). */
export const SOURCES = [
  { id: 'stripe', unlocks: ['overview', 'revenue', 'alerts', 'reports'] },
  { id: 'stripePayments', unlocks: ['revenue'] },
  { id: 'posthog', unlocks: ['users', 'retention', 'funnels', 'product', 'experiments'] },
  { id: 'mixpanel', unlocks: ['users', 'retention', 'funnels', 'product'] },
  { id: 'ga4', unlocks: ['users', 'retention', 'funnels'] },
  { id: 'sqlite', unlocks: ['sql', 'data'] },
];

export function mountEmptyGuide(root, store, actions) {
  const title = el('h2', { className: 'card-title', id: 'empty-guide-title' });
  const lead = el('p', { className: 'card-subtitle' });
  const list = el('ul', { className: 'empty-guide-list' });
  const demo = el('button', { type: 'button', className: 'btn btn-primary', dataset: { empty: 'demo' } });
  const demoText = el('p', { className: 'empty-guide-demo-text' });
  const choose = el('button', { type: 'button', className: 'btn' });
  root.setAttribute('aria-labelledby', title.id);
  root.append(el('header', { className: 'card-header' }, el('div', {}, title, lead)), list,
    el('div', { className: 'empty-guide-demo' }, icon('spark', 'icon'), demoText, choose, demo));
  demo.addEventListener('click', () => actions.loadDemo());
  choose.addEventListener('click', () => document.getElementById('file-input')?.click());

  function render(s) {
    title.textContent = t('empty.title');
    lead.textContent = t('empty.lead');
    demo.textContent = t('drop.demo');
    choose.textContent = t('drop.choose');
    demoText.textContent = t('empty.demo');
    list.replaceChildren(...SOURCES.map((src) => el('li', { className: 'empty-guide-item', dataset: { source: src.id } },
      el('p', { className: 'empty-guide-name' }, t(`empty.source.${src.id}.name`),
        el('span', { className: 'empty-guide-kind' }, t(`empty.source.${src.id}.kind`))),
      el('p', { className: 'empty-guide-where' }, t(`empty.source.${src.id}.where`)),
      el('p', { className: 'empty-guide-unlocks' }, t('empty.unlocks', { views: src.unlocks.map((v) => t(`views.${v}`)).join(t('empty.sep')) })))));
  }

  const show = (s) => {
    root.hidden = s.info.datasets.length > 0 || s.loads.length > 0;
  };
  store.subscribe((s, prev) => {
    if (s.locale !== prev.locale) render(s);
    if (s.info !== prev.info || s.loads !== prev.loads) show(s);
  });
  render(store.get());
  show(store.get());
}
