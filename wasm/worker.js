/* worker.js: the Web Worker that owns the Lodestar engine.
 *
 * The page never parses or computes; it talks to this worker with messages.
 * Served as engine/worker.js next to engine.js, lodestar.js and lodestar.wasm,
 * and started with new Worker('engine/worker.js', {type: 'module'}).
 *
 * ---- protocol ----
 * Request   {type, id, args}            type is the op below, id a number unique per page
 * Reply     {type, id, result}          same type and id as the request
 * Failure   {type: 'error', id, result: {op, message, status?, cancelled?, offset?, line?, column?}}
 *           message is the engine's own (for a bad file it names the file, line and
 *           column); status is the engine's status name when the engine failed
 *           ('LS_ECURRENCY': several currencies and no rates, 'LS_ENODATA', 'LS_EINVAL',
 *           …); cancelled is true when the op ended because of a cancel
 * Progress  {type: 'progress', id, result: {file, loaded, total, rows, ms, phase}}   bytes
 *           read, rows parsed and milliseconds since the start, during loadFile; phase
 *           is 'reading', then 'typing' once every byte is read and the columns are typed
 *
 * Ops (all but cancel run one at a time, in the order they arrive):
 *   init      args none                     → {constants, catalog}
 *   loadFile  args {file: File|Blob, name?, options?}
 *                                           → info (see below); the file (CSV, TSV, JSON
 *                                             Lines, SQLite, or any of them gzipped) is
 *                                             streamed by the engine in chunks, never
 *                                             copied whole; options override detection
 *                                             ({encoding, delimiter, quote, escape, header,
 *                                             skip, ragged: 'fix'|'error', append,
 *                                             types: {column: type}}). On error the
 *                                             datasets loaded before stay. A workspace file
 *                                             (.lodestar.sqlite, known by its content: a
 *                                             SQLite file with a table lodestar_workspace)
 *                                             REPLACES the workspace (datasets, mappings,
 *                                             settings, zone), and info then carries
 *                                             restored: {version, page} (page: the object
 *                                             saved, or null)
 *   saveWorkspace args {page?}              → {bytes: ArrayBuffer (transferred), name:
 *                                             'workspace.lodestar.sqlite', size}: the whole
 *                                             workspace as a workspace file
 *                                             (docs/workspace-file.md); page (the page
 *                                             state) is stored as JSON text and handed back
 *                                             by loadFile as restored.page
 *   setMapping args {dataset: index, mapping: {kind?, roles?: {role: column|null}}}
 *                                           → info; a type that does not fit a role fails
 *                                             with the reason and changes nothing
 *   loadDemo  args {seed, users, days}      → info; replaces the datasets with the demo
 *                                             workspace (customers, subscriptions, events,
 *                                             payments, campaigns, reviews)
 *   metric    args {metric, grain?, from?, to?, where?: [{column, value}], by?}
 *                                           → {metric, grain, unit, periods, x, y};
 *                                             x (period starts, unix seconds) and y (NaN =
 *                                             undefined) are Float64Arrays whose buffers are
 *                                             transferred, not copied. where keeps the rows
 *                                             whose column (of the metric's dataset, or of
 *                                             the customers joined to it) has the value,
 *                                             ASCII case ignored; all must hold.
 *                                           With by: COLUMN, or for a metric the catalog
 *                                           breaks down by a role (by_role, e.g.
 *                                           mrr_by_plan), a breakdown instead:
 *                                           → {metric, grain, unit, by, periods, x,
 *                                              segments: [{label, y}]}
 *                                             by is the column's name, one segment per
 *                                             value (sorted, at most 100), each y a
 *                                             transferred Float64Array over the same
 *                                             periods; there is no top-level y.
 *                                             A metric over amounts in several currencies
 *                                             without rates fails with status
 *                                             'LS_ECURRENCY' (break it down by the currency
 *                                             column, or set currency and rates)
 *   cohorts   args {grain?, from?, to?, where?: [{column, value}]}
 *                                           → {grain, periods, customers, start_mrr, retention}:
 *                                             revenue retention by cohort (the cohort: the
 *                                             period at whose end a customer first had MRR);
 *                                             periods name the cohorts, customers and
 *                                             start_mrr (currency) are per cohort, and
 *                                             retention[q] holds n − q fractions (null: an
 *                                             empty cohort), the cohort's MRR at the end of
 *                                             period q + k / its start_mrr, 1 at k = 0.
 *                                             by is refused (LS_EINVAL)
 *   lifecycle args {period?: 'day'|'week'|'month' (week), from?, to?, where?}
 *                                           → {grain, periods, new, returning, resurrecting,
 *                                             dormant}: users per complete period in each
 *                                             state (PostHog's lifecycle; dormant positive:
 *                                             the users active the period before and not in
 *                                             this one), as `lodestar lifecycle` prints them
 *   activeDays args {period?: 'week'|'month' (week), from?, to?, where?}
 *                                           → {grain, periods, days}: days[k][d - 1] users
 *                                             active on exactly d distinct days of period k
 *                                             (as many entries as the period has days)
 *   retention args {period?: 'day'|'week'|'month' (week), type?: 'first_time'|'recurring',
 *                  mode?: 'on'|'on_or_after', buckets?: 'calendar'|'rolling_24h',
 *                  start_event?, return_event? (null: any event), from?, to?, where?, by?}
 *                                           → {grain, cohorts, size, counts, mean, mean_size}:
 *                                             per cohort (period name) its size and
 *                                             counts[c][k], the members returning in bucket k
 *                                             (k = 0: the size); null where the cell is not
 *                                             observable yet, as `lodestar retention` prints
 *                                             it; mean[k] the C weighted mean share (null: no
 *                                             cohort observes k), mean_size the sum of sizes,
 *                                             as `lodestar retention --mean` prints them.
 *                                           With by: COLUMN → {grain, cohorts, by, segments:
 *                                             [labels], matrices: [{segment, size, counts,
 *                                             mean, mean_size}]}, one per segment (the value
 *                                             at the membership's anchor event), as
 *                                             `lodestar retention --by COLUMN --mean`
 *   values    args {column, kind?: 'events', where?, max?: 200}
 *                                           → {column, values, more}: the column's distinct
 *                                             texts (sorted; the customers joined when the
 *                                             dataset has no such column); more: there are
 *                                             more than max (values is empty then)
 *   funnel    args {steps: [names], window?: '14d'|seconds, order?: 'sequential'|'strict'|
 *                   'any', exclude?: [names], by?, from?, to?, where?: [{column, value}]}
 *                                           → {steps: [{event, users, from_start, from_previous,
 *                                             median_seconds, mean_seconds}], segments, by,
 *                                             order, window_seconds}: a conversion funnel over
 *                                             the events dataset (docs/metrics.md "Funnels");
 *                                             each step's numbers are arrays, one value per
 *                                             segment of by (segments: their labels, sorted;
 *                                             null and one value without by), null where
 *                                             undefined; from/to are days in the workspace
 *                                             zone, to inclusive; 2–20 steps, at most 20
 *                                             exclusions (LS_EINVAL otherwise)
 *   experiment args {variant, goal: {event} | {metric, event?}, control?, exposure?,
 *                   cuped?, weights?, from?, to?, where?}
 *                                           → an A/B test over the events (docs/experiments.md):
 *                                             per variant exposures, conversions, value and
 *                                             its 95% interval, lift, chance to win; CUPED,
 *                                             SRM and the minimum-sample guard
 *   eventNames args none                    → {names: [{name, events}], total}: the event
 *                                             names of the events dataset, most frequent
 *                                             first, at most 500; total counts them all.
 *                                             LS_ENODATA without an events dataset
 *   paths     args {after?, before?, steps?, top?, from?, to?, where?}
 *                                           → {pairs: [{from, to, users, transitions}],
 *                                             distinct, sessions, users, dropoff?}: pairs of
 *                                             consecutive events inside sessions, the top
 *                                             ones (top, default 50); with after (before) E
 *                                             the steps (default 5, at most 20) after
 *                                             (before) each session's first E, nodes named
 *                                             "k:event"; dropoff (after only) per step k:
 *                                             sessions and users reaching it and ending there.
 *                                             from / to are days, both included
 *   monitor   args {rules?: text | null, at?: 'YYYY-MM-DD' | null}
 *                                           → the rules run (core/monitor/monitor.h): {at, p0,
 *                                             rules, alerts, incidents, entities, reconcile,
 *                                             health}; a bad rules file fails with LS_EINVAL or
 *                                             LS_EPARSE, the message naming the rule
 *   defaultRules args none                  → the default rules file (JSON text)
 *   notify    args {monitor, target: 'slack'|'feishu'|'dingtalk', lang?}
 *                                           → the webhook body (an object)
 *   report    args {period?: 'daily'|'weekly'|'monthly', at?, format?: 'html'|'md', lang?,
 *                   rules?}                 → the report's text
 *   insights  args {grain?, at?, metric?, dims?}
 *                                           → {movers, contributions} (core/monitor/insights.h)
 *   ask       args {question}               → the offline answer (core/assist/offline.h):
 *                                             {question, matched, metric | null, title, unit,
 *                                             description, grain, available, latest, series,
 *                                             by, segments, rules, movers, contribution,
 *                                             suggestions}; a question that matches nothing
 *                                             answers with metric null and suggestions
 *   aggregates args none                    → {aggregates: [{metric, unit, grain, period,
 *                                               value, previous, change_pct}]}: the latest
 *                                             value of every metric that runs without
 *                                             arguments (what the assistant may send)
 *   tools     args none                     → [{name, description, input_schema}]: the
 *                                             assistant's tool definitions (core/assist/tools.h)
 *   tool      args {name, args, max_ms?}    → the tool's result (docs/assistant.md "Tools");
 *                                             run_sql stops at max_ms (default 5000)
 *   sql       args {query, max_rows?, max_ms?}
 *                                           → {query, columns: [{name, type}], rows, row_count,
 *                                             truncated}: one read-only SQLite SELECT over the
 *                                             datasets (docs/sql.md); writes fail LS_EINVAL,
 *                                             syntax LS_EPARSE, the limits LS_ERANGE; a
 *                                             failure's result also has offset (bytes into
 *                                             the query), line and column (1-based,
 *                                             characters) when the error has a place
 *   sqlSchema args none                     → {tables: [{name, alias, dataset, kind, rows,
 *                                             columns: [{name, sql_type, type}]}]}: the
 *                                             tables SQL sees, no row read
 *   whMapping args none                     → {text}: the warehouse mapping of the loaded
 *                                             datasets, the JSON file `lodestar mapping`
 *                                             prints (docs/warehouse.md)
 *   privacy   args {salt}                   → {salt}: the workspace's masking key, 32 hex digits
 *                                             (docs/privacy.md); kept for every workspace this
 *                                             worker makes after it (reset, workspace files)
 *   maskedCsv args {dataset: index}         → {name, text}: the dataset as CSV with its
 *                                             personal-data columns as tokens (share links)
 *   sql and values take unmask?: true       → personal data as it is (on the page's own
 *                                             screen only); without it, tokens
 *   reviews   args {grain?, from?, to?, labels?: [{row, category, reason, evidence}]}
 *                                           → {dataset, negative_rule, total, negatives, grain,
 *                                             periods, reviews, rate, counts, items, appeals}:
 *                                             review triage (core/assist/reviews.h); labels
 *                                             (the LLM's) replace the keyword rules for their
 *                                             rows; LS_ENODATA without a reviews dataset
 *   settings  args none                     → [{name, value, default, choices, description}]:
 *                                             the metric settings (choices: [names] or null
 *                                             for free text; description in English)
 *   setSetting args {key, value}            → the settings as above, after the change; an
 *                                             unknown key (LS_ENOTFOUND) or a value it does
 *                                             not take (LS_EINVAL) fails with the reason and
 *                                             changes nothing
 *   setTimeZone args {tz}                   → info; tz is "UTC", an offset such as "+08:00"
 *                                             or an IANA name such as "Asia/Shanghai"; it
 *                                             decides day, week and month boundaries
 *   info      args none                     → {through, tz, datasets: [{name, kind, format,
 *                                               detected, signature, rows, bytes,
 *                                               columns: [{name, type, role, nulls,
 *                                               null_rate, unparseable?, …}], source:
 *                                               {format, encoding, dialect, …}, quality}]}
 *                                             as `lodestar inspect` prints it; tz is the
 *                                             zone's canonical name
 *   reset     args none                     → info; drops every dataset (a new, empty
 *                                             workspace in the same time zone, with the
 *                                             same settings)
 *   cancel    args {target: id}             → {target, cancelled}; aborts a load that is
 *                                             running or still queued (it then fails with
 *                                             cancelled: true). Answered at once.
 *   warm      args {module?: 'coming'}      → no reply; starts the engine now (web/engine-start.js
 *                                             sends it first, while the page still loads): with
 *                                             module 'coming' from the page's compiled module,
 *                                             sent next, else fetched and compiled here; a
 *                                             failure is reported by the next op
 *   module    args {module: WebAssembly.Module | null}
 *                                           → no reply; the module warm announced (null: the
 *                                             page could not compile it, the worker fetches it)
 *   start     args {wasmBinary}             → no reply; the single-file build's first message
 *                                             (web/engine-client.js inline mode): the engine
 *                                             starts from these bytes instead of fetching
 *                                             lodestar.wasm (the worker then runs from a Blob
 *                                             URL, with no file next to it). Sent before any
 *                                             other op; ignored once the engine has started.
 * The engine is created by the first op that needs it, so init is optional but
 * reports the constants and the metric catalog.
 */

