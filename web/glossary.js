/* glossary.js: the glossary drawer. A topbar button (data-testid="glossary")
 * opens a side drawer (role=dialog, aria-modal) listing every metric of the
 * engine's catalog (store engine.catalog), grouped by family (the dataset
 * kind it needs: revenue, commerce, users and product), each with its label,
 * definition (labels.js), formula (metric.NAME.formula in web/i18n) and the
 * settings it reads with their current values (explain.js valueText);
 * searchable by any of those words. Focus stays inside while it is open,
 * Esc closes it and focus goes back where it was.
 *
 * Anything may open it at a metric by dispatching the bubbling event
 * `lodestar:glossary` {metric} (the (i) popovers of explain.js do).
 * Hooks: [data-glossary=drawer], [data-glossary=search], section[data-family],
 * article[data-metric] per metric (hidden when the search leaves it out). */
import { el } from './dom.js';
import { t, has } from './i18n/index.js';
import { metricLabel, metricDescription, settingLabel } from './labels.js';
import { valueText } from './explain.js';
import { needsOf } from './results.js';
import { icon } from './icons.js';

export const FAMILIES = ['subscriptions', 'payments', 'events'];

/* The family of a catalog entry: the first kind it needs ('other' when none
 * of FAMILIES). */
export function familyOf(entry) {
  const kind = needsOf(entry || {})[0];
  return FAMILIES.includes(kind) ? kind : 'other';
}

