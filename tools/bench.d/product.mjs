// product.mjs: `tools/bench product [--quick]` after tools/bench has built the
// native tree. On the generated event logs of the ingest bench (data.mjs: 10M
// rows, --quick 1M), runs the native harness build/native/prodbench (DAU,
// rolling WAU and MAU for every day, from a dropped cache; the 3-step funnel;
// the weekly retention matrix; sessions and paths; p95 of latency_ms per
// day), then the same three series, the funnel's counts, the matrix, the
// sessions per day and the p95 series in DuckDB (npm @duckdb/node-api, in
// this process, on the table already loaded: the load is not timed), checks
// that every value agrees, and prints the times and their ratios; writes
// build/bench/product-<date>.json. Then the Chromium round (product-browser.mjs):
// the Users, Retention and Funnels views' worker ops after a filter change, on
// 1M events, in headless Chromium (both modes; its table and the JSON's
// "chromium" part).
// What is timed: docs/performance.md, "Product".
//
//   node tools/bench.d/product.mjs [--quick]
// Exit 0 whether or not the target is met; 1 when a run fails or the values differ.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureEvents } from './data.mjs';
import { funnelSql as funnelQuery, rollingSql } from './dash-sql.mjs';
import { chromiumRound } from './product-browser.mjs';
import { machine } from './machine.mjs';
import { median } from './runs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = join(ROOT, 'build/native/prodbench');
const LODESTAR = join(ROOT, 'build/native/lodestar');
const QUICK = process.argv.includes('--quick');
// ~72.7 events per user (data.mjs): 13,760 users ≈ 1M rows, 137,600 ≈ 10M rows
const PLAN = QUICK ? { label: '1M', users: 13760, reps: 3, duckReps: 1 } : { label: '10M', users: 137600, reps: 5, duckReps: 3 };
const TARGET_MS = 1000; // issue 5: DAU + WAU + MAU for every day of 10M events, natively

// Rolling distinct users as the kernels count them (docs/metrics.md), the
// three series in one query over the days of the data (dash-sql.mjs).
const SERIES_SQL = rollingSql({
  pairsCte: `p AS (SELECT DISTINCT distinct_id AS u, CAST(floor(epoch_ms(timestamp) / 86400000) AS BIGINT) AS d
           FROM t WHERE distinct_id IS NOT NULL AND timestamp IS NOT NULL)`,
  daysCte: 'days AS (SELECT range AS d FROM range((SELECT min(d) FROM p), (SELECT max(d) FROM p) + 1))',
  windows: [1, 7, 30],
});

// Sessions per day (docs/metrics.md "Sessions"): an event more than 30 minutes
// after the user's previous one starts a session, counted on its UTC day.
const SESSIONS_SQL = `
WITH o AS (SELECT epoch_ms(timestamp) AS ms,
                  epoch_ms(timestamp) - lag(epoch_ms(timestamp)) OVER (PARTITION BY distinct_id ORDER BY timestamp) AS g
           FROM t WHERE distinct_id IS NOT NULL AND timestamp IS NOT NULL AND event IS NOT NULL)
SELECT CAST(floor(ms / 86400000) AS BIGINT) AS d, count(*) FROM o WHERE g IS NULL OR g > 1800000 GROUP BY d ORDER BY d`;

// The funnel signup → resume_scan → upgrade in 14 days, sequential (dash-sql.mjs).
const FUNNEL_SQL = funnelQuery({
  eventsCte: `e AS (SELECT distinct_id AS u, epoch_ms(timestamp) AS t, event FROM t
           WHERE distinct_id IS NOT NULL AND timestamp IS NOT NULL AND event IN ('signup', 'resume_scan', 'upgrade'))`,
});