let engine = null;      // from createEngine(), once
let enginePromise = null;
let ws = null;          // the one workspace
let salt = null;        // its masking key (privacy op), given to every workspace made after
let queue = Promise.resolve();
let moduleOptions = {}; // for createEngine(): {wasmBinary, locateFile} after 'start'
let pageModule = null;  // a promise of the page's compiled engine (or null) after warm {module: 'coming'}
let takeModule = null;  // resolves pageModule
const loads = new Map(); // id -> AbortController, for loads queued or running

const PROGRESS_INTERVAL_MS = 50;

/* ---- API ---- */

self.onmessage = (event) => {
  const msg = event.data || {};
  const { type, id } = msg;
  const args = msg.args || {};
  if (type === 'start') {
    if (!enginePromise && args.wasmBinary) {
      // locateFile: the glue then never resolves lodestar.wasm against import.meta.url,
      // which a bundled worker started from a Blob URL does not have
      moduleOptions = { wasmBinary: args.wasmBinary, locateFile: (path) => path };
    }
    return;
  }
  if (type === 'warm') {
    if (args.module === 'coming' && !enginePromise) pageModule = new Promise((ok) => { takeModule = ok; });
    getEngine().catch(() => {}); // the next op that needs the engine reports the failure
    return;
  }
  if (type === 'module') {
    if (takeModule) takeModule(args.module instanceof WebAssembly.Module ? args.module : null);
    takeModule = null;
    return;
  }
  if (type === 'cancel') {
    const ctl = loads.get(args.target);
    if (ctl) ctl.abort();
    post({ type, id, result: { target: args.target, cancelled: !!ctl } });
    return;
  }
  const op = OPS[type];
  if (!op) {
    post({ type: 'error', id, result: { op: String(type), message: `unknown op: ${type}` } });
    return;
  }
  let ctl = null;
  if (type === 'loadFile' || type === 'loadDemo') {
    ctl = new AbortController();
    loads.set(id, ctl);
  }
  queue = queue.then(async () => {
    try {
      if (ctl && ctl.signal.aborted) throw abortError();
      const { result, transfer } = await op(args, id, ctl && ctl.signal);
      post({ type, id, result }, transfer);
    } catch (err) {
      const cancelled = !!(ctl && ctl.signal.aborted);
      const result = { op: type, message: cancelled ? 'cancelled' : messageOf(err), cancelled };
      if (!cancelled && err && typeof err.status === 'string') result.status = err.status;
      if (!cancelled && err && Number.isInteger(err.offset) && err.offset >= 0) {
        Object.assign(result, { offset: err.offset, line: err.line, column: err.column });
      }
      post({ type: 'error', id, result });
    } finally {
      if (ctl) loads.delete(id);
    }
  });
};

