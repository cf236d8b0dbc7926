// engine.js: the JS face of the Lodestar wasm module (wasm/exports.c).
//
// Used by the worker (wasm/worker.js) and by the Node tests; nothing else
// touches the raw exports. Every call that fails throws an Error carrying the
// engine's message (file, line, column for a malformed CSV) and, in
// err.status, the status name ('LS_ECURRENCY', 'LS_EINVAL', …). Series are
// copied out of wasm memory before the next call: views go stale when memory
// grows.
//
//   const engine = await createEngine();          // or createEngine({wasmBinary}) in Node
//   const ws = engine.newWorkspace();
//   await ws.loadCsv('subs.csv', file, {onProgress, signal});
//   ws.metric({metric: 'mrr', grain: 'month'});   // {metric, grain, unit, periods, x, y}
//   ws.metric({metric: 'mrr', by: 'Plan', where: [{column: 'Country', value: 'DE'}]})
//                                                 // {…, by, periods, x, segments: [{label, y}]}
//   ws.cohorts({grain: 'month'});                 // {grain, periods, customers, start_mrr, retention}
//   ws.lifecycle({period: 'week'}); ws.activeDays({period: 'month'});
//   ws.retention({period: 'week', mode: 'on'});   // {grain, cohorts, size, counts, mean, mean_size}
//   ws.values({column: 'event'});                 // {column, values, more}
//   ws.paths({after: 'signup', steps: 3});        // {pairs: [{from, to, users, transitions}], …, dropoff}
//   ws.setSetting('currency', 'USD'); ws.settings();  // [{name, value, default, choices, description}]
//   ws.funnel({steps: ['signup', 'upgrade'], window: '14d'});  // {steps: [{event, users, …}], segments}
//   ws.eventNames();                              // {names: [{name, events}], total}
//   ws.monitor({rules: null, at: null});          // {at, p0, rules, alerts, incidents, entities, reconcile, health}
//   ws.notify({monitor, target: 'slack', lang: 'en'}); ws.report({period: 'weekly', format: 'html'}) // text
//   ws.insights({grain: 'week'});                 // {movers: [...], contributions: [...]}
//   ws.ask({question: 'MRR'});                    // {metric, title, latest, series, rules, movers, …}
//   ws.aggregates();                              // {aggregates: [{metric, unit, grain, period, value, …}]}
//   ws.reviews({grain: 'week', labels: null});    // {total, negatives, periods, rate, counts, items, appeals}
//   engine.defaultRules();                        // the default rules file (JSON text)
//   ws.tools();                                   // [{name, description, input_schema}]: the assistant's tools
//   ws.tool({name: 'get_metric', args: {name: 'mrr'}}); // the tool's result (docs/assistant.md "Tools")
//   ws.sql({query: 'SELECT …', max_rows: 100, max_ms: 5000}); // {query, columns, rows, row_count, truncated}
//   ws.sqlSchema();                               // {tables: [{name, alias, dataset, kind, rows, columns}]}
//   ws.whMapping();                               // {text}: the warehouse mapping file (docs/warehouse.md)
//   ws.saveWorkspace({page});                     // Uint8Array: a .lodestar.sqlite workspace file
//   await ws.load('my.lodestar.sqlite', bytes);   // → {restored: {version, page}}: the workspace replaced
import createLodestar from './lodestar.js';

const CHUNK = 4 << 20; // bytes handed to the parser per call, by default
const SAMPLE = 64 << 10; // bytes of each sniffing sample

export async function createEngine(moduleOptions = {}) {
  const M = await createLodestar(moduleOptions);
  return new Engine(M);
}

class Engine {
  constructor(M) {
    this.M = M;
    this.constants = JSON.parse(takeString(M, M._lsw_constants()));
    this.status = this.constants.status;
    this.statusName = Object.fromEntries(Object.entries(this.status).map(([name, code]) => [code, name]));
  }

  catalog() {
    return JSON.parse(takeString(this.M, this.M._lsw_catalog()));
  }

