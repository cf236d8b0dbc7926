/* views.js: the page's views (Overview, Revenue, Users, Retention, Funnels,
 * Product, Reviews, Alerts, Reports, SQL, Experiments, Assistant, Data) as tabs, and the URL hash that keeps the view and the demo across a reload
 * (filter-bar.js keeps the date range and filters in it too: range=, f=).
 *
 *   #demo                   the demo workspace, the overview
 *   #view=revenue           the revenue view
 *   #demo&view=revenue      both
 *   #view=funnels&funnel.steps=signup,upgrade   a view's own parts (funnel-data.js)
 * <body data-view="overview|revenue|users|retention|funnels|product|reviews|alerts|reports|sql|experiments|assistant|data">
 * decides what style.css, revenue.css, product.css, funnel.css,
 * product-view.css, alerts.css, reviews.css and assistant.css show; the tabs are a WAI-ARIA tablist (arrow keys move). */
import { t } from './i18n/index.js';

export const VIEWS = ['overview', 'revenue', 'users', 'retention', 'funnels', 'product', 'reviews', 'alerts', 'reports', 'sql', 'experiments', 'assistant', 'data'];

/* {demo, view} from location.hash. */
export function readHash() {
  const parts = location.hash.replace(/^#/, '').split('&').filter(Boolean);
  const view = parts.find((p) => p.startsWith('view='))?.slice(5);
  return { demo: parts.includes('demo'), view: VIEWS.includes(view) ? view : 'overview' };
}

/* Write {demo, view} to the hash without a hashchange event; the parts a
 * view keeps there (writeHashParts) stay. push: a new history entry (the
 * user moved to another view: Back returns to the one before), else the
 * current entry is replaced. */
export function writeHash({ demo, view }, { push = false } = {}) {
  const parts = [];
  if (demo) parts.push('demo');
  if (view && view !== 'overview') parts.push(`view=${view}`);
  replaceHash([...parts, ...hashParts().filter((p) => p !== 'demo' && !p.startsWith('view='))], push);
}

/* A view's own parts of the hash, "PREFIXkey=value": {key: value}. */
export function readHashParts(prefix) {
  const out = {};
  for (const p of hashParts()) {
    const eq = p.indexOf('=');
    if (p.startsWith(prefix) && eq > prefix.length) out[p.slice(prefix.length, eq)] = p.slice(eq + 1);
  }
  return out;
}

/* Replace a view's parts with values {key: text | null} (null: left out);
 * values must already be URI-encoded where they may hold & or =. */
export function writeHashParts(prefix, values) {
  const kept = hashParts().filter((p) => !p.startsWith(prefix));
  const own = Object.entries(values).filter(([, v]) => v != null && v !== '').map(([k, v]) => `${prefix}${k}=${v}`);
  replaceHash([...kept, ...own]);
}

/* The value of a "name=value" part of the hash, or null. */
export function readHashValue(name, hash = location.hash) {
  return hashParts(hash).find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
}

/* Set the "name=value" part (null or '': left out); the others stay. */
export function writeHashValue(name, value) {
  replaceHash([...hashParts().filter((p) => !p.startsWith(`${name}=`)), ...(value ? [`${name}=${value}`] : [])]);
}

function hashParts(hash = location.hash) {
  return String(hash || '').replace(/^#/, '').split('&').filter(Boolean);
}

function replaceHash(parts, push = false) {
  const hash = parts.length ? `#${parts.join('&')}` : '';
  if (hash !== location.hash) history[push ? 'pushState' : 'replaceState'](null, '', location.pathname + location.search + hash);
}

export function mountTabs(nav, store, actions) {
  const tabs = VIEWS.map((view) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.role = 'tab';
    b.className = 'view-tab';
    b.id = `tab-${view}`;
    b.dataset.view = view;
    if (document.getElementById(view)) b.setAttribute('aria-controls', view); // the view's own section
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
