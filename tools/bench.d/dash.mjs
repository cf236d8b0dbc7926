// dash.mjs: `tools/bench [dashboard] [--quick]`, issue 9: Lodestar against
// DuckDB-WASM in the same headless Chromium, on one workspace (events.csv,
// customers.csv, subscriptions.csv: dash-data.mjs), one table.
//
//   1. the ops: the app itself (build/site) loads the three files and opens the
//      Overview, Revenue, Users, Retention and Funnels views (and the Product
//      view, for the latency percentiles and error rate only it asks); every
//      request its worker receives is recorded (dash-browser.mjs
//      recordAppOps), once without a filter and once with the filter channel =
//      google_ads in the hash, as the filter bar writes it. The figures no view
//      asks (dash-canon-worker.mjs) are added and named in the report.
//   2. start-up: each engine in fresh contexts, interleaved, medians.
//   3. per workspace (1M; the full run adds 10M): runs interleaved, each
//      engine in a fresh context: ingest, dashboard, filter change, memory.
//      Before any time is printed, the first run's answers of both engines
//      must agree figure by figure (dash-sql.mjs compareCanon), unfiltered and
//      filtered; every later run must give the first run's figures again.
//   4. natively (dash-native.mjs runNative): the CLI's core against DuckDB's
//      Node API on the same files.
// Prints the table; writes build/bench/dashboard-<stamp>.json. What is timed:
// docs/performance.md, "Lodestar against DuckDB-WASM".
//
//   node tools/bench.d/dash.mjs [--quick] [--record]   (after tools/build native site web)
// --record: record the app's ops again even when the kept ones fit (appOps).
// Exit 0 whether or not the targets are met; 1 when a run fails or the figures differ.
import { loadavg } from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDashData } from './dash-data.mjs';
import { DASH_METRICS, FILTER, canonFromDuck, compareCanon, duckSql } from './dash-sql.mjs';
import { runNative } from './dash-native.mjs';
import { VIEWS, canonJson, openDash } from './dash-browser.mjs';
import { WHERE_OPS, canonFromWorker, canonOps, withFilter } from './dash-canon-worker.mjs';
import { machine } from './machine.mjs';
import { median } from './runs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const QUICK = process.argv.includes('--quick');
const RECORD = process.argv.includes('--record'); // record the app's ops even when the kept ones fit
const PLAN = QUICK
  ? { labels: ['1M'], startups: 3, reps: { '1M': 1 } }
  : { labels: ['1M', '10M'], startups: 5, reps: { '1M': 3, '10M': 1 } };
export const TARGETS = { startupMs: 150, startupKB: 700, ingest: 5, dashboard: 10, filterMs: 100, tenMDashboardMs: 2000 };

const started = new Date();
const load0 = loadavg();
const log = (s) => process.stderr.write(`bench: ${s}\n`);

