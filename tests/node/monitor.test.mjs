// monitor.test.mjs: the monitoring exports through wasm (wasm/ops_monitor.c):
// lsw_monitor, lsw_default_rules, lsw_notify, lsw_report, lsw_insights, on
// hand-checked fixtures, and how each refuses a bad spec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, loadEngine } from './helpers.mjs';

const engine = await loadEngine();

async function workspace(...files) {
  const ws = engine.newWorkspace();
  for (const f of files) await ws.load(f.split('/').pop(), readFileSync(join(DATA, f)));
  return ws;
}

const SHOP_RULES = JSON.stringify({ rules: [{ id: 'shop-score', type: 'entity', dataset: 'entity_scores', entity: 'shop_id',
  at: 'latest', rank_by: 'score', conditions: [{ if: 'score < 3.5', severity: 'P0' }, { if: 'score >= 3.5 and score < 3.6', severity: 'P2' }] }] });
const customers = (op, value, severity = 'P1') => JSON.stringify({ rules: [{ id: 'cust', type: 'threshold', metric: 'customers',
  grain: 'month', op, value, severity }] });

test('entity rules on the boundaries: 3.4 is P0, 3.5 and 3.59 are P2, 3.6 and 4.0 pass', async () => {
  const ws = await workspace('fixtures/shop_scores.csv');
  const m = ws.monitor({ rules: SHOP_RULES });
  // latest row of each shop (data/fixtures/shop_scores.csv): s1 3.4, s2 3.5, s3 3.59, s4 3.6, s5 4.0.
  // score < 3.5: s1 only (3.5 is not below 3.5); 3.5 <= score < 3.6: s2, s3 (3.6 is not below 3.6).
  assert.equal(m.p0, true);
  assert.deepEqual(m.alerts.map((a) => [a.entity, a.severity, a.values.score]), [['s1', 'P0', 3.4], ['s2', 'P2', 3.5], ['s3', 'P2', 3.59]]);
  assert.ok(m.alerts.every((a) => a.kind === 'entity' && a.rule === 'shop-score'));
  assert.deepEqual(m.entities.map((e) => [e.entity, e.region, e.status, e.severity]),
    [['s1', 'north', 'open', 'P0'], ['s2', 'north', 'open', 'P2'], ['s3', 'south', 'open', 'P2'],
      ['s4', 'south', 'closed', null], ['s5', 'east', 'open', null]]);
  ws.free();
});

test('"at" as a day is included whole: on 2026-01-01 only s1 (4.1) and s3 (3.0) have a score', async () => {
  const ws = await workspace('fixtures/shop_scores.csv');
  const m = ws.monitor({ rules: SHOP_RULES, at: '2026-01-01' });
  // rows dated 2026-01-01: s1 4.1 (passes), s3 3.0 (< 3.5: P0)
  assert.equal(m.at, '2026-01-01');
  assert.deepEqual(m.alerts.map((a) => [a.entity, a.severity, a.values.score]), [['s3', 'P0', 3]]);
  assert.throws(() => ws.monitor({ rules: SHOP_RULES, at: '2026-13-45' }), (e) => e.status === 'LS_EINVAL' && /bad date "2026-13-45"/.test(e.message));
  ws.free();
});

