/* app.js: boot the page, own the store and the actions every view calls.
 *
 * State (store.js):
 *   engine      {constants, catalog} once the worker is up
 *   engineError message when it could not start
 *   info        the workspace's info: {through, tz, datasets} (see wasm/worker.js)
 *   results     Map 'metric@grain' → {status: 'ok', unit, periods, x, y}
 *                                   | {status: 'missing', needs: [kind]}
 *                                   | {status: 'unavailable'} | {status: 'error', message}
 *   loads       loads in flight: [{id, key, vars, loaded, total, rows, ms, cancel()}]
 *   errors      banners: [{id, key, vars, message, action: {key} | null}]
 *   tz          the workspace time zone (tz.js), remembered in localStorage
 *   selected    index of the dataset shown in the data view
 *   busy        operations under way; <body data-state> is 'loading' while > 0
 *   demo        true while the workspace is the demo (files dropped then replace it)
 *   demoOpts    the demo's {seed, users, days} while demo is true
 *   view        'overview' | 'revenue' | 'users' | 'retention' | 'funnels' | 'product' | 'alerts' | 'reviews' |
 *               'reports' | 'sql' | 'experiments' | 'assistant' | 'data'
 *               (views.js; kept in the URL hash)
 *   settings    the engine's metric settings [{name, value, default, choices, description}]
 *   revenue     what the revenue view shows, fetched while it is open (revenue-data.js):
 *               {gen, results: Map metric → result, cohorts} | null
 *   range       the global date range {preset, from, to} and
 *   filters     the global filters [{column, value}] of the product views (filter-bar.js)
 *   compare     compare mode 'none' | 'prev' | 'yoy' of the KPI cards and charts, kept in
 *               the URL hash as cmp= (compare.js, compare-control.js)
 *   productOpts the product view's pickers {grain, event, property, feature} ('' = default)
 *   product     what the product view shows, fetched while it is open (product-data.js):
 *               {gen, range, filters, opts, events, results: Map metric → result} | null
 *   alerts      the rules run and insights the health panel and the Alerts view show,
 *               fetched while either is open (alerts-data.js) | null
 * <body data-state> is 'loading', 'ready' (something or nothing to show, no
 * failure), or 'error' (the engine failed, or the last load failed and nothing
 * is loaded). <body data-engine="ready"> once the engine has started (with the
 * performance mark 'lodestar-engine-ready'). */
import './csp.js'; // first: the network narrowed to the page and the assistant's endpoint
import { createEngineClient } from './engine-client.js';
import { createStore, resultKey } from './store.js';
import { getLocale, onLocaleChange, translate } from './i18n/index.js';
import { mountLangSwitch } from './lang-switch.js';
import { mountThemeSwitch } from './theme.js';
import { mountDropzone } from './dropzone.js';
import { mountBanners } from './banners.js';
import { mountKpis, kpiSpecs } from './kpis.js';
import { mountCharts, chartSpecs } from './charts.js';
import { mountDatasets } from './datasets.js';
import { mountFooter } from './footer.js';
import { mountDataView } from './data-view.js';
import { mountTzPicker } from './tz-picker.js';
import { createSources } from './sources.js';
import { remember, recall, mappingArg, currentRoles, differs, typesMissing } from './mapping-memory.js';
import { initialZone, saveZone } from './tz.js';
import { setDisplayCurrency } from './format.js';
import { fetchResult, catalogMap } from './results.js';
import { mountTabs, readHash, writeHash } from './views.js';
import { fetchRevenue } from './revenue-data.js';
import { mountFilterBar, rangeFromHash, filtersFromHash, resolveRange, writeFilterHash } from './filter-bar.js';
import { fetchProduct, DEFAULT_OPTS } from './product-data.js';
import { compareFromHash } from './compare.js';
import { mountTableTools } from './table-tools.js';
import { mountAlertsData } from './alerts-data.js';
import { mountHealthPanel } from './health-panel.js';
import { mountExport } from './export.js';
import { mountShareOpen, linkToken, dropLink } from './share/open.js';
import { mountShareDialog } from './share-dialog.js';
import { mountWorkspaceFile } from './workspace-file.js';
import { mountAutosave } from './autosave.js';
import { mountGlossary } from './glossary.js';
import { mountEmptyGuide } from './empty-guide.js';
import { mountPrivacy } from './privacy.js';
import { availableKinds } from './precomputed.js';
import './offline.js'; // registers the service worker (offline use after a first visit)

