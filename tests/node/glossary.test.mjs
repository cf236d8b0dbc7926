// glossary.test.mjs: the glossary drawer's pure parts (web/glossary.js): every
// metric of the engine's catalog falls in a family and has a formula in each
// locale (Chinese ones in Chinese), and the search matches every word.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, loadEngine } from './helpers.mjs';

const LOCALES = ['en', 'zh-CN', 'zh-TW'];
let catalog, messages, glossary;

before(async () => {
  const engine = await loadEngine();
  catalog = engine.catalog();
  messages = {};
  for (const l of LOCALES) messages[l] = (await import(join(ROOT, 'web', 'i18n', `${l}.js`))).default;
  globalThis.document ??= { documentElement: {} };
  glossary = await import(join(ROOT, 'web', 'glossary.js'));
});

test('every catalog metric belongs to the family of the dataset it needs', () => {
  assert.ok(catalog.length > 60);
  for (const m of catalog) assert.ok(glossary.FAMILIES.includes(glossary.familyOf(m)), `${m.name}: ${glossary.familyOf(m)}`);
  const fam = (name) => glossary.familyOf(catalog.find((m) => m.name === name));
  assert.equal(fam('mrr'), 'subscriptions');
  assert.equal(fam('gmv'), 'payments');
  assert.equal(fam('renewal_rate'), 'subscriptions');
  assert.equal(fam('p95'), 'events');
  assert.equal(glossary.familyOf({ needs: 'reviews' }), 'other');
  assert.equal(glossary.familyOf({}), 'other');
});

test('every catalog metric has a formula in each locale, and no English is left in the Chinese ones', () => {
  for (const m of catalog) {
    const key = `metric.${m.name}.formula`;
    for (const l of LOCALES) assert.ok(typeof messages[l][key] === 'string' && messages[l][key].length > 2, `${l}: ${key}`);
    // metric names (MRR, GMV, DAU…) stay as they are; words are translated
    for (const l of ['zh-CN', 'zh-TW']) {
      const words = messages[l][key].replace(/\b[A-Z]{2,}\b|\bmin\b|\bn\b/g, '').match(/[a-z]{3,}/gi) || [];
      assert.deepEqual(words, [], `${l}: ${key} = ${messages[l][key]}`);
    }
  }
  // the formulas a reader checks against docs/metrics.md
  assert.equal(messages.en['metric.arr.formula'], '12 × MRR at period end');
  assert.equal(messages.en['metric.net_new_mrr.formula'], 'new + reactivation + expansion − contraction − churned MRR');
});

test('the search matches every word, in any case and without accents', () => {
  const { matches } = glossary;
  assert.equal(matches('Customer churn rate customer_churn_rate', 'churn RATE'), true);
  assert.equal(matches('Customer churn rate', 'churn revenue'), false);
  assert.equal(matches('Café revenue', 'cafe'), true);
  assert.equal(matches('月经常性收入 mrr', '收入'), true);
  assert.equal(matches('anything', '   '), true);
});
