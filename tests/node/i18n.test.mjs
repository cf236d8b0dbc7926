// i18n.test.mjs: every metric of the engine's catalog and every setting with
// its choices has its text in each locale (tests/browser/i18n.test.mjs checks
// that the locales have the same keys), and values format by their unit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, loadEngine } from './helpers.mjs';

const LOCALES = ['en', 'zh-CN', 'zh-TW'];
let engine, messages, i18n, format;

before(async () => {
  engine = await loadEngine();
  messages = {};
  for (const l of LOCALES) messages[l] = (await import(join(ROOT, 'web', 'i18n', `${l}.js`))).default;
  globalThis.document ??= { documentElement: {} }; // setLocale names the page's language
  i18n = await import(join(ROOT, 'web', 'i18n', 'index.js'));
  format = await import(join(ROOT, 'web', 'format.js'));
});

after(() => i18n.setLocale('en'));

function assertKeys(keys) {
  for (const l of LOCALES)
    for (const k of keys) assert.ok(typeof messages[l][k] === 'string' && messages[l][k].length > 0, `${l}: ${k}`);
}

test('every metric in the catalog has a label and a long name in every locale', () => {
  const catalog = engine.catalog();
  assert.ok(catalog.length > 20);
  assertKeys(catalog.flatMap((m) => [`metric.${m.name}.label`, `metric.${m.name}.long`]));
});

test('every setting and each of its choices has a text in every locale', () => {
  const ws = engine.newWorkspace();
  const settings = ws.settings();
  ws.free();
  assert.ok(settings.length >= 9);
  assertKeys(settings.flatMap((s) => [`setting.${s.name}.label`, `setting.${s.name}.description`,
    ...(s.choices || []).map((c) => `setting.${s.name}.choice.${c}`)]));
  // a setting a metric reads is one the workspace has
  const names = new Set(settings.map((s) => s.name));
  for (const m of engine.catalog()) for (const s of m.settings) assert.ok(names.has(s), `${m.name} reads ${s}`);
});

test('values format by their unit: ratio as a percentage, months as months', () => {
  i18n.setLocale('en');
  const { formatValue, formatPointChange } = format;
  assert.equal(formatValue(0.0418, 'ratio'), '4.2%');
  assert.equal(formatValue(1.18109610802224, 'ratio'), '118.1%');
  assert.equal(formatValue(0.0418, 'ratio', { compact: true }), '4.2%');
  assert.equal(formatValue(7.26, 'months'), '7.3 months');
  assert.equal(formatValue(1, 'months'), '1 month');
  assert.equal(formatValue(7.26, 'months', { compact: true }), '7.3m');
  assert.equal(formatValue(NaN, 'ratio'), '—');
  assert.equal(formatValue(4.4, 'multiple'), '4.4×');
  assert.equal(formatValue(9.0919, 'multiple'), '9.1×');
  assert.equal(formatValue(48213.5, 'currency'), '$48,214');
  assert.equal(formatValue(1234, 'count'), '1,234');
  assert.equal(formatValue(750, 'seconds'), '750 seconds');
  assert.equal(formatValue(2.25, 'seconds', { compact: true }), '2.3s');
  assert.equal(formatPointChange(0.012), '+1.2 pp');
  assert.equal(formatPointChange(-0.0049), '-0.5 pp');
  i18n.setLocale('zh-CN');
  assert.equal(formatValue(7.26, 'months'), '7.3个月');
  assert.equal(formatValue(0.0418, 'ratio'), '4.2%');
  assert.equal(formatPointChange(0.012), '+1.2 个百分点');
  i18n.setLocale('zh-TW');
  assert.equal(formatValue(7.26, 'months'), '7.3 個月');
  assert.equal(formatPointChange(-0.012), '-1.2 個百分點');
});
