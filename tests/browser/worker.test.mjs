// worker.test.mjs: the worker's revenue ops as the page calls them, through
// engine-client.js in Chromium: breakdowns with their buffers transferred,
// where, settings, and errors that carry the engine's message and status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, DATA } from './helpers.mjs';

let site, browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('the worker answers metric with where and by, settings and setSetting, and errors with a status', async () => {
  const page = await newPage(browser, site);
  await page.goto(site.url);
  const csv = readFileSync(join(DATA, 'subscriptions_currencies.csv'), 'utf8');
  const out = await page.evaluate(async (csv) => {
    const { createEngineClient } = await import(new URL('engine-client.js', location.href).href);
    const engine = createEngineClient(new URL('engine/worker.js', location.href).href);
    const failure = (p) => p.then(() => null, (e) => ({ op: e.op, status: e.status, message: e.message }));
    const shape = (r) => ({
      by: r.by, periods: r.periods, xIsF64: r.x instanceof Float64Array, y: r.y === undefined ? 'none' : 'some',
      segments: r.segments && r.segments.map((s) => ({ label: s.label, f64: s.y instanceof Float64Array, y: Array.from(s.y) })),
    });
    const res = {};
    await engine.loadDemo({ seed: 7, users: 3000, days: 200 });
    const plans = await engine.metric({ metric: 'mrr_by_plan' });
    const mrr = await engine.metric({ metric: 'mrr' });
    res.plans = shape(plans);
    res.mrr = Array.from(mrr.y);
    res.organic = Array.from((await engine.metric({ metric: 'mrr', where: [{ column: 'channel', value: 'organic' }] })).y);
    res.byMissing = await failure(engine.metric({ metric: 'mrr', by: 'nope' }));
    res.defaults = await engine.settings();
    res.refused = await failure(engine.setSetting('gross_margin', '2'));
    res.unknown = await failure(engine.setSetting('speed', 'fast'));
    res.set = await engine.setSetting('churn_at', 'canceled');
    await engine.reset(); // keeps the settings
    res.afterReset = await engine.settings();
    await engine.loadFile(new File([csv], 'subscriptions_currencies.csv'));
    res.currency = await failure(engine.metric({ metric: 'mrr' }));
    res.byCurrency = shape(await engine.metric({ metric: 'mrr', by: 'Currency' }));
    engine.terminate();
    return res;
  }, csv);

  assert.equal(out.plans.by, 'Plan');
  assert.equal(out.plans.y, 'none');
  assert.ok(out.plans.xIsF64);
  assert.deepEqual(out.plans.segments.map((s) => s.label), ['Basic', 'Pro', 'Team']);
  assert.ok(out.plans.segments.every((s) => s.f64 && s.y.length === out.plans.periods.length));
  // the plans add up to MRR
  out.mrr.forEach((v, i) => {
    const sum = out.plans.segments.reduce((a, s) => a + s.y[i], 0);
    assert.ok(Math.abs(sum - v) < 1e-6 * Math.max(1, v), `period ${i}: ${sum} vs ${v}`);
  });
  assert.ok(out.organic.every((v, i) => v < out.mrr[i]));
  assert.equal(out.byMissing.status, 'LS_ENOTFOUND');
  assert.match(out.byMissing.message, /no column "nope"/);

  assert.deepEqual(out.defaults.map((s) => s.name),
    ['weekly_factor', 'discounts', 'churn_at', 'movements', 'churn_denominator', 'currency', 'rates', 'gross_margin', 'tiers',
      'error_status']);
  assert.deepEqual(out.refused, {
    op: 'setSetting', status: 'LS_EINVAL', message: 'gross_margin: "2" is not a number above 0 and at most 1',
  });
  assert.deepEqual(out.unknown, { op: 'setSetting', status: 'LS_ENOTFOUND', message: 'no setting named "speed"' });
  assert.equal(out.set.find((s) => s.name === 'churn_at').value, 'canceled');
  assert.equal(out.afterReset.find((s) => s.name === 'churn_at').value, 'canceled');

  assert.deepEqual(out.currency, {
    op: 'metric', status: 'LS_ECURRENCY',
    message: 'subscriptions_currencies.csv: amounts in several currencies (usd, eur): '
      + 'set a reporting currency and rates, or break the metric down by currency',
  });
  assert.deepEqual(out.byCurrency.segments.map((s) => [s.label, ...s.y]), [['eur', 50, 70], ['usd', 100, 100]]);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
