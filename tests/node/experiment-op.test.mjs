// experiment-op.test.mjs: the experiment op through the wasm engine
// (ws.experiment; core/metrics/experiment.h) gives what `lodestar experiment`
// prints on the same data (the demo's ab_bucket test; docs/experiments.md),
// CUPED changes the method, a bad spec throws the engine's message, and the
// view's spec builder (web/experiments-data.js) picks the demo's test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, useDemo, ROOT } from './helpers.mjs';

const gen = useDemo('experiment', { seed: 7, users: 1500, days: 150 });

function demoWs() {
  const ws = gen.engine.newWorkspace();
  ws.genDemo({ seed: 7, users: 1500, days: 150 });
  return ws;
}

const events = () => gen.files.find((f) => f.endsWith('events.csv'));

test('the wasm answer equals the CLI answer on the demo, with and without CUPED', () => {
  const ws = demoWs();
  try {
    const a = ws.experiment({ variant: 'ab_bucket', goal: { event: 'upgrade' }, cuped: false });
    const native = JSON.parse(cli('experiment', '--variant', 'ab_bucket', '--goal', 'upgrade', '--no-cuped', events()));
    assert.deepEqual(a, native);
    assert.equal(a.method, 'beta');
    assert.deepEqual(a.variants.map((v) => v.name), ['control', 'test']);
    for (const v of a.variants) {
      assert.ok(v.exposures > 0 && v.conversions <= v.exposures);
      assert.equal(v.rate, v.conversions / v.exposures);
      assert.ok(v.ci[0] < v.rate && v.rate < v.ci[1]);
    }
    assert.ok(Math.abs(a.variants[0].chance + a.variants[1].chance - 1) < 1e-6);
    const m = ws.experiment({ variant: 'ab_bucket', goal: { metric: 'match_rate', event: 'resume_scan' } });
    const mNative = JSON.parse(cli('experiment', '--variant', 'ab_bucket', '--metric', 'match_rate', '--goal', 'resume_scan', events()));
    assert.deepEqual(m, mNative);
    assert.equal(m.kind, 'mean');
    assert.equal(m.method, 'normal');
    assert.ok(m.cuped && m.cuped.variance_reduction > 0 && m.cuped.variance_reduction < 1);
  } finally {
    ws.free();
  }
});

test('a malformed spec throws the engine\'s message', () => {
  const ws = demoWs();
  try {
    assert.throws(() => ws.experiment({ variant: 'ab_bucket' }), /"goal" must be/);
    assert.throws(() => ws.experiment({ variant: 'nope', goal: { event: 'upgrade' } }), /nope/);
    assert.throws(() => ws.experiment({ variant: 'ab_bucket', goal: { event: 'upgrade' }, control: 'x' }), /control "x"/);
  } finally {
    ws.free();
  }
});

test('the view starts from the demo\'s ab_bucket test on upgrade', async () => {
  const data = await import(join(ROOT, 'web', 'experiments-data.js'));
  const ws = demoWs();
  try {
    const info = ws.info();
    assert.equal(data.variantColumns(info)[0], 'ab_bucket');
    assert.ok(data.numberColumns(info).includes('match_rate'));
    const def = data.defaultExperiment(info, ws.eventNames().names);
    assert.equal(def.event, 'upgrade');
    const spec = data.experimentSpec(def, { from: '2026-01-01', where: [{ column: 'plan', value: 'free' }] });
    assert.deepEqual(spec, { variant: 'ab_bucket', goal: { event: 'upgrade' }, cuped: true, from: '2026-01-01',
      where: [{ column: 'plan', value: 'free' }] });
    assert.deepEqual(data.ciScale([{ value: 1, ci: [0, 2] }]), { min: -0.1, max: 2.1 });
  } finally {
    ws.free();
  }
});
