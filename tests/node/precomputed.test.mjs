// precomputed.test.mjs: results read back (docs/precomputed.md) in the wasm
// engine: the fixtures of data/precomputed give the CLI's numbers through the
// metric, retention and lifecycle ops, the workspace info lists them; the
// page's helpers (web/precomputed.js) make their kinds available and
// results.js asks the engine only for the metrics loaded; whMapping gives
// what `lodestar mapping` prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, loadEngine, DATA } from './helpers.mjs';
import { availableKinds, hasRows, loadedGrain, precomputedFunnel, precomputedRetention } from '../../web/precomputed.js';
import { fetchResult } from '../../web/results.js';

const PRE = join(DATA, 'precomputed');
const engine = await loadEngine();

async function wsOf(...names) {
  const ws = engine.newWorkspace();
  for (const n of names) await ws.loadCsv(n, readFileSync(join(PRE, n)));
  return ws;
}

test('a precomputed metric comes back through the metric op as the CLI printed it', async () => {
  const ws = await wsOf('mrr.csv', 'new_users.week.csv');
  const mrr = ws.metric({ metric: 'mrr' });
  const lines = readFileSync(join(PRE, 'mrr.csv'), 'utf8').trim().split('\n').slice(1);
  assert.equal(mrr.grain, 'month');
  assert.deepEqual(mrr.periods, lines.map((l) => l.split(',')[0]));
  assert.deepEqual(Array.from(mrr.y), lines.map((l) => Number(l.split(',')[1])));
  assert.equal(ws.metric({ metric: 'new_users', grain: 'week' }).periods.length, 2);
  assert.throws(() => ws.metric({ metric: 'mrr', grain: 'week' }), /loaded precomputed by month only/);
  const info = ws.info();
  assert.deepEqual(info.datasets.map((d) => [d.name, d.kind]), [['mrr.csv', 'metric_values'], ['new_users.week.csv', 'metric_values']]);
  assert.deepEqual(info.datasets[0].metrics, [{ name: 'mrr', grain: 'month', periods: 3 }]);
  assert.equal(info.through, '2026-03-31');
  ws.free();
});

test('a retention matrix and a lifecycle table come back through their ops', async () => {
  const ws = await wsOf('retention.csv', 'lifecycle.csv');
  const r = ws.retention({ period: 'day' });
  const rows = readFileSync(join(PRE, 'retention.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  assert.equal(r.grain, 'day');
  assert.deepEqual(r.cohorts, rows.map((c) => c[0]));
  const life = ws.lifecycle({ period: 'day' });
  const want = cli('lifecycle', '--period', 'day', join(DATA, 'events_small.csv')).trim().split('\n').slice(1).map((l) => l.split(','));
  assert.deepEqual(life.periods, want.map((c) => c[0]));
  assert.deepEqual(life.dormant, want.map((c) => Number(c[4])));
  const info = ws.info();
  assert.equal(precomputedRetention(info), 'day');
  assert.equal(precomputedFunnel(info), null);
  ws.free();
});

test('availableKinds stands a precomputed metric in for its kind, and fetchResult asks for the loaded ones only', async () => {
  const ws = await wsOf('mrr.csv');
  const eng = { catalog: engine.catalog() };
  const kinds = availableKinds(ws.info(), eng);
  assert.ok(kinds.has('subscriptions'));
  assert.ok(kinds.virtual.has('subscriptions'));
  assert.ok(kinds.precomputed.has('mrr'));
  assert.equal(hasRows(kinds, 'subscriptions'), false);
  assert.equal(loadedGrain(kinds, 'mrr', 'subscriptions', 'week'), 'month');
  assert.equal(loadedGrain(kinds, 'mrr', 'subscriptions', 'month'), 'month');
  const entry = (m) => eng.catalog.find((x) => x.name === m);
  const client = { metric: async (spec) => ws.metric(spec) };
  const mrr = await fetchResult(client, { metric: 'mrr', grain: 'month' }, entry('mrr'), kinds);
  assert.equal(mrr.status, 'ok');
  const arr = await fetchResult(client, { metric: 'arr', grain: 'month' }, entry('arr'), kinds);
  assert.deepEqual(arr, { status: 'missing', needs: ['subscriptions'] });
  ws.free();
});

test('whMapping gives the mapping lodestar mapping prints for the same files', async () => {
  const ws = engine.newWorkspace();
  for (const n of ['subscriptions_small.csv', 'events_small.csv']) await ws.loadCsv(n, readFileSync(join(DATA, n)));
  const got = JSON.parse(ws.whMapping().text);
  const want = JSON.parse(cli('mapping', join(DATA, 'subscriptions_small.csv'), join(DATA, 'events_small.csv')));
  assert.deepEqual(got, want);
  ws.free();
});
