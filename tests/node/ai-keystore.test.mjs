// ai-keystore.test.mjs: web/ai/keystore.js with a storage object standing in
// for localStorage: a key stays in memory unless remembered; remember writes
// lodestar.ai.key.<provider>; forget removes both; the settings never hold a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeystore, KEY_PREFIX, CONFIG_KEY } from '../../web/ai/keystore.js';
import * as pageStore from '../../web/ai/keystore.js';

/* A Storage-like object over a Map (what localStorage offers). */
function memoryStorage() {
  const m = new Map();
  return { map: m, getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
}

test('by default a key is kept in memory only', () => {
  const storage = memoryStorage();
  const ks = createKeystore(storage);
  assert.equal(ks.setKey('anthropic', 'sk-ant-1'), false);
  assert.equal(ks.getKey('anthropic'), 'sk-ant-1');
  assert.equal(ks.isRemembered('anthropic'), false);
  assert.equal(storage.map.size, 0, 'nothing written');
  assert.equal(ks.getKey('openai'), '', 'other providers have none');
});

test('remember writes lodestar.ai.key.<provider>; a new page reads it back', () => {
  const storage = memoryStorage();
  const ks = createKeystore(storage);
  assert.equal(ks.setKey('openai', 'sk-oa-2', { remember: true }), true);
  assert.equal(KEY_PREFIX, 'lodestar.ai.key.');
  assert.deepEqual([...storage.map], [['lodestar.ai.key.openai', 'sk-oa-2']]);
  assert.equal(ks.isRemembered('openai'), true);
  assert.equal(createKeystore(storage).getKey('openai'), 'sk-oa-2', 'after a reload');
});

test('setting a key without remember removes a remembered one', () => {
  const storage = memoryStorage();
  const ks = createKeystore(storage);
  ks.setKey('openai', 'old', { remember: true });
  ks.setKey('openai', 'new');
  assert.equal(ks.getKey('openai'), 'new');
  assert.equal(storage.map.size, 0);
});

test('forget removes the key from memory and storage, for that provider only', () => {
  const storage = memoryStorage();
  const ks = createKeystore(storage);
  ks.setKey('anthropic', 'a', { remember: true });
  ks.setKey('compatible', 'c', { remember: true });
  ks.forget('anthropic');
  assert.equal(ks.getKey('anthropic'), '');
  assert.equal(ks.isRemembered('anthropic'), false);
  assert.deepEqual([...storage.map.keys()], ['lodestar.ai.key.compatible']);
  ks.setKey('compatible', '');
  assert.equal(storage.map.size, 0, 'an empty key forgets');
});

test('the settings are saved without any key, and read back', () => {
  const storage = memoryStorage();
  const ks = createKeystore(storage);
  assert.equal(ks.loadConfig(), null);
  ks.saveConfig({ provider: 'compatible', baseUrl: 'http://localhost:1234/v1', model: 'qwen2.5', key: 'sk-must-not-be-saved' });
  assert.equal(CONFIG_KEY, 'lodestar.ai.config');
  assert.ok(!storage.getItem(CONFIG_KEY).includes('sk-must-not'));
  assert.deepEqual(ks.loadConfig(), { provider: 'compatible', baseUrl: 'http://localhost:1234/v1', model: 'qwen2.5' });
  storage.setItem(CONFIG_KEY, '{broken');
  assert.equal(ks.loadConfig(), null);
});

test('a storage that refuses writes leaves the key in memory', () => {
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
  const ks = createKeystore(full);
  assert.equal(ks.setKey('openai', 'k', { remember: true }), false);
  assert.equal(ks.getKey('openai'), 'k');
});

test('the page functions work in Node, where there is no localStorage: memory only', () => {
  assert.equal(typeof globalThis.localStorage, 'undefined');
  assert.equal(pageStore.setKey('anthropic', 'k1', { remember: true }), false);
  assert.equal(pageStore.getKey('anthropic'), 'k1');
  assert.equal(pageStore.isRemembered('anthropic'), false);
  pageStore.forget('anthropic');
  assert.equal(pageStore.getKey('anthropic'), '');
  assert.equal(pageStore.saveConfig({ provider: 'openai' }), false);
  assert.equal(pageStore.loadConfig(), null);
});