const OPS = {
  async init() {
    const e = await getEngine();
    return { result: { constants: e.constants, catalog: e.catalog() } };
  },

  async loadFile(args, id, signal) {
    await getEngine();
    const file = args.file;
    if (!file || typeof file.size !== 'number') throw new Error('loadFile: args.file must be a File or Blob');
    const name = String(args.name || file.name || 'data.csv');
    let last = 0;
    const started = performance.now();
    const onProgress = (loaded, total, rows, phase) => {
      const now = Date.now();
      if (phase !== 'typing' && loaded < total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      post({ type: 'progress', id, result: { file: name, loaded, total, rows, ms: performance.now() - started, phase } });
    };
    post({ type: 'progress', id, result: { file: name, loaded: 0, total: file.size, rows: 0, ms: 0, phase: 'reading' } });
    ws.setNow(Date.now());
    const loaded = await ws.load(name, file, { options: args.options || {}, onProgress, signal });
    const info = ws.info();
    if (loaded && loaded.restored) info.restored = loaded.restored;
    return { result: info };
  },

  async saveWorkspace(args) {
    await getEngine();
    const bytes = ws.saveWorkspace({ page: args.page == null ? null : args.page });
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    return { result: { bytes: buffer, name: 'workspace.lodestar.sqlite', size: bytes.byteLength }, transfer: [buffer] };
  },

  async loadDemo(args) {
    await getEngine();
    const opts = {};
    for (const k of ['seed', 'users', 'days']) if (args[k] != null) opts[k] = Number(args[k]);
    ws.genDemo(opts);
    return { result: ws.info() };
  },

  async metric(args) {
    await getEngine();
    const r = ws.metric(args);
    const x = owned(r.x);
    const head = { metric: r.metric, grain: r.grain, unit: r.unit };
    if (r.segments) {
      const segments = r.segments.map((s) => ({ label: s.label, y: owned(s.y) }));
      return {
        result: { ...head, by: r.by, periods: r.periods, x, segments },
        transfer: [x.buffer, ...segments.map((s) => s.y.buffer)],
      };
    }
    const y = owned(r.y);
    return { result: { ...head, periods: r.periods, x, y }, transfer: [x.buffer, y.buffer] };
  },

  async defaultRules() {
    const e = await getEngine();
    return { result: e.defaultRules() };
  },

  async settings() {
    await getEngine();
    return { result: ws.settings() };
  },

  async setSetting(args) {
    await getEngine();
    if (typeof args.key !== 'string') throw new Error('setSetting: args.key must be a setting name');
    ws.setSetting(args.key, args.value == null ? '' : String(args.value));
    return { result: ws.settings() };
  },

  async setMapping(args) {
    await getEngine();
    ws.setMapping(Number(args.dataset), args.mapping || {});
    return { result: ws.info() };
  },

  async setTimeZone(args) {
    await getEngine();
    ws.setTimeZone(args.tz);
    return { result: ws.info() };
  },

  async privacy(args) {
    await getEngine();
    ws.setSalt(args.salt);
    salt = String(args.salt);
    return { result: { salt } };
  },

  async maskedCsv(args) {
    await getEngine();
    const i = Number(args.dataset);
    const text = ws.maskedCsv(i);
    return { result: { name: ws.info().datasets[i].name, text } };
  },

  async info() {
    await getEngine();
    ws.setNow(Date.now());
    return { result: ws.info() };
  },

  async reset() {
    await getEngine();
    const next = engine.newWorkspace();
    try {
      next.setTimeZone(ws.info().tz);
      if (salt) next.setSalt(salt);
      for (const s of ws.settings()) if (s.value !== s.default) next.setSetting(s.name, s.value);
    } catch (err) {
      next.free();
      throw err;
    }
    ws.free();
    ws = next;
    return { result: ws.info() };
  },
};

/* The ops whose result is the engine's JSON as it gives it (see the top). */
for (const op of ['cohorts', 'lifecycle', 'activeDays', 'retention', 'values', 'funnel', 'experiment', 'eventNames', 'paths',
  'monitor', 'notify', 'report', 'insights', 'ask', 'aggregates', 'tools', 'tool', 'sql', 'sqlSchema', 'reviews', 'whMapping']) {
  OPS[op] = async (args) => {
    await getEngine();
    return { result: ws[op](args) };
  };
}

/* ---- private ---- */

function getEngine() {
  if (!enginePromise) {
    enginePromise = (async () => {
      const { createEngine } = await import('./engine.js');
      const compiled = pageModule && (await pageModule);
      engine = await (compiled ? createFrom(createEngine, compiled) : createEngine(moduleOptions));
      ws = engine.newWorkspace();
      return engine;
    })();
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}

/* The engine from a module the page compiled: instantiated here through the glue's
 * instantiateWasm hook; a failure rejects (the glue alone would wait forever). */
function createFrom(createEngine, module) {
  let fail;
  const failed = new Promise((ok, no) => { fail = no; });
  const instantiateWasm = (imports, receive) => {
    WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), fail);
    return {}; // the exports arrive through receive
  };
  return Promise.race([createEngine({ ...moduleOptions, instantiateWasm }), failed]);
}

/* A Float64Array that owns its whole buffer, so transferring it detaches nothing
 * else (never the wasm memory). */
function owned(a) {
  if (!(a instanceof Float64Array)) return Float64Array.from(a || []);
  if (a.byteOffset === 0 && a.buffer.byteLength === a.byteLength && !isShared(a.buffer)) return a;
  return a.slice();
}

function isShared(buf) {
  return typeof SharedArrayBuffer !== 'undefined' && buf instanceof SharedArrayBuffer;
}

function abortError() {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

function messageOf(err) {
  if (err && typeof err.message === 'string' && err.message) return err.message;
  return String(err);
}

function post(msg, transfer) {
  self.postMessage(msg, transfer || []);
}