const inputs = PLAN.labels.map((label) => ensureDashData(label));
const files = (d) => [d.files.events, d.files.customers, d.files.subscriptions];
const url = (f) => `/${relative(join(ROOT, 'build/bench'), f)}`;
const c = await openDash(ROOT);
let report;
try {
  // 1. the views' ops, from the app itself, on the first workspace
  const rec = await appOps(c, inputs[0]);
  const viewOps = VIEWS.flatMap((v) => rec.byView[v] || []);
  const dash = canonOps(viewOps, null);
  const productOps = rec.byView.product || [];
  const fromProduct = dash.added.filter((n) => productOps.some(([op, a]) => op === dash.ops[dash.at[n]][0]
    && canonJson(a) === canonJson(dash.ops[dash.at[n]][1])));
  const filterBase = viewOps.filter(([op]) => WHERE_OPS.has(op)).map(([op, a]) => [op, withFilter(op, a, FILTER)]);
  const filt = canonOps(filterBase, FILTER);
  const appCheck = checkFilteredOps(rec.filteredByView, filt.ops);

  // 2. start-up
  const startup = { lodestar: [], duckdb: [] };
  for (let r = 0; r < PLAN.startups; r++) {
    for (const e of ['lodestar', 'duckdb']) startup[e].push(await c.startup(e));
  }

  // 3. each workspace
  const work = [];
  for (const input of inputs) {
    const urls = files(input).map(url);
    const jobs = {
      lodestar: { urls, ops: dash.ops, filterOps: filt.ops, figureOps: figureOps(dash) },
      duckdb: { urls, queries: duckSql({ filter: false }), filterQueries: duckSql({ filter: true }) },
    };
    const runs = { lodestar: [], duckdb: [] };
    const errors = {};
    let agreed = null;
    for (let r = 0; r < PLAN.reps[input.label]; r++) {
      for (const e of ['lodestar', 'duckdb']) {
        if (errors[e]) continue;
        log(`${input.label}: ${e} run ${r + 1}`);
        try {
          runs[e].push(await c.run(e, jobs[e]));
        } catch (err) {
          errors[e] = String(err.message || err);
          log(`${input.label}: ${e} failed: ${errors[e]}`);
        }
      }
      if (r === 0) agreed = verify(input.label, runs, dash, filt);
      else sameAsFirst(input.label, runs, dash, filt);
    }
    work.push(summarize(input, runs, errors, agreed, { dash: dash.ops.map(opLabel), filter: filt.ops.map(opLabel),
      figures: figureOps(dash).map(opLabel) }));
  }

  // 4. natively
  const native = [];
  for (const input of inputs) native.push(...(await runNative({ label: input.label, quick: QUICK })));

  report = {
    chromium: c.version,
    data: inputs.map((i) => ({ label: i.label, dir: relative(ROOT, i.dir), rows: i.rows, bytes: i.bytes })),
    ops: {
      byView: Object.fromEntries([...VIEWS, 'product'].map((v) => [v, rec.byView[v] || []])),
      replayed: dash.ops.length, added: dash.added, added_from_product_view: fromProduct,
      recorded_now: !rec.cached, filtered: filt.ops.length, filtered_added: filt.added, app_filtered_check: appCheck,
      app_filtered_by_view: rec.filteredByView, filter_bar_columns: rec.filterColumns,
    },
    startup: summarizeStartup(startup),
    workspaces: work,
    native,
    targets: TARGETS,
  };
} finally {
  await c.close();
}

const lines = table(report);
process.stdout.write(`${lines.join('\n')}\n`);
const out = join(ROOT, 'build/bench', `dashboard-${started.toISOString().slice(0, 19).replaceAll(':', '')}Z.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ bench: 'dashboard', quick: QUICK, date: started.toISOString(),
  seconds: (Date.now() - started) / 1000, machine: machine(load0), ...report }, null, 2)}\n`);
process.stdout.write(`written ${relative(ROOT, out)}\n`);

/* The app's ops (dash-browser.mjs recordAppOps, with the filter) on input,
 * kept in build/bench/dash-ops-<label>.json and taken from there when they
 * were recorded from the same app (every file of build/site) and the same
 * data (its stamp), unless --record. */
async function appOps(c, input) {
  const site = join(ROOT, 'build/site');
  const hash = createHash('sha1');
  for (const f of readdirSync(site, { recursive: true }).sort()) {
    const abs = join(site, f);
    if (statSync(abs).isFile()) hash.update(f).update(readFileSync(abs));
  }
  hash.update(readFileSync(join(input.dir, 'stamp')));
  const key = hash.digest('hex');
  const cache = join(ROOT, 'build/bench', `dash-ops-${input.label}.json`);
  if (!RECORD && existsSync(cache)) {
    const kept = JSON.parse(readFileSync(cache, 'utf8'));
    if (kept.key === key) {
      log(`the app's worker ops: ${relative(ROOT, cache)} (recorded from this build/site and data)`);
      return { ...kept.rec, cached: true };
    }
  }
  log('recording the app\'s worker ops (build/site: the five views, then the filter)');
  const rec = await c.recordAppOps(files(input), { filter: FILTER });
  mkdirSync(dirname(cache), { recursive: true });
  writeFileSync(cache, `${JSON.stringify({ key, rec })}\n`);
  return { ...rec, cached: false };
}

