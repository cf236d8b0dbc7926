/* tz-picker.js: the workspace time zone <select> in the header. Choosing a
 * zone asks the engine for it (day, week and month boundaries of every
 * metric) and redraws everything; the choice is kept by tz.js. */
import { t } from './i18n/index.js';
import { ZONES, zoneLabel } from './tz.js';

export function mountTzPicker(select, store, actions) {
  const groups = [
    { key: 'tz.offsets', zones: ZONES.filter((z) => z === 'UTC' || /^[+-]/.test(z)) },
    { key: 'tz.regions', zones: ZONES.filter((z) => z.includes('/')) },
  ];
  const optgroups = groups.map((g) => {
    const og = document.createElement('optgroup');
    og.dataset.i18nLabel = g.key;
    for (const z of g.zones) {
      const opt = document.createElement('option');
      opt.value = z;
      opt.textContent = zoneLabel(z);
      og.append(opt);
    }
    return og;
  });
  select.append(...optgroups);
  select.addEventListener('change', () => actions.setTimeZone(select.value));
  const render = (s) => {
    for (const og of optgroups) og.label = t(og.dataset.i18nLabel);
    select.value = s.tz;
    select.title = t('tz.title');
    select.closest('[data-tz]').dataset.tz = s.info.tz || s.tz;
  };
  store.subscribe((s, prev) => { if (s.tz !== prev.tz || s.locale !== prev.locale || s.info !== prev.info) render(s); });
  render(store.get());
}
