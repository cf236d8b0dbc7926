// propmath.test.mjs: property math and the technical metrics through wasm:
// the spec's event, property and top reach the engine; hand-checked on
// data/events_tech.csv (the worked example of tests/c/test_propmath.c).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, loadEngine } from './helpers.mjs';

let engine;

before(async () => {
  engine = await loadEngine();
});

async function tech() {
  const ws = engine.newWorkspace();
  await ws.load('events_tech.csv', readFileSync(join(DATA, 'events_tech.csv')));
  return ws;
}

test('p95 with an event and a property, as the worked example', async () => {
  const ws = await tech();
  // api_call latencies of 1 March 100, 200, 400: h = 1.9 -> 380; 2 March 50; 3 March none
  const r = ws.metric({ metric: 'p95', property: 'latency_ms', event: 'api_call' });
  assert.deepEqual(r.periods, ['2026-03-01', '2026-03-02', '2026-03-03']);
  assert.ok(Math.abs(r.y[0] - 380) < 1e-9 && r.y[1] === 50 && Number.isNaN(r.y[2]));
  // every event: 1 March adds 1000 (job_search): h = 2.85 -> 910
  assert.ok(Math.abs(ws.metric({ metric: 'p95', property: 'latency_ms' }).y[0] - 910) < 1e-9);
  ws.free();
});

test('failures by status keep the top codes; penetration is per event', async () => {
  const ws = await tech();
  const f = ws.metric({ metric: 'failures', by: 'status', top: 2 });
  assert.deepEqual(f.segments.map((s) => s.label), ['404', '503']);
  const p = ws.metric({ metric: 'feature_penetration' });
  assert.equal(p.by, 'event');
  assert.ok(Math.abs(p.segments[0].y[0] - 2 / 3) < 1e-12);
  ws.free();
});

test('bad arguments are refused with the reason', async () => {
  const ws = await tech();
  assert.throws(() => ws.metric({ metric: 'p95', event: 'nope' }), /absent/);
  assert.throws(() => ws.metric({ metric: 'dau', property: 'latency_ms' }), /takes no property/);
  assert.throws(() => ws.metric({ metric: 'p95', property: 'event' }), /not numbers/);
  assert.throws(() => ws.metric({ metric: 'failures', by: 'status', top: 0 }), /"top"/);
  assert.throws(() => ws.metric({ metric: 'p95', property: 3 }), /"property" must be text/);
  ws.free();
});

test('the catalog says which metrics take an event or a property', () => {
  const byName = new Map(engine.catalog().map((m) => [m.name, m]));
  assert.deepEqual(byName.get('p95').args, ['event', 'property']);
  assert.equal(byName.get('p95').needs_property, true);
  assert.equal(byName.get('count').needs_property, false);
  assert.deepEqual(byName.get('mrr').args, []);
});
