// warehouse.test.mjs: the exported SQL (`lodestar sql-export`) run on real
// engines — PostgreSQL and ClickHouse started from Debian's packages on
// 127.0.0.1, DuckDB in memory — over the demo workspace, each result held to
// the C core's (`lodestar metric` or the analysis command) by compare.mjs.
// The cases are every cases*.json here (each a list, contract in
// cases.json's terms: {metric, grain?, property?, event?} or {analysis,
// args}), in file name order. An engine that cannot start fails its tests with
// the reason; nothing is skipped.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, startClickHouse, openDuckDB } from './servers.mjs';
import { prepareDemo, loadDemo, lodestar } from './load.mjs';
import { parseCsv } from './tabular.mjs';
import { compareResults } from './compare.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const CASES = readdirSync(HERE).filter((f) => /^cases.*\.json$/.test(f)).sort()
  .flatMap((f) => JSON.parse(readFileSync(join(HERE, f), 'utf8')));
/* Each engine by its test name: how to start it and the dialect its SQL is
 * exported in. clickhouse-sharded: the same queries over Distributed tables
 * of two shards (servers.mjs). */
const ALL_ENGINES = {
  postgres: { dialect: 'postgres', start: startPostgres },
  clickhouse: { dialect: 'clickhouse', start: startClickHouse },
  'clickhouse-sharded': { dialect: 'clickhouse', start: () => startClickHouse({ shards: 2 }) },
  duckdb: { dialect: 'duckdb', start: openDuckDB },
};
/* LODESTAR_WH_ENGINES=postgres,duckdb: only those (a developer's run; tools/test runs all). */
const only = process.env.LODESTAR_WH_ENGINES?.split(',');
const ENGINES = Object.fromEntries(Object.entries(ALL_ENGINES).filter(([name]) => !only || only.includes(name)));

/* Per engine: {engine, startMs, loadMs} once up and loaded, {error} if not. */
const state = {};
let demo = null;
let demoError = null;
let demoMs = 0;

const elapsed = (t0) => Math.round(performance.now() - t0);

before(async () => {
  const t0 = performance.now();
  const demoReady = prepareDemo().then((d) => {
    demo = d;
    demoMs = elapsed(t0);
    askCore();
  }, (e) => { demoError = e; });
  await Promise.all(Object.entries(ENGINES).map(async ([name, { start }]) => {
    const s = { engine: null, error: null, startMs: 0, loadMs: 0 };
    state[name] = s;
    const t1 = performance.now();
    try {
      s.engine = await start();
      s.startMs = elapsed(t1);
      await demoReady;
      if (demoError) throw new Error(`the demo was not prepared: ${demoError.message}`);
      const t2 = performance.now();
      await loadDemo(s.engine, demo);
      s.loadMs = elapsed(t2);
      s.mappingFile = mappingFor(s.engine, demo, name);
    } catch (e) {
      s.error = e;
    }
  }));
});

after(async () => {
  await Promise.all(Object.values(state).map((s) => s.engine?.stop()));
  if (demo) rmSync(demo.dir, { recursive: true, force: true });
});

/* The demo's mapping file as engine names its columns (engine.column):
 * demo.mappingFile, or a copy with the renamed columns. */
function mappingFor(engine, demo, name) {
  const m = JSON.parse(readFileSync(demo.mappingFile, 'utf8'));
  const rename = engine.column ?? ((c) => c);
  let changed = false;
  for (const t of Object.values(m.tables)) {
    for (const [role, c] of Object.entries(t.columns ?? {})) if (rename(c) !== c) { t.columns[role] = rename(c); changed = true; }
    for (const c of t.schema ?? []) c.name = rename(c.name);
  }
  if (!changed) return demo.mappingFile;
  const file = join(demo.dir, `mapping-${name}.json`);
  writeFileSync(file, JSON.stringify(m, null, 2));
  return file;
}

/* The engine, up and loaded, or the reason it is not. */
function engineOf(name) {
  const s = state[name];
  if (!s) throw new Error(`${name}: not started`);
  if (s.error) throw new Error(`${name}: ${s.error.message}`);
  return s.engine;
}

