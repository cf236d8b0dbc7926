// wsfile-worker.test.mjs: the workspace file through the worker in Chromium,
// as the page's Save workspace and a dropped file use it: saveWorkspace hands
// over an ArrayBuffer, and loadFile of those bytes (whatever the file's name)
// replaces the workspace and says what it restored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from './helpers.mjs';
import { useSite } from './share-helpers.mjs';

const env = useSite();

test('saveWorkspace then loadFile of its bytes restores datasets, zone, settings and page', { timeout: 60000 }, async () => {
  const page = await newPage(env.browser, env.site);
  await page.goto(env.site.url);
  const out = await page.evaluate(async () => {
    const { createEngineClient } = await import(new URL('engine-client.js', location.href).href);
    const engine = createEngineClient(new URL('engine/worker.js', location.href).href);
    await engine.loadDemo({ seed: 9, users: 300, days: 60 });
    await engine.setTimeZone('Europe/Berlin');
    await engine.setSetting('session_gap_minutes', '12');
    const mrr = Array.from((await engine.metric({ metric: 'mrr' })).y);
    const saved = await engine.saveWorkspace({ page: { hash: 'view=product&range=30d', tz: 'Europe/Berlin' } });
    const head = new TextDecoder().decode(new Uint8Array(saved.bytes, 0, 15));
    await engine.reset();
    await engine.setTimeZone('UTC');
    await engine.setSetting('session_gap_minutes', '30');
    const info = await engine.loadFile(new File([saved.bytes], 'renamed.bin'));
    const settings = await engine.settings();
    const back = Array.from((await engine.metric({ metric: 'mrr' })).y);
    const plain = await engine.loadFile(new File(['a,b\n1,2\n'], 'plain.csv'));
    engine.terminate();
    return {
      isBuffer: saved.bytes instanceof ArrayBuffer, name: saved.name, size: saved.size, length: saved.bytes.byteLength,
      head, restored: info.restored, tz: info.tz, kinds: info.datasets.map((d) => d.kind).sort(),
      gap: settings.find((s) => s.name === 'session_gap_minutes').value, same: JSON.stringify(mrr) === JSON.stringify(back),
      plainRestored: 'restored' in plain, plainCount: plain.datasets.length,
    };
  });
  assert.equal(out.isBuffer, true);
  assert.equal(out.name, 'workspace.lodestar.sqlite');
  assert.equal(out.size, out.length);
  assert.equal(out.head, 'SQLite format 3');
  assert.deepEqual(out.restored, { version: 1, page: { hash: 'view=product&range=30d', tz: 'Europe/Berlin' } });
  assert.equal(out.tz, 'Europe/Berlin');
  assert.deepEqual(out.kinds, ['customers', 'events', 'marketing_spend', 'payments', 'reviews', 'subscriptions']);
  assert.equal(out.gap, '12');
  assert.equal(out.same, true);
  assert.equal(out.plainRestored, false);
  assert.equal(out.plainCount, 7);
});