/* True when every word of query is found in text (case and accents aside). */
export function matches(text, query) {
  const norm = (s) => String(s ?? '').toLocaleLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  const hay = norm(text);
  return norm(query).split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

export function mountGlossary(slot, store) {
  const buttonLabel = el('span', {}); // hidden on narrow screens, where the icon stays (style.css)
  const button = el('button', { type: 'button', className: 'btn btn-sm topbar-btn', 'data-testid': 'glossary', 'aria-haspopup': 'dialog' },
    icon('file'), buttonLabel);
  slot.append(button);

  const title = el('h2', { className: 'glossary-title', id: 'glossary-title' });
  const close = el('button', { type: 'button', className: 'btn btn-small glossary-close', dataset: { glossary: 'close' } });
  const searchLabel = el('label', { className: 'visually-hidden', for: 'glossary-search' });
  const search = el('input', { type: 'search', id: 'glossary-search', className: 'glossary-search', dataset: { glossary: 'search' }, autocomplete: 'off' });
  const count = el('p', { className: 'glossary-count', role: 'status' });
  const list = el('div', { className: 'glossary-list' });
  const drawer = el('div', { className: 'glossary-drawer', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': title.id, dataset: { glossary: 'drawer' }, tabindex: '-1' },
    el('header', { className: 'glossary-head' }, title, close), searchLabel, search, count, list);
  const backdrop = el('div', { className: 'glossary-backdrop', hidden: true }, drawer);
  document.body.append(backdrop);

  let opener = null;
  let drawnFor = null;

  function draw(s) {
    const key = [s.engine, s.settings, s.locale];
    if (drawnFor && key.every((k, i) => drawnFor[i] === k)) return;
    drawnFor = key;
    const settings = new Map((s.settings || []).map((x) => [x.name, x]));
    const catalog = (s.engine && s.engine.catalog) || [];
    const groups = new Map([...FAMILIES, 'other'].map((f) => [f, []]));
    for (const m of catalog) groups.get(familyOf(m)).push(m);
    list.replaceChildren(...[...groups].filter(([, ms]) => ms.length).map(([family, ms]) => el('section', { className: 'glossary-family', dataset: { family } },
      el('h3', { className: 'glossary-family-title' }, t(`glossary.family.${family}`)),
      ...ms.map((m) => entry(m, settings)))));
    if (!catalog.length) list.replaceChildren(el('p', { className: 'glossary-none' }, s.engineError ? t('glossary.noEngine') : t('alerts.loading')));
    filter();
  }

  function entry(m, settings) {
    const label = metricLabel(m.name, m.title);
    const formula = has(`metric.${m.name}.formula`) ? t(`metric.${m.name}.formula`) : '';
    const used = m.settings || [];
    const node = el('article', { className: 'glossary-entry', id: `glossary-${m.name}`, tabindex: '-1', dataset: { metric: m.name } },
      el('h4', { className: 'glossary-name' }, label, ' ', el('code', { className: 'glossary-code' }, m.name)),
      has(`metric.${m.name}.long`) && t(`metric.${m.name}.long`) !== label ? el('p', { className: 'glossary-long' }, t(`metric.${m.name}.long`)) : null,
      el('p', { className: 'glossary-def' }, metricDescription(m.name, m.description)),
      formula ? el('p', { className: 'glossary-formula' }, el('span', { className: 'glossary-key' }, t('glossary.formula')), ' ', el('code', {}, formula)) : null,
      used.length ? el('dl', { className: 'glossary-settings' }, ...used.flatMap((n) => [
        el('dt', { dataset: { setting: n } }, settingLabel(n)), el('dd', {}, valueText(settings.get(n)))])) : null);
    node.dataset.text = [label, m.name, node.textContent].join(' ');
    return node;
  }

  function filter() {
    const q = search.value.trim();
    let n = 0;
    for (const sec of list.querySelectorAll('.glossary-family')) {
      let any = false;
      for (const a of sec.querySelectorAll('.glossary-entry')) {
        a.hidden = !!q && !matches(a.dataset.text, q);
        if (!a.hidden) { any = true; n++; }
      }
      sec.hidden = !any;
    }
    count.textContent = t('glossary.count', { n: String(n) });
  }

  function labels() {
    buttonLabel.textContent = t('glossary.open');
    title.textContent = t('glossary.title');
    close.textContent = t('glossary.close');
    close.setAttribute('aria-label', t('glossary.closeLabel'));
    searchLabel.textContent = t('glossary.search');
    search.placeholder = t('glossary.search');
  }

  function open(metric) {
    if (backdrop.hidden) opener = document.activeElement;
    draw(store.get());
    backdrop.hidden = false;
    document.body.classList.add('has-drawer');
    const target = metric && list.querySelector(`[data-metric="${CSS.escape(metric)}"]`);
    if (target) {
      if (target.hidden) { search.value = ''; filter(); }
      target.scrollIntoView({ block: 'start' });
      target.classList.add('is-target');
      setTimeout(() => target.classList.remove('is-target'), 1600);
      target.focus();
    } else search.focus();
  }

  function shut() {
    if (backdrop.hidden) return;
    backdrop.hidden = true;
    document.body.classList.remove('has-drawer');
    const back = opener && opener.isConnected ? opener : button;
    opener = null;
    back.focus();
  }

  button.addEventListener('click', () => open(null));
  close.addEventListener('click', shut);
  backdrop.addEventListener('click', (e) => { if (e.target === backdrop) shut(); });
  search.addEventListener('input', filter);
  drawer.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      shut();
    } else if (e.key === 'Tab') trap(e);
  });
  document.addEventListener('lodestar:glossary', (e) => open(e.detail?.metric || null));

  /* Tab and Shift+Tab go round the drawer's controls (from an entry, or
   * from the last control, to the first; backwards to the last). */
  function trap(e) {
    const stops = [...drawer.querySelectorAll('button, input, [href], [tabindex]:not([tabindex="-1"])')]
      .filter((x) => !x.disabled && x.offsetParent !== null);
    if (!stops.length) return;
    const at = document.activeElement;
    const edge = e.shiftKey ? stops[0] : stops[stops.length - 1];
    if (at === edge || !stops.includes(at)) {
      e.preventDefault();
      (e.shiftKey ? stops[stops.length - 1] : stops[0]).focus();
    }
  }

  labels();
  store.subscribe((s, prev) => {
    if (s.locale !== prev.locale) labels();
    if (!backdrop.hidden && (s.engine !== prev.engine || s.settings !== prev.settings || s.locale !== prev.locale)) draw(s);
  });
}
