/* banners.js: dismissible error banners above the drop zone, one per failure.
 * The engine's message (file, line, column) is shown as plain text. A banner
 * whose error has an action (ragged rows: "Pad short rows and cut long ones")
 * offers it as a button: actions.retryError(id). */
import { t } from './i18n/index.js';
import { icon } from './icons.js';

export function mountBanners(root, store, actions) {
  root.addEventListener('click', (e) => {
    const btn = e.target.closest('[data-dismiss]');
    if (btn) actions.dismissError(Number(btn.dataset.dismiss));
    const retry = e.target.closest('[data-retry]');
    if (retry) actions.retryError(Number(retry.dataset.retry));
  });
  store.subscribe((s, prev) => {
    if (s.errors !== prev.errors || s.locale !== prev.locale) render(root, s.errors);
  });
  render(root, store.get().errors);
}

function render(root, errors) {
  root.replaceChildren(...errors.map((err) => {
    const el = document.createElement('div');
    el.className = 'banner banner-error';
    el.setAttribute('role', 'alert');
    el.dataset.errorId = String(err.id);
    const body = document.createElement('div');
    body.className = 'banner-body';
    const title = document.createElement('p');
    title.className = 'banner-title';
    title.textContent = t(err.key, err.vars);
    body.append(title);
    if (err.message) {
      const msg = document.createElement('p');
      msg.className = 'banner-message';
      msg.textContent = err.message;
      body.append(msg);
    }
    if (err.action) {
      const act = document.createElement('button');
      act.type = 'button';
      act.className = 'btn btn-sm banner-action';
      act.dataset.retry = String(err.id);
      act.textContent = t(err.action.key);
      body.append(act);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'banner-close';
    close.dataset.dismiss = String(err.id);
    close.setAttribute('aria-label', t('banner.dismiss'));
    close.title = t('banner.dismiss');
    close.append(icon('close'));
    el.append(icon('alert'), body, close);
    return el;
  }));
}