test('the demo is read out of the CLI', (t) => {
  if (demoError) throw demoError;
  assert.ok(demo.tables.length > 0);
  const events = demo.tables.find((tb) => tb.kind === 'events');
  assert.ok(events, 'the demo maps an events table');
  assert.ok(events.counts['*'] > 100000, `events: ${events.counts['*']} rows`);
  const report = demo.tables.map((tb) => `${tb.kind} ${tb.counts['*']}`).join(', ');
  t.diagnostic(`demo: ${demoMs} ms to generate, map and read out (${report})`);
});

for (const name of Object.keys(ENGINES)) {
  test(`${name}: every table holds the CLI's rows and non-null cells`, async (t) => {
    const engine = engineOf(name);
    const s = state[name];
    t.diagnostic(`${name}: started in ${s.startMs} ms, loaded in ${s.loadMs} ms`);
    for (const table of demo.tables) {
      const cols = Object.keys(table.counts).filter((c) => c !== '*');
      const q = (c) => `"${(engine.column ?? ((x) => x))(c).replace(/"/g, '""')}"`;
      const got = await engine.query(`SELECT COUNT(*) AS n${cols.map((c, k) => `, COUNT(${q(c)}) AS c${k}`).join('')} FROM ${q(table.table)}`);
      const want = [table.counts['*'], ...cols.map((c) => table.counts[c])].map(String);
      const diff = want.map((w, k) => (w === got.rows[0][k] ? null : `${k ? cols[k - 1] : 'rows'}: ${got.rows[0][k]}, expected ${w}`)).filter(Boolean);
      assert.deepEqual(diff, [], `${name} ${table.table}: ${diff.join('; ')}`);
      if (engine.shardRows) { /* every shard holds a part */
        const parts = await engine.shardRows(table.table);
        t.diagnostic(`${name} ${table.table}: ${parts.join(' + ')} rows by shard`);
        if (table.counts['*'] > 100) assert.ok(parts.every((n) => n > 0), `${table.table}: a shard is empty (${parts})`);
      }
    }
  });
}

/* A case's name, its CLI options and the command the core answers it with. */
function describeCase(c) {
  const opts = [];
  for (const k of ['grain', 'property', 'event']) if (c[k] !== undefined) opts.push(`--${k}`, String(c[k]));
  if (c.metric) {
    return {
      label: [c.metric, ...opts].join(' '),
      core: ['metric', c.metric, ...opts, '--format', 'csv'],
      exportArgs: ['--metric', c.metric, ...opts],
    };
  }
  const args = (c.args ?? []).map(String);
  return {
    label: [c.analysis, ...args].join(' '),
    core: [c.analysis, ...args],
    exportArgs: ['--analysis', c.analysis, ...args],
  };
}

/* The core's answer to each case ({columns, rows}), asked two cases at a
 * time in case order from the moment the demo is ready, so the CLI works
 * while the tests wait on the engines. */
const expected = new Map();
function askCore() {
  const lanes = [Promise.resolve(), Promise.resolve()];
  CASES.forEach((c, i) => {
    const { core } = describeCase(c);
    const answer = lanes[i % 2].then(() => lodestar(...core, ...demo.files)).then((text) => {
      const rows = parseCsv(text);
      return { columns: rows[0] ?? [], rows: rows.slice(1) };
    });
    answer.catch(() => {}); // its test reports it
    expected.set(c, answer);
    lanes[i % 2] = answer.catch(() => {});
  });
}

/* The engines answer at once, each its cases in order: on 2 cores the
 * servers' work overlaps the CLI's and the other engines' waits. */
describe('every case on every engine', { concurrency: Object.keys(ENGINES).length }, () => {
  for (const [name, { dialect }] of Object.entries(ENGINES)) describe(name, () => {
    for (const c of CASES) caseTest(c, name, dialect);
  });
});

function caseTest(c, name, dialect) {
  const { label, exportArgs } = describeCase(c);
  test(`${label} on ${name}`, async () => {
    const engine = engineOf(name);
    const sql = await lodestar('sql-export', '--dialect', dialect, '--mapping', state[name].mappingFile, ...exportArgs);
    assert.match(sql, /^-- table [^\n]+:/, `${label}: the export starts with its "-- table" lines`);
    const got = await engine.query(sql).catch((e) => {
      throw new Error(`${label} on ${name}: ${e.message}\n${sql}`);
    });
    const wanted = await expected.get(c);
    assert.ok(wanted.rows.length > 0, `${label}: the core gives no rows`);
    const diff = compareResults(label, name, wanted, got);
    assert.deepEqual(diff, [], diff.join('\n'));
  });
}
