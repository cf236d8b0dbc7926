// product-data.test.mjs: what the Product view asks the engine: the global
// range and filters go into every spec, the pickers' defaults come from the
// events dataset's columns, and a metric whose column is missing is not asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const data = await import(join(ROOT, 'web', 'product-data.js'));

const col = (name, type, role = null) => ({ name, type, role });
const DEMO_EVENTS = { kind: 'events', columns: [col('distinct_id', 'string', 'user_id'), col('event', 'string', 'event'),
  col('timestamp', 'timestamp', 'timestamp'), col('match_rate', 'float'), col('processing_ms', 'int'),
  col('latency_ms', 'int', 'duration'), col('status', 'int'), col('plan', 'string', 'plan')] };
const NO_OUTCOME = { kind: 'events', columns: [col('user', 'string', 'user_id'), col('event', 'string', 'event'),
  col('ts', 'timestamp', 'timestamp'), col('match_rate', 'float')] };
const catalog = new Map(['count', ...data.PRODUCT_METRICS].map((m) => [m, { name: m, needs: ['events'] }]));

/* A client that records the specs it is asked and answers a two-period series. */
function recorder() {
  const asked = [];
  return { asked, metric: async (spec) => {
    asked.push(spec);
    const r = { unit: 'number', grain: spec.grain, periods: ['2026-03-01', '2026-03-02'], x: Float64Array.of(0, 86400) };
    return spec.by ? { ...r, segments: [{ label: 'a', y: Float64Array.of(1, 2) }] } : { ...r, y: Float64Array.of(1, 2) };
  } };
}

test('the columns: numbers, features, the outcome and the error code column', () => {
  assert.deepEqual(data.numberColumns(DEMO_EVENTS), ['match_rate', 'processing_ms', 'latency_ms', 'status']);
  assert.deepEqual(data.featureColumns(DEMO_EVENTS), ['plan']);
  assert.equal(data.outcomeColumn(DEMO_EVENTS), 'status', 'a number column named status');
  assert.equal(data.codeColumn(DEMO_EVENTS), 'status');
  const coded = { columns: [col('status', 'string', 'status'), col('code', 'string', 'error_code')] };
  assert.equal(data.outcomeColumn(coded), 'code', 'an error_code column before a status column');
  assert.equal(data.codeColumn(coded), 'code');
  assert.equal(data.outcomeColumn(NO_OUTCOME), null);
});

test('the defaults: the duration column, else the first number column; unknown choices fall back', () => {
  assert.deepEqual(data.resolveOpts({}, DEMO_EVENTS), { grain: 'day', event: '', property: 'latency_ms', feature: '' });
  assert.equal(data.resolveOpts({}, NO_OUTCOME).property, 'match_rate');
  assert.deepEqual(data.resolveOpts({ grain: 'year', property: 'nope', feature: 'event', event: 'x' }, DEMO_EVENTS),
    { grain: 'day', event: 'x', property: 'latency_ms', feature: '' });
  assert.equal(data.resolveOpts({ property: 'processing_ms', feature: 'plan' }, DEMO_EVENTS).feature, 'plan');
  assert.equal(data.resolveOpts({}, null).property, '');
});

test('the global range and filters go into every spec; an unbounded range into none', async () => {
  const client = recorder();
  const info = { datasets: [DEMO_EVENTS] };
  const range = { preset: 'custom', from: '2026-03-01', to: '2026-03-31' };
  const filters = [{ column: 'plan', value: 'pro' }];
  const out = await data.fetchProduct(client, catalog, info, { grain: 'week', event: 'api_call' }, range, filters);
  assert.equal(client.asked.length, data.PRODUCT_METRICS.length + 1, 'every metric and the event names');
  for (const spec of client.asked) {
    assert.equal(spec.from, '2026-03-01', spec.metric);
    assert.equal(spec.to, '2026-03-31', spec.metric);
    assert.deepEqual(spec.where, filters, spec.metric);
    assert.equal(spec.grain, 'week', spec.metric);
  }
  const by = (m) => client.asked.find((s) => s.metric === m);
  assert.equal(by('p95').property, 'latency_ms');
  assert.equal(by('p95').event, 'api_call');
  assert.deepEqual([by('failures').by, by('failures').top], ['status', 10]);
  assert.equal(by('feature_share').event, undefined, 'features are compared with each other, not one event');
  assert.deepEqual([by('count').by, by('count').event], ['event', undefined]);
  assert.deepEqual(out.events, ['a']);

  const open = recorder();
  await data.fetchProduct(open, catalog, info, {}, { preset: 'all', from: null, to: null }, []);
  for (const spec of open.asked) assert.deepEqual([spec.from, spec.to, spec.where], [undefined, undefined, undefined]);
});

test('a metric whose column the data lacks is not asked; without events nothing is', async () => {
  const client = recorder();
  const out = await data.fetchProduct(client, catalog, { datasets: [NO_OUTCOME] }, {}, null, null);
  for (const m of data.OUTCOME_METRICS) assert.deepEqual(out.results.get(m), { status: 'lacks', column: 'outcome' });
  assert.equal(out.results.get('p95').status, 'ok');
  assert.ok(!client.asked.some((s) => data.OUTCOME_METRICS.includes(s.metric)));
  const none = recorder();
  const empty = await data.fetchProduct(none, catalog, { datasets: [] }, {}, null, null);
  assert.equal(none.asked.length, 0);
  assert.deepEqual(empty.results.get('error_rate'), { status: 'missing', needs: ['events'] });
  assert.deepEqual(empty.results.get('p95'), { status: 'missing', needs: ['events'] });
});
