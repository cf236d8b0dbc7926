// product.mjs: `tools/bench product [--quick]` after tools/bench has built the
// native tree. On the generated event logs of the ingest bench (data.mjs: 10M
// rows, --quick 1M), runs the native harness build/native/prodbench (DAU,
// rolling WAU and MAU for every day, from a dropped cache), then the same
// three series in DuckDB (npm @duckdb/node-api, in this process, on the table
// already loaded: the load is not timed), and p95 of latency_ms per day in
// both (DuckDB's quantile_cont), checks that every value agrees, and
// prints the times and their ratio; writes build/bench/product-<date>.json.
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
import { machine } from './machine.mjs';
import { median } from './runs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = join(ROOT, 'build/native/prodbench');
const LODESTAR = join(ROOT, 'build/native/lodestar');
const QUICK = process.argv.includes('--quick');
// ~72.7 events per user (data.mjs): 13,760 users ≈ 1M rows, 137,600 ≈ 10M rows
const PLAN = QUICK ? { label: '1M', users: 13760, reps: 3, duckReps: 1 } : { label: '10M', users: 137600, reps: 5, duckReps: 3 };
const TARGET_MS = 1000; // issue 5: DAU + WAU + MAU for every day of 10M events, natively

// Rolling distinct users as the kernels count them (docs/metrics.md): each
// user's active day d covers the days [d, min(d + W, next active day)); the
// series is the running sum of +1/-1 at those bounds, over every day.
const SERIES_SQL = `
WITH p AS (SELECT DISTINCT distinct_id AS u, CAST(floor(epoch_ms(timestamp) / 86400000) AS BIGINT) AS d
           FROM t WHERE distinct_id IS NOT NULL AND timestamp IS NOT NULL),
     nx AS (SELECT u, d, lead(d) OVER (PARTITION BY u ORDER BY d) AS n FROM p),
     days AS (SELECT range AS d FROM range((SELECT min(d) FROM p), (SELECT max(d) FROM p) + 1)),
     bounds AS (SELECT d AS k, 1 AS w, 1 AS x FROM p
                UNION ALL SELECT least(d + 1, coalesce(n, d + 1)), 1, -1 FROM nx
                UNION ALL SELECT d, 7, 1 FROM p
                UNION ALL SELECT least(d + 7, coalesce(n, d + 7)), 7, -1 FROM nx
                UNION ALL SELECT d, 30, 1 FROM p
                UNION ALL SELECT least(d + 30, coalesce(n, d + 30)), 30, -1 FROM nx),
     delta AS (SELECT k, sum(CASE WHEN w = 1 THEN x ELSE 0 END) AS d1,
                          sum(CASE WHEN w = 7 THEN x ELSE 0 END) AS d7,
                          sum(CASE WHEN w = 30 THEN x ELSE 0 END) AS d30 FROM bounds GROUP BY k)
SELECT days.d, sum(coalesce(d1, 0)) OVER w, sum(coalesce(d7, 0)) OVER w, sum(coalesce(d30, 0)) OVER w
FROM days LEFT JOIN delta ON delta.k = days.d
WINDOW w AS (ORDER BY days.d ROWS UNBOUNDED PRECEDING) ORDER BY days.d`;

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
// sql run PLAN.duckReps times: {ms: [each run], rows: the last run's}
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

// the check: the same days, the same three series
const names = ['dau', 'wau', 'mau'];
let differing = 0;
if (Number(rows[0][0]) !== h.first_day || rows.length !== h.series.dau.length) differing = Infinity;
else rows.forEach((row, i) => names.forEach((m, k) => { differing += Number(row[k + 1]) !== h.series[m][i]; }));

const lodestar = h.total.median, duckdb = median(duck);
const report = {
  bench: 'product',
  mode: PLAN.label,
  date: started.toISOString(),
  seconds: (Date.now() - started) / 1000,
  machine: machine(load0),
  data: { file: relative(ROOT, input.file), rows: h.rows, bytes: input.bytes },
  lodestar: { load_ms: h.load_ms, total: h.total, per_metric: h.per_metric, funnel: h.funnel, p95: h.p95.runs },
  duckdb: { version, threads, ms: duck, median: duckdb, p95: { ms: duckP95, median: median(duckP95) } },
  check: { days: rows.length, values_differing: differing, p95_days: h.p95.values.length, p95_differing: p95differing },
  ratio: { duckdbOverLodestar: duckdb / lodestar },
  target: { ms: TARGET_MS, measured: lodestar, met: lodestar <= TARGET_MS, funnel: h.funnel.runs.median,
    funnelMet: h.funnel.runs.median <= TARGET_MS, applies: !QUICK },
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
    `users ${h.funnel.users.map((x) => x.toLocaleString('en-US')).join(' → ')} (no peer yet)`,
  `p95       ${ms(h.p95.runs.median)}  p95 of latency_ms for every day (exact); DuckDB quantile_cont ${ms(median(duckP95))}: ` +
    `${h.p95.values.length} days, ${p95differing} differ`,
  `ratio     duckdb / lodestar ${(duckdb / lodestar).toFixed(1)}x (above 1, Lodestar is faster)`,
  `check     ${rows.length} days x 3 series compared, ${differing} values differ`,
  QUICK
    ? `target: DAU + WAU + MAU under ${TARGET_MS} ms is for 10M events; run without --quick`
    : `target: DAU + WAU + MAU for every day under ${TARGET_MS} ms: ${report.target.met ? 'PASS' : 'FAIL'} (${ms(lodestar)}); ` +
      `3-step funnel under ${TARGET_MS} ms: ${report.target.funnelMet ? 'PASS' : 'FAIL'} (${ms(h.funnel.runs.median)})`,
];
process.stdout.write(`${lines.join('\n')}\n`);
const out = join(ROOT, 'build/bench', `product-${started.toISOString().slice(0, 19).replaceAll(':', '')}Z.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`written ${relative(ROOT, out)}\n`);
process.exit(differing || p95differing ? 1 : 0);

function note(s) {
  process.stderr.write(`bench: ${s}\n`);
}
