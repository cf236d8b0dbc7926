// autosave-policy.test.mjs: what web/autosave.js saves and when: a demo as
// its options, other data as a file, nothing for an empty page; the change
// key moves with the data, a mapping, a setting, the zone and the page; the
// hash parts that name data of their own keep the autosave from restoring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashHasData, saveRequest, changeKey, autosaveOn, FLAG } from '../../web/autosave.js';

const dataset = (over = {}) => ({
  name: 'subs.csv', kind: 'subscriptions', rows: 12, signature: 'sig-subs',
  columns: [{ name: 'Plan', type: 'text', role: 'plan' }, { name: 'MRR', type: 'number', role: 'amount' }],
  ...over,
});
const state = (over = {}) => ({
  demo: false, demoOpts: null,
  info: { tz: 'UTC', datasets: [dataset()] },
  settings: [{ name: 'currency', value: 'USD' }, { name: 'churn_at', value: 'period_end' }],
  ...over,
});
const PAGE = { hash: 'view=revenue', tz: 'UTC' };

test('a hash with the demo or a share token names its own data', () => {
  assert.equal(hashHasData('#demo'), true);
  assert.equal(hashHasData('#view=revenue&demo'), true);
  assert.equal(hashHasData('#s=1.abc'), true);
  assert.equal(hashHasData('#view=revenue&range=30d'), false);
  assert.equal(hashHasData('#f=plan:demo'), false, 'a filter value "demo" is not the demo');
  assert.equal(hashHasData(''), false);
});

test('a save holds the demo as its options, other data as a file, an empty page nothing', () => {
  assert.deepEqual(saveRequest(state({ demo: true, demoOpts: { seed: 42, users: 500, days: 90 } })),
    { kind: 'demo', demo: { seed: 42, users: 500, days: 90 } });
  assert.deepEqual(saveRequest(state()), { kind: 'file' });
  assert.equal(saveRequest(state({ info: { datasets: [] } })), null);
});

test('the change key moves with the data, a mapping, a setting, the zone and the page, and only then', () => {
  const base = changeKey(state(), PAGE);
  assert.equal(changeKey(state(), { ...PAGE }), base, 'the same state gives the same key');
  // results fetched again (a new info object with the same content) are not a change
  assert.equal(changeKey(state({ info: { tz: 'UTC', datasets: [dataset()] } }), PAGE), base);
  const changed = {
    rows: state({ info: { tz: 'UTC', datasets: [dataset({ rows: 13 })] } }),
    mapping: state({ info: { tz: 'UTC', datasets: [dataset({ columns: [{ name: 'Plan', type: 'text', role: null }, { name: 'MRR', type: 'number', role: 'amount' }] })] } }),
    kind: state({ info: { tz: 'UTC', datasets: [dataset({ kind: 'payments' })] } }),
    setting: state({ settings: [{ name: 'currency', value: 'EUR' }, { name: 'churn_at', value: 'period_end' }] }),
    zone: state({ info: { tz: 'Asia/Shanghai', datasets: [dataset()] } }),
    demo: state({ demo: true, demoOpts: { seed: 1, users: 2, days: 3 } }),
  };
  for (const [what, s] of Object.entries(changed)) assert.notEqual(changeKey(s, PAGE), base, what);
  assert.notEqual(changeKey(state(), { ...PAGE, hash: 'view=users' }), base, 'the view');
  assert.notEqual(changeKey(state(), { ...PAGE, rules: 'rule x' }), base, 'the rules');
});

test('autosave is off unless the flag says on', () => {
  const mem = new Map();
  const storage = { getItem: (k) => (mem.has(k) ? mem.get(k) : null) };
  assert.equal(autosaveOn(storage), false);
  mem.set(FLAG, '1');
  assert.equal(autosaveOn(storage), true);
  assert.equal(autosaveOn({ getItem() { throw new Error('SecurityError'); } }), false);
  assert.equal(autosaveOn(undefined), false);
});
