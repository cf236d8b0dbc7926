// filter-range.test.mjs: the global date range of the product views
// (web/filter-bar.js resolveRange and scopeSpec), against days counted by hand.
//
// The as-of day 2026-10-31 (a Saturday):
//   7d   ends on it and holds 7 days:  Oct 31 − 6  = Oct 25
//   30d                                Oct 31 − 29 = Oct 2
//   90d  Oct 31 − 89: Oct 1 is − 30, Sep 1 is − 60, Aug 1 is − 91, so Aug 3
//   quarter  Q4 to date: Oct 1;  year  to date: Jan 1
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

let resolveRange, scopeSpec;

before(async () => {
  globalThis.document ??= { documentElement: {} };
  ({ resolveRange, scopeSpec } = await import(join(ROOT, 'web', 'filter-bar.js')));
});

test('each preset ends on the as-of day and holds its days', () => {
  const at = '2026-10-31';
  assert.deepEqual(resolveRange('7d', at), { preset: '7d', from: '2026-10-25', to: at });
  assert.deepEqual(resolveRange('30d', at), { preset: '30d', from: '2026-10-02', to: at });
  assert.deepEqual(resolveRange('90d', at), { preset: '90d', from: '2026-08-03', to: at });
  assert.deepEqual(resolveRange('quarter', at), { preset: 'quarter', from: '2026-10-01', to: at });
  assert.deepEqual(resolveRange('year', at), { preset: 'year', from: '2026-01-01', to: at });
  assert.deepEqual(resolveRange('all', at), { preset: 'all', from: null, to: null });
  // quarters of other days: Feb 15 is in Q1, May 31 in Q2; 7 days over a month's turn
  assert.equal(resolveRange('quarter', '2026-02-15').from, '2026-01-01');
  assert.equal(resolveRange('quarter', '2026-05-31').from, '2026-04-01');
  assert.equal(resolveRange('7d', '2026-03-03').from, '2026-02-25');
});

test('custom keeps its days, no data means no bounds, an unknown preset is 90d', () => {
  assert.deepEqual(resolveRange('custom', '2026-10-31', { from: '2026-01-05', to: '' }), { preset: 'custom', from: '2026-01-05', to: null });
  assert.deepEqual(resolveRange('custom', null, { from: 'soon', to: '2026-02-01' }), { preset: 'custom', from: null, to: '2026-02-01' });
  assert.deepEqual(resolveRange('30d', null), { preset: '30d', from: null, to: null });
  assert.deepEqual(resolveRange('fortnight', '2026-10-31').preset, '90d');
});

test('the range and filters become a spec\'s from, to and where', () => {
  const range = { preset: '7d', from: '2026-10-25', to: '2026-10-31' };
  assert.deepEqual(scopeSpec({ range, filters: [] }), { from: '2026-10-25', to: '2026-10-31' });
  assert.deepEqual(scopeSpec({ range: { preset: 'all', from: null, to: null }, filters: [{ column: 'plan', value: 'Pro' }] }),
    { where: [{ column: 'plan', value: 'Pro' }] });
});
