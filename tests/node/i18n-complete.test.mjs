// i18n-complete.test.mjs: the Chinese locales are complete: no zh-CN or zh-TW
// message is the English one or holds Latin words, but for an explicit list
// (LATIN_OK: metric acronyms, units, formats, brands, key caps, names the
// user's data or files must hold) and code-like text (placeholders {x},
// "quoted" literals, extensions .json, words with _ . / or digits: latency_ms,
// rules.json, GA4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';
import { englishLeft } from './latin-words.mjs';

const load = async (name) => (await import(join(ROOT, 'web', 'i18n', name))).default;

test('the allowance is narrow: English words are caught, acronyms and code pass', () => {
  assert.deepEqual(englishLeft('Monthly 收入'), ['Monthly']);
  assert.deepEqual(englishLeft('加载 demo 数据'), ['demo']);
  assert.deepEqual(englishLeft('MRR 与 {name} 的 p95（latency_ms，GA4，rules.json，"rules"）'), []);
  assert.deepEqual(englishLeft('Shift+Enter 换行'), []);
  assert.deepEqual(englishLeft('Base URL'), ['Base']);
});

for (const locale of ['zh-CN', 'zh-TW']) {
  test(`every ${locale} message is Chinese: none is the English text, none holds English words`, async () => {
    const en = await load('en.js');
    const zh = await load(`${locale}.js`);
    const bad = [];
    for (const [key, text] of Object.entries(zh)) {
      const left = englishLeft(text);
      if (left.length) bad.push(`${key}: ${JSON.stringify(text)} holds ${left.join(', ')}`);
      else if (text === en[key] && /\p{L}/u.test(text) && englishLeft(en[key]).length) bad.push(`${key}: the English text`);
    }
    assert.ok(Object.keys(zh).length > 500);
    assert.deepEqual(bad, [], bad.join('\n'));
  });
}

test('periods, numbers and money follow the chosen locale through Intl', async () => {
  globalThis.document ??= { documentElement: {} };
  const i18n = await import(join(ROOT, 'web', 'i18n', 'index.js'));
  const { formatPeriod, formatValue } = await import(join(ROOT, 'web', 'format.js'));
  try {
    i18n.setLocale('en');
    assert.equal(formatPeriod('2025-Q4'), 'Q4 2025');
    assert.equal(formatPeriod('2025-11'), 'Nov 2025');
    i18n.setLocale('zh-CN');
    assert.equal(formatPeriod('2025-Q4'), '2025年第4季度');
    assert.equal(formatPeriod('2025-11'), '2025年11月');
    assert.equal(formatValue(1234567, 'count'), '1,234,567');
    assert.equal(formatValue(48213.5, 'currency', { currency: 'CNY' }), '¥48,214');
    i18n.setLocale('zh-TW');
    assert.equal(formatPeriod('2025-Q4'), '2025年第4季');
    assert.equal(formatPeriod('2025-11-03', 'day'), '2025年11月3日');
  } finally {
    i18n.setLocale('en');
  }
});