test('a threshold is strict and incidents merge consecutive months (customers 3, 3, 4)', async () => {
  const ws = await workspace('subscriptions_small.csv');
  // paying customers at each month end (data/subscriptions_small.csv):
  //   Jan 31: A (Pro), B (Basic, yearly), D (Basic); C is still in trial (to Feb 3) → 3
  //   Feb 28: A, B, C (trial over); D ended Feb 25, E Feb 15 → 3
  //   Mar 31: A (now Team), B, C, G (Pro, Mar 20); F expired Mar 2 → 4      (April is incomplete)
  let m = ws.monitor({ rules: customers('below', 3.5) });
  const r = m.rules[0];
  assert.deepEqual(r.series.period, ['2026-01', '2026-02', '2026-03']);
  assert.deepEqual(r.series.value, [3, 3, 4]);
  assert.deepEqual(r.series.fired, [true, true, false]); // 3 < 3.5 twice, 4 is not
  assert.deepEqual(r.series.expected_lo, [3.5, 3.5, 3.5]); // below 3.5: the range starts at 3.5
  assert.equal(r.status, 'ok');
  assert.deepEqual(m.alerts, []);
  assert.deepEqual(m.incidents.map((i) => [i.start, i.end, i.periods, i.ongoing]), [['2026-01', '2026-02', 2, false]]);
  assert.deepEqual(m.health.map((h) => [h.metric, h.status]), [['customers', 'green']]); // 4 is 14% over 3.5: not near
  m = ws.monitor({ rules: customers('below', 3) }); // 3 is not below 3: nothing fires
  assert.deepEqual(m.rules[0].series.fired, [false, false, false]);
  assert.deepEqual(m.incidents, []);
  m = ws.monitor({ rules: customers('above', 3.5, 'P0') }); // 4 > 3.5 in March, the judged month
  assert.equal(m.p0, true);
  assert.deepEqual(m.alerts.map((a) => [a.rule, a.severity, a.period, a.value, a.threshold]), [['cust', 'P0', '2026-03', 4, 3.5]]);
  assert.deepEqual(m.incidents.map((i) => [i.start, i.periods, i.ongoing]), [['2026-03', 1, true]]);
  assert.deepEqual(m.health.map((h) => h.status), ['red']);
  ws.free();
});

test('reconciliation: 2 missing on the right, 1 on the left, 1 duplicated, 2 mismatched, 28 matched', async () => {
  const ws = await workspace('fixtures/recharge_orders.csv', 'fixtures/payment_callbacks.csv');
  const rules = JSON.stringify({ rules: [{ id: 'audit', type: 'reconcile', grain: 'day', severity: 'P1', tolerance: 0.01,
    left: { dataset: 'recharge_orders', key: 'order_id', amount: 'amount' },
    right: { dataset: 'payment_callbacks', key: 'order_id', amount: 'paid_amount' } }] });
  const m = ws.monitor({ rules });
  const [r] = m.reconcile;
  // orders 1001–1030; no callback for 1007 and 1024; callback 1099 has no order; 1012 called back twice;
  // 1005 paid 3 for 30, 1018 paid 66 for 68; 1021 paid 98.01 for 98.00 (within 0.01); 30 − 2 = 28 matched
  assert.deepEqual([r.matched, r.missing_in_right, r.missing_in_left, r.duplicate_left, r.duplicate_right, r.mismatched], [28, 2, 1, 0, 1, 2]);
  assert.deepEqual(m.alerts.map((a) => [a.kind, a.severity, a.problems]), [['reconcile', 'P1', 6]]); // 2 + 1 + 1 + 2
  ws.free();
});

test('insights: customers moved 3 → 4, all of it the Team plan (A moved Pro → Team, G joined on Pro)', async () => {
  const ws = await workspace('subscriptions_small.csv');
  const ins = ws.insights({ grain: 'month', metric: 'customers', dims: ['Plan'] });
  const c = ins.movers.find((x) => x.metric === 'customers');
  assert.deepEqual([c.period, c.value, c.previous, c.change], ['2026-03', 4, 3, 1]);
  // Feb end: A Pro, B Basic, C Team; Mar end: A Team, B Basic, C Team, G Pro →
  // Team 1 → 2 (+1), Basic 1 → 1, Pro 1 → 1 (A left it, G came): share of +1 all Team
  const [contrib] = ins.contributions;
  assert.equal(contrib.metric, 'customers');
  assert.deepEqual(contrib.dimensions[0].segments.map((s) => [s.segment, s.previous, s.value, s.share]),
    [['Team', 1, 2, 1], ['Basic', 1, 1, 0], ['Pro', 1, 1, 0]]);
  assert.throws(() => ws.insights({ grain: 'year' }), (e) => e.status === 'LS_EINVAL' && /unknown grain "year"/.test(e.message));
  assert.throws(() => ws.insights({ dims: 'Plan' }), (e) => e.status === 'LS_EINVAL' && /"dims"/.test(e.message));
  ws.free();
});

