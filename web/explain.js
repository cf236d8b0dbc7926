/* explain.js: the "what is this number" popover of a KPI card or a chart: each
 * metric's definition (from the catalog, translated in web/i18n) and the
 * settings in force for it with their current values, plus its healthy mark.
 * Shown while the pointer is over the card or the (i) button has focus; its
 * "Glossary" button opens the glossary drawer at the metric (glossary.js).
 *
 *   explain(['mrr'], state, 'MRR')   // <span class="explain">: button + role=tooltip */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { metricLabel, metricDescription, settingLabel, settingChoiceLabel } from './labels.js';
import { markText } from './health.js';

let nextId = 1;

export function explain(metrics, s, name) {
  const catalog = new Map(((s.engine && s.engine.catalog) || []).map((m) => [m.name, m]));
  const settings = new Map((s.settings || []).map((x) => [x.name, x]));
  const id = `explain-${nextId++}`;
  const pop = el('span', { className: 'explain-pop', role: 'tooltip', id });
  const used = [];
  for (const metric of metrics) {
    const entry = catalog.get(metric);
    const mark = markText(metric);
    pop.append(el('span', { className: 'explain-metric' },
      el('strong', { className: 'explain-title' }, metrics.length > 1 ? metricLabel(metric, entry?.title) : t(`metric.${metric}.long`)),
      el('span', { className: 'explain-def' }, metricDescription(metric, entry?.description)),
      mark ? el('span', { className: 'explain-mark' }, t('health.mark', { mark })) : null));
    for (const name of (entry && entry.settings) || []) if (!used.includes(name)) used.push(name);
  }
  if (used.length) {
    pop.append(el('span', { className: 'explain-settings-title' }, t('explain.settings')),
      el('span', { className: 'explain-settings' }, ...used.map((n) => el('span', { className: 'explain-setting', dataset: { setting: n } },
        el('span', {}, settingLabel(n)), el('b', {}, valueText(settings.get(n)))))));
  }
  // the glossary drawer (glossary.js) at the first metric, with every other metric beside it
  const more = el('button', { type: 'button', className: 'explain-glossary', dataset: { glossary: metrics[0] } }, t('glossary.link'));
  more.addEventListener('click', () => more.dispatchEvent(new CustomEvent('lodestar:glossary', { bubbles: true, detail: { metric: metrics[0] } })));
  pop.append(more);
  const btn = el('button', { type: 'button', className: 'explain-btn', 'aria-describedby': id, 'aria-label': t('explain.about', { name }) }, 'i');
  const root = el('span', { className: 'explain' }, btn, pop);
  // open leftwards when there is no room on the right
  const place = () => root.classList.toggle('is-left', btn.getBoundingClientRect().left + 320 > window.innerWidth);
  btn.addEventListener('focus', place);
  root.addEventListener('pointerenter', place);
  btn.addEventListener('keydown', (e) => { if (e.key === 'Escape') btn.blur(); });
  return root;
}

/* A setting's current value as text: its choice's label, the text, or "not set". */
export function valueText(setting) {
  if (!setting) return '—';
  if (setting.choices) return settingChoiceLabel(setting.name, setting.value);
  return setting.value === '' || setting.value == null ? t('explain.unset') : String(setting.value);
}
