// dash-native.mjs: the dashboard of issue 9 natively: Lodestar's core
// (build/native/dashbench, the CLI's code) against DuckDB through
// @duckdb/node-api in this process, on the inputs of dash-data.mjs.
//
//   const rows = await runNative({label: '1M', quick: true});
//   // [{label, measure, lodestar, duckdb, ratio, digits, target}], for the table;
//   // rows.report: every run, per-metric medians, the check (not in JSON.stringify(rows))
//
// Timed, each engine on its own (medians of `reps` interleaved rounds):
// - ingest MB/s: the three CSV files (events, customers, subscriptions) to
//   queryable tables. Lodestar: dashbench's load of the three files in one
//   workspace (read, parse, type, detect), one thread. DuckDB: the three
//   `CREATE TABLE x AS SELECT * FROM read_csv('FILE')`, its default threads.
// - dashboard ms: every metric of DASH_METRICS (dash-sql.mjs) unfiltered.
//   Lodestar: from a dropped cache (nothing of an earlier round reused).
//   DuckDB: each query of duckSql() in turn on the loaded tables.
// - filter ms: the same set with channel = google_ads (the interaction).
//   Lodestar: a new set of conditions, so every scoped index is rebuilt;
//   DuckDB: duckSql({filter: true}).
// The results are compared (compareCanon) before any time is reported: a
// difference throws, naming the metric.
//
// Also here, for tests/node/dash-sql.test.mjs: duckOpen / duckLoad /
// duckDashboard (DuckDB's side) and cliDashboard (the CLI's answers, one
// process per metric).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { DASH_METRICS, canonFromCli, canonFromDuck, cliArgs, compareCanon, duckSql } from './dash-sql.mjs';
import { ensureDashData } from './dash-data.mjs';
import { median } from './runs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TABLES = ['events', 'customers', 'subscriptions'];

/* ---- DuckDB ---- */

export async function duckOpen() {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const one = async (sql) => (await conn.runAndReadAll(sql)).getRows()[0][0];
  return {
    conn,
    version: String(await one('SELECT version()')),
    threads: Number(await one("SELECT current_setting('threads')")),
    close: () => { conn.closeSync?.(); db.closeSync?.(); },
  };
}