// The weekly retention matrix, first_time, mode on, calendar weeks, any event
// (docs/metrics.md "Retention"), in UTC: ISO weeks number as (day + 3) / 7
// (day 0, 1970-01-01, was a Thursday); the as-of day is the one after the last
// event, and weeks ending after it are not observed. Cohort: a user's first
// week; cell (cohort c, k): the users of c active in week c + k.
const RETENTION_SQL = `
WITH uw AS (SELECT DISTINCT distinct_id AS u,
                   CAST(floor((floor(epoch_ms(timestamp) / 86400000) + 3) / 7) AS BIGINT) AS w
            FROM t WHERE distinct_id IS NOT NULL AND event IS NOT NULL AND timestamp IS NOT NULL),
     lim AS (SELECT CAST(floor((floor(max(epoch_ms(timestamp)) / 86400000) + 1 + 3) / 7) AS BIGINT) - 1 AS last
             FROM t WHERE timestamp IS NOT NULL),
     seen AS (SELECT u, w FROM uw, lim WHERE w <= last),
     c AS (SELECT u, min(w) AS c FROM seen GROUP BY u)
SELECT c.c, seen.w - c.c AS k, count(*) AS n FROM c JOIN seen USING (u) GROUP BY 1, 2 ORDER BY 1, 2`;

