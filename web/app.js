/* app.js: boot the page, own the store and the actions every view calls.
 *
 * State (store.js):
 *   engine      {constants, catalog} once the worker is up
 *   engineError message when it could not start
 *   info        {asof, datasets} of the workspace
 *   results     Map 'metric@grain' → {status: 'ok', unit, periods, x, y}
 *                                   | {status: 'missing', needs: [kind]}
 *                                   | {status: 'unavailable'} | {status: 'error', message}
 *   loads       loads in flight: [{id, key, vars, loaded, total, cancel()}]
 *   errors      banners: [{id, key, vars, message}]
 *   busy        operations under way; <body data-state> is 'loading' while > 0
 *   demo        true while the workspace is the demo (files dropped then replace it)
 * <body data-state> is 'loading', 'ready' (something or nothing to show, no
 * failure), or 'error' (the engine failed, or the last load failed and nothing
 * is loaded). */
import { createEngineClient } from './engine-client.js';
import { createStore, resultKey } from './store.js';
import { getLocale, onLocaleChange, translate } from './i18n/index.js';
import { mountLangSwitch } from './lang-switch.js';
import { mountDropzone } from './dropzone.js';
import { mountBanners } from './banners.js';
import { mountKpis, kpiSpecs } from './kpis.js';
import { mountCharts, chartSpecs } from './charts.js';
import { mountDatasets } from './datasets.js';
import { mountFooter } from './footer.js';

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
});

let client = null;
let engineReady = null;
let nextUid = 1;
let refreshGen = 0;

/* ---- actions ---- */

const actions = {
  /* Load files one after another; each failure is its own banner, and what
   * loaded before stays. */
  async loadFiles(fileList) {
    const files = Array.from(fileList || []);
    if (!files.length) return;
    const entries = files.map((file) => loadEntry('progress.queued', { file: file.name }, file.size));
    busy(+1);
    try {
      if (!(await engineReady)) return;
      if (store.get().demo) {
        // Your own exports replace the demo rather than mix with it.
        store.set({ demo: false, info: await client.reset() });
        if (isDemoHash()) history.replaceState(null, '', location.pathname + location.search);
        await refresh();
      }
      for (let i = 0; i < files.length; i++) {
        const file = files[i];
        const entry = entries[i];
        try {
          if (entry.signal.aborted) continue;
          patchLoad(entry.id, { key: 'progress.loading' });
          const info = await client.loadFile(file, {
            signal: entry.signal,
            onProgress: (p) => patchLoad(entry.id, { loaded: p.loaded, total: p.total }),
          });
          store.set({ info });
          await refresh();
        } catch (err) {
          if (!err.cancelled) pushError('banner.fileError', { file: file.name }, err.message);
        } finally {
          dropLoad(entry.id);
        }
      }
    } catch (err) {
      pushError('banner.engineError', {}, err.message); // the worker itself failed
    } finally {
      for (const e of entries) dropLoad(e.id);
      busy(-1);
    }
  },

  async loadDemo(opts = DEMO) {
    if (store.get().loads.some((l) => l.demo)) return;
    const entry = loadEntry('progress.demo', {}, 0, true);
    busy(+1);
    try {
      if (!(await engineReady)) return;
      const info = await client.loadDemo(opts, { signal: entry.signal });
      store.set({ info, demo: true });
      await refresh();
    } catch (err) {
      if (!err.cancelled) pushError('banner.demoError', {}, err.message);
    } finally {
      dropLoad(entry.id);
      busy(-1);
    }
  },

  dismissError(id) {
    store.update((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
  },
};

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
  mountBanners(document.getElementById('banners'), store, actions);
  mountDropzone(document.getElementById('dropzone'), store, actions);
  mountKpis(document.getElementById('kpis'), store);
  mountCharts(document.querySelector('.charts'), store);
  mountDatasets(document.getElementById('datasets'), store);
  mountFooter(document.getElementById('engine-version'), store);

  engineReady = client.init().then(
    async (engine) => {
      store.set({ engine });
      await refresh();
      return true;
    },
    (err) => {
      store.set({ engineError: err.message });
      pushError('banner.engineError', {}, err.message);
      return false;
    },
  );
  if (isDemoHash()) actions.loadDemo();
  window.addEventListener('hashchange', () => { if (isDemoHash()) actions.loadDemo(); });
  engineReady.finally(() => busy(-1));
}

/* ---- private ---- */

function isDemoHash() {
  return location.hash === '#demo';
}

/* Fetch info and every metric the views show, then publish them at once. */
async function refresh() {
  const gen = ++refreshGen;
  const { engine } = store.get();
  if (!engine) return;
  const info = await client.info();
  const catalog = new Map(engine.catalog.map((m) => [m.name, m]));
  const specs = new Map();
  for (const s of [...kpiSpecs(catalog), ...chartSpecs(catalog)]) specs.set(resultKey(s.metric, s.grain), s);
  const kinds = new Set(info.datasets.map((d) => d.kind));
  const results = new Map();
  await Promise.all([...specs].map(async ([key, spec]) => {
    results.set(key, await fetchResult(spec, catalog.get(spec.metric), kinds));
  }));
  if (gen !== refreshGen) return;
  store.set({ info, results });
}

async function fetchResult(spec, entry, kinds) {
  if (!entry) return { status: 'unavailable' };
  const needs = needsOf(entry);
  const missing = needs.filter((k) => !kinds.has(k));
  // Ask the engine only when the datasets it needs are there; it stays the judge.
  if (missing.length && needs.length) return { status: 'missing', needs: missing };
  try {
    const r = await client.metric({ metric: spec.metric, grain: spec.grain });
    return { status: 'ok', ...r };
  } catch (err) {
    if (kinds.size === 0) return { status: 'missing', needs };
    return { status: 'error', message: err.message };
  }
}

/* The dataset kinds a catalog entry needs, whatever shape `needs` has
 * ('subscriptions', ['subscriptions'], [{kind: 'subscriptions'}]). */
function needsOf(entry) {
  const n = entry.needs;
  const list = Array.isArray(n) ? n : n ? [n] : [];
  return list.map((x) => (typeof x === 'string' ? x : x && x.kind)).filter(Boolean);
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

function pushError(key, vars, message) {
  const error = { id: nextUid++, key, vars, message: String(message || '') };
  store.update((s) => ({ errors: [...s.errors, error] }));
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
