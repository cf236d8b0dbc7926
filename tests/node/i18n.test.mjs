// i18n.test.mjs: every metric of the engine's catalog and every setting with
// its choices has its text in each locale (tests/browser/i18n.test.mjs checks
// that the locales have the same keys).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, loadEngine } from './helpers.mjs';

const LOCALES = ['en', 'zh-CN', 'zh-TW'];
let engine, messages;

before(async () => {
  engine = await loadEngine();
  messages = {};
  for (const l of LOCALES) messages[l] = (await import(join(ROOT, 'web', 'i18n', `${l}.js`))).default;
});

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
