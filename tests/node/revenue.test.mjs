// revenue.test.mjs: the revenue engine through wasm: rows kept by where,
// breakdowns by a column, settings, and the currency error. Hand-checked on
// data/subscriptions_currencies.csv; checked against the CLI on the demo.
//
// subscriptions_currencies.csv, MRR at the end of each complete month:
//   sub_1 Pro    100 usd a month      from Jan 5    Jan 100  Feb 100
//   sub_2 Pro     50 eur a month      from Jan 10   Jan  50  Feb  50
//   sub_3 Basic  240 eur a year       from Feb 1    Jan   0  Feb  20
//   sub_4 Basic   10 eur x 2 a month  from Mar 2    (March is not complete)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, cli, parseSeries, asText, useDemo } from './helpers.mjs';

const SUBS = 'subscriptions_currencies.csv';
const MONTHS = ['2026-01', '2026-02'];

const gen = useDemo('revenue', { seed: 7, users: 3000, days: 200 });

async function fixture() {
  const ws = gen.engine.newWorkspace();
  await ws.load(SUBS, readFileSync(join(DATA, SUBS)));
  return ws;
}

function demo() {
  const ws = gen.engine.newWorkspace();
  ws.genDemo({ seed: 7, users: 3000, days: 200 });
  return ws;
}

// The CLI's breakdown "period,COLUMN,value" as {by, labels, periods, values: {label: [text]}}.
function cliBreakdown(text) {
  const by = text.split('\n')[0].split(',')[1];
  const periods = [], values = {};
  for (const [period, label, value] of parseSeries(text)) {
    if (periods.at(-1) !== period) periods.push(period);
    (values[label] ||= []).push(value);
  }
  return { by, labels: Object.keys(values).sort(), periods, values };
}

function assertSameBreakdown(got, want, what) {
  assert.equal(got.by, want.by, `${what}: by`);
  assert.deepEqual(got.periods, want.periods, `${what}: periods`);
  assert.equal(got.x.length, want.periods.length, `${what}: x`);
  assert.deepEqual(got.segments.map((s) => s.label), want.labels, `${what}: segments`);
  for (const s of got.segments) assert.deepEqual([...s.y].map(asText), want.values[s.label], `${what}: ${s.label}`);
}

function stderrOf(fn) {
  try {
    fn();
  } catch (e) {
    return String(e.stderr).trim();
  }
  assert.fail('the CLI did not fail');
}

test('a metric with where keeps only the rows whose column has the value', async () => {
  const ws = await fixture();
  const eur = ws.metric({ metric: 'mrr', where: [{ column: 'Currency', value: 'EUR' }] });
  assert.deepEqual(eur.periods, MONTHS);
  assert.deepEqual([...eur.y], [50, 70]); // case ignored: the cells say "eur"
  assert.equal(eur.segments, undefined);
  assert.deepEqual([...ws.metric({ metric: 'mrr', where: [{ column: 'plan', value: 'basic' }] }).y], [0, 20]);
  // every condition must hold; a number matches the cell's text
  const both = [{ column: 'Quantity', value: 1 }, { column: 'Currency', value: 'eur' }];
  assert.deepEqual([...ws.metric({ metric: 'mrr', where: both }).y], [50, 70]);
  const usdPro = [{ column: 'Currency', value: 'usd' }, { column: 'Plan', value: 'Pro' }];
  assert.deepEqual([...ws.metric({ metric: 'customers', where: usdPro }).y], [1, 1]);
  assert.deepEqual([...ws.metric({ metric: 'mrr', where: [{ column: 'Plan', value: 'Gold' }] }).y], [0, 0]);
  assert.throws(() => ws.metric({ metric: 'mrr', where: [{ column: 'Region', value: 'EU' }] }),
    (e) => e.status === 'LS_ENOTFOUND' && /no column "Region" in subscriptions_currencies\.csv/.test(e.message));
  assert.throws(() => ws.metric({ metric: 'mrr', where: { Plan: 'Pro' } }), /"where" must be an array/);
  assert.throws(() => ws.metric({ metric: 'mrr', where: [{ column: 'Plan' }] }), /where\[0\] must be/);
  ws.free();
});

test('where gives what the CLI gives on the demo, on the dataset and on the customers joined to it', () => {
  const ws = demo();
  for (const [metric, column, value] of [['mrr', 'channel', 'organic'], ['customers', 'Plan', 'Team'], ['dau', 'plan', 'free']]) {
    const want = parseSeries(cli('metric', metric, '--where', `${column}=${value}`, ...gen.files));
    const got = ws.metric({ metric, where: [{ column, value }] });
    assert.ok(want.length > 0, `${metric} where ${column}=${value} is empty`);
    assert.deepEqual(got.periods, want.map((r) => r[0]), `${metric} where ${column}=${value}`);
    assert.deepEqual([...got.y].map(asText), want.map((r) => r[1]), `${metric} where ${column}=${value}`);
    const all = ws.metric({ metric });
    assert.ok(got.y.some((v, i) => v < all.y[i]), `${metric} where ${column}=${value} keeps every row`);
  }
  ws.free();
});

