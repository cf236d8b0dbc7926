// wsfile-op.test.mjs: the workspace file through engine.js: the demo saved,
// then loaded into a new workspace, gives every metric of the catalog, the
// zone, the settings and the page back as they were.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './helpers.mjs';

let engine;

before(async () => {
  engine = await loadEngine();
});

// every series of every metric (a breakdown: every segment), by grain
function allMetrics(ws) {
  const out = {};
  for (const { name: metric, grains, args } of engine.catalog()) {
    if ((args || []).length) continue; // metrics that need an event or a property
    for (const grain of grains) {
      try {
        const r = ws.metric({ metric, grain });
        out[`${metric}/${grain}`] = { periods: r.periods, y: r.y && Array.from(r.y), segments: r.segments?.map((s) => [s.label, Array.from(s.y)]) };
      } catch (e) {
        out[`${metric}/${grain}`] = { error: e.message };
      }
    }
  }
  return out;
}

test('save the demo, load the bytes into a new workspace: every metric, the zone, the settings equal', async () => {
  const ws = engine.newWorkspace();
  ws.genDemo({ seed: 11, users: 400, days: 90 });
  ws.setTimeZone('Asia/Shanghai');
  ws.setSetting('weekly_factor', '4.33');
  ws.setSetting('churn_at', 'canceled');
  const before = allMetrics(ws);
  const page = { hash: 'view=revenue&range=30d', tz: 'Asia/Shanghai', product: { retentionPeriod: 'week' } };
  const bytes = ws.saveWorkspace({ page });
  assert.ok(bytes instanceof Uint8Array && bytes.length > 1000);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 15)), 'SQLite format 3');

  const back = engine.newWorkspace();
  back.genDemo({ seed: 1, users: 50, days: 30 }); // replaced by the file
  const loaded = await back.load('saved.lodestar.sqlite', bytes);
  assert.deepEqual(loaded.restored, { version: 1, page });
  const a = ws.info(), b = back.info();
  assert.equal(b.tz, 'Asia/Shanghai');
  assert.deepEqual(b.datasets.map((d) => [d.name, d.kind, d.rows]), a.datasets.map((d) => [d.name, d.kind, d.rows]));
  assert.deepEqual(back.settings(), ws.settings());
  const after = allMetrics(back);
  assert.ok(Object.keys(before).length > 20);
  assert.deepEqual(after, before);
  // a second load of an ordinary file adds to it and restores nothing
  assert.deepEqual(await back.load('plain.csv', new TextEncoder().encode('a,b\n1,2\n')), {});
  ws.free();
  back.free();
});

test('a manual mapping stays manual, a page of null comes back null', async () => {
  const ws = engine.newWorkspace();
  await ws.load('orders.csv', new TextEncoder().encode('order,who,paid,at\nA1,u1,10.5,2025-01-02\nA2,u2,,2025-01-03\n'));
  ws.setMapping(0, { kind: 'payments', roles: { customer_id: 'who', amount: 'paid', created: 'at' } });
  const bytes = ws.saveWorkspace();
  const back = engine.newWorkspace();
  const loaded = await back.load('w.lodestar.sqlite', bytes);
  assert.deepEqual(loaded.restored, { version: 1, page: null });
  const [d] = back.info().datasets;
  const [o] = ws.info().datasets;
  assert.equal(d.kind, 'payments');
  assert.deepEqual(d, o);
  ws.free();
  back.free();
});

test('a damaged workspace file fails naming the file and keeps what was loaded', async () => {
  const ws = engine.newWorkspace();
  ws.genDemo({ seed: 3, users: 50, days: 30 });
  const bytes = ws.saveWorkspace({ page: { hash: '' } });
  const cut = bytes.slice(0, Math.floor(bytes.length / 2));
  const other = engine.newWorkspace();
  other.genDemo({ seed: 5, users: 60, days: 30 });
  const rows = other.info().datasets.map((d) => d.rows);
  await assert.rejects(other.load('half.lodestar.sqlite', cut), /half\.lodestar\.sqlite/);
  assert.deepEqual(other.info().datasets.map((d) => d.rows), rows);
  ws.free();
  other.free();
});
