// engine.test.mjs: the wasm module in Node gives what the native CLI gives.
// Runs against the built site (build/site/engine), which tools/test builds.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, loadEngine, cli, parseSeries, asText } from './helpers.mjs';

const FIRST_METRICS = ['mrr', 'arr', 'customers', 'dau', 'wau', 'mau', 'new_users'];

let engine;

before(async () => {
  engine = await loadEngine();
});

test('constants reach JS from C: status names and version', () => {
  assert.equal(engine.constants.status.LS_OK, 0);
  assert.equal(engine.constants.status.LS_EPARSE, 3);
  assert.match(engine.constants.version, /^\d+\.\d+\.\d+$/);
  assert.equal(engine.constants.sqlite, '3.54.1');
  const version = cli('version');
  assert.ok(version.includes(engine.constants.version) && version.includes('3.54.1'));
});

test('the catalog in wasm is the catalog of the CLI', () => {
  const names = engine.catalog().map((m) => m.name);
  const cliNames = cli('metrics').trim().split('\n').map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(names, cliNames);
  for (const m of FIRST_METRICS) assert.ok(names.includes(m), m);
  for (const m of engine.catalog()) {
    assert.ok(['currency', 'count', 'ratio', 'multiple', 'months', 'number', 'seconds'].includes(m.unit), `${m.name}: unit ${m.unit}`);
    assert.ok(Array.isArray(m.settings), `${m.name}: settings`);
    assert.ok(m.by_role === null || engine.constants.roles.includes(m.by_role), `${m.name}: by_role`);
    assert.ok(m.segments === null || typeof m.segments === 'string', `${m.name}: segments`);
  }
});

test('the demo generated in wasm gives every metric exactly as the CLI reads it from CSV', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lodestar-demo-'));
  try {
    cli('gen', '--seed', '7', '--users', '3000', '--days', '200', '--out', dir);
    const files = readdirSync(dir).map((f) => join(dir, f));
    const ws = engine.newWorkspace();
    ws.genDemo({ seed: 7, users: 3000, days: 200 });
    const info = ws.info();
    assert.deepEqual(info.datasets.map((d) => d.kind).sort(), ['customers', 'events', 'marketing_spend', 'payments', 'reviews', 'subscriptions']);
    // every metric of one series (a breakdown is compared in revenue.test.mjs)
    for (const { name: metric, grains, by_role: byRole, segments } of engine.catalog()) {
      if (byRole || segments) continue;
      for (const grain of grains) {
        const want = parseSeries(cli('metric', metric, '--grain', grain, ...files));
        const got = ws.metric({ metric, grain });
        assert.equal(got.periods.length, want.length, `${metric}/${grain} length`);
        assert.ok(want.length > 0, `${metric}/${grain} is empty`);
        got.periods.forEach((p, i) => {
          assert.equal(p, want[i][0], `${metric}/${grain} period ${i}`);
          assert.equal(asText(got.y[i]), want[i][1], `${metric}/${grain} at ${p}`);
        });
      }
    }
    ws.free();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a CSV streamed in small chunks gives the CLI golden values', async () => {
  const bytes = readFileSync(join(ROOT, 'data', 'subscriptions_small.csv'));
  const want = parseSeries(cli('metric', 'mrr', join(ROOT, 'data', 'subscriptions_small.csv')));
  for (const chunkSize of [1, 7, 4096]) {
    const ws = engine.newWorkspace();
    const seen = [], phases = [];
    await ws.loadCsv('subscriptions_small.csv', new Blob([bytes]), {
      chunkSize,
      onProgress: (loaded, total, rows, phase) => { seen.push(loaded); phases.push(phase); },
    });
    // reading, chunk after chunk, then one last report while the columns are typed
    assert.equal(phases.at(-1), 'typing');
    assert.ok(phases.slice(0, -1).every((p) => p === 'reading'));
    const got = ws.metric({ metric: 'mrr' });
    assert.deepEqual(got.periods, want.map((r) => r[0]));
    assert.deepEqual([...got.y].map(asText), want.map((r) => r[1]));
    assert.equal(seen.at(-1), bytes.length);
    ws.free();
  }
});