/* ---- the figures ---- */

/* The ops that carry the verified figures alone, each once, in the order of
 * the replay: the work DuckDB's queries do. */
function figureOps(dash) {
  return [...new Set(DASH_METRICS.map((n) => dash.at[n]))].sort((a, b) => a - b).map((i) => dash.ops[i]);
}

/* The first run's figures of both engines, unfiltered and filtered, compared;
 * throws on the first difference (no time is printed then). → {metrics, filtered} */
function verify(label, runs, dash, filt) {
  const [l] = runs.lodestar, [d] = runs.duckdb;
  if (!l) throw new Error(`${label}: Lodestar did not run: nothing to verify`);
  if (!d) return { metrics: 0, filtered: 0, unverified: 'DuckDB-WASM did not run' };
  const problems = [];
  for (const [suffix, answers, rows, at] of [['', l.answers, d.rows, dash.at], [' (filtered)', l.filterAnswers, d.filterRows, filt.at]]) {
    for (const name of DASH_METRICS) {
      const a = answers[at[name]];
      if (!a || a.error) { problems.push(`${name}${suffix}: Lodestar: ${a ? a.error : 'no answer'}`); continue; }
      const diff = compareCanon(canonFromWorker(name, a.ok), canonFromDuck(name, rows[name]));
      if (diff.length) problems.push(`${name}${suffix}: ${diff.slice(0, 3).join('; ')}`);
    }
  }
  if (problems.length) throw new Error(`${label}: Lodestar's and DuckDB-WASM's figures differ:\n  ${problems.join('\n  ')}`);
  return { metrics: DASH_METRICS.length, filtered: DASH_METRICS.length };
}

/* A later run gives the first run's figures again (both engines). */
function sameAsFirst(label, runs, dash, filt) {
  const figures = (r) => (r.answers
    ? DASH_METRICS.map((n) => [canonFromWorker(n, r.answers[dash.at[n]].ok), canonFromWorker(n, r.filterAnswers[filt.at[n]].ok)])
    : DASH_METRICS.map((n) => [canonFromDuck(n, r.rows[n]), canonFromDuck(n, r.filterRows[n])]));
  for (const e of ['lodestar', 'duckdb']) {
    const rs = runs[e];
    if (rs.length < 2) continue;
    if (JSON.stringify(figures(rs[0])) !== JSON.stringify(figures(rs[rs.length - 1]))) throw new Error(`${label}: ${e}'s figures changed between runs`);
  }
}

/* The app's own filtered ops of the views the filter bar serves (Users,
 * Retention, Funnels) must be among the bench's filtered ops. */
function checkFilteredOps(byView, ops) {
  const bench = new Set(ops.map(([op, a]) => `${op} ${canonJson(a)}`));
  const app = ['users', 'retention', 'funnels'].flatMap((v) => byView[v] || [])
    .filter(([op, a]) => WHERE_OPS.has(op) && a.where);
  const missing = app.map(([op, a]) => `${op} ${canonJson(a)}`).filter((k) => !bench.has(k));
  if (missing.length) throw new Error(`the app's filtered ops are not all in the bench's: ${missing.slice(0, 3).join('; ')}`);
  return { app_ops: app.length, all_replayed: true };
}

/* ---- the numbers ---- */

function summarizeStartup(s) {
  const one = (xs) => ({ runs: xs, ms: median(xs.map((x) => x.ms)), raw: xs[0].raw, gzip: xs[0].gzip, files: xs[0].files });
  return { lodestar: one(s.lodestar), duckdb: one(s.duckdb) };
}

