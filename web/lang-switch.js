/* lang-switch.js: the language <select> in the header. The choice is kept in
 * localStorage by i18n/setLocale. */
import { LOCALES, getLocale, setLocale, onLocaleChange } from './i18n/index.js';

export function mountLangSwitch(select) {
  for (const l of LOCALES) {
    const opt = document.createElement('option');
    opt.value = l.code;
    opt.textContent = l.name;
    opt.lang = l.code;
    select.append(opt);
  }
  select.value = getLocale();
  select.addEventListener('change', () => setLocale(select.value));
  onLocaleChange((code) => { select.value = code; });
}