test('a malformed CSV throws naming file, line and column, and keeps what was loaded', async () => {
  const ws = engine.newWorkspace();
  await ws.loadCsv('events_small.csv', readFileSync(join(ROOT, 'data', 'events_small.csv')));
  await assert.rejects(
    ws.loadCsv('malformed.csv', readFileSync(join(ROOT, 'data', 'malformed.csv'))),
    /malformed\.csv: line 3, column 7/,
  );
  assert.deepEqual(ws.info().datasets.map((d) => d.name), ['events_small.csv']);
  assert.equal(ws.metric({ metric: 'dau' }).y.length, 10);
  ws.free();
});

test('metric errors are thrown with the engine message', () => {
  const ws = engine.newWorkspace();
  assert.throws(() => ws.metric({ metric: 'mrr' }), /mrr needs a subscriptions dataset/);
  assert.throws(() => ws.metric({ metric: 'nope' }), /no metric named "nope"/);
  assert.throws(() => ws.metric({ metric: 'dau', grain: 'month' }), /dau has no month grain/);
  assert.throws(() => ws.metric({ metric: 'dau', grain: 'fortnight' }), /unknown grain/);
  ws.free();
});

test('a load can be cancelled and leaves the workspace as it was', async () => {
  const ws = engine.newWorkspace();
  const big = new Uint8Array(3 << 20).fill(0x61); // 3 MiB: three chunks
  big.set(new TextEncoder().encode('a,b\n'));
  const ctl = new AbortController();
  const p = ws.loadCsv('big.csv', big, { signal: ctl.signal, onProgress: () => ctl.abort() });
  await assert.rejects(p, /cancelled/);
  assert.equal(ws.info().datasets.length, 0);
  ws.free();
});

test('every fixture format reads in wasm exactly as the CLI reads it natively', async () => {
  const dir = join(ROOT, 'data', 'fixtures');
  const files = readdirSync(dir).filter((f) => !f.endsWith('.md')).sort();
  assert.ok(files.length >= 12, 'fixtures are missing');
  const now = '2026-06-01';
  for (const f of files) {
    const want = JSON.parse(cli('inspect', '--now', now, join(dir, f)));
    const ws = engine.newWorkspace();
    ws.setNow(Date.parse(`${now}T00:00:00Z`));
    // a Blob: the streamed path, with DecompressionStream for gzip
    await ws.load(f, new Blob([readFileSync(join(dir, f))]), { chunkSize: 4096 });
    const got = ws.info();
    // the page's gzip is the browser's: everything else must match, byte counts too
    assert.deepEqual(got, want, `${f} differs between wasm and the CLI`);
    ws.free();
  }
});

test('load options override detection, and a type override reports the cells that do not fit', async () => {
  const text = 'id;amount\n1;10,5\n2;n/a\n3;abc\n';
  const ws = engine.newWorkspace();
  await ws.load('t.csv', new TextEncoder().encode(text), { options: { types: { amount: 'float' } } });
  const col = ws.info().datasets[0].columns[1];
  assert.equal(col.type, 'float');
  assert.equal(col.forced, true);
  assert.deepEqual(col.unparseable, { as: 'float', count: 1, lines: [4] });
  await assert.rejects(ws.load('u.csv', new TextEncoder().encode(text), { options: { delimiter: '' } }),
    /delimiter must be one ASCII character/);
  await ws.load('v.csv', new TextEncoder().encode('a|b\n1|2\n'), { options: { delimiter: '|', header: false } });
  assert.deepEqual(ws.info().datasets[1].columns.map((c) => c.name), ['column_1', 'column_2']);
  ws.free();
});
