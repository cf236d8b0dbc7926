// ask-op.test.mjs: the offline assistant through the wasm engine (ws.ask,
// ws.aggregates; core/assist/offline.h): the same answer as `lodestar ask
// --format json` on the same file, the questions of issue 7 on the demo
// workspace, and the engine's errors for a bad spec.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine, cli, DATA } from './helpers.mjs';

let engine;
before(async () => {
  engine = await loadEngine();
});

async function small() {
  const ws = engine.newWorkspace();
  await ws.load('subscriptions_small.csv', readFileSync(join(DATA, 'subscriptions_small.csv')));
  return ws;
}

test('the wasm answer equals the CLI answer on the same file', async () => {
  const ws = await small();
  try {
    for (const q of ['MRR', 'churn', 'hello']) {
      const wasm = ws.ask({ question: q });
      const native = JSON.parse(cli('ask', '--format', 'json', join(DATA, 'subscriptions_small.csv'), q));
      assert.deepEqual(wasm, native, q);
    }
  } finally {
    ws.free();
  }
});

test('MRR answers with the hand-computed latest month (test_offline.c walks it)', async () => {
  const ws = await small();
  try {
    const a = ws.ask({ question: '月经常性收入是多少' });
    assert.equal(a.metric, 'mrr');
    assert.equal(a.latest.period, '2026-03');
    // 15.8333 + 145 + 87 + 81.6667 = 329.5; February 2518 / 12
    assert.equal(a.latest.value, 329.5);
    assert.ok(Math.abs(a.latest.previous - 2518 / 12) < 1e-9);
    assert.ok(Math.abs(a.latest.change_pct - 57.0294) < 1e-4);
    const g = ws.aggregates();
    const mrr = g.aggregates.find((x) => x.metric === 'mrr');
    assert.equal(mrr.value, 329.5);
    assert.equal(mrr.period, '2026-03');
  } finally {
    ws.free();
  }
});

test('the questions of the issue answer on the demo workspace', () => {
  const ws = engine.newWorkspace();
  try {
    ws.genDemo({ seed: 7, users: 1500, days: 200 });
    const expect = {
      'What is our churn rate? Should we worry?': 'customer_churn_rate',
      '哪个渠道的转化最好？': 'trial_conversion_rate',
      MRR: 'mrr',
      月经常性收入是多少: 'mrr',
      日活: 'dau',
      'DAU last week': 'dau',
      轉換率: 'trial_conversion_rate',
      GMV: 'gmv',
      退款率: 'refund_rate_orders',
    };
    for (const [q, metric] of Object.entries(expect)) {
      const a = ws.ask({ question: q });
      assert.equal(a.metric, metric, q);
      assert.equal(a.available, true, q);
      assert.ok(a.latest && Number.isFinite(a.latest.value), q);
      assert.equal(a.series.periods.length, a.series.values.length, q);
      assert.equal(a.series.periods.at(-1), a.latest.period, q);
    }
    // the churn rule judged on its metric only
    const churn = ws.ask({ question: 'What is our churn rate? Should we worry?' });
    assert.deepEqual(churn.rules.map((r) => r.id), ['customer-churn']);
    // channels ranked best first in the latest month
    const ch = ws.ask({ question: '哪个渠道的转化最好？' });
    assert.equal(ch.dimension, 'channel');
    assert.ok(ch.segments.length >= 2);
    const vals = ch.segments.map((s) => s.value).filter((v) => v !== null);
    assert.deepEqual(vals, [...vals].sort((x, y) => y - x));
    assert.ok(ch.movers.length > 0 && ch.movers.length <= 3);
  } finally {
    ws.free();
  }
});

test('a question that names nothing is an answer, a bad spec an error', async () => {
  const ws = await small();
  try {
    for (const q of ['arrive', 'hello', '']) {
      const a = ws.ask({ question: q });
      assert.equal(a.metric, null, q);
      assert.ok(a.suggestions.includes('mrr'), q);
    }
    assert.throws(() => ws.ask({}), (err) => err.status === 'LS_EINVAL' && /question/.test(err.message));
    assert.throws(() => ws.ask({ question: 3 }), (err) => err.status === 'LS_EINVAL');
  } finally {
    ws.free();
  }
});
