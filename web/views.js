/* views.js: the page's views (Overview, Revenue, Data) as tabs, and the URL
 * hash that keeps the view and the demo across a reload.
 *
 *   #demo                   the demo workspace, the overview
 *   #view=revenue           the revenue view
 *   #demo&view=revenue      both
 *   #view=product           the product view
 * <body data-view="overview|revenue|product|data"> decides what style.css and
 * revenue.css show; the tabs are a WAI-ARIA tablist (arrow keys move). */
import { t } from './i18n/index.js';

export const VIEWS = ['overview', 'revenue', 'product', 'data'];

/* {demo, view} from location.hash. */
export function readHash() {
  const parts = location.hash.replace(/^#/, '').split('&').filter(Boolean);
  const view = parts.find((p) => p.startsWith('view='))?.slice(5);
  return { demo: parts.includes('demo'), view: VIEWS.includes(view) ? view : 'overview' };
}

/* Write {demo, view} to the hash without a new history entry (and without a
 * hashchange event). */
export function writeHash({ demo, view }) {
  const parts = [];
  if (demo) parts.push('demo');
  if (view && view !== 'overview') parts.push(`view=${view}`);
  const hash = parts.length ? `#${parts.join('&')}` : '';
  if (hash !== location.hash) history.replaceState(null, '', location.pathname + location.search + hash);
}

export function mountTabs(nav, store, actions) {
  const tabs = VIEWS.map((view) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.role = 'tab';
    b.className = 'view-tab';
    b.id = `tab-${view}`;
    b.dataset.view = view;
    b.setAttribute('aria-controls', `view-${view}`);
    b.addEventListener('click', () => actions.showView(view));
    return b;
  });
  nav.setAttribute('role', 'tablist');
  nav.append(...tabs);
  nav.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -i, End: tabs.length - 1 - i }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = tabs[(i + step + tabs.length) % tabs.length];
    next.focus();
    actions.showView(next.dataset.view);
  });
  const render = (s) => {
    document.body.dataset.view = s.view;
    nav.setAttribute('aria-label', t('views.label'));
    for (const b of tabs) {
      const on = b.dataset.view === s.view;
      b.textContent = t(`views.${b.dataset.view}`);
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
    }
  };
  store.subscribe((s, prev) => { if (s.view !== prev.view || s.locale !== prev.locale) render(s); });
  render(store.get());
}