// (re)creates the three tables from files {events, customers, subscriptions}; ms
export async function duckLoad(conn, files) {
  for (const t of TABLES) await conn.run(`DROP TABLE IF EXISTS ${t}`);
  const t0 = process.hrtime.bigint();
  for (const t of TABLES) await conn.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${files[t].replaceAll("'", "''")}')`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// every query of the set: {ms (all), perMetric: {name: ms}, canon: {name: rows}}
export async function duckDashboard(conn, { filter }) {
  const perMetric = {}, canon = {};
  let total = 0;
  for (const { name, sql } of duckSql({ filter })) {
    const t0 = process.hrtime.bigint();
    const rows = (await conn.runAndReadAll(sql)).getRows();
    perMetric[name] = Number(process.hrtime.bigint() - t0) / 1e6;
    total += perMetric[name];
    canon[name] = canonFromDuck(name, rows);
  }
  return { ms: total, perMetric, canon };
}

/* ---- the CLI ---- */

// each metric's canonical rows from `lodestar ARGS FILES` (one process each)
export function cliDashboard({ lodestar, files, filter }) {
  const canon = {};
  for (const name of DASH_METRICS) {
    const r = spawnSync(lodestar, [...cliArgs(name, { filter }), files.events, files.customers, files.subscriptions],
      { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`lodestar ${cliArgs(name, { filter }).join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
    canon[name] = canonFromCli(name, r.stdout);
  }
  return canon;
}

// the names whose rows differ, each with its first differences
export function differences(a, b) {
  return DASH_METRICS.flatMap((name) => {
    const d = compareCanon(a[name] ?? [], b[name] ?? []);
    return d.length ? [`${name}: ${d.join('; ')}`] : [];
  });
}

/* ---- Lodestar's core: build/native/dashbench ---- */

// one dashbench process: load the three files, `reps` rounds of the
// dashboard and the filter change; its JSON (see dashbench.c)
export function runDashbench({ harness = join(ROOT, 'build/native/dashbench'), files, reps = 1 }) {
  const r = spawnSync(harness, [files.events, files.customers, files.subscriptions, '--reps', String(reps)],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`dashbench exited ${r.status}`);
  return JSON.parse(r.stdout);
}

/* ---- the comparison ---- */

// Rounds alternate (Lodestar's process, then DuckDB: load, dashboard,
// filter), `reps` of them (quick: 1, else 3); the first round's figures are
// compared before anything else. Rows: ratio is how many times Lodestar is
// ahead (MB/s: lodestar / duckdb; ms: duckdb / lodestar); the dashboard and
// filter rows carry perMetric {name: {lodestar, duckdb}} (medians, ms).
export async function runNative({ label, quick = false, root = ROOT }) {
  const data = ensureDashData(label, { root });
  const reps = quick ? 1 : 3;
  const duck = await duckOpen();
  const L = { load: [], dashboard: [], filter: [], per: {}, fper: {} };
  const D = { load: [], dashboard: [], filter: [], per: {}, fper: {} };
  const push = (into, name, ms) => (into[name] ??= []).push(ms);
  let agree = 0;
  try {
    for (let r = 0; r < reps; r++) {
      const h = runDashbench({ harness: join(root, 'build/native/dashbench'), files: data.files, reps: 1 });
      L.load.push(h.load_ms);
      L.dashboard.push(h.dashboard.median);
      L.filter.push(h.filter.median);
      for (const [name, x] of Object.entries(h.dashboard.per_metric)) push(L.per, name, x.median);
      for (const [name, x] of Object.entries(h.filter.per_metric)) push(L.fper, name, x.median);
      D.load.push(await duckLoad(duck.conn, data.files));
      const d = await duckDashboard(duck.conn, { filter: false });
      const f = await duckDashboard(duck.conn, { filter: true });
      D.dashboard.push(d.ms);
      D.filter.push(f.ms);
      for (const [name, ms] of Object.entries(d.perMetric)) push(D.per, name, ms);
      for (const [name, ms] of Object.entries(f.perMetric)) push(D.fper, name, ms);
      if (r === 0) {
        const diff = [...differences(h.results, d.canon), ...differences(h.filtered, f.canon).map((x) => `filtered ${x}`)];
        if (diff.length) throw new Error(`native ${label}: Lodestar and DuckDB disagree: ${diff.join(' | ')}`);
        agree = 2 * DASH_METRICS.length;
      }
    }
  } finally {
    duck.close();
  }
  const mbs = (ms) => data.bytes.total / 1e6 / (ms / 1000);
  const per = (l, d) => Object.fromEntries(DASH_METRICS.map((n) => [n, { lodestar: median(l[n]), duckdb: median(d[n]) }]));
  const lm = { load: median(L.load), dashboard: median(L.dashboard), filter: median(L.filter) };
  const dm = { load: median(D.load), dashboard: median(D.dashboard), filter: median(D.filter) };
  const about = { runs: reps, duckdb: duck.version, duckdbThreads: duck.threads, agree, rows: data.rows, bytes: data.bytes };
  return [
    { label, measure: 'ingest MB/s', lodestar: mbs(lm.load), duckdb: mbs(dm.load), ratio: dm.load / lm.load, digits: 1,
      runs: { lodestar: L.load, duckdb: D.load }, about },
    { label, measure: 'dashboard ms', lodestar: lm.dashboard, duckdb: dm.dashboard, ratio: dm.dashboard / lm.dashboard,
      digits: 1, runs: { lodestar: L.dashboard, duckdb: D.dashboard }, perMetric: per(L.per, D.per) },
    { label, measure: 'filter change ms', lodestar: lm.filter, duckdb: dm.filter, ratio: dm.filter / lm.filter,
      digits: 1, runs: { lodestar: L.filter, duckdb: D.filter }, perMetric: per(L.fper, D.fper) },
  ];
}

// node tools/bench.d/dash-native.mjs [1M|10M] [--quick]: the rows and the per-metric medians
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const label = process.argv.find((a) => /^\d+M$/.test(a)) ?? '1M';
  const rows = await runNative({ label, quick: process.argv.includes('--quick') });
  const f = (x, d) => (x == null ? '-' : x.toFixed(d));
  process.stdout.write(`native ${label}: ${rows[0].about.agree} figures agree (DuckDB ${rows[0].about.duckdb}, ` +
    `${rows[0].about.duckdbThreads} threads; Lodestar one thread; medians of ${rows[0].about.runs} runs)\n`);
  for (const r of rows) process.stdout.write(`${r.measure.padEnd(18)} lodestar ${f(r.lodestar, r.digits).padStart(9)}  duckdb ${f(r.duckdb, r.digits).padStart(9)}  ${f(r.ratio, 1)}x\n`);
  for (const r of rows.filter((x) => x.perMetric)) {
    process.stdout.write(`${r.measure}, per metric (lodestar / duckdb ms):\n`);
    for (const [n, v] of Object.entries(r.perMetric)) process.stdout.write(`  ${n.padEnd(18)} ${f(v.lodestar, 1).padStart(8)} ${f(v.duckdb, 1).padStart(8)}\n`);
  }
}
