// assistant-tools.test.mjs: make_chart's arguments checked and aligned
// (web/assistant-tools.js checkChart), and the tool runner's results: an
// engine tool's JSON as text, a failure as an error result the model reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const { checkChart, toolRunner } = await import(join(ROOT, 'web', 'assistant-tools.js'));

test('series with their own periods are aligned on the union, gaps as null', () => {
  const c = checkChart({ type: 'bar', title: 'MRR by plan', unit: 'currency', series: [
    { label: 'pro', periods: ['2026-01', '2026-02'], values: [10, 12] },
    { label: 'basic', periods: ['2026-02', '2026-03'], values: [5, null] }] });
  assert.deepEqual(c, { type: 'bar', title: 'MRR by plan', unit: 'currency', periods: ['2026-01', '2026-02', '2026-03'],
    series: [{ label: 'pro', values: [10, 12, null] }, { label: 'basic', values: [null, 5, null] }] });
});

test('bad arguments are refused with what is wrong', () => {
  assert.throws(() => checkChart(null), /must be an object/);
  assert.throws(() => checkChart({ type: 'pie', series: [] }), /type must be "line" or "bar"/);
  assert.throws(() => checkChart({ type: 'line' }), /give a metric name or series/);
  assert.throws(() => checkChart({ series: [{ periods: ['a'], values: [1, 2] }] }), /1 periods but 2 values/);
  assert.throws(() => checkChart({ series: [{ periods: ['a'], values: ['1'] }] }), /values\[0\] is not a number/);
  assert.throws(() => checkChart({ series: Array.from({ length: 9 }, () => ({ periods: [], values: [] })) }), /at most 8 series/);
});

test('the runner: engine tools as JSON text, make_chart drawn, failures as error results', async () => {
  const calls = [];
  const charts = [];
  const ask = async (op, name, args) => {
    calls.push([op, name, args]);
    if (name === 'get_metric' && args.name === 'nope') throw new Error('get_metric: unknown metric "nope"');
    return { metric: args.name, title: 'MRR', unit: 'currency', grain: 'month', periods: ['2026-01', '2026-02'], values: [1, 2] };
  };
  const run = toolRunner({ ask, onChart: (s) => charts.push(s) });
  assert.deepEqual(await run('get_metric', { name: 'mrr' }), { content: JSON.stringify(
    { metric: 'mrr', title: 'MRR', unit: 'currency', grain: 'month', periods: ['2026-01', '2026-02'], values: [1, 2] }), isError: false });
  assert.deepEqual(await run('get_metric', { name: 'nope' }), { content: 'get_metric: unknown metric "nope"', isError: true });
  const drawn = await run('make_chart', { type: 'line', metric: 'mrr' });
  assert.equal(drawn.isError, false);
  assert.deepEqual(charts, [{ type: 'line', title: 'MRR', unit: 'currency', grain: 'month', periods: ['2026-01', '2026-02'],
    series: [{ label: 'MRR', values: [1, 2] }] }]);
  assert.deepEqual(calls[2], ['tool', 'get_metric', { name: 'mrr' }]);
  assert.equal((await run('make_chart', { type: 'donut' })).isError, true);
});