  // The default rules file (core/monitor/monitor.h) as its JSON text.
  defaultRules() {
    return takeString(this.M, this.M._lsw_default_rules());
  }

  newWorkspace() {
    const p = this.M._lsw_workspace_new();
    if (!p) throw new Error('out of memory');
    return new Workspace(this, p);
  }
}

class Workspace {
  constructor(engine, ptr) {
    this.engine = engine;
    this.M = engine.M;
    this.ptr = ptr;
  }

  free() {
    if (this.ptr) this.M._lsw_workspace_free(this.ptr);
    this.ptr = 0;
  }

  check(status) {
    if (status === 0) return;
    const err = new Error(this.M.UTF8ToString(this.M._lsw_errmsg(this.ptr)));
    err.status = this.engine.statusName[status] ?? 'LS_EINVAL';
    throw err;
  }

  info() {
    return JSON.parse(takeString(this.M, this.M._lsw_workspace_info(this.ptr)));
  }

  // zone: "UTC", an offset such as "+08:00", or an IANA name such as
  // "America/New_York"; throws on an unknown zone (the message lists the forms).
  setTimeZone(zone) {
    withString(this.M, String(zone), (p) => this.check(this.M._lsw_set_tz(this.ptr, p)));
  }

  // The privacy masking key: 32 hex digits (docs/privacy.md); LS_EINVAL otherwise.
  setSalt(hex) {
    withString(this.M, String(hex), (p) => this.check(this.M._lsw_set_salt(this.ptr, p)));
  }

  // Dataset i as CSV text with its personal-data columns masked (what leaves
  // the page: share links with inline data).
  maskedCsv(i) {
    const p = this.M._lsw_masked_csv(this.ptr, i | 0);
    if (!p) this.check(this.M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    return takeString(this.M, p);
  }

  genDemo({seed = 42, users = 0, days = 0} = {}) {
    this.check(this.M._lsw_gen_demo(this.ptr, seed >>> 0, users | 0, days | 0));
  }

  // Load one file of any kind the engine reads (CSV, JSON Lines, SQLite,
  // gzip of those; see workspace/load.h). source: Uint8Array, ArrayBuffer or
  // Blob/File, streamed, never copied whole. options: {encoding, delimiter,
  // quote, escape, header, skip, ragged: 'fix'|'error', append, types:
  // {column: type}}; anything absent is detected. onProgress(loaded, total,
  // rows, phase) after each chunk (loaded counts the file's own bytes; phase
  // 'reading'), and once more (phase 'typing') when every byte is read and the
  // columns are being typed. Resolves with {} or, when the file was a
  // workspace file (core/workspace/wsfile.h: it replaced every dataset, the
  // zone and the settings), {restored: {version, page}}: page is the object
  // saveWorkspace was given, or null.
  async load(name, source, {options = {}, onProgress, signal, chunkSize = CHUNK} = {}) {
    const M = this.M;
    const total = source.byteLength ?? source.size;
    const head = await sliceBytes(source, 0, Math.min(total, 2));
    const gzip = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b && typeof source.stream === 'function';
    const opts = gzip ? {...options, gunzipped: total} : options;
    withString(M, name, (pn) => withString(M, JSON.stringify(opts), (po) => this.check(M._lsw_load_begin(this.ptr, pn, po))));
    const buf = M._lsw_malloc(chunkSize);
    if (!buf) throw new Error(`${name}: out of memory`);
    const feed = (bytes, at) => {
      if (signal?.aborted) throw new DOMException(`${name}: load cancelled`, 'AbortError');
      M.HEAPU8.set(bytes, buf);
      this.check(M._lsw_load_chunk(this.ptr, buf, bytes.length));
      onProgress?.(at, total, M._lsw_load_rows(this.ptr), 'reading');
    };
    try {
      if (!gzip) await this.#samples(source, total, buf, chunkSize);
      if (gzip) {
        // the browser decompresses; the engine sees the plain bytes
        let read = 0;
        const counted = source.stream().pipeThrough(new TransformStream({
          transform(chunk, ctl) { read += chunk.length; ctl.enqueue(chunk); },
        }));
        await forChunks(counted.pipeThrough(new DecompressionStream('gzip')), chunkSize, (b) => feed(b, read));
      } else if (typeof source.stream === 'function') {
        let at = 0;
        await forChunks(source.stream(), chunkSize, (b) => feed(b, (at += b.length)));
      } else {
        for (let at = 0; at < total; at += chunkSize) {
          const end = Math.min(total, at + chunkSize);
          feed(await sliceBytes(source, at, end), end);
        }
      }
      if (signal?.aborted) throw new DOMException(`${name}: load cancelled`, 'AbortError');
      // every byte is read; the columns are typed now, which takes a while
      onProgress?.(total, total, M._lsw_load_rows(this.ptr), 'typing');
      this.check(M._lsw_load_end(this.ptr));
      return this.#restored();
    } catch (e) {
      M._lsw_load_abort(this.ptr);
      if (e?.name === 'TypeError' && gzip) throw new Error(`${name}: corrupt or truncated gzip data (${e.message})`);
      throw e;
    } finally {
      M._lsw_free(buf);
    }
  }

  // The name kept for callers of the first version.
  loadCsv(name, source, opts) {
    return this.load(name, source, opts);
  }

  // What the load just ended restored: {restored: {version, page}} or {}.
  #restored() {
    const p = this.M._lsw_take_restored(this.ptr);
    if (!p) return {};
    const r = JSON.parse(takeString(this.M, p));
    let page = null;
    try {
      page = r.page == null ? null : JSON.parse(r.page);
    } catch {
      page = null; // a page state that does not parse is as good as none
    }
    return { restored: { version: r.version, page } };
  }

