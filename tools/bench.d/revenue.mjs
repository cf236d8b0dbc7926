// revenue.mjs: `tools/bench revenue [--quick]` after tools/bench has built the
// native tree. Generates (or reuses) the subscriptions workspace
// (revdata.mjs), runs the native harness build/native/revbench on it, prints
// the report and the target line, and writes build/bench/revenue-<date>.json.
// What each number measures: docs/performance.md, "Revenue".
//
//   node tools/bench.d/revenue.mjs [--quick]
// Exit 0 whether or not the target is met; 1 when the harness fails, the SQL
// peer disagrees with the walk, or the values change between runs.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './machine.mjs';
import { REV_FULL, REV_QUICK, ensureRevenueData } from './revdata.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = join(ROOT, 'build/native/revbench');
const QUICK = process.argv.includes('--quick');
const PLAN = QUICK ? { label: 'quick', ...REV_QUICK, reps: 5, sqlReps: 1 } : { label: 'full', ...REV_FULL, reps: 7, sqlReps: 3 };
const TARGET_MS = 100; // issue 4: every revenue metric, every month, natively, cold

const started = new Date();
const load0 = loadavg();
const { reps, sqlReps, ...gen } = PLAN;
const data = ensureRevenueData({ root: ROOT, ...gen });
note(`${PLAN.label}: revbench ${relative(ROOT, data.dir)}: 1 warm-up + ${reps} rounds (cold, warm), SQLite ${sqlReps} runs`);
const r = spawnSync(HARNESS, [data.dir, '--reps', String(reps), '--sql-reps', String(sqlReps)],
  { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
if (r.status !== 0) {
  note(`revbench exited ${r.status}`);
  process.exit(1);
}
const h = JSON.parse(r.stdout);
const cold = h.cold.median, warm = h.warm.median, sql = h.sql.runs.median;
const engine = h.index.median + h.walk.median;
const report = {
  bench: 'revenue',
  mode: PLAN.label,
  date: started.toISOString(),
  seconds: (Date.now() - started) / 1000,
  machine: machine(load0),
  data: { dir: relative(ROOT, data.dir), params: data.params, bytes: data.bytes },
  harness: h,
  ratio: { sqlOverCold: sql / cold, sqlOverIndexWalk: sql / engine },
  target: QUICK ? null : { ms: TARGET_MS, measured: cold, met: cold <= TARGET_MS },
};

const n = (x) => x.toLocaleString('en-US');
const ms = (x) => `${x.toFixed(1)} ms`;
const mb = Object.values(data.bytes).reduce((a, b) => a + b, 0) / 1e6;
const nmetrics = Object.keys(h.cold_per_metric).length - 1;
const slowest = Object.entries(h.cold_per_metric).sort((a, b) => b[1] - a[1]).slice(0, 4)
  .map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
const lines = [
  `revenue: every subscription metric over every month, natively, median of the runs (${PLAN.label}, ` +
    `${started.toISOString().slice(0, 10)}, ${report.machine.cpus} cores, load ${load0.map((x) => x.toFixed(2)).join(' ')})`,
  '',
  `data      ${n(h.rows.customers)} customers, ${n(h.rows.subscriptions)} subscription rows, ${n(h.rows.marketing_spend)} ` +
    `spend rows; ${h.months} months ${h.first_month.slice(0, 7)} .. ${h.last_month.slice(0, 7)}; ${mb.toFixed(1)} MB of CSV (seed ${data.params.seed})`,
  `load      ${ms(h.load_ms)} (read, type, detect the three files; in no figure below)`,
  `cold      ${ms(cold)}  cache dropped: ${nmetrics} metrics (mrr_by_plan by plan) + cohorts; of which index ` +
    `${ms(h.index.median)}, walk ${ms(h.walk.median)} (runs: ${reps})`,
  `warm      ${ms(warm)}  the same, index and walk cached`,
  `sqlite    ${sql ? ms(sql) : '-'}  MRR, 5 movements, paying customers at ${h.months} month ends (SQLite ${h.sqlite}; ` +
    `copy ${ms(h.sql.load_ms)} not counted; runs: ${h.sql.runs.ms.length})`,
  `ratio     sqlite / lodestar cold ${(sql / cold).toFixed(1)}x, sqlite / lodestar index + walk ${(sql / engine).toFixed(1)}x ` +
    '(above 1, Lodestar is faster)',
  `check     ${h.sql.periods_compared} months compared, ${h.sql.figures_differing} figures differ (SQL vs walk); ` +
    `${h.values} values, checksum ${h.checksum.toFixed(2)}${h.values_changed_between_runs ? ', CHANGED between runs' : ''}`,
  `slowest   cold: ${slowest} ms`,
  QUICK
    ? `target: cold ≤ ${TARGET_MS} ms is for the full data (100k customers, 300k subscriptions); run without --quick`
    : `target: cold ≤ ${TARGET_MS} ms for every revenue metric and month: ${report.target.met ? 'PASS' : 'FAIL'} (${ms(cold)})`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const out = join(ROOT, 'build/bench', `revenue-${started.toISOString().slice(0, 19).replaceAll(':', '')}Z.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`written ${relative(ROOT, out)}\n`);
process.exit(h.sql.figures_differing || h.values_changed_between_runs ? 1 : 0);

function note(s) {
  process.stderr.write(`bench: ${s}\n`);
}
