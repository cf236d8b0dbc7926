// share-capture.test.mjs: the pure parts of web/share/capture.js: which
// settings a link carries, its URL, and what the share dialog says it holds.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

let settingsChanged, linkUrl, contents, INLINE_LIMIT;

before(async () => {
  globalThis.document ??= { documentElement: {} };
  ({ settingsChanged, linkUrl, contents, INLINE_LIMIT } = await import(join(ROOT, 'web', 'share', 'capture.js')));
});

test('only the settings that differ from their default travel, as text', () => {
  assert.deepEqual(settingsChanged([
    { name: 'churn_at', value: 'canceled', default: 'ended' },
    { name: 'discounts', value: 'recurring', default: 'recurring' },
    { name: 'currency', value: '', default: '' },
    { name: 'gross_margin', value: 0.8, default: 1 },
  ]), { churn_at: 'canceled', gross_margin: '0.8' });
  assert.deepEqual(settingsChanged([]), {});
  assert.deepEqual(settingsChanged(undefined), {});
});

test('the link is the page URL without its hash, then #s=token; no query is added', () => {
  assert.equal(linkUrl('https://x.org/app/#demo&view=revenue', '1.abc'), 'https://x.org/app/#s=1.abc');
  assert.equal(linkUrl('https://x.org/app/?lang=en', '1.abc'), 'https://x.org/app/?lang=en#s=1.abc');
  assert.equal(linkUrl('file:///home/u/lodestar.html#s=1.old', '1.new'), 'file:///home/u/lodestar.html#s=1.new');
});

test('the inline limit is 32 KB of compressed data', () => {
  assert.equal(INLINE_LIMIT, 32 * 1024);
});

test('what the dialog lists: view, range, filters, settings, rules, zone, data', () => {
  const state = {
    page: { hash: 'view=users&range=2026-01-01~2026-03-31&f=plan:Pro&f=country:GB', tz: 'Asia/Shanghai', rules: '{}' },
    settings: { churn_at: 'canceled', currency: 'EUR' },
    mappings: [{ signature: 'ab', kind: 'events', roles: {} }],
    data: { files: [{ name: 'a.csv', signature: '0123456789abcdef', kind: 'events', rows: 9, columns: 3, options: {} }] },
  };
  assert.deepEqual(contents(state, 'x'.repeat(321)), [
    { key: 'share.has.view', vars: { view: 'users' } },
    { key: 'share.has.range', vars: { range: '2026-01-01 – 2026-03-31' } },
    { key: 'share.has.filters', vars: { n: 2 } },
    { key: 'share.has.settings', vars: { names: 'churn_at, currency' } },
    { key: 'share.has.rulesCustom', vars: {} },
    { key: 'share.has.tz', vars: { tz: 'Asia/Shanghai' } },
    { key: 'share.has.mappings', vars: { n: 1 } },
    { key: 'share.has.files', vars: { n: 1 } },
    { key: 'share.has.file', vars: { name: 'a.csv', signature: '0123456789abcdef' } },
    { key: 'share.has.length', vars: { n: 321 } },
  ]);
  // the demo with everything at its defaults
  const demo = contents({ page: { hash: '' }, settings: {}, mappings: [], data: { demo: { seed: 42, users: 10000, days: 365 } } }, 'u');
  assert.deepEqual(demo.map((c) => c.key), ['share.has.view', 'share.has.rangeDefault', 'share.has.filters',
    'share.has.settingsDefault', 'share.has.rulesDefault', 'share.has.demo', 'share.has.length']);
  assert.deepEqual(demo[0].vars, { view: 'overview' });
  const inline = contents({ page: { hash: '' }, settings: {}, mappings: [], data: { inline: [
    { name: 'a.csv', options: {}, z: 'AAAAAAAA' }, { name: 'b.csv', options: {}, z: 'A'.repeat(2048) }] } }, 'u');
  // inline files and their compressed size: 8 base64url characters are 6 bytes, 2,048 are
  // 1,536; 1,542 bytes / 1,024 = 1.506 KB, 1.5 to one decimal
  assert.deepEqual(inline.find((c) => c.key === 'share.has.inline').vars, { n: 2, kb: '1.5', names: 'a.csv, b.csv' });
});
