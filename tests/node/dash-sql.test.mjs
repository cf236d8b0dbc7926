// dash-sql.test.mjs: the dashboard's DuckDB SQL (tools/bench.d/dash-sql.mjs)
// against the CLI and the native harness (build/native/dashbench), every
// metric unfiltered and with channel = google_ads, on a small generated
// workspace (`lodestar gen --users 3000 --event-users 300`), and the
// comparison itself.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DASH_METRICS, canonFromCli, canonFromDuck, compareCanon, duckSql } from '../../tools/bench.d/dash-sql.mjs';
import { genDashData } from '../../tools/bench.d/dash-data.mjs';
import { cliDashboard, differences, duckDashboard, duckLoad, duckOpen, runDashbench } from '../../tools/bench.d/dash-native.mjs';
import { ROOT, cli } from './helpers.mjs';

const LODESTAR = join(ROOT, 'build/native/lodestar');
const ws = { dir: null, files: null, rows: null, duck: null, sql: {}, cli: {} };

before(async () => {
  cli('version'); // builds the CLI first
  ws.dir = mkdtempSync(join(tmpdir(), 'lodestar-dashsql-'));
  const data = genDashData({ lodestar: LODESTAR, label: 'test', users: 3000, eventUsers: 300, dir: join(ws.dir, 'ws') });
  ws.files = data.files;
  ws.rows = data.rows;
  ws.duck = await duckOpen();
  await duckLoad(ws.duck.conn, ws.files);
  for (const filter of [false, true]) {
    ws.sql[filter] = (await duckDashboard(ws.duck.conn, { filter })).canon;
    ws.cli[filter] = cliDashboard({ lodestar: LODESTAR, files: ws.files, filter });
  }
});

after(() => {
  ws.duck?.close();
  if (ws.dir) rmSync(ws.dir, { recursive: true, force: true });
});

test('every metric of the SQL agrees with the CLI, unfiltered', () => {
  assert.deepEqual(differences(ws.sql[false], ws.cli[false]), []);
});

test('every metric of the SQL agrees with the CLI, with channel = google_ads', () => {
  assert.deepEqual(differences(ws.sql[true], ws.cli[true]), []);
});

test('the native harness (build/native/dashbench) gives the same figures, unfiltered and filtered', () => {
  const h = runDashbench({ harness: join(ROOT, 'build/native/dashbench'), files: ws.files, reps: 1 });
  assert.deepEqual(differences(h.results, ws.sql[false]), []);
  assert.deepEqual(differences(h.filtered, ws.sql[true]), []);
  assert.deepEqual(h.rows, { 'events.csv': ws.rows.events, 'customers.csv': 3000, 'subscriptions.csv': ws.rows.subscriptions });
});

// the agreement means something only when the figures are not trivially 0 or
// empty: every metric has values, and the filter changes each of them
test('every metric has figures worth comparing, and the filter changes each', () => {
  const nonzero = (rows) => rows.some((r) => r.slice(1).some((v) => typeof v === 'number' && v > 0));
  for (const name of DASH_METRICS) {
    assert.ok(nonzero(ws.cli[false][name]), `${name}: no figure above 0`);
    assert.ok(nonzero(ws.cli[true][name]), `${name} filtered: no figure above 0`);
    assert.notDeepEqual(ws.cli[true][name], ws.cli[false][name], `${name}: the filter changes nothing`);
  }
  // empty days are in the series: as many days as DAU, some p95 empty
  assert.equal(ws.cli[false].p95.length, ws.cli[false].dau.length);
  assert.ok(ws.cli[true].p95.some(([, v]) => v === null));
});

test('a definition changed in the SQL is caught: a 7-day funnel window, a 6-day WAU', async () => {
  const { conn } = ws.duck;
  const funnel = duckSql({ filter: false }).find((x) => x.name === 'funnel').sql;
  const short = funnel.replaceAll(String(14 * 86400000), String(7 * 86400000));
  assert.notEqual(short, funnel);
  const rows = canonFromDuck('funnel', (await conn.runAndReadAll(short)).getRows());
  assert.notDeepEqual(compareCanon(rows, ws.cli[false].funnel), []);
  const wau = duckSql({ filter: false }).find((x) => x.name === 'wau').sql;
  const six = wau.replaceAll('d + 7', 'd + 6');
  assert.notEqual(six, wau);
  const wrows = canonFromDuck('wau', (await conn.runAndReadAll(six)).getRows());
  assert.notDeepEqual(compareCanon(wrows, ws.cli[false].wau), []);
});

test('compareCanon: keys and counts exact, other numbers within 1e-9 relative, null only against null', () => {
  assert.deepEqual(compareCanon([['2026-01', 100]], [['2026-01', 100]]), []);
  assert.equal(compareCanon([['2026-01', 100]], [['2026-02', 100]]).length, 1);
  assert.equal(compareCanon([['2026-01', 100]], [['2026-01', 101]]).length, 1);
  // 1e12 and 1e12 + 0.5: |a − b| = 0.5 ≤ 1e-9 × 1e12 = 1000 → equal; 0.5 against 0.5000001 is not
  assert.deepEqual(compareCanon([['d', 1e12 + 0.5]], [['d', 1e12 + 0.25]]), []);
  assert.equal(compareCanon([['d', 0.5]], [['d', 0.5000001]]).length, 1);
  assert.equal(compareCanon([['d', null]], [['d', 0]]).length, 1);
  assert.equal(compareCanon([['d', 1]], [['d', 1], ['e', 2]]).length, 1);
});

test('canonFromCli reads the CLI tables: a retention row keeps its observable cells only', () => {
  const csv = 'cohort,size,0,1,2\n2026-03-02,4,4,2,1\n2026-03-09,3,3,1,\n';
  assert.deepEqual(canonFromCli('retention', csv), [['2026-03-02', 4, 4, 2, 1], ['2026-03-09', 3, 3, 1]]);
  const funnel = 'step,event,users,from_start,from_previous,median_seconds,mean_seconds\n1,signup,10,1,1,,\n2,upgrade,4,0.4,0.4,60,60\n';
  assert.deepEqual(canonFromCli('funnel', funnel), [[1, 10], [2, 4]]);
  assert.deepEqual(canonFromCli('p95', 'period,value\n2026-03-01,\n2026-03-02,380\n'), [['2026-03-01', null], ['2026-03-02', 380]]);
});

test('canonFromDuck names days, ISO weeks and months', () => {
  // day 20514 = 2026-03-02 (20454 = 2026-01-01, + 31 + 28 + 1); its week (20514 + 3) / 7 = 2931
  assert.deepEqual(canonFromDuck('dau', [[20514n, 3n]]), [['2026-03-02', 3]]);
  assert.deepEqual(canonFromDuck('retention', [[2931n, 0n, 4n], [2931n, 1n, 2n]]), [['2026-03-02', 4, 4, 2]]);
  // month 2026 × 12 + 2 = 24314 is March 2026
  assert.deepEqual(canonFromDuck('mrr', [[24314n, 12.5]]), [['2026-03', 12.5]]);
  assert.deepEqual(canonFromDuck('funnel', [[10n, 4n, 1n]]), [[1, 10], [2, 4], [3, 1]]);
});
