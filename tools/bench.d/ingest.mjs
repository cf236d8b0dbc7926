// ingest.mjs: `tools/bench ingest [--quick]` after tools/bench has built the CLI
// and the site. Generates (or reuses) the inputs, times the native engines, then
// the wasm engines in Chromium, prints the table and the target line, and writes
// build/bench/ingest-<date>.json. What each number measures: docs/performance.md.
//
//   node tools/bench.d/ingest.mjs [--quick]
// Exit 0 whether or not the target is met; 1 when a Lodestar engine could not
// be measured (a peer that fails is reported in the table, and the run goes on).
import { loadavg } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './machine.mjs';
import { ensureEvents } from './data.mjs';
import { interleave } from './runs.mjs';
import { nativeEngines } from './native.mjs';
import { CHROMIUM_ENGINES, openChromium } from './browser.mjs';
import { summarize, table, target, targetLine } from './report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LODESTAR = join(ROOT, 'build/native/lodestar');
const QUICK = process.argv.includes('--quick');

// ~72.7 events per user: 13,760 users ≈ 1M rows, 137,600 ≈ 10M rows.
const PLAN = QUICK
  ? [{ label: '1M', users: 13760, reps: 5 }]
  : [{ label: '1M', users: 13760, reps: 7 }, { label: '10M', users: 137600, reps: 3 }];

const started = new Date();
const load0 = loadavg();
const inputs = PLAN.map((p) => ({ ...ensureEvents({ root: ROOT, lodestar: LODESTAR, ...p }), reps: p.reps }));
const results = [];
const versions = {
  lodestar: run(LODESTAR, 'version'),
  node: process.version,
  '@duckdb/node-api': packageVersion('@duckdb/node-api'),
  '@duckdb/duckdb-wasm': packageVersion('@duckdb/duckdb-wasm'),
};

for (const input of inputs) {
  note(`native, ${input.label} rows (${(input.bytes / 1e6).toFixed(1)} MB): 1 warm-up + ${input.reps} runs each`);
  const side = await nativeEngines({ lodestar: LODESTAR, file: input.file });
  versions.duckdb = side.about.duckdb;
  versions.duckdbThreads = side.about.duckdbThreads;
  results.push(...tag(input, await interleave(side.engines, input.reps)));
  await side.close();
}

let chromium = null;
try {
  chromium = await openChromium(ROOT);
  versions.chromium = chromium.version;
} catch (err) {
  note(`Chromium could not start: ${err.message}`);
}
for (const input of inputs) {
  const engines = CHROMIUM_ENGINES.map((engine) => ({ engine, side: 'chromium' }));
  let side = null;
  try {
    if (!chromium) throw new Error('Chromium could not start');
    note(`Chromium, ${input.label} rows: 1 warm-up + ${input.reps} runs each`);
    side = await chromium.input(input);
    versions.duckdbWasm = side.about.duckdb;
  } catch (err) {
    note(`Chromium page for ${input.label} failed: ${err.message}`);
    results.push(...tag(input, engines.map((e) => ({ ...e, seconds: [], median: null, rows: null, error: err.message }))));
    continue;
  }
  const measured = tag(input, await interleave(side.engines, input.reps));
  try {
    measured[0].wasmMemoryBytes = await side.memory();
  } catch (err) {
    note(`wasm memory not read: ${err.message}`);
  }
  results.push(...measured);
  await side.close();
}
await chromium?.close();

const rows = summarize(inputs, results);
for (const input of inputs) {
  const counts = new Set(rows.filter((r) => r.input === input.label && r.rows != null).map((r) => r.rows));
  input.rows = counts.size ? [...counts][0] : null;
  if (counts.size > 1) note(`warning: the engines disagree on the rows of ${input.label}: ${[...counts].join(', ')}`);
}
const goal = target(rows);
const report = {
  bench: 'ingest',
  mode: QUICK ? 'quick' : 'full',
  date: started.toISOString(),
  seconds: (Date.now() - started) / 1000,
  machine: machine(load0),
  versions,
  inputs: inputs.map(({ label, users, rows: n, bytes, file, reps }) => ({
    label, users, rows: n, bytes, file: relative(ROOT, file), reps,
  })),
  results: rows,
  target: goal,
};

const memory = rows.find((r) => r.wasmMemoryBytes != null);
process.stdout.write(`\ningest: CSV -> typed columns, median of the runs (${report.mode}, ${started.toISOString().slice(0, 10)}, ` +
  `${report.machine.cpus} cores, load ${load0.map((x) => x.toFixed(2)).join(' ')})\n\n`);
process.stdout.write(table(rows));
for (const r of rows.filter((x) => x.wasmMemoryBytes != null)) {
  process.stdout.write(`lodestar wasm memory after the ${r.input} loads: ${(r.wasmMemoryBytes / 2 ** 20).toFixed(0)} MiB\n`);
}
if (!memory) process.stdout.write('lodestar wasm memory: not measured\n');
process.stdout.write(`duckdb native ${versions.duckdb} (@duckdb/node-api ${versions['@duckdb/node-api']}) on ${versions.duckdbThreads} threads; ` +
  `duckdb-wasm ${versions.duckdbWasm ?? '?'} (@duckdb/duckdb-wasm ${versions['@duckdb/duckdb-wasm']}, eh bundle, 1 thread); ` +
  `Chromium ${versions.chromium ?? '?'}; lodestar on 1 thread\n`);
process.stdout.write(`${targetLine(goal)}\n`);

const out = join(ROOT, 'build/bench', `ingest-${started.toISOString().slice(0, 19).replaceAll(':', '')}Z.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`written ${relative(ROOT, out)}\n`);
process.exit(rows.some((r) => r.engine.startsWith('lodestar') && r.error) ? 1 : 0);

/* ---- private ---- */

function tag(input, list) {
  return list.map((r) => ({ input: input.label, ...r }));
}

function note(s) {
  process.stderr.write(`bench: ${s}\n`);
}

function packageVersion(name) {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function run(cmd, ...args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
