// reviews-llm.test.mjs: "Classify with AI" without the page (web/reviews-llm.js):
// batches of 40, the labels read back (only the batch's rows, each once, a
// known category), and whole runs against the mock provider in both wire
// formats, a refusal ending the run with the labels got before it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';
import { startMockLlm } from '../mock/llm-server.mjs';

let llm, mock;

before(async () => {
  llm = await import(join(ROOT, 'web', 'reviews-llm.js'));
  mock = await startMockLlm();
});

after(() => mock?.close());

const items = (n) => Array.from({ length: n }, (_, i) => ({ row: 1000 + i, text: i % 3 === 0 ? `The courier lost it ${i}` : i % 3 === 1 ? `质量太差，坏了 ${i}` : `meh ${i}`, rating: 1 }));

test('reviews go in batches of 40, the last one holding the rest', () => {
  const b = llm.batchesOf(items(95));
  assert.deepEqual(b.map((x) => x.length), [40, 40, 15]);
  assert.deepEqual(b[2][0], { row: 1080, text: 'meh 80' });
  assert.deepEqual(llm.batchesOf([]), []);
  const [m] = llm.batchMessages(b[2]);
  assert.equal(m.role, 'user');
  assert.deepEqual(JSON.parse(m.content[0].text).reviews, b[2]);
});

test('labels are read for the batch\'s rows only, once each, with a known category', () => {
  const batch = [{ row: 1, text: 'a' }, { row: 2, text: 'b' }, { row: 3, text: 'c' }];
  const calls = [
    { name: 'other_tool', args: { labels: [{ row: 3, category: 'other', reason: 'x', evidence: 'c' }] } },
    { name: 'submit_labels', args: { labels: [
      { row: 1, category: 'logistics', reason: 'late', evidence: 'a' },
      { row: 1, category: 'other', reason: 'second label of row 1', evidence: 'a' },
      { row: '2', category: 'product_quality', reason: 7, evidence: null },
      { row: 9, category: 'logistics', reason: 'not in the batch', evidence: '' },
      { row: 3, category: 'shipping', reason: 'unknown category', evidence: 'c' },
    ] } },
  ];
  assert.deepEqual(llm.readLabels(calls, batch), [
    { row: 1, category: 'logistics', reason: 'late', evidence: 'a' },
    { row: 2, category: 'product_quality', reason: '7', evidence: '' },
  ]);
  assert.deepEqual(llm.readLabels([{ name: 'submit_labels', args: { labels: 'nope' } }], batch), []);
  assert.deepEqual(llm.readLabels(undefined, batch), []);
});

for (const [provider, base] of [['anthropic', ''], ['compatible', '/v1']]) {
  test(`a run against the mock (${provider}): one request per batch, submit_labels forced, every row labelled`, async () => {
    mock.reset();
    const seen = [];
    const config = { provider, baseUrl: mock.url + base, model: 'mock-model', key: 'sk-test-node' };
    const got = await llm.classifyReviews({ config, items: items(85), onBatch: (i, n) => seen.push([i, n]) });
    assert.deepEqual(seen, [[1, 3], [2, 3], [3, 3]]);
    assert.equal(got.batches, 3);
    assert.equal(got.unanswered, 0);
    assert.equal(mock.requests.length, 3);
    for (const r of mock.requests) {
      const tools = provider === 'anthropic' ? r.body.tools.map((x) => x.name) : r.body.tools.map((x) => x.function.name);
      assert.deepEqual(tools, ['submit_labels']);
      assert.deepEqual(r.body.tool_choice, provider === 'anthropic' ? { type: 'tool', name: 'submit_labels' }
        : { type: 'function', function: { name: 'submit_labels' } });
    }
    assert.equal(got.labels.length, 85);
    // the mock's rules: courier → logistics, 质量/坏 → product_quality, else other
    assert.deepEqual(got.labels.slice(0, 3).map((l) => [l.row, l.category, l.reason]),
      [[1000, 'logistics', 'mock'], [1001, 'product_quality', 'mock'], [1002, 'other', 'mock']]);
    assert.equal(got.labels[0].evidence, 'The courier lost it ');
  });
}

test('a refused key ends the run at the first batch with an auth error and no labels', async () => {
  mock.reset();
  const config = { provider: 'anthropic', baseUrl: mock.url, model: 'mock-model', key: 'sk-wrong' };
  await assert.rejects(llm.classifyReviews({ config, items: items(85) }), (err) => {
    assert.equal(err.kind, 'auth');
    assert.deepEqual(err.labels, []);
    assert.doesNotMatch(err.message, /sk-wrong/);
    return true;
  });
  assert.equal(mock.requests.length, 1);
});
