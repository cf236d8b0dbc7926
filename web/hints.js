/* hints.js: the muted "needs a subscriptions export" hint shown where a
 * metric's dataset is missing. */
import { t, has } from './i18n/index.js';
import { icon } from './icons.js';
import { el } from './dom.js';

/* "Needs a subscriptions export" for needs ['subscriptions']. */
export function needsText(needs) {
  const kind = (needs && needs[0]) || 'subscriptions';
  const key = `needs.${kind}`;
  return has(key) ? t(key) : t('needs.other', { kind });
}

/* A block for an empty chart card. */
export function hintBlock(needs, iconName = 'chart') {
  const el = document.createElement('div');
  el.className = 'chart-hint';
  const title = document.createElement('p');
  title.className = 'chart-hint-title';
  title.textContent = needsText(needs);
  const sub = document.createElement('p');
  sub.className = 'chart-hint-sub';
  sub.textContent = t('needs.hint');
  el.append(icon(iconName, 'chart-hint-icon'), title, sub);
  return el;
}

/* A blank placeholder while there is nothing to say (engine starting or down). */
export function emptyBlock(iconName = 'chart') {
  const el = document.createElement('div');
  el.className = 'chart-hint';
  el.append(icon(iconName, 'chart-hint-icon'));
  return el;
}

/* A block for a chart whose metric failed or is not in the engine. */
export function messageBlock(text, detail) {
  const el = document.createElement('div');
  el.className = 'chart-hint';
  const title = document.createElement('p');
  title.className = 'chart-hint-title';
  title.textContent = text;
  el.append(icon('alert', 'chart-hint-icon'), title);
  if (detail) {
    const sub = document.createElement('p');
    sub.className = 'chart-hint-sub';
    sub.textContent = detail;
    el.append(sub);
  }
  return el;
}

/* A view without its dataset: the texts of `${prefix}.empty.*` (title, text,
 * formats), the demo button and a link to the Overview's guide to where each
 * tool keeps its exports (empty-guide.js), in root (a .revenue-empty card). */
export function renderEmpty(root, actions, prefix) {
  const demo = el('button', { type: 'button', className: 'btn btn-primary' }, t('drop.demo'));
  demo.addEventListener('click', () => actions.loadDemo());
  const guide = el('a', { className: 'btn-link', href: '#view=overview', dataset: { empty: 'where' } }, t('empty.where'));
  guide.addEventListener('click', (e) => {
    e.preventDefault();
    actions.showView('overview');
  });
  root.replaceChildren(icon('chart', 'chart-hint-icon'),
    el('h2', { className: 'revenue-empty-title' }, t(`${prefix}.empty.title`)),
    el('p', { className: 'revenue-empty-text' }, t(`${prefix}.empty.text`)),
    el('p', { className: 'revenue-empty-formats' }, t(`${prefix}.empty.formats`)), demo, guide);
}
