/* settings-panel.js: every metric setting of the workspace, to change on the
 * revenue view. A setting with choices is a select; the others (currency,
 * rates, gross margin, tiers) are text fields applied on Enter or when they
 * lose focus, and a value the engine refuses stays in the field with the
 * engine's reason under it. Any change recomputes every number shown
 * (actions.setSetting).
 *
 * <details class="settings-panel"> with <div class="setting" data-setting="NAME">
 * per setting; data-changed when it is not the default. */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { settingLabel, settingDescription, settingChoiceLabel } from './labels.js';
import { valueText } from './explain.js';

export function mountSettingsPanel(root, store, actions) {
  const summary = el('summary', { className: 'settings-summary' });
  const grid = el('div', { className: 'settings-grid' });
  const reset = el('button', { type: 'button', className: 'btn btn-sm' });
  const foot = el('div', { className: 'settings-foot' }, el('p', { className: 'settings-note' }), reset);
  root.append(summary, grid, foot);
  const failed = new Map(); // name → {value, message}: a value the engine refused, kept in its field
  let shown = '';

  async function apply(name, value) {
    try {
      await actions.setSetting(name, value);
      failed.delete(name);
    } catch (err) {
      failed.set(name, { value, message: err.message });
    }
    render(store.get(), true);
  }

  reset.addEventListener('click', async () => {
    for (const s of store.get().settings) if (s.value !== s.default) await apply(s.name, s.default);
  });

  function render(s, force = false) {
    const key = JSON.stringify([s.locale, s.settings]);
    if (key === shown && !force) return;
    shown = key;
    const settings = s.settings || [];
    const changed = settings.filter((x) => x.value !== x.default).length;
    summary.replaceChildren(
      el('span', { className: 'settings-title' }, t('settings.title')),
      el('span', { className: 'settings-count' }, changed ? t('settings.changed', { count: changed }) : t('settings.defaults')),
      el('span', { className: 'settings-current' }, settings.filter((x) => x.value !== x.default)
        .map((x) => `${settingLabel(x.name)}: ${valueText(x)}`).join(' · ')));
    reset.textContent = t('settings.reset');
    reset.disabled = changed === 0;
    foot.firstChild.textContent = t('settings.note');
    const focused = document.activeElement && grid.contains(document.activeElement) ? document.activeElement.id : null;
    grid.replaceChildren(...settings.map((x) => field(x, failed.get(x.name), apply)));
    if (focused) document.getElementById(focused)?.focus();
  }

  store.subscribe((s, prev) => { if (s.settings !== prev.settings || s.locale !== prev.locale) render(s); });
  render(store.get());
}

/* ---- private ---- */

function field(x, failure, apply) {
  const id = `setting-${x.name}`;
  const help = el('p', { className: 'setting-help', id: `${id}-help` }, settingDescription(x.name, x.description));
  const error = el('p', { className: 'setting-error', id: `${id}-error`, role: 'alert' }, failure ? failure.message : '');
  error.hidden = !failure;
  let control;
  if (x.choices && x.choices.length) {
    control = el('select', { className: 'select', id, 'aria-describedby': `${id}-help` },
      ...x.choices.map((c) => option(c, settingChoiceLabel(x.name, c), c === x.value)));
    control.addEventListener('change', () => apply(x.name, control.value));
  } else {
    control = el('input', {
      className: 'input', id, type: 'text', value: failure ? failure.value : x.value ?? '',
      placeholder: x.default === '' ? t('explain.unset') : String(x.default), spellcheck: 'false', autocomplete: 'off',
      'aria-describedby': `${id}-help ${id}-error`,
    });
    if (failure) control.setAttribute('aria-invalid', 'true');
    const commit = () => {
      const now = String(x.value ?? '');
      if (control.value.trim() !== now || failure) apply(x.name, control.value.trim());
    };
    control.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        commit();
      } else if (e.key === 'Escape') {
        control.value = String(x.value ?? '');
      }
    });
    control.addEventListener('change', commit);
  }
  const changed = x.value !== x.default;
  const wrap = el('div', { className: 'setting', dataset: { setting: x.name } },
    el('label', { className: 'field-label', for: id }, settingLabel(x.name),
      changed ? el('span', { className: 'setting-default' }, t('settings.default', { value: valueText({ ...x, value: x.default }) })) : null),
    control, error, help);
  if (changed) wrap.dataset.changed = '';
  return wrap;
}
