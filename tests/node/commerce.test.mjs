// commerce.test.mjs: the commerce metrics through wasm. Hand-checked on
// data/fixtures/orders_commerce.csv (the worked example at the top of
// tests/c/test_commerce.c); checked against the CLI on the demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, cli, parseSeries, asText, useDemo } from './helpers.mjs';

const gen = useDemo('commerce', { seed: 7, users: 3000, days: 200 });

async function fixture() {
  const ws = gen.engine.newWorkspace();
  for (const f of ['orders_commerce.csv', 'events_commerce.csv'])
    await ws.load(f, readFileSync(join(DATA, 'fixtures', f)));
  return ws;
}

test('tier_users is a breakdown by tier in the tiers\' order, as mrr_by_plan is by plan', async () => {
  const ws = await fixture();
  assert.throws(() => ws.metric({ metric: 'gmv' }), (e) => e.status === 'LS_ECURRENCY');
  ws.setSetting('currency', 'USD');
  ws.setSetting('rates', 'EUR=2');
  const r = ws.metric({ metric: 'tier_users' });
  assert.equal(r.by, 'tier');
  assert.equal(r.y, undefined);
  assert.deepEqual(r.periods, ['2026-01', '2026-02', '2026-03']);
  assert.deepEqual(r.segments.map((s) => [s.label, ...s.y]),
    [['0–10', 1, 2, 3], ['10–60', 1, 2, 2], ['60–200', 3, 2, 2], ['200+', 0, 1, 2]]);
  assert.ok(r.segments.every((s) => s.y instanceof Float64Array));
  assert.deepEqual([...ws.metric({ metric: 'gmv' }).y], [500, 165, 121.99]);
  assert.deepEqual([...ws.metric({ metric: 'arpu' }).y], [62.5, 33, 15.24875]);
  assert.throws(() => ws.metric({ metric: 'tier_users', by: 'currency' }), /broken down by tier/);
  ws.setSetting('tiers', '25,150');
  assert.deepEqual(ws.metric({ metric: 'tier_users' }).segments.map((s) => s.label), ['0–25', '25–150', '150+']);
  ws.free();
});

test('tier_users on the demo gives what the CLI gives', () => {
  const ws = gen.engine.newWorkspace();
  ws.genDemo({ seed: 7, users: 3000, days: 200 });
  const text = cli('metric', 'tier_users', ...gen.files);
  assert.equal(text.split('\n')[0], 'period,tier,value');
  const rows = parseSeries(text);
  const got = ws.metric({ metric: 'tier_users' });
  const labels = got.segments.map((s) => s.label);
  assert.deepEqual(labels, ['0–10', '10–60', '60–200', '200+']);
  const want = [];
  got.periods.forEach((p, i) => got.segments.forEach((s) => want.push([p, s.label, asText(s.y[i])])));
  assert.deepEqual(rows, want);
  assert.ok(rows.some((r) => Number(r[2]) > 0));
  ws.free();
});