const started = new Date();
const load0 = loadavg();
const input = ensureEvents({ root: ROOT, lodestar: LODESTAR, label: PLAN.label, users: PLAN.users });
note(`${PLAN.label}: prodbench ${relative(ROOT, input.file)}: 1 warm-up + ${PLAN.reps} rounds; DuckDB ${PLAN.duckReps} runs`);
const r = spawnSync(HARNESS, [input.file, '--reps', String(PLAN.reps)],
  { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
if (r.status !== 0) {
  note(`prodbench exited ${r.status}`);
  process.exit(1);
}
const h = JSON.parse(r.stdout);

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const version = String((await conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
const threads = Number((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${input.file.replaceAll("'", "''")}')`);
// each query's runs (ms) and its last rows
async function timed(sql) {
  const ms = [];
  let out = null;
  for (let i = 0; i < PLAN.duckReps; i++) {
    const t0 = process.hrtime.bigint();
    out = (await conn.runAndReadAll(sql)).getRows();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms, rows: out };
}
const { ms: duck, rows } = await timed(SERIES_SQL);
const duckFunnel = await timed(FUNNEL_SQL);
const duckRet = await timed(RETENTION_SQL);

// p95 of latency_ms per UTC day, exact (quantile_cont, as the kernel)
const P95_SQL = `SELECT CAST(floor(epoch_ms(timestamp) / 86400000) AS BIGINT) AS d, quantile_cont(latency_ms, 0.95)
FROM t WHERE latency_ms IS NOT NULL AND timestamp IS NOT NULL GROUP BY d ORDER BY d`;
const { ms: duckP95, rows: p95rows } = await timed(P95_SQL);
// the same value on every day with a latency, no value on the others
const p95ByDay = new Map(p95rows.map((row) => [Number(row[0]), Number(row[1])]));
let p95differing = 0;
h.p95.values.forEach((v, i) => {
  const want = p95ByDay.get(h.p95.first_day + i);
  if (want === undefined ? v !== null : v === null || Math.abs(v - want) > 1e-9 * Math.max(1, Math.abs(want))) p95differing++;
  p95ByDay.delete(h.p95.first_day + i);
});
p95differing += p95ByDay.size;

const { ms: duckSessions, rows: sessionRows } = await timed(SESSIONS_SQL);
// sessions per day: DuckDB lists only days with a session; the kernel every day
const byDay = new Map(sessionRows.map(([d, n]) => [Number(d), Number(n)]));
const sessionsDiffering = h.sessions.series.reduce((n, v, i) => n + (v !== (byDay.get(h.first_day + i) ?? 0)), 0);

// the check: the same days, the same three series
const names = ['dau', 'wau', 'mau'];
let differing = 0;
if (Number(rows[0][0]) !== h.first_day || rows.length !== h.series.dau.length) differing = Infinity;
else rows.forEach((row, i) => names.forEach((m, k) => { differing += Number(row[k + 1]) !== h.series[m][i]; }));
const funnelSql = duckFunnel.rows[0].map(Number);
const funnelDiffering = funnelSql.filter((x, k) => x !== h.funnel.users[k]).length;
// the matrix: every cell Lodestar shows (null: not observable) against SQL's
// (a missing (c, k) pair is 0; SQL's cells past the observable ones must be 0)
const ret = h.retention;
const w0 = Math.floor((ret.first_day + 3) / 7);
const sqlCell = new Map(duckRet.rows.map(([c, k, n]) => [`${Number(c) - w0},${Number(k)}`, Number(n)]));
let cellsCompared = 0, cellsDiffering = 0;
ret.rows.forEach((row, c) => row.forEach((v, k) => {
  if (v === null) return;
  cellsCompared++;
  cellsDiffering += (sqlCell.get(`${c},${k}`) ?? 0) !== v;
}));
for (const key of sqlCell.keys()) {
  const [c, k] = key.split(',').map(Number);
  if (c < 0 || c >= ret.rows.length || ret.rows[c][k] == null) cellsDiffering++;
}
// the size-weighted mean row from SQL's cells, against Lodestar's
let meanDiffering = 0;
ret.mean.forEach((m, k) => {
  let num = 0, den = 0;
  ret.rows.forEach((row, c) => {
    if (row[k] === null) return;
    num += sqlCell.get(`${c},${k}`) ?? 0;
    den += sqlCell.get(`${c},0`) ?? 0;
  });
  meanDiffering += den ? Math.abs(num / den - m) > 1e-12 : m !== null;
});

const lodestar = h.total.median, duckdb = median(duck);
const report = {
  bench: 'product',
  mode: PLAN.label,
  date: started.toISOString(),
  seconds: (Date.now() - started) / 1000,
  machine: machine(load0),
  data: { file: relative(ROOT, input.file), rows: h.rows, bytes: input.bytes },
  lodestar: { load_ms: h.load_ms, total: h.total, per_metric: h.per_metric, funnel: h.funnel, retention: h.retention,
    p95: h.p95.runs, sessions: h.sessions.runs, paths: h.paths },
  duckdb: { version, threads, ms: duck, median: duckdb,
    funnel: { users: funnelSql, ms: duckFunnel.ms, median: median(duckFunnel.ms) },
    retention: { ms: duckRet.ms, median: median(duckRet.ms) },
    p95: { ms: duckP95, median: median(duckP95) }, sessions_ms: duckSessions },
  check: { days: rows.length, values_differing: differing, funnel_steps_differing: funnelDiffering,
    retention_cells: cellsCompared, retention_cells_differing: cellsDiffering, retention_mean_differing: meanDiffering,
    p95_days: h.p95.values.length, p95_differing: p95differing, sessions_differing: sessionsDiffering },
  ratio: { duckdbOverLodestar: duckdb / lodestar, funnel: median(duckFunnel.ms) / h.funnel.runs.median,
    retention: median(duckRet.ms) / ret.runs.median, p95: median(duckP95) / h.p95.runs.median,
    sessions: median(duckSessions) / h.sessions.runs.median },
  target: { ms: TARGET_MS, measured: lodestar, met: lodestar <= TARGET_MS, funnel: h.funnel.runs.median,
    funnelMet: h.funnel.runs.median <= TARGET_MS, retention: ret.runs.median,
    retentionMet: ret.runs.median <= TARGET_MS, applies: !QUICK },
};

const ms = (x) => `${x.toFixed(1)} ms`;
const lines = [
  `product: DAU, rolling WAU and MAU for every day, natively, medians (${PLAN.label}, ${started.toISOString().slice(0, 10)}, ` +
    `${report.machine.cpus} cores, load ${load0.map((x) => x.toFixed(2)).join(' ')})`,
  '',
  `data      ${h.rows.toLocaleString('en-US')} events, ${(input.bytes / 1e6).toFixed(1)} MB of CSV; ${rows.length} days`,
  `load      ${ms(h.load_ms)} (read, type, detect; in no figure below)`,
  `lodestar  ${ms(lodestar)}  cache dropped: dau ${ms(h.per_metric.dau.median)} (builds the (user, day) index), ` +
    `wau ${ms(h.per_metric.wau.median)}, mau ${ms(h.per_metric.mau.median)} (runs: ${PLAN.reps})`,
  `duckdb    ${ms(duckdb)}  the three series in one query on the loaded table (DuckDB ${version}, ${threads} threads; runs: ${duck.length})`,
  `funnel    ${ms(h.funnel.runs.median)}  ${h.funnel.steps.join(' → ')} in 14 days, cache dropped (builds the events index): ` +
    `users ${h.funnel.users.map((x) => x.toLocaleString('en-US')).join(' → ')}; CPU ${ms(h.funnel.cpu.median)}`,
  `  duckdb  ${ms(median(duckFunnel.ms))}  two ASOF joins (PostHog's per-step attempts, exact without exclusions): ` +
    `users ${funnelSql.map((x) => x.toLocaleString('en-US')).join(' → ')}; ${funnelDiffering} of 3 steps differ`,
  `retention ${ms(ret.runs.median)}  weekly, first_time, on, calendar, any event, cache dropped (builds the events index): ` +
    `${ret.rows.length} cohorts; CPU ${ms(ret.cpu.median)}`,
  `  duckdb  ${ms(median(duckRet.ms))}  (user, week) pairs, first week per user, a join; ` +
    `${cellsCompared} cells compared, ${cellsDiffering} differ; mean row: ${meanDiffering} of ${ret.mean.length} differ`,
  `ratio     duckdb / lodestar: series ${(duckdb / lodestar).toFixed(1)}x, funnel ` +
    `${report.ratio.funnel.toFixed(1)}x, retention ${report.ratio.retention.toFixed(1)}x (above 1, Lodestar is faster)`,
  `p95       ${ms(h.p95.runs.median)}  p95 of latency_ms for every day (exact); DuckDB quantile_cont ${ms(median(duckP95))}: ` +
    `${h.p95.values.length} days, ${p95differing} differ`,
  `sessions  ${ms(h.sessions.runs.median)}  sessions and median duration for every day, cache dropped; ` +
    `DuckDB sessions per day ${ms(median(duckSessions))}; ${sessionsDiffering} days differ`,
  `paths     ${ms(h.paths.runs.median)}  top 50 pairs in ${h.paths.sessions.toLocaleString('en-US')} sessions ` +
    `(${h.paths.distinct} distinct), cache dropped (no peer)`,
  `check     ${rows.length} days x 3 series compared, ${differing} values differ`,
  QUICK
    ? `target: DAU + WAU + MAU under ${TARGET_MS} ms is for 10M events; run without --quick`
    : `target: DAU + WAU + MAU for every day under ${TARGET_MS} ms: ${report.target.met ? 'PASS' : 'FAIL'} (${ms(lodestar)}); ` +
      `3-step funnel under ${TARGET_MS} ms: ${report.target.funnelMet ? 'PASS' : 'FAIL'} (${ms(h.funnel.runs.median)}); ` +
      `weekly retention under ${TARGET_MS} ms: ${report.target.retentionMet ? 'PASS' : 'FAIL'} (${ms(ret.runs.median)})`,
];
process.stdout.write(`${lines.join('\n')}\n`);
note('chromium: the Users, Retention and Funnels views after filter changes, 1M events');
const browserRound = await chromiumRound({ root: ROOT, lodestar: LODESTAR, quick: QUICK });
report.chromium = browserRound.report;
report.machine = machine(load0);
report.seconds = (Date.now() - started) / 1000;
process.stdout.write(`${browserRound.lines.join('\n')}\n`);
const out = join(ROOT, 'build/bench', `product-${started.toISOString().slice(0, 19).replaceAll(':', '')}Z.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`written ${relative(ROOT, out)}\n`);
process.exit(differing || funnelDiffering || cellsDiffering || meanDiffering || p95differing || sessionsDiffering ? 1 : 0);

function note(s) {
  process.stderr.write(`bench: ${s}\n`);
}
