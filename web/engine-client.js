/* engine-client.js: a promise API over the engine worker (wasm/worker.js).
 *
 *   const engine = createEngineClient('engine/worker.js');
 *   const {constants, catalog} = await engine.init();
 *   const info = await engine.loadFile(file, {options, onProgress({file, loaded, total, rows, ms}) {}, signal});
 *   const info = await engine.setMapping(0, {kind: 'payments', roles: {amount: 'Total'}});
 *   const info = await engine.setTimeZone('Asia/Shanghai');
 *   const info = await engine.loadDemo({seed: 42, users: 10000, days: 365});
 *   const r = await engine.metric({metric: 'mrr', grain: 'month'}); // x, y: Float64Array
 *   const r = await engine.metric({metric: 'mrr', by: 'Plan', where: [{column: 'Country', value: 'DE'}]});
 *                                       // x, segments: [{label, y: Float64Array}]
 *   const c = await engine.cohorts({grain: 'month'}); // {grain, periods, customers, start_mrr, retention: [[…]]}
 *   const l = await engine.lifecycle({period: 'week'});    // {grain, periods, new, returning, resurrecting, dormant}
 *   const a = await engine.activeDays({period: 'week'});   // {grain, periods, days: [[…]]}
 *   const r = await engine.retention({period: 'week'});    // {grain, cohorts, size, counts: [[n | null]]}
 *   const v = await engine.values({column: 'event'});      // {column, values, more}
 *   const f = await engine.funnel({steps: ['signup', 'upgrade'], window: '14d'}); // {steps, segments, …}
 *   const {names} = await engine.eventNames();               // [{name, events}], most frequent first
 *   const p = await engine.paths({after: 'signup', steps: 4}); // {pairs, distinct, sessions, users, dropoff}
 *   const m = await engine.monitor({rules: null});          // {at, p0, rules, alerts, incidents, health, …}
 *   const text = await engine.defaultRules(); const body = await engine.notify({monitor: m, target: 'slack'});
 *   const html = await engine.report({period: 'weekly', format: 'html', lang: 'en'});
 *   const ins = await engine.insights({grain: 'week'});     // {movers, contributions}
 *   const a = await engine.ask('What is our churn rate?');   // the offline answer (core/assist/offline.h)
 *   const {aggregates} = await engine.aggregates();          // latest value of every metric, for the assistant
 *   const defs = await engine.tools();                      // [{name, description, input_schema}]
 *   const res = await engine.tool('get_metric', {name: 'mrr'}); // the tool's result (docs/assistant.md)
 *   const q = await engine.sql('SELECT …', {max_rows: 100, max_ms: 5000}); // {query, columns, rows, row_count, truncated}
 *                                        // an error's err.offset, err.line, err.column: where it points
 *   const {tables} = await engine.sqlSchema(); // [{name, alias, dataset, kind, rows, columns: [{name, sql_type, type}]}]
 *   const {text} = await engine.whMapping();  // the warehouse mapping file (docs/warehouse.md)
 *   const rv = await engine.reviews({grain: 'week'});        // {total, negatives, periods, rate, counts, items, appeals}
 *   const settings = await engine.settings();               // [{name, value, default, choices, description}]
 *   const settings = await engine.setSetting('currency', 'EUR');
 *   const info = await engine.info();
 *   const info = await engine.reset();   // drop every dataset
 *   const {bytes, name, size} = await engine.saveWorkspace({page}); // bytes: ArrayBuffer of a
 *                                        // .lodestar.sqlite workspace file (docs/workspace-file.md)
 *   const info = await engine.loadFile(workspaceFile); // replaces the workspace; info.restored =
 *                                        // {version, page} (page: the object saved, or null)
 *
 * Every call rejects with an Error whose message is the engine's; err.op names
 * the op, err.status the engine's status name when it has one ('LS_ECURRENCY',
 * …), and err.cancelled is true for a load cancelled through its signal.
 *
 * A worker web/engine-start.js started for the same url while the page loaded (already
 * fetching and compiling the engine) is taken instead of starting another, once.
 *
 * Inline mode (the single-file build, tools/bundle.mjs): when the page holds
 * <script type="text/plain" id="lodestar-worker"> (the bundled worker) and
 * <script type="application/octet-stream" id="lodestar-wasm"> (the wasm in
 * base64), url is ignored: the worker starts from a Blob URL of that text and
 * its first message, 'start', hands it the wasm bytes (decoded once per page).
 * createEngineClient(url, {inline: null}) never does; {inline: {source,
 * wasmBinary}} gives both directly. */