test('a bad rules file is refused whole, naming the rule; non-JSON is LS_EPARSE', async () => {
  const ws = await workspace('subscriptions_small.csv');
  const bad = JSON.stringify({ rules: [{ id: 'ok', type: 'threshold', metric: 'mrr', op: 'below', value: 1 },
    { id: 'mrr-drop', type: 'change', metric: 'mrr', op: 'drop', value: 10 }] });
  assert.throws(() => ws.monitor({ rules: bad }), (e) => e.status === 'LS_EINVAL' && e.message === 'rules[1] (id "mrr-drop"): unknown op "drop"');
  assert.throws(() => ws.monitor({ rules: '{"rules": [' }), (e) => e.status === 'LS_EPARSE');
  assert.throws(() => ws.monitor({ rules: 5 }), (e) => e.status === 'LS_EINVAL' && /"rules" must be text/.test(e.message));
  assert.throws(() => ws.monitor([]), (e) => e.status === 'LS_EINVAL' && /monitor spec is not a JSON object/.test(e.message));
  ws.free();
});

test('the default rules parse and run on the demo; the rules of absent datasets say no_data', () => {
  const rules = JSON.parse(engine.defaultRules());
  assert.ok(rules.rules.length >= 8);
  const ws = engine.newWorkspace();
  ws.genDemo({ seed: 3, users: 600, days: 120 });
  const m = ws.monitor({});
  assert.match(m.at, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(m.rules.map((r) => r.id), rules.rules.map((r) => r.id));
  for (const r of m.rules) assert.ok(['firing', 'ok', 'suppressed', 'low_volume', 'no_data', 'error'].includes(r.status), r.id);
  assert.ok(m.health.every((h) => ['green', 'amber', 'red', 'grey'].includes(h.status)));
  ws.free();
});

test('notify: Slack, Feishu and DingTalk bodies of a run; a bad target or lang is named', async () => {
  const ws = await workspace('fixtures/shop_scores.csv');
  const m = ws.monitor({ rules: SHOP_RULES });
  const slack = ws.notify({ monitor: m, target: 'slack' });
  assert.match(slack.text, /1 P0, 0 P1, 2 P2/); // s1 P0; s2 and s3 P2
  const feishu = ws.notify({ monitor: JSON.stringify(m), target: 'feishu', lang: 'zh-CN' });
  assert.equal(feishu.msg_type, 'post');
  assert.ok(JSON.stringify(feishu).includes('s1'));
  assert.ok(ws.notify({ monitor: m, target: 'dingtalk', lang: 'zh-TW' }));
  assert.throws(() => ws.notify({ monitor: m, target: 'teams' }), (e) => e.status === 'LS_EINVAL' && /unknown target "teams"/.test(e.message));
  assert.throws(() => ws.notify({ monitor: m, target: 'slack', lang: 'fr' }), (e) => /unknown lang "fr"/.test(e.message));
  assert.throws(() => ws.notify({ monitor: m }), (e) => /"target" is required/.test(e.message));
  assert.throws(() => ws.notify({ monitor: 5, target: 'slack' }), (e) => /"monitor" must be a monitor result/.test(e.message));
  assert.throws(() => ws.notify({ monitor: '[1]', target: 'slack' }), (e) => e.status === 'LS_EPARSE');
  ws.free();
});

test('report: HTML and Markdown text in the asked language; bad periods, formats and langs are named', async () => {
  const ws = await workspace('subscriptions_small.csv');
  const html = ws.report({ period: 'monthly', format: 'html', lang: 'en' });
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.match(html, /<html lang="en">/);
  assert.ok(!/<script/i.test(html), 'self-contained, no scripts');
  const md = ws.report({ period: 'monthly', format: 'md', lang: 'zh-CN' });
  assert.match(md, /^# 月报 · 2026-03-01 – 2026-03-31/); // March is the last complete month (data to April 2)
  assert.match(ws.report({}), /^<!DOCTYPE html>/i); // weekly HTML in English by default
  for (const [spec, re] of [[{ period: 'yearly' }, /unknown period "yearly"/], [{ format: 'pdf' }, /unknown format "pdf"/],
    [{ lang: 'fr' }, /language "fr"/], [{ at: 'soon' }, /bad date "soon"/]])
    assert.throws(() => ws.report(spec), (e) => e.status === 'LS_EINVAL' && re.test(e.message));
  ws.free();
});
