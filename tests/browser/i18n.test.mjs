// i18n.test.mjs: every locale has the English keys, every key the page names
// exists, and the shell keeps data out of innerHTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const WEB = join(ROOT, 'web');
const load = async (name) => (await import(join(WEB, 'i18n', name))).default;
const sources = readdirSync(WEB).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(join(WEB, f), 'utf8')]);

test('every locale has exactly the English keys, none empty', async () => {
  const en = await load('en.js');
  for (const name of ['zh-CN.js', 'zh-TW.js']) {
    const other = await load(name);
    assert.deepEqual(Object.keys(other).sort(), Object.keys(en).sort(), name);
    for (const [k, v] of Object.entries(other)) {
      assert.ok(typeof v === 'string' && v.length > 0, `${name}: ${k} is empty`);
      const vars = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
      assert.equal(vars(v), vars(en[k]), `${name}: ${k} has other placeholders than English`);
    }
  }
});

test('every literal message key in web/ exists in English', async () => {
  const en = await load('en.js');
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const keys = new Set();
  for (const [, src] of sources) for (const m of src.matchAll(/\bt\('([\w.]+)'/g)) keys.add(m[1]);
  for (const m of html.matchAll(/data-i18n="([\w.]+)"/g)) keys.add(m[1]);
  for (const m of html.matchAll(/data-i18n-attr="[\w-]+:([\w.]+)"/g)) keys.add(m[1]);
  assert.ok(keys.size > 20);
  for (const k of keys) assert.ok(k in en, `missing key ${k}`);
});

test('only static markup goes through innerHTML', () => {
  for (const [file, src] of sources) {
    for (const m of src.matchAll(/\.(innerHTML|outerHTML)\s*=\s*([^;]*)/g)) {
      assert.match(m[2], /^`[^$]*`$/s, `${file}: innerHTML from something other than a static template`);
    }
    assert.doesNotMatch(src, /insertAdjacentHTML|document\.write/, file);
  }
});