export function createEngineClient(url, { inline = inlineEngine() } = {}) {
  const early = inline ? null : takeEarlyWorker(url);
  const worker = inline ? startInline(inline) : early ? early.worker : new Worker(url, { type: 'module' });
  const pending = new Map(); // id -> {resolve, reject, onProgress}
  let nextId = 1;
  let dead = null;

  worker.onmessage = (event) => {
    const { type, id, result } = event.data || {};
    const p = pending.get(id);
    if (!p) return;
    if (type === 'progress') {
      if (p.onProgress) p.onProgress(result);
      return;
    }
    pending.delete(id);
    if (type === 'error') {
      const err = new Error(result && result.message ? result.message : 'engine error');
      err.op = result && result.op;
      if (result && result.status) err.status = result.status;
      if (result && Number.isInteger(result.offset)) Object.assign(err, { offset: result.offset, line: result.line, column: result.column });
      err.cancelled = !!(result && result.cancelled);
      p.reject(err);
    } else {
      p.resolve(result);
    }
  };

  const fail = (message) => {
    dead = new Error(message);
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message || 'the engine worker failed to start');
  };
  worker.onmessageerror = () => fail('the engine worker sent a message that could not be read');
  if (early && early.error) fail(early.error); // it failed before the client took it

  function request(type, args, { onProgress, signal } = {}) {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      if (signal) {
        const abort = () => worker.postMessage({ type: 'cancel', id: nextId++, args: { target: id } });
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort, { once: true });
      }
      worker.postMessage({ type, id, args });
    });
  }

  return {
    init: () => request('init'),
    loadFile: (file, opts = {}) => request('loadFile', { file, name: opts.name, options: opts.options || {} }, opts),
    setMapping: (dataset, mapping) => request('setMapping', { dataset, mapping }),
    setTimeZone: (tz) => request('setTimeZone', { tz }),
    loadDemo: (opts = {}, { signal } = {}) => request('loadDemo', opts, { signal }),
    metric: (spec) => request('metric', spec),
    cohorts: (spec = {}) => request('cohorts', spec),
    lifecycle: (spec = {}) => request('lifecycle', spec),
    activeDays: (spec = {}) => request('activeDays', spec),
    retention: (spec = {}) => request('retention', spec),
    values: (spec) => request('values', spec),
    funnel: (spec) => request('funnel', spec),
    experiment: (spec) => request('experiment', spec),
    eventNames: () => request('eventNames'),
    paths: (spec = {}) => request('paths', spec),
    monitor: (spec = {}) => request('monitor', spec),
    defaultRules: () => request('defaultRules'),
    notify: (spec) => request('notify', spec),
    report: (spec = {}) => request('report', spec),
    insights: (spec = {}) => request('insights', spec),
    ask: (question) => request('ask', { question }),
    aggregates: () => request('aggregates'),
    tools: () => request('tools'),
    tool: (name, args = {}, opts = {}) => request('tool', { name, args, max_ms: opts.max_ms }),
    // unmask: true only for cells shown on this screen (privacy.js screenOpts)
    sql: (query, opts = {}) => request('sql', { query, max_rows: opts.max_rows, max_ms: opts.max_ms, unmask: opts.unmask === true }),
    sqlSchema: () => request('sqlSchema'),
    whMapping: () => request('whMapping'),
    privacy: (salt) => request('privacy', { salt }),
    maskedCsv: (dataset) => request('maskedCsv', { dataset }),
    reviews: (spec = {}) => request('reviews', spec),
    settings: () => request('settings'),
    setSetting: (key, value) => request('setSetting', { key, value }),
    info: () => request('info'),
    reset: () => request('reset'),
    saveWorkspace: ({ page = null } = {}) => request('saveWorkspace', { page }),
    terminate() {
      worker.terminate();
      fail('the engine worker was stopped');
    },
  };
}

/* The worker web/engine-start.js started for url while the page loaded ({worker, error}),
 * once; null when there is none (or it was taken, or started for another URL). */
export function takeEarlyWorker(url, scope = globalThis) {
  const early = scope.lodestarEarlyWorker;
  if (early && early.url !== url) return null; // another URL's: left for its client
  scope.lodestarEarlyWorker = null; // taken, or too late: engine-start.js starts none after this
  return early || null;
}

/* ---- inline mode ---- */

let decoded = null; // the wasm bytes of the page's base64, decoded once

/* {source, wasmBinary} from the single-file page, or null (the normal build). */
export function inlineEngine(doc = globalThis.document) {
  const code = doc && doc.getElementById('lodestar-worker');
  const wasm = doc && doc.getElementById('lodestar-wasm');
  if (!code || !wasm) return null;
  if (!decoded) decoded = base64Bytes(wasm.textContent);
  return { source: code.textContent, wasmBinary: decoded };
}

export function base64Bytes(text) {
  const bin = atob(String(text).replace(/\s+/g, ''));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function startInline({ source, wasmBinary }) {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url); // a classic worker: the bundle has no imports (the URL stays: one per page)
  worker.postMessage({ type: 'start', id: 0, args: { wasmBinary } }); // copied: the page keeps its bytes
  return worker;
}
