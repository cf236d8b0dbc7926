/* footer.js: the engine version in the footer. */
import { t } from './i18n/index.js';

export function mountFooter(el, store) {
  const render = (s) => {
    const v = s.engine && s.engine.constants && s.engine.constants.version;
    el.textContent = v ? t('footer.engine', { version: v }) : '';
  };
  store.subscribe((s, prev) => { if (s.engine !== prev.engine || s.locale !== prev.locale) render(s); });
  render(store.get());
}