test('a breakdown by a column gives one series per value over the same periods', async () => {
  const ws = await fixture();
  const r = ws.metric({ metric: 'mrr', by: 'Currency' });
  assert.equal(r.by, 'Currency');
  assert.equal(r.unit, 'currency');
  assert.equal(r.grain, 'month');
  assert.deepEqual(r.periods, MONTHS);
  assert.ok(r.x instanceof Float64Array && r.x.length === 2);
  assert.equal(r.y, undefined);
  assert.deepEqual(r.segments.map((s) => s.label), ['eur', 'usd']);
  assert.deepEqual(r.segments.map((s) => [...s.y]), [[50, 70], [100, 100]]);
  assert.ok(r.segments.every((s) => s.y instanceof Float64Array));
  // mrr_by_plan is always broken down, by the plan column; here in euros
  ws.setSetting('currency', 'EUR');
  ws.setSetting('rates', 'USD=0.5');
  const plans = ws.metric({ metric: 'mrr_by_plan' });
  assert.equal(plans.by, 'Plan');
  assert.deepEqual(plans.segments.map((s) => [s.label, ...s.y]), [['Basic', 0, 20], ['Pro', 100, 100]]);
  assert.throws(() => ws.metric({ metric: 'mrr', by: 'Region' }), /no column "Region"/);
  assert.throws(() => ws.metric({ metric: 'mrr', by: '' }), /"by" must name a column/);
  ws.free();
});

test('breakdowns give what the CLI gives on the demo', () => {
  const ws = demo();
  for (const [metric, by, grain] of [['mrr_by_plan', null, 'month'], ['customers', 'channel', 'month'],
    ['new_mrr', 'segment', 'week'], ['dau', 'plan', 'day']]) {
    const args = ['metric', metric, '--grain', grain, ...(by ? ['--by', by] : []), ...gen.files];
    const got = ws.metric({ metric, grain, ...(by ? { by } : {}) });
    assertSameBreakdown(got, cliBreakdown(cli(...args)), `${metric} by ${by || 'plan'}`);
  }
  ws.free();
});

test('settings: the defaults, a change, and the reason an invalid value is refused', async () => {
  const ws = gen.engine.newWorkspace();
  const settings = ws.settings();
  const cliNames = cli('settings').trim().split('\n').map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(settings.map((s) => s.name), cliNames);
  const byName = (list) => Object.fromEntries(list.map((s) => [s.name, s]));
  const s = byName(settings);
  assert.deepEqual(s.movements, {
    name: 'movements', value: 'boundary', default: 'boundary', choices: ['boundary', 'event'],
    description: s.movements.description,
  });
  assert.equal(s.currency.value, '');
  assert.equal(s.currency.choices, null);
  assert.equal(s.weekly_factor.value, '52/12');
  assert.ok(settings.every((one) => one.value === one.default && one.description.length > 0));

  ws.setSetting('currency', 'eur');
  ws.setSetting('rates', 'USD=0.5');
  ws.setSetting('movements', 'event');
  assert.equal(byName(ws.settings()).currency.value, 'EUR');
  assert.equal(byName(ws.settings()).rates.value, 'USD=0.5');
  assert.equal(byName(ws.settings()).movements.value, 'event');

  const refused = (key, value, status, message) => assert.throws(() => ws.setSetting(key, value),
    (e) => e.status === status && e.message === message, `${key}=${value}`);
  refused('gross_margin', '1.5', 'LS_EINVAL', 'gross_margin: "1.5" is not a number above 0 and at most 1');
  refused('movements', 'sometimes', 'LS_EINVAL', 'movements: "sometimes" is not one of boundary, event');
  refused('currency', 'euro', 'LS_EINVAL', 'currency: "euro" is not a three-letter code');
  refused('rates', 'EUR', 'LS_EINVAL', 'rates: "EUR" is not CODE=RATE (e.g. EUR=1.08)');
  refused('speed', 'fast', 'LS_ENOTFOUND', 'no setting named "speed"');
  // a refused value changes nothing
  const after = byName(ws.settings());
  assert.equal(after.gross_margin.value, '1');
  assert.equal(after.movements.value, 'event');
  assert.equal(after.currency.value, 'EUR');
  // each workspace has its own settings
  const other = gen.engine.newWorkspace();
  assert.equal(byName(other.settings()).currency.value, '');
  other.free();

  // a setting changes the numbers: 100 usd at 0.5, 50 eur; then 20 eur more
  await ws.load(SUBS, readFileSync(join(DATA, SUBS)));
  assert.deepEqual([...ws.metric({ metric: 'mrr' }).y], [100, 120]);
  ws.setSetting('currency', 'USD');
  ws.setSetting('rates', 'EUR=1.5');
  assert.deepEqual([...ws.metric({ metric: 'mrr' }).y], [175, 205]);
  ws.free();
});

test('a metric over several currencies fails with the engine message and status LS_ECURRENCY', async () => {
  const ws = await fixture();
  const file = join(DATA, SUBS);
  const several = 'subscriptions_currencies.csv: amounts in several currencies (usd, eur): '
    + 'set a reporting currency and rates, or break the metric down by currency';
  const currencyError = (message) => (e) => e.status === 'LS_ECURRENCY' && e.message === message;
  assert.throws(() => ws.metric({ metric: 'mrr' }), currencyError(several));
  assert.throws(() => ws.metric({ metric: 'arpa', grain: 'week' }), currencyError(several));
  // a breakdown whose segment mixes currencies fails the same way, as the CLI does
  assert.throws(() => ws.metric({ metric: 'mrr', by: 'Plan' }), currencyError(several));
  assert.equal(stderrOf(() => cli('metric', 'mrr', '--by', 'Plan', file)), `lodestar: ${several}`);
  // a reporting currency without the rate of the other one
  ws.setSetting('currency', 'USD');
  const noRate = 'subscriptions_currencies.csv: no rate from eur to USD: add it to the rates setting';
  assert.throws(() => ws.metric({ metric: 'mrr' }), currencyError(noRate));
  assert.equal(stderrOf(() => cli('metric', 'mrr', '--by', 'Plan', '--set', 'currency=USD', file)), `lodestar: ${noRate}`);
  // the workspace still answers: one currency at a time works
  assert.deepEqual([...ws.metric({ metric: 'mrr', where: [{ column: 'Currency', value: 'usd' }] }).y], [100, 100]);
  ws.free();
});