export const DEMO = { seed: 42, users: 10000, days: 365 };
const WORKER_URL = 'engine/worker.js';

const store = createStore({
  locale: getLocale(),
  engine: null,
  engineError: null,
  info: { asof: null, datasets: [] },
  results: new Map(),
  loads: [],
  errors: [],
  busy: 0,
  demo: false,
  demoOpts: null,
  tz: initialZone(),
  selected: 0,
  view: readHash().view,
  settings: [],
  revenue: null,
  range: resolveRange(rangeFromHash().preset, null, rangeFromHash()),
  filters: filtersFromHash(),
  compare: compareFromHash(), // compare mode 'none' | 'prev' | 'yoy' (compare-control.js)
  productOpts: { ...DEFAULT_OPTS },
  product: null,
  alerts: null,
});
const sources = createSources();
const retries = new Map(); // error id → {file, options, patch}: what the banner's action reloads

let client = null;
let engineReady = null;
let nextUid = 1;
let refreshGen = 0;
let dataGen = 0; // counts the refreshes that published: what the revenue view was fetched for
let productGen = 0; // counts the product view's fetches: only the latest publishes

/* ---- actions ---- */

const actions = {
  /* Load files one after another; each failure is its own banner, and what
   * loaded before stays. */
  loadFiles(fileList) {
    if (ctx.takeFiles) return ctx.takeFiles(Array.from(fileList || [])); // a share link waits for them
    return runLoads(Array.from(fileList || [], (file) => ({ file, options: {} })));
  },

  /* keepLink: a share link opens it (share/open.js), its s= part stays in the hash. */
  async loadDemo(opts = DEMO, { keepLink = false } = {}) {
    if (store.get().loads.some((l) => l.demo)) return;
    const entry = loadEntry('progress.demo', {}, 0, true);
    busy(+1);
    try {
      if (!(await engineReady)) return;
      const info = await client.loadDemo(opts, { signal: entry.signal });
      sources.clear();
      store.set({ info, demo: true, demoOpts: { ...opts }, selected: 0 });
      writeHash({ demo: true, view: store.get().view }); // a reload brings the demo back
      if (!keepLink) dropLink();
      await refresh();
    } catch (err) {
      if (!err.cancelled) pushError('banner.demoError', {}, err.message);
    } finally {
      dropLoad(entry.id);
      busy(-1);
    }
  },

  /* Read the files of dataset i again with patch merged into their options
   * ({types: {column: type}}). The engine replaces a dataset read again under
   * its own name in place, and appends the dataset's other files to it, so
   * only these files are read: the rest of the workspace stays. */
  async reloadDataset(i, patch) {
    const mine = sources.forDataset(i);
    const d = store.get().info.datasets[i];
    if (!mine.length || !d) return;
    if (patch.types) remember(d.signature, { types: patch.types });
    for (const s of mine) {
      s.options = { ...s.options, ...patch, types: { ...(s.options.types || {}), ...(patch.types || {}) } };
    }
    await runLoads(mine.map((s) => ({ file: s.file, options: s.options, source: s })));
  },

  /* The banner's action: read the failed file again (ragged rows fixed). */
  retryError(id) {
    const retry = retries.get(id);
    if (!retry) return;
    actions.dismissError(id);
    return runLoads([{ file: retry.file, options: { ...retry.options, ...retry.patch } }]);
  },

  /* Apply the user's mapping {kind, roles: {role: column}} to dataset i and
   * remember it for files with the same header. Rejects with the engine's
   * message when refused (nothing changes then). */
  async setMapping(i, wanted) {
    const d = store.get().info.datasets[i];
    if (!d) return;
    busy(+1);
    try {
      const info = await client.setMapping(i, mappingArg(d, wanted));
      const now = info.datasets[i];
      if (now) remember(now.signature, { kind: now.kind, roles: currentRoles(now) });
      store.set({ info });
      await refresh();
    } finally {
      busy(-1);
    }
  },

  async setTimeZone(tz) {
    saveZone(tz);
    store.set({ tz });
    busy(+1);
    try {
      if (!(await engineReady)) return;
      store.set({ info: await client.setTimeZone(tz) });
      await refresh();
    } catch (err) {
      pushError('banner.tzError', { tz }, err.message);
    } finally {
      busy(-1);
    }
  },

  /* Show dataset i in the data view. */
  showDataset(i) {
    store.set({ selected: i });
  },

  /* Show a view and keep it in the URL; the revenue view fetches its
   * metrics when it opens on data it has not seen. */
  showView(view) {
    if (view === store.get().view) return;
    store.set({ view });
    writeHash({ demo: store.get().demo, view }, { push: readHash().view !== view }); // Back and Forward go through the views
    if (view === 'revenue' && store.get().revenue?.gen !== dataGen) return withBusy(refreshRevenue);
    if (view === 'product' && productStale(store.get())) return withBusy(refreshProduct);
  },

  /* Change the product view's pickers ({grain}, {event}, {property},
   * {feature}) and fetch its metrics again. */
  setProductOptions(patch) {
    store.update((s) => ({ productOpts: { ...s.productOpts, ...patch } }));
    return withBusy(refreshProduct);
  },

  /* Change one metric setting ('churn_at', 'canceled'); every number shown is
   * computed again. Rejects with the engine's message when the value is
   * refused (nothing changes then). */
  async setSetting(key, value) {
    busy(+1);
    try {
      publishSettings(await client.setSetting(key, value));
      await refresh({ fresh: true });
    } finally {
      busy(-1);
    }
  },

  /* The global date range and filters of the product views (filter-bar.js),
   * kept in the URL; the open view fetches again. */
  setRange(range) {
    store.set({ range });
    writeFilterHash(range, store.get().filters);
  },

  setFilters(filters) {
    store.set({ filters });
    writeFilterHash(store.get().range, filters);
  },

  /* One op of the worker for a view that fetches its own data (users,
   * retention, the filter values, the assistant's tools): the engine's
   * answer, or its error. args as the engine client's op takes them. */
  async ask(op, ...args) {
    busy(+1);
    try {
      if (!(await engineReady)) throw new Error(store.get().engineError || 'the engine did not start');
      return await client[op](...args);
    } finally {
      busy(-1);
    }
  },

  dismissError(id) {
    retries.delete(id);
    store.update((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
  },
};

/* What the modules that save, share and restore a whole workspace (share/,
 * workspace-file.js, autosave.js) need beyond the actions: the engine
 * client once started, the kept source files, and the page's own steps. */
const ctx = {
  store,
  actions,
  sources,
  client: () => client,
  ready: () => engineReady, // resolves true once the engine is up, false when it failed
  runLoads, // (items [{file, options}], {rebuild}) load files in order, each failure a banner
  refresh, // fetch every metric again and publish
  publishSettings, // (settings) after the engine's settings changed
  pushError, // (key, vars, message, action?) a banner; returns its id
  withBusy, // (async fn) <body data-state="loading"> while fn runs
  takeFiles: null, // (files) set by share/open.js while a link waits for its files: drops and the file input go there
  restoreWorkspace: null, // (info, file, {rebuild}) set by workspace-file.js: a workspace file replaced everything
};

/* Load items [{file, options, source?}] in order (source: a kept file read
 * again). rebuild: start from an empty
 * workspace (the items are then every kept file); keepLink: a share link
 * loads them (share/open.js), its s= part stays in the hash. The demo is
 * replaced by the first file dropped on it. */
async function runLoads(items, { rebuild = false, keepLink = false } = {}) {
  if (!items.length) return;
  if (!keepLink) dropLink(); // other data: a reload no longer opens the share link
  const entries = items.map((it) => loadEntry('progress.queued', { file: it.file.name }, it.file.size));
  let again = false; // a file met its remembered types only after loading: rebuild
  busy(+1);
  try {
    if (!(await engineReady)) return;
    if (rebuild || store.get().demo) {
      // Your own exports replace the demo rather than mix with it.
      sources.clear();
      store.set({ demo: false, info: await client.reset() });
      writeHash({ demo: false, view: store.get().view });
      if (!rebuild) await refresh();
    }
    for (let i = 0; i < items.length; i++) {
      const { file, options } = items[i];
      const entry = entries[i];
      try {
        if (entry.signal.aborted) continue;
        patchLoad(entry.id, { key: 'progress.loading' });
        const prev = store.get().info;
        const info = await client.loadFile(file, {
          options,
          signal: entry.signal,
          onProgress: (p) => patchLoad(entry.id, {
            loaded: p.loaded, total: p.total, rows: p.rows, ms: p.ms,
            ...(p.phase === 'typing' ? { key: 'progress.typing' } : {}),
          }),
        });
        if (info.restored && ctx.restoreWorkspace) { // a .lodestar.sqlite: the whole workspace is the file's
          await ctx.restoreWorkspace(info, file, { rebuild });
          continue;
        }
        // a file read again keeps its place and the datasets it fed
        const src = items[i].source || sources.add(file, options);
        if (!items[i].source) sources.attribute(src, prev, info);
        again = rememberTypes(src, info) || again;
        store.set({ info });
        await applyRemembered();
        await refresh();
      } catch (err) {
        if (err.cancelled) continue;
        const id = pushError('banner.fileError', { file: file.name }, err.message, raggedAction(err.message));
        if (raggedAction(err.message)) retries.set(id, { file, options, patch: { ragged: 'fix' } });
      } finally {
        dropLoad(entry.id);
      }
    }
    if (rebuild) await refresh();
    if (again) await runLoads(sources.list().map((s) => ({ file: s.file, options: s.options })), { rebuild: true, keepLink });
  } catch (err) {
    pushError('banner.engineError', {}, err.message); // the worker itself failed
  } finally {
    for (const e of entries) dropLoad(e.id);
    busy(-1);
  }
}

/* The fix a load error offers: ragged rows can be padded and cut. */
function raggedAction(message) {
  return /expected \d+ fields?, found \d+/.test(message) ? { key: 'banner.fixRagged' } : null;
}

/* Merge the remembered types of the datasets src fed into its options; true
 * when that changed them (the file must be read again). Types come from the
 * database for SQLite files. */
function rememberTypes(src, info) {
  let changed = false;
  info.datasets.forEach((d, i) => {
    if (!sources.forDataset(i).includes(src) || (d.source && d.source.format === 'sqlite')) return;
    const missing = typesMissing(d, recall(d.signature));
    const fresh = Object.entries(missing).filter(([col, ty]) => (src.options.types || {})[col] !== ty);
    if (!fresh.length) return;
    src.options = { ...src.options, types: { ...(src.options.types || {}), ...Object.fromEntries(fresh) } };
    changed = true;
  });
  return changed;
}

/* Apply the remembered mapping of every dataset whose header was mapped
 * before and which is not mapped that way now (once its remembered types
 * are in effect). */
async function applyRemembered() {
  const datasets = store.get().info.datasets;
  for (let i = 0; i < datasets.length; i++) {
    const d = store.get().info.datasets[i];
    const wanted = d && recall(d.signature);
    if (!wanted || !differs(d, wanted)) continue;
    if (d.source?.format !== 'sqlite' && Object.keys(typesMissing(d, wanted)).length) continue;
    try {
      store.set({ info: await client.setMapping(i, mappingArg(d, wanted)) });
    } catch (err) {
      pushError('banner.mappingError', { file: d.name }, err.message);
    }
  }
}

/* ---- boot ---- */

function boot() {
  busy(+1);
  client = createEngineClient(WORKER_URL);
  translate(document);
  onLocaleChange((locale) => {
    translate(document);
    store.set({ locale });
  });
  store.subscribe(syncBodyState);

  mountLangSwitch(document.getElementById('lang-select'));
  mountThemeSwitch(document.getElementById('theme-select'));
  mountBanners(document.getElementById('banners'), store, actions);
  mountDropzone(document.getElementById('dropzone'), store, actions);
  mountEmptyGuide(document.getElementById('empty-guide'), store, actions);
  mountGlossary(document.getElementById('glossary-slot'), store);
  mountKpis(document.getElementById('kpis'), store);
  mountCharts(document.querySelector('.charts'), store);
  mountDatasets(document.getElementById('datasets'), store, actions);
  mountFooter(document.getElementById('engine-version'), store);
  mountPrivacy(store, actions, () => client); // adds actions.setSalt, ensureSalt and setUnmask
  mountDataView(document.getElementById('data'), store, actions);
  mountTzPicker(document.getElementById('tz-select'), store, actions);
  mountTabs(document.getElementById('view-tabs'), store, actions);
  mountFilterBar(document.getElementById('filter-bar'), store, actions);
  mountAlertsData(store, actions); // adds actions.setRules and actions.resetRules
  mountHealthPanel(document.getElementById('health'), store, actions);
  mountExport(document.querySelector('main'), ctx); // PNG on every chart card, CSV on every table
  mountTableTools(document.querySelector('main')); // every data table sorts and filters
  mountWorkspaceFile(document.getElementById('workspace-slot'), ctx, mountAutosave(ctx));
  // the global date range and filters ask the product view's questions again
  store.subscribe((s, prev) => {
    if (s.view === 'product' && (s.range !== prev.range || s.filters !== prev.filters)) withBusy(refreshProduct);
  });

  // settings asked right after init, not once it answers: one round trip less at the start
  const init = client.init();
  const settings = client.settings();
  settings.catch(() => {}); // init's failure is the one reported
  engineReady = init.then(
    async (engine) => {
      publishSettings(await settings);
      store.set({ engine });
      // the start-up benchmark (tools/bench) times the page until this mark
      performance.mark('lodestar-engine-ready');
      document.body.dataset.engine = 'ready';
      mountLaterViews();
      await actions.ensureSalt(); // the workspace's masking key (a saved one replaces it when restored)
      try {
        store.set({ info: await client.setTimeZone(store.get().tz) });
      } catch (err) {
        pushError('banner.tzError', { tz: store.get().tz }, err.message);
      }
      await refresh();
      return true;
    },
    (err) => {
      store.set({ engineError: err.message });
      pushError('banner.engineError', {}, err.message);
      mountLaterViews();
      return false;
    },
  );
  mountShareDialog(document.getElementById('share-slot'), ctx);
  const shareOpener = mountShareOpen(ctx); // a share link (#s=…) comes before the demo
  if (!shareOpener.openFromHash() && isDemoHash()) actions.loadDemo();
  window.addEventListener('hashchange', () => {
    actions.showView(readHash().view);
    if (isDemoHash() && !linkToken(location.hash) && !store.get().demo) actions.loadDemo();
  });
  engineReady.finally(() => busy(-1));
}

/* The views the first screen (the overview) does not show, imported once the engine
 * has started (or failed) so they never hold up the start: the build makes them chunks
 * of their own (tools/bundle.mjs). Each draws the store's state as it mounts; the page
 * stays busy (data-state 'loading') until they are there. */
function mountLaterViews() {
  busy(+1);
  const views = [
    ['revenue', () => import('./revenue-view.js'), 'mountRevenueView'],
    ['users', () => import('./users-view.js'), 'mountUsersView'],
    ['retention', () => import('./retention-view.js'), 'mountRetentionView'],
    ['funnels', () => import('./funnel-view.js'), 'mountFunnelView'],
    ['product', () => import('./product-view.js'), 'mountProductView'],
    ['alerts', () => import('./alerts-view.js'), 'mountAlertsView'],
    ['assistant', () => import('./assistant-view.js'), 'mountAssistantView'],
    ['reviews', () => import('./reviews-view.js'), 'mountReviewsView'],
    ['sql', () => import('./sql-view.js'), 'mountSqlView'],
    ['experiments', () => import('./experiments-view.js'), 'mountExperimentsView'],
    ['overview', () => import('./overview.js'), 'mountOverview'],
    ['reports', () => import('./reports-view.js'), 'mountReportsView'],
  ];
  Promise.all(views.map(([, load]) => load()))
    .then((modules) => modules.forEach((m, i) => m[views[i][2]](document.getElementById(views[i][0]), store, actions)))
    .catch((err) => pushError('banner.engineError', {}, err.message))
    .finally(() => busy(-1));
}

/* ---- private ---- */

function isDemoHash() {
  return readHash().demo;
}

/* Fetch info and every metric the views show, then publish them at once;
 * the revenue view's metrics too while it is open. The info object stays the
 * one in the store when the engine's is the same, so the views keyed on it
 * (the alerts' monitor and insights runs above all) are not asked twice for
 * a load that has just set it; a setting change passes fresh: true, since
 * the same datasets then give other numbers. */
async function refresh({ fresh = false } = {}) {
  const gen = ++refreshGen;
  const { engine } = store.get();
  if (!engine) return;
  const now = await client.info();
  const old = store.get().info;
  const info = !fresh && JSON.stringify(now) === JSON.stringify(old) ? old : now;
  const catalog = catalogMap(engine);
  const specs = new Map();
  for (const s of [...kpiSpecs(catalog), ...chartSpecs(catalog)]) specs.set(resultKey(s.metric, s.grain), s);
  const kinds = availableKinds(info, engine);
  const results = new Map();
  await Promise.all([...specs].map(async ([key, spec]) => {
    results.set(key, await fetchResult(client, { metric: spec.metric, grain: spec.grain }, catalog.get(spec.metric), kinds));
  }));
  if (gen !== refreshGen) return;
  dataGen++;
  store.set({ info, results });
  if (store.get().view === 'revenue') await refreshRevenue();
  if (store.get().view === 'product') await refreshProduct();
}

/* The revenue view's metrics and cohorts for the data as it is now. */
async function refreshRevenue() {
  const { engine, info } = store.get();
  if (!engine) return;
  const gen = dataGen;
  const kinds = availableKinds(info, engine);
  const revenue = await fetchRevenue(client, catalogMap(engine), kinds);
  if (gen === dataGen) store.set({ revenue: { gen, ...revenue } });
}

/* The product view's metrics for the data, pickers, range and filters as they are now. */
async function refreshProduct() {
  const { engine, info, productOpts, range, filters } = store.get();
  if (!engine) return;
  const gen = dataGen;
  const mine = ++productGen;
  const product = await fetchProduct(client, catalogMap(engine), info, productOpts, range, filters);
  if (gen === dataGen && mine === productGen) store.set({ product: { gen, range, filters, ...product } });
}

/* True when the product view was fetched for other data, range or filters. */
function productStale(s) {
  return !s.product || s.product.gen !== dataGen || s.product.range !== s.range || s.product.filters !== s.filters;
}

/* The settings, and money shown in their reporting currency. */
function publishSettings(settings) {
  setDisplayCurrency(settings.find((x) => x.name === 'currency')?.value);
  store.set({ settings });
}

async function withBusy(fn) {
  busy(+1);
  try {
    await fn();
  } finally {
    busy(-1);
  }
}

function loadEntry(key, vars, total, demo = false) {
  const ctl = new AbortController();
  const entry = {
    id: nextUid++, key, vars, loaded: 0, total, demo,
    signal: ctl.signal, cancel: () => ctl.abort(),
  };
  store.update((s) => ({ loads: [...s.loads, entry] }));
  return entry;
}

function patchLoad(id, patch) {
  store.update((s) => ({ loads: s.loads.map((l) => (l.id === id ? { ...l, ...patch } : l)) }));
}

function dropLoad(id) {
  if (!store.get().loads.some((l) => l.id === id)) return;
  store.update((s) => ({ loads: s.loads.filter((l) => l.id !== id) }));
}

function pushError(key, vars, message, action = null) {
  const error = { id: nextUid++, key, vars, message: String(message || ''), action };
  store.update((s) => ({ errors: [...s.errors, error] }));
  return error.id;
}

function busy(delta) {
  store.update((s) => ({ busy: s.busy + delta }));
}

function syncBodyState(s) {
  let state = 'ready';
  if (s.busy > 0) state = 'loading';
  else if (s.engineError) state = 'error';
  else if (s.info.datasets.length === 0 && s.errors.length > 0) state = 'error';
  if (document.body.dataset.state !== state) document.body.dataset.state = state;
}

boot();
