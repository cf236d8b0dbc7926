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
