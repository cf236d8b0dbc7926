/* assistant-settings.js: the Assistant's model form: provider, base URL,
 * model, the API key (a password input), "remember on this device" and
 * "forget". The key is held by web/ai/keystore.js: in memory, and in
 * localStorage only while "remember" is checked; the provider, base URL and
 * model are saved apart from it (saveConfig). Nothing here is a <form>, so
 * no submit can ever carry the key into a URL.
 *
 *   const s = mountSettings(card, {onChange(why)});  // why: 'config' | 'key'
 *   s.config()   // {provider, baseUrl, model, key}; key '' when none
 *   s.render()   // after a locale change
 * Hooks: data-testid ai-provider, ai-base-url, ai-model, ai-key, ai-remember, ai-forget. */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { PROVIDERS } from './ai/providers.js';
import { setKey, getKey, isRemembered, forget, loadConfig, saveConfig } from './ai/keystore.js';
import { askReloadFor } from './csp.js';

export function mountSettings(root, { onChange = () => {} } = {}) {
  const saved = loadConfig() || {};
  const first = PROVIDERS[saved.provider] ? saved.provider : 'anthropic';
  const state = {
    provider: first,
    baseUrl: saved.provider === first && saved.baseUrl ? saved.baseUrl : PROVIDERS[first].baseUrl,
    model: saved.provider === first && saved.model ? saved.model : PROVIDERS[first].model,
  };

  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const provider = el('select', { className: 'ai-input', dataset: { testid: 'ai-provider' }, id: 'ai-provider' });
  const baseUrl = el('input', { type: 'url', className: 'ai-input', dataset: { testid: 'ai-base-url' }, id: 'ai-base-url',
    spellcheck: 'false', autocomplete: 'off' });
  const model = el('input', { type: 'text', className: 'ai-input', dataset: { testid: 'ai-model' }, id: 'ai-model',
    spellcheck: 'false', autocomplete: 'off' });
  const key = el('input', { type: 'password', className: 'ai-input', dataset: { testid: 'ai-key' }, id: 'ai-key',
    spellcheck: 'false', autocomplete: 'off' });
  const remember = el('input', { type: 'checkbox', dataset: { testid: 'ai-remember' }, id: 'ai-remember' });
  const forgetBtn = el('button', { type: 'button', className: 'btn btn-sm', dataset: { testid: 'ai-forget' } });
  const note = el('p', { className: 'ai-note', 'aria-live': 'polite' });
  const labels = {};
  const field = (name, input) => {
    labels[name] = el('span', { className: 'ai-label' });
    return el('label', { className: 'ai-field', for: input.id }, labels[name], input);
  };
  labels.remember = el('span', {});
  root.append(
    el('header', { className: 'card-header' }, el('div', {}, title, sub)),
    el('div', { className: 'ai-settings' },
      field('provider', provider), field('baseUrl', baseUrl), field('model', model), field('key', key),
      el('div', { className: 'ai-key-row' }, el('label', { className: 'ai-check', for: remember.id }, remember, labels.remember), forgetBtn),
      note));

  let forgotten = false;
  const fillKey = () => {
    key.value = getKey(state.provider) || '';
    remember.checked = isRemembered(state.provider);
  };
  const persist = () => {
    saveConfig({ provider: state.provider, baseUrl: state.baseUrl, model: state.model });
    askReloadFor(state.baseUrl, t('csp.reload')); // the page reaches a new endpoint after a reload (csp.js)
  };

  provider.addEventListener('change', () => {
    state.provider = PROVIDERS[provider.value] ? provider.value : 'anthropic';
    state.baseUrl = PROVIDERS[state.provider].baseUrl;
    state.model = PROVIDERS[state.provider].model;
    baseUrl.value = state.baseUrl;
    model.value = state.model;
    forgotten = false;
    fillKey();
    persist();
    render();
    onChange('config');
  });
  baseUrl.addEventListener('change', () => {
    state.baseUrl = baseUrl.value.trim();
    persist();
    onChange('config');
  });
  model.addEventListener('change', () => {
    state.model = model.value.trim();
    persist();
    onChange('config');
  });
  key.addEventListener('input', () => {
    const v = key.value.trim();
    if (v) setKey(state.provider, v, { remember: remember.checked });
    else forget(state.provider);
    if (v) persist();
    forgotten = false;
    render();
    onChange('key');
  });
  remember.addEventListener('change', () => {
    const v = key.value.trim();
    if (v) setKey(state.provider, v, { remember: remember.checked });
    forgotten = false;
    render();
  });
  forgetBtn.addEventListener('click', () => {
    forget(state.provider);
    key.value = '';
    remember.checked = false;
    forgotten = true;
    render();
    onChange('key');
  });

  function render() {
    title.textContent = t('ai.settings.title');
    sub.textContent = t('ai.settings.subtitle');
    provider.replaceChildren(...Object.keys(PROVIDERS).map((p) => option(p, t(`ai.provider.${p}`), p === state.provider)));
    for (const k of ['provider', 'baseUrl', 'model', 'key', 'remember']) labels[k].textContent = t(`ai.settings.${k}`);
    key.placeholder = t('ai.settings.keyPlaceholder');
    forgetBtn.textContent = t('ai.settings.forget');
    const has = !!getKey(state.provider);
    forgetBtn.disabled = !has && !isRemembered(state.provider);
    note.textContent = forgotten ? t('ai.settings.forgotten')
      : !has ? t('ai.settings.noKey') : remember.checked ? t('ai.settings.stored') : t('ai.settings.memory');
  }

  baseUrl.value = state.baseUrl;
  model.value = state.model;
  fillKey();
  render();
  return {
    config: () => ({ ...state, baseUrl: baseUrl.value.trim() || state.baseUrl, model: model.value.trim() || state.model,
      key: getKey(state.provider) || '' }),
    label: () => t(`ai.provider.${state.provider}`).replace(/\s*\(.*$/, ''),
    render,
  };
}
