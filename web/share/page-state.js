/* share/page-state.js: what the page shows, apart from the data and the
 * engine's settings: the plain parts of the URL hash (view, date range,
 * filters, a view's own parts such as funnel.* and paths.*), the time zone,
 * the product view's pickers and the user's own rules. A share link
 * (share/capture.js) and a workspace file (workspace-file.js) carry it.
 *
 *   capturePage(store)        → {hash, tz, product?, rules?}
 *       hash     the hash's parts but `demo` and `s=…`: "view=revenue&range=30d&f=plan:Pro"
 *       tz       the workspace time zone
 *       product  the product view's pickers that differ from DEFAULT_OPTS (absent when none do)
 *       rules    the rules text when the user saved their own (absent: the engine's defaults)
 *       salt     the workspace's masking key (privacy.js; share/capture.js drops it from links)
 *   await applyPage(ctx, page) puts a captured page back on the current data:
 *       the time zone, the hash (its `demo` and `s=` parts stay as they are),
 *       the view, range, filters and pickers read from it, then the rules.
 *   pageOf(state, hash, saved) the pure part of capturePage (tested in Node)
 *   pageHash(hash)             the hash's parts but `demo` and `s=…`, joined by & */
import { readHash } from '../views.js';
import { rangeFromHash, filtersFromHash, resolveRange } from '../filter-bar.js';
import { DEFAULT_OPTS } from '../product-data.js';
import { savedRules, workspaceKey } from '../alerts-data.js';

/* ---- API ---- */

export function capturePage(store) {
  const s = store.get();
  return pageOf(s, location.hash, savedRules(workspaceKey(s.info)));
}

/* state: the store's state; hash: location.hash; saved: the rules saved in
 * localStorage for the workspace (null when none), used when the store's
 * alerts are not the current workspace's run. */
export function pageOf(state, hash, saved = null) {
  const page = { hash: pageHash(hash), tz: state.tz };
  const product = {};
  for (const [k, v] of Object.entries(state.productOpts || {})) {
    if (k in DEFAULT_OPTS && v !== DEFAULT_OPTS[k] && v != null) product[k] = v;
  }
  if (Object.keys(product).length) page.product = product;
  const a = state.alerts;
  const current = a && a.infoRef === state.info;
  let rules = null;
  if (current) rules = a.source === 'saved' ? a.rules : null;
  else rules = saved;
  if (typeof rules === 'string' && rules) page.rules = rules;
  if (typeof state.salt === 'string' && state.salt) page.salt = state.salt;
  return page;
}

export function pageHash(hash) {
  return parts(hash).filter((p) => p !== 'demo' && !p.startsWith('s=')).join('&');
}

export async function applyPage(ctx, page) {
  if (!page || typeof page !== 'object') return;
  const { store, actions } = ctx;
  if (typeof page.salt === 'string' && actions.setSalt) await actions.setSalt(page.salt); // before anything shows cells
  if (typeof page.tz === 'string' && page.tz && page.tz !== store.get().tz) await actions.setTimeZone(page.tz);

  const kept = parts(location.hash).filter((p) => p === 'demo' || p.startsWith('s='));
  const own = parts(typeof page.hash === 'string' ? page.hash : '').filter((p) => p !== 'demo' && !p.startsWith('s='));
  const all = [...kept, ...own];
  const hash = all.length ? `#${all.join('&')}` : '';
  if (hash !== location.hash) history.replaceState(null, '', location.pathname + location.search + hash);

  const productOpts = { ...DEFAULT_OPTS };
  for (const k of Object.keys(DEFAULT_OPTS)) {
    if (typeof page.product?.[k] === 'string') productOpts[k] = page.product[k];
  }
  const { view } = readHash();
  const before = store.get().view;
  const h = rangeFromHash();
  const range = resolveRange(h.preset, store.get().info.through, h);
  store.set({ productOpts });
  actions.setFilters(filtersFromHash());
  actions.setRange(range);
  await actions.showView(view);
  if (view === 'product' && before === 'product') await actions.setProductOptions({}); // the pickers changed in place
  // the views that keep their own parts in the hash (funnel.*) read them again
  // (app.js does not load the demo again on this when it is loaded)
  window.dispatchEvent(new HashChangeEvent('hashchange'));

  if (typeof page.rules === 'string' && page.rules && actions.setRules) {
    try {
      await actions.setRules(page.rules);
    } catch (err) {
      ctx.pushError('share.rulesError', {}, err.message);
    }
  }
}

/* ---- private ---- */

function parts(hash) {
  return String(hash || '').replace(/^#/, '').split('&').filter(Boolean);
}
