// alerts-data.test.mjs: the order of runs in web/alerts-data.js with a
// worker whose answers the test releases by hand: a rules save and a run in
// flight, a workspace change during a save, a workspace left without
// datasets; and the report op's cut of a long language name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountAlertsData, currentAlerts, workspaceKey } from '../../web/alerts-data.js';
import { createStore } from '../../web/store.js';
import { loadEngine } from './helpers.mjs';

const mem = new Map();
globalThis.localStorage = {
  getItem: (k) => (mem.has(k) ? mem.get(k) : null), setItem: (k, v) => mem.set(k, String(v)),
  removeItem: (k) => mem.delete(k), get length() { return mem.size; },
};

const ws = (name) => ({ datasets: [{ kind: 'subscriptions', name, signature: `sig-${name}` }] });
const tick = () => new Promise((r) => setTimeout(r, 0));

/* A worker whose asks wait until release(i, value) or fail(i, message). */
function fakeWorker() {
  const asks = [];
  const ask = (op, spec) => new Promise((resolve, reject) => asks.push({ op, spec, resolve, reject }));
  // the first ask of op still waiting, taken off the list (undefined when none)
  const take = (op) => {
    const i = asks.findIndex((a) => a.op === op);
    return i < 0 ? undefined : asks.splice(i, 1)[0];
  };
  return { asks, ask, take };
}

/* The store and actions of a page on workspace A in the Alerts view, its
 * first run (default rules) answered. */
async function mounted() {
  mem.clear();
  const w = fakeWorker();
  const A = ws('a');
  const store = createStore({ view: 'alerts', engine: {}, info: A, alerts: null });
  const actions = { ask: w.ask };
  mountAlertsData(store, actions);
  await tick();
  w.take('defaultRules').resolve('{"rules":[]}');
  await tick();
  w.take('monitor').resolve({ run: 'default' });
  await tick();
  w.take('insights').resolve({ insights: 1 });
  await tick();
  assert.deepEqual(store.get().alerts.monitor, { run: 'default' });
  return { w, store, actions, A };
}

test('a save while a run is in flight: the saved rules and their run stand, the older run is dropped', async () => {
  const { w, store, actions, A } = await mounted();
  // a forced run starts (reset), then a save
  const reset = actions.resetRules();
  await tick();
  const runAsk = w.take('monitor'); // monitor of the reset run
  assert.equal(runAsk.op, 'monitor');
  const save = actions.setRules('{"rules":[{"id":"x"}]}');
  await tick();
  const saveAsk = w.take('monitor');
  assert.equal(saveAsk.spec.rules, '{"rules":[{"id":"x"}]}');
  saveAsk.resolve({ run: 'saved' });
  await save;
  runAsk.resolve({ run: 'old' });
  await tick();
  w.take('insights')?.resolve(null); // the reset run's insights
  await reset;
  assert.deepEqual(store.get().alerts.monitor, { run: 'saved' }, 'the run started before the save does not overwrite it');
  assert.equal(store.get().alerts.rules, '{"rules":[{"id":"x"}]}');
  assert.equal(mem.get(`lodestar.rules.${workspaceKey(A)}`), '{"rules":[{"id":"x"}]}');
});

test('a workspace change during a save: nothing saved under the new workspace, its run stands', async () => {
  const { w, store, actions, A } = await mounted();
  const save = actions.setRules('{"rules":[{"id":"y"}]}');
  await tick();
  const saveAsk = w.take('monitor');
  const B = ws('b');
  store.set({ info: B }); // the new workspace's run starts (default rules already known)
  await tick();
  const bRun = w.take('monitor');
  assert.equal(bRun.op, 'monitor');
  saveAsk.resolve({ run: 'A-saved' });
  await save;
  assert.equal(mem.get(`lodestar.rules.${workspaceKey(B)}`), undefined, 'not saved under B');
  assert.equal(mem.get(`lodestar.rules.${workspaceKey(A)}`), undefined, 'a dropped save is not kept for A either');
  assert.equal(currentAlerts(store.get()), null, 'while B runs, nothing is current');
  assert.equal(store.get().alerts.monitor, null, 'the result of A is no longer held as a run');
  bRun.resolve({ run: 'B' });
  await tick();
  w.take('insights').resolve(null);
  await tick();
  assert.deepEqual(currentAlerts(store.get()).monitor, { run: 'B' });
  assert.equal(store.get().alerts.key, workspaceKey(B));
});

test('a refused save does not leave the run it displaced unfinished', async () => {
  const { w, store, actions } = await mounted();
  store.set({ info: ws('c') });
  await tick();
  const cRun = w.take('monitor');
  const save = actions.setRules('{bad');
  await tick();
  w.take('monitor').reject(new Error('rules: bad JSON'));
  await assert.rejects(save, /bad JSON/);
  cRun.resolve({ run: 'C-displaced' }); // dropped: the save bumped the generation
  await tick();
  w.take('insights')?.resolve(null);
  await tick();
  const again = w.take('monitor'); // the run started again after the refusal
  assert.equal(again?.op, 'monitor');
  again.resolve({ run: 'C' });
  await tick();
  w.take('insights').resolve(null);
  await tick();
  assert.deepEqual(currentAlerts(store.get()).monitor, { run: 'C' });
});

test('a workspace left without datasets drops the run in flight and shows none', async () => {
  const { w, store } = await mounted();
  store.set({ info: ws('d') });
  await tick();
  const dRun = w.take('monitor');
  store.set({ info: { datasets: [] } });
  await tick();
  dRun.resolve({ run: 'D' });
  await tick();
  w.take('insights')?.resolve(null);
  await tick();
  assert.equal(currentAlerts(store.get()), null);
  assert.equal(store.get().alerts.monitor, null);
});

test('report: a long unknown language is named cut to 64 characters', async () => {
  const engine = await loadEngine();
  const w = engine.newWorkspace();
  const lang = 'x'.repeat(200);
  assert.throws(() => w.report({ lang }), (e) => e.message.includes(`"${'x'.repeat(64)}"`));
  w.free();
});