function summarize(input, runs, errors, agreed, labels) {
  const side = (rs, e) => {
    if (!rs.length) return { error: errors[e] || 'no run' };
    const ingestMs = median(rs.map((r) => r.ingest.ms));
    return {
      version: rs[0].version,
      runs: rs.map((r) => ({ ingest_ms: r.ingest.ms, dashboard_ms: r.dashboard.ms, filter_ms: r.filter.ms, figures_ms: r.figures?.ms,
        wasm_bytes: r.wasmBytes, rss_peak: r.rssPeak, rows: r.ingest.rows })),
      ingest_ms: ingestMs,
      ingest_mb_s: input.bytes.total / 1e6 / (ingestMs / 1000),
      dashboard_ms: median(rs.map((r) => r.dashboard.ms)),
      ...(e === 'lodestar' ? { figures_ms: median(rs.map((r) => r.figures.ms)) } : {}),
      filter_ms: median(rs.map((r) => r.filter.ms)),
      per_op: perOp(rs[0].dashboard.per, labels.dash),
      ...(e === 'lodestar' ? { per_op_figures: perOp(rs[0].figures.per, labels.figures),
        per_op_filter: perOp(rs[0].filter.per, labels.filter) } : {}),
      wasm_bytes: Math.max(...rs.map((r) => r.wasmBytes ?? 0)) || null,
      rss_peak: Math.max(...rs.map((r) => r.rssPeak ?? 0)) || null,
      ...(errors[e] ? { error: errors[e] } : {}),
    };
  };
  return { label: input.label, rows: input.rows, bytes: input.bytes, agreed,
    lodestar: side(runs.lodestar, 'lodestar'), duckdb: side(runs.duckdb, 'duckdb') };
}

/* Each op's (query's) own share of the time: its answer minus the one before
 * (the worker answers one op at a time, in the order posted). */
function perOp(per, labels) {
  const sorted = [...per].sort((a, b) => a.ms - b.ms);
  return sorted.map((p, i) => ({ name: p.name || labels[p.i], at: +p.ms.toFixed(1),
    own: +(p.ms - (i ? sorted[i - 1].ms : 0)).toFixed(1) }));
}

/* 'metric mrr by channel @month', 'retention', … */
function opLabel([op, a]) {
  if (op !== 'metric') return op;
  return `${a.metric}${a.by ? ` by ${a.by}` : ''}${a.property ? ` of ${a.property}` : ''} @${a.grain}`;
}

/* The slowest ops of a replay: 'name own-ms, …'. */
function slowest(per, n = 4) {
  return [...per].sort((a, b) => b.own - a.own).slice(0, n).map((p) => `${p.name} ${Math.round(p.own).toLocaleString('en-US')}`).join(', ');
}