  // The whole workspace (datasets, mappings, settings, zone) and page (any
  // JSON-able value, e.g. the page state; stored as JSON text) as a workspace
  // file: a Uint8Array of its own (copied out of wasm memory).
  saveWorkspace({page = null} = {}) {
    const M = this.M;
    const out = M._lsw_malloc(8);
    if (!out) throw new Error('out of memory');
    try {
      const save = (pp) => this.check(M._lsw_save_workspace(this.ptr, pp, out));
      if (page == null) save(0);
      else withString(M, JSON.stringify(page), save);
      const ptr = M.HEAPU32[out >> 2], n = M.HEAPU32[(out >> 2) + 1];
      try {
        return M.HEAPU8.slice(ptr, ptr + n);
      } finally {
        M._lsw_wsfile_free(ptr);
      }
    } finally {
      M._lsw_free(out);
    }
  }

  // Bytes from the middle and the end of a large file, for the dialect sniffer.
  async #samples(source, total, buf, chunkSize) {
    const size = Math.min(SAMPLE, chunkSize);
    if (total <= 4 * size) return;
    for (const q of [1, 2, 3, 4]) {
      const at = q === 4 ? total - size : Math.floor((total / 4) * q) & ~1;
      const bytes = await sliceBytes(source, at, at + size);
      this.M.HEAPU8.set(bytes, buf);
      this.check(this.M._lsw_load_sample(this.ptr, buf, bytes.length, q === 4 ? 1 : 0));
    }
  }

  // The instant data quality is measured against (default: the engine's 0).
  setNow(ms) {
    this.M._lsw_set_now(this.ptr, Number(ms));
  }

  // mapping: {kind?, roles?: {role: column | null}} for dataset index i.
  setMapping(i, mapping) {
    withString(this.M, JSON.stringify(mapping), (p) => this.check(this.M._lsw_set_mapping(this.ptr, i | 0, p)));
  }

  // The metric settings: [{name, value, default, choices: [..] | null, description}].
  settings() {
    return JSON.parse(takeString(this.M, this.M._lsw_settings(this.ptr)));
  }

  // Set one setting from its text form ('currency', 'EUR'); throws with the
  // reason (LS_ENOTFOUND, LS_EINVAL) and changes nothing then.
  setSetting(key, value) {
    withString(this.M, String(key), (pk) =>
      withString(this.M, String(value ?? ''), (pv) => this.check(this.M._lsw_set_setting(this.ptr, pk, pv))));
  }

  // spec: {metric, grain?, from?, to?, where?: [{column, value}], by?, event?,
  //        property?, top?}  (event: one event name; property: the number
  //        column of property math; top: keep the top segments by total)
  //   -> {metric, grain, unit, periods, x, y}
  //   or, with by (or for a metric always broken down, such as mrr_by_plan),
  //   -> {metric, grain, unit, by, periods, x, segments: [{label, y}]}
  // x: period starts (unix seconds); y: values, NaN where undefined. where
  // values may be numbers or booleans: they match the cell's text.
  metric(spec) {
    const M = this.M;
    const s = withString(M, JSON.stringify(metricSpec(spec)), (p) => M._lsw_metric(this.ptr, p));
    if (!s) this.check(M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    try {
      const n = M._lsw_series_len(s);
      const values = (p) => M.HEAPF64.slice(p >> 3, (p >> 3) + n);
      const info = JSON.parse(M.UTF8ToString(M._lsw_series_info(s)));
      info.x = values(M._lsw_series_x(s));
      if (info.segments) info.segments = info.segments.map((label, k) => ({ label, y: values(M._lsw_series_segment_y(s, k)) }));
      else info.y = values(M._lsw_series_y(s));
      return info;
    } finally {
      M._lsw_series_free(s);
    }
  }

  // The revenue cohorts. spec: {grain?, from?, to?, where?} ("by" is refused)
  //   -> {grain, periods: [names], customers: [n], start_mrr: [currency],
  //       retention: [[fraction | null]]}: row q has the n - q cells of periods
  //       q, q + 1, …; each the cohort's MRR then / its start_mrr (1 at k = 0).
  cohorts(spec = {}) {
    return this.#json('_lsw_cohorts', spec);
  }

  // Lifecycle of active users. spec: {period?: 'day'|'week'|'month', from?, to?, where?}
  //   -> {grain, periods, new, returning, resurrecting, dormant} (dormant positive)
  lifecycle(spec = {}) {
    return this.#json('_lsw_lifecycle', spec);
  }

  // Users by active days per period. spec: {period?: 'week'|'month', from?, to?, where?}
  //   -> {grain, periods, days: [[users active on exactly 1, 2, … days]]}
  activeDays(spec = {}) {
    return this.#json('_lsw_active_days', spec);
  }

  // The retention matrix. spec: {period?, type?, mode?, buckets?, start_event?,
  // return_event?, from?, to?, where?, by?}
  //   -> {grain, cohorts: [names], size: [n], counts: [[n | null]] (null: not observable yet),
  //       mean: [share | null] (the weighted mean row), mean_size}
  //   with by: {grain, cohorts, by, segments: [labels],
  //             matrices: [{segment, size, counts, mean, mean_size}]}
  retention(spec = {}) {
    return this.#json('_lsw_retention', spec);
  }

  // The distinct values of a column. spec: {column, kind?: 'events', where?, max?: 200}
  //   -> {column, values: [sorted texts], more} (more: over max, values empty)
  values(spec = {}) {
    return this.#json('_lsw_values', spec);
  }

  // An export taking a JSON spec and returning JSON (NULL: status on the workspace).
  #json(fn, spec) {
    return JSON.parse(this.#text(fn, spec));
  }

  // An export taking a JSON spec and returning text (NULL: status on the workspace).
  #text(fn, spec) {
    const M = this.M;
    const p = withString(M, JSON.stringify(metricSpec(spec)), (ps) => M[fn](this.ptr, ps));
    if (!p) this.check(M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    return takeString(M, p);
  }

  // The funnel (metrics/funnel.h). spec: {steps: [names, 2..20], window?:
  // '14d' | seconds, order?: 'sequential'|'strict'|'any', exclude?: [names],
  // by?, from?, to? (days, to inclusive), where?: [{column, value}]}
  //   -> {steps: [{event, users, from_start, from_previous, median_seconds,
  //       mean_seconds}], segments: [labels] | null, by, order, window_seconds}
  //   each step's numbers one per segment (one without by), null = undefined.
  funnel(spec) {
    return this.#json('_lsw_funnel', spec);
  }

  // An A/B test (docs/experiments.md). spec: {variant, goal: {event} | {metric,
  // event?}, control?, exposure?, cuped?, weights?, from?, to?, where?}
  //   -> {variants: [{name, exposures, conversions, value, ci, lift, chance, …}],
  //       method, cuped, srm, srm_test, insufficient, reason, winner, …}
  experiment(spec) {
    return this.#json('_lsw_experiment', spec);
  }

  // The event names of the events dataset, most frequent first (at most 500):
  //   -> {names: [{name, events}], total: distinct names}; LS_ENODATA without events.
  eventNames() {
    const p = this.M._lsw_event_names(this.ptr);
    if (!p) this.check(this.M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    return JSON.parse(takeString(this.M, p));
  }

  // Paths through sessions (docs/metrics.md "Paths"). spec: {after?, before?,
  // steps?, top?, from?, to?, where?}: from and to are days, both included.
  //   -> {pairs: [{from, to, users, transitions}], distinct, sessions, users}
  //   and with after, dropoff: [{step, sessions, users, ended_sessions, ended_users}]
  paths(spec = {}) {
    return this.#json('_lsw_paths', spec);
  }

  // The rules run (core/monitor/monitor.h). spec: {rules: the rules file's
  // text | null (default rules), at: 'YYYY-MM-DD' (included) | null (as-of)}
  //   -> {at, p0, rules: [{id, status, series: {period, value, fired}, …}],
  //       alerts, incidents, entities, reconcile, health}
  //   A bad rules file throws (LS_EINVAL / LS_EPARSE) naming the rule.
  monitor(spec = {}) {
    return this.#json('_lsw_monitor', spec);
  }

  // A webhook body. spec: {monitor: a monitor() result, target: 'slack' |
  // 'feishu' | 'dingtalk', lang?: 'en' | 'zh-CN' | 'zh-TW'} -> the body (object)
  notify(spec) {
    return this.#json('_lsw_notify', spec);
  }

  // The report. spec: {period?: 'daily'|'weekly'|'monthly', at?, format?:
  // 'html'|'md', lang?, rules?} -> its text (HTML or Markdown)
  report(spec = {}) {
    return this.#text('_lsw_report', spec);
  }

  // Insights. spec: {grain?: 'day'|'week'|'month', at?, metric?, dims?}
  //   -> {movers: [{metric, unit, grain, period, value, previous, change,
  //       change_pct, lower_is_better}], contributions: [{metric, …, dimensions}]}
  insights(spec = {}) {
    return this.#json('_lsw_insights', spec);
  }

  // The offline answer (core/assist/offline.h). spec: {question: text}
  //   -> {question, matched: [{metric, synonym, score}], metric | null, title,
  //       unit, description, grain, available, latest: {period, value,
  //       previous_period, previous, change, change_pct, lower_is_better} | null,
  //       series: {periods, values} | null, by, segments, rules, movers,
  //       contribution, suggestions}
  ask(spec) {
    return this.#json('_lsw_ask', spec);
  }

  // The latest value of every metric that runs without arguments:
  //   -> {aggregates: [{metric, unit, grain, period, value, previous, change_pct}]}
  aggregates() {
    const p = this.M._lsw_aggregates(this.ptr);
    if (!p) this.check(this.M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    return JSON.parse(takeString(this.M, p));
  }

  // The assistant's tool definitions (core/assist/tools.h):
  //   -> [{name, description, input_schema}]
  tools() {
    const p = this.M._lsw_tools(this.ptr);
    if (!p) this.check(this.M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    return JSON.parse(takeString(this.M, p));
  }

  // Run one tool. spec: {name, args: {…} | null, max_ms?: run_sql's deadline
  // (default 5000)} -> the tool's result (docs/assistant.md "Tools"); an
  // unknown tool or metric throws LS_ENOTFOUND, bad args LS_EINVAL.
  tool(spec) {
    return this.#json('_lsw_tool', spec);
  }

  // Read-only SQL over the datasets (docs/sql.md). spec: {query, max_rows?
  // (default 1000), max_ms? (default 5000)} -> {query, columns: [{name,
  // type}], rows: [[cell]], row_count, truncated}; a write, two statements or
  // an empty query throw LS_EINVAL, a syntax error LS_EPARSE, a limit LS_ERANGE.
  // The error also carries err.offset (bytes into the query, -1: no place),
  // err.line and err.column (1-based, in characters; 0 without a place).
  sql(spec) {
    try {
      return this.#json('_lsw_sql', spec);
    } catch (err) {
      const p = this.M._lsw_sql_error_at(this.ptr);
      if (p) Object.assign(err, JSON.parse(takeString(this.M, p)));
      throw err;
    }
  }

  // The tables SQL sees, no row read (docs/sql.md "Schema"):
  //   -> {tables: [{name, alias, dataset, kind, rows, columns: [{name, sql_type, type}]}]}
  sqlSchema() {
    const p = this.M._lsw_sql_schema(this.ptr);
    if (!p) this.check(this.M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    return JSON.parse(takeString(this.M, p));
  }

  // The warehouse mapping of the loaded datasets (core/warehouse/whmap.h), the
  // file `lodestar mapping` prints: -> {text}, the JSON text as the CLI writes it.
  whMapping() {
    const p = this.M._lsw_wh_mapping(this.ptr);
    if (!p) this.check(this.M._lsw_status(this.ptr) || this.status.LS_ENOMEM);
    return { text: takeString(this.M, p) };
  }

  // Review triage (core/assist/reviews.h). spec: {grain?: 'day'|'week'|'month'
  // (week), from?, to?, labels?: [{row, category, reason, evidence}] (the LLM's)}
  //   -> {dataset, negative_rule: {at_most, max_rating}, total, negatives, grain,
  //       periods, reviews, rate: {category: [share | null]}, counts, items, appeals}
  //   LS_ENODATA without a reviews dataset.
  reviews(spec = {}) {
    return this.#json('_lsw_reviews', spec);
  }
}

// The spec as the engine reads it: where values as the text of the cell.
function metricSpec(spec) {
  if (!spec || !Array.isArray(spec.where)) return spec;
  const text = (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  return { ...spec, where: spec.where.map((c) => (c && typeof c === 'object' ? { ...c, value: text(c.value) } : c)) };
}

async function sliceBytes(source, at, end) {
  if (source instanceof Uint8Array) return source.subarray(at, end);
  if (source instanceof ArrayBuffer) return new Uint8Array(source, at, end - at);
  return new Uint8Array(await source.slice(at, end).arrayBuffer());
}

// Read a stream, handing fn pieces of exactly size bytes (the last shorter).
async function forChunks(stream, size, fn) {
  const reader = stream.getReader();
  let pending = new Uint8Array(size), fill = 0;
  try {
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      let off = 0;
      while (off < value.length) {
        const take = Math.min(size - fill, value.length - off);
        pending.set(value.subarray(off, off + take), fill);
        fill += take;
        off += take;
        if (fill === size) {
          fn(pending);
          fill = 0;
        }
      }
    }
    if (fill) fn(pending.subarray(0, fill));
  } finally {
    reader.releaseLock();
  }
}

function withString(M, s, fn) {
  const n = M.lengthBytesUTF8(s) + 1;
  const p = M._lsw_malloc(n);
  if (!p) throw new Error('out of memory');
  try {
    M.stringToUTF8(s, p, n);
    return fn(p);
  } finally {
    M._lsw_free(p);
  }
}

function takeString(M, p) {
  if (!p) throw new Error('out of memory');
  try {
    return M.UTF8ToString(p);
  } finally {
    M._lsw_free(p);
  }
}
