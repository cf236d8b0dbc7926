/* keystore.js: the user's API key per provider, and the provider settings.
 * No DOM; localStorage is read when first needed (or a storage object with
 * getItem/setItem/removeItem is passed in, as the Node tests do).
 *
 * A key lives in memory only, unless the user chose "remember on this
 * device": then it is also in storage under lodestar.ai.key.<provider>.
 * forget(provider) removes it from both. The settings {provider, baseUrl,
 * model} are kept under lodestar.ai.config, never with a key.
 *
 *   setKey('anthropic', key, {remember: true}); getKey('anthropic');
 *   const store = createKeystore(storageForTests);  // the same functions
 */

export const KEY_PREFIX = 'lodestar.ai.key.';
export const CONFIG_KEY = 'lodestar.ai.config';

function defaultStorage() {
  try { return globalThis.localStorage || null; } catch { return null; } // a sandboxed page may throw
}

/* The keystore functions over storage (null: the page's localStorage, read
 * lazily; none there means memory only). */
export function createKeystore(storage = null) {
  const memory = new Map();
  const store = () => storage || defaultStorage();
  const read = (name) => { try { const s = store(); return s ? s.getItem(name) : null; } catch { return null; } };
  const remove = (name) => { try { const s = store(); if (s) s.removeItem(name); } catch { /* nothing stored */ } };

  return {
    /* Keep key for provider. remember: also in storage (true when stored);
     * without it any stored copy is removed. An empty key is forget(). */
    setKey(provider, key, { remember = false } = {}) {
      if (!key) { this.forget(provider); return false; }
      memory.set(provider, key);
      if (!remember) { remove(KEY_PREFIX + provider); return false; }
      try {
        const s = store();
        if (!s) return false;
        s.setItem(KEY_PREFIX + provider, key);
        return true;
      } catch { return false; } // storage full or refused: memory only
    },
    /* The key for provider ('' when none): memory, else a remembered one. */
    getKey(provider) {
      if (memory.has(provider)) return memory.get(provider);
      const stored = read(KEY_PREFIX + provider);
      if (stored) memory.set(provider, stored);
      return stored || '';
    },
    isRemembered(provider) {
      return Boolean(read(KEY_PREFIX + provider));
    },
    /* Drop provider's key from memory and storage. */
    forget(provider) {
      memory.delete(provider);
      remove(KEY_PREFIX + provider);
    },
    /* {provider, baseUrl, model} saved before, or null. */
    loadConfig() {
      const text = read(CONFIG_KEY);
      if (!text) return null;
      try {
        const c = JSON.parse(text);
        if (!c || typeof c !== 'object') return null;
        const str = (v) => (typeof v === 'string' ? v : '');
        return { provider: str(c.provider), baseUrl: str(c.baseUrl), model: str(c.model) };
      } catch { return null; }
    },
    /* Save the settings; only these three fields, never a key. */
    saveConfig({ provider, baseUrl, model }) {
      try {
        const s = store();
        if (!s) return false;
        s.setItem(CONFIG_KEY, JSON.stringify({ provider: provider || '', baseUrl: baseUrl || '', model: model || '' }));
        return true;
      } catch { return false; }
    },
  };
}

const page = createKeystore();
export const setKey = (provider, key, opts) => page.setKey(provider, key, opts);
export const getKey = (provider) => page.getKey(provider);
export const isRemembered = (provider) => page.isRemembered(provider);
export const forget = (provider) => page.forget(provider);
export const loadConfig = () => page.loadConfig();
export const saveConfig = (config) => page.saveConfig(config);