function table(r) {
  const out = [];
  const f = (x, d = 0) => (x == null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
  const ratio = (a, b) => (a != null && b != null && b > 0 ? `${(a / b).toFixed(1)}x` : '');
  const row = (m, a, b, q, t) => `${m.padEnd(26)}${String(a).padStart(10)}${String(b).padStart(14)}${String(q).padStart(18)}   ${t}`;
  const s = r.startup;
  for (const w of r.workspaces) {
    const d = r.data.find((x) => x.label === w.label);
    const L = w.lodestar, D = w.duckdb;
    out.push(`${w.label} events (${f(d.rows.events)} rows, ${f(d.bytes.events / 1e6, 1)} MB) + ${f(d.rows.subscriptions)} subscriptions` +
      ` + ${f(d.rows.customers)} customers (${f(d.bytes.total / 1e6, 1)} MB in all), Chromium ${r.chromium}, load ${loadavg()[0].toFixed(1)}`);
    out.push(row('measure', 'lodestar', 'duckdb-wasm', 'lodestar/duckdb', 'target'));
    if (w === r.workspaces[0]) {
      out.push(row('startup ms', f(s.lodestar.ms), f(s.duckdb.ms), ratio(s.duckdb.ms, s.lodestar.ms), `< ${TARGETS.startupMs} ms`));
      // kB = 1000 bytes: the stricter reading of the target (687 KiB is 704 kB)
      out.push(row('startup kB (gzip js+wasm)', f(s.lodestar.gzip / 1000), f(s.duckdb.gzip / 1000), '', `< ${TARGETS.startupKB} kB`));
      out.push(row('startup kB (raw js+wasm)', f(s.lodestar.raw / 1000), f(s.duckdb.raw / 1000), '', ''));
    }
    const dead = (x) => (x.error && !x.runs ? `failed` : null);
    out.push(row('ingest MB/s', dead(L) || f(L.ingest_mb_s, 1), dead(D) || f(D.ingest_mb_s, 1), ratio(L.ingest_mb_s, D.ingest_mb_s), `>= ${TARGETS.ingest}x`));
    out.push(row('dashboard ms', dead(L) || f(L.dashboard_ms), dead(D) || f(D.dashboard_ms), ratio(D.dashboard_ms, L.dashboard_ms),
      w.label === '10M' ? `< ${TARGETS.tenMDashboardMs} ms` : `>= ${TARGETS.dashboard}x`));
    out.push(row('  figures only ms', dead(L) || f(L.figures_ms), dead(D) || f(D.dashboard_ms), ratio(D.dashboard_ms, L.figures_ms), ''));
    out.push(row('filter change ms', dead(L) || f(L.filter_ms), dead(D) || f(D.filter_ms), ratio(D.filter_ms, L.filter_ms), `< ${TARGETS.filterMs} ms`));
    out.push(row('peak wasm MiB', f(L.wasm_bytes / 2 ** 20), f(D.wasm_bytes / 2 ** 20), '', ''));
    out.push(row('peak process MiB', f(L.rss_peak / 2 ** 20), f(D.rss_peak / 2 ** 20), '', 'renderer VmHWM'));
    for (const x of [L, D]) if (x.error) out.push(`  ${x === L ? 'lodestar' : 'duckdb-wasm'}: ${x.error}`);
    for (const n of r.native.filter((x) => x.label === w.label)) {
      out.push(row(`native ${n.measure}`, f(n.lodestar, n.digits ?? 0), f(n.duckdb, n.digits ?? 0), n.ratio != null ? `${n.ratio.toFixed(1)}x` : '', n.target || ''));
    }
    if (L.per_op) {
      out.push(`  lodestar's slowest ops, own ms: dashboard: ${slowest(L.per_op)}`);
      out.push(`    filter: ${slowest(L.per_op_filter)}; figures only: ${slowest(L.per_op_figures, 3)}`);
    }
    if (D.per_op) out.push(`  duckdb-wasm's slowest queries, own ms: ${slowest(D.per_op)}`);
    out.push(w.agreed && !w.agreed.unverified
      ? `results: ${w.agreed.metrics} metrics agree, unfiltered and filtered (channel = google_ads)`
      : `results: NOT verified (${w.agreed ? w.agreed.unverified : 'no run'})`);
    out.push('');
  }
  const per = VIEWS.map((v) => `${v} ${r.ops.byView[v].length}`).join(', ');
  out.push(`ops replayed: ${r.ops.replayed} (the app's, ${r.ops.recorded_now ? 'recorded in this run' : 'recorded before from this build and data'}: ` +
    `${per}; added: ${r.ops.added.join(', ') || 'none'}${r.ops.added_from_product_view.length ? `, of them from the Product view: ${r.ops.added_from_product_view.join(', ')}` : ''}); ` +
    `filtered: ${r.ops.filtered}`);
  out.push(`the filter bar's columns: ${Object.entries(r.ops.filter_bar_columns).map(([g, cs]) => `${g}: ${cs.join(', ')}`).join('; ')}`);
  return out;
}
