// reviews-op.test.mjs: review triage through wasm (wasm/ops_reviews.c,
// Workspace.reviews): the hand-checked English fixture, the LLM's labels
// replacing the rules, the demo's reviews as the CLI reads them from CSV,
// and how a bad spec or a missing dataset is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, cli, loadEngine } from './helpers.mjs';

const engine = await loadEngine();

async function workspace(file) {
  const ws = engine.newWorkspace();
  await ws.load(file, readFileSync(join(DATA, 'fixtures', file)));
  return ws;
}

test('the English fixture: rates per week by category, hand-computed', async () => {
  const ws = await workspace('reviews_en.csv');
  const r = ws.reviews({});
  // 30 rows, r28 has no rating: 29 reviews. Negatives (rating <= 2): r01 r05 r21 r23 logistics,
  // r02 r11 r22 r24 product quality, r12 r13 r14 other.
  assert.equal(r.total, 29);
  assert.equal(r.negatives, 11);
  assert.deepEqual(r.counts, { logistics: 4, product_quality: 4, other: 3 });
  assert.deepEqual(r.negative_rule, { at_most: 2, max_rating: 5 });
  assert.deepEqual(r.periods, ['2026-03-02', '2026-03-09', '2026-03-16']);
  assert.deepEqual(r.reviews, [10, 10, 9]);
  // week 1: 2 logistics (r01, r05) and 1 product (r02) of 10; week 2: 1 product (r11), 3 other
  // (r12, r13, r14) of 10; week 3: 2 logistics (r21, r23), 2 product (r22, r24) of 9
  assert.deepEqual(r.rate.logistics, [2 / 10, 0, 2 / 9]);
  assert.deepEqual(r.rate.product_quality, [1 / 10, 1 / 10, 2 / 9]);
  assert.deepEqual(r.rate.other, [0, 3 / 10, 0]);
  assert.deepEqual(r.items.map((i) => i.id), ['r24', 'r23', 'r22', 'r21', 'r14', 'r13', 'r12', 'r11', 'r05', 'r02', 'r01']);
  const r05 = r.items.find((i) => i.id === 'r05');
  assert.deepEqual([r05.category, r05.source, r05.reason, r05.evidence, r05.order_id, r05.product_id, r05.created],
    ['logistics', 'rules', 'keyword: Arrived broken', 'Arrived broken', 'o1005', 'p-mic', '2026-03-04 11:00']);
  assert.deepEqual(r.appeals, [
    { order_id: 'o1023', category: 'logistics', reason: 'keyword: Never arrived', evidence: 'Never arrived' },
    { order_id: 'o1021', category: 'logistics', reason: 'keyword: Still waiting', evidence: 'Still waiting' },
    { order_id: 'o1005', category: 'logistics', reason: 'keyword: Arrived broken', evidence: 'Arrived broken' },
    { order_id: 'o1001', category: 'logistics', reason: 'keyword: courier', evidence: 'The courier was late and the box was crushed' },
  ]);
  ws.free();
});

test("the LLM's labels replace the rules for their rows, and only for negative reviews", async () => {
  const ws = await workspace('reviews_en.csv');
  // row 11 is r12 "Not what I expected." (other by the rules); row 2 is r03, a 5-star review
  const labels = [{ row: 11, category: 'logistics', reason: 'the parcel came late', evidence: 'Not what I expected' },
    { row: 2, category: 'product_quality', reason: 'ignored', evidence: 'x' }];
  const r = ws.reviews({ grain: 'week', labels });
  assert.deepEqual(r.counts, { logistics: 5, product_quality: 4, other: 2 });
  assert.deepEqual(r.rate.logistics, [2 / 10, 1 / 10, 2 / 9]);
  const r12 = r.items.find((i) => i.id === 'r12');
  assert.deepEqual([r12.category, r12.source, r12.reason, r12.evidence], ['logistics', 'llm', 'the parcel came late', 'Not what I expected']);
  assert.ok(r.appeals.some((a) => a.order_id === 'o1012' && a.reason === 'the parcel came late'));
  assert.ok(!r.items.some((i) => i.id === 'r03'));
  ws.free();
});

test('the window: from and to (a day, included) keep the reviews of those days', async () => {
  const ws = await workspace('reviews_en.csv');
  const r = ws.reviews({ from: '2026-03-09', to: '2026-03-15' });
  assert.equal(r.total, 10);
  assert.deepEqual(r.periods, ['2026-03-09']);
  ws.free();
});

test('a bad spec and a workspace without reviews are refused', async () => {
  const ws = await workspace('reviews_en.csv');
  assert.throws(() => ws.reviews({ grain: 'hour' }), (e) => e.status === 'LS_EINVAL' && /grain/.test(e.message));
  assert.throws(() => ws.reviews({ labels: [{ row: 0, category: 'shipping' }] }),
    (e) => e.status === 'LS_EINVAL' && /labels\[0\]/.test(e.message));
  assert.throws(() => ws.reviews({ labels: 'all' }), (e) => e.status === 'LS_EINVAL');
  ws.free();
  const empty = engine.newWorkspace();
  assert.throws(() => empty.reviews({}), (e) => e.status === 'LS_ENODATA');
  empty.free();
});

test("the demo's reviews in wasm equal the CLI's triage of the generated reviews.csv", () => {
  const dir = mkdtempSync(join(tmpdir(), 'lodestar-reviews-'));
  try {
    cli('gen', '--seed', '7', '--users', '3000', '--days', '200', '--out', dir);
    const want = JSON.parse(cli('reviews', '--format', 'json', join(dir, 'reviews.csv')));
    const ws = engine.newWorkspace();
    ws.genDemo({ seed: 7, users: 3000, days: 200 });
    const got = ws.reviews({});
    assert.deepEqual(got, want);
    assert.ok(got.total > 500 && got.negatives > 50, `${got.total} reviews, ${got.negatives} negative`);
    ws.free();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
