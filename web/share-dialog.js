/* share-dialog.js: the topbar's "Share" button (data-testid="share") and its
 * dialog: the link (data-testid="share-link", read-only), a Copy button, the
 * link's length, and a plain list of what the link holds and what it never
 * holds. The link is made when the dialog opens (share/capture.js): the
 * page's state in the URL's fragment, which no server sees.
 *
 *   mountShareDialog(slot, ctx)
 * A modal <dialog>: focus stays inside it (Tab wraps), Esc closes it. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { shareLink, contents } from './share/capture.js';
import { formatInteger } from './format.js';
import { icon } from './icons.js';
import { PRESETS } from './filter-bar.js';

export function mountShareDialog(slot, ctx) {
  const { store } = ctx;
  const label = el('span', {});
  const button = el('button', { type: 'button', className: 'btn btn-sm share-button', dataset: { testid: 'share' }, 'aria-haspopup': 'dialog' },
    icon('share'), label);
  slot.append(button);

  const title = el('h2', { className: 'share-title', id: 'share-title' });
  const lead = el('p', { className: 'share-lead' });
  const input = el('input', { type: 'text', className: 'share-link', readonly: '', 'data-testid': 'share-link', spellcheck: 'false' });
  const copy = el('button', { type: 'button', className: 'btn btn-primary btn-sm share-copy' });
  const copied = el('span', { className: 'share-copied', role: 'status' });
  const length = el('p', { className: 'share-length', dataset: { shareLength: '' } });
  const hasTitle = el('h3', { className: 'share-subtitle' });
  const has = el('ul', { className: 'share-list', dataset: { shareHas: '' } });
  const neverTitle = el('h3', { className: 'share-subtitle' });
  const never = el('ul', { className: 'share-list share-never', dataset: { shareNever: '' } });
  const note = el('p', { className: 'share-note' });
  const close = el('button', { type: 'button', className: 'btn btn-sm share-close' });
  const dialog = el('dialog', { className: 'share-dialog', 'aria-labelledby': 'share-title' },
    el('div', { className: 'share-body' },
      title, lead,
      el('div', { className: 'share-row' }, input, copy),
      el('div', { className: 'share-meta' }, length, copied),
      hasTitle, has, neverTitle, never, note,
      el('div', { className: 'share-actions' }, close)));
  document.body.append(dialog);

  let made = null; // {url, state} of the open dialog
  let gen = 0;

  const render = () => {
    label.textContent = t('share.button');
    button.title = t('share.buttonTitle');
    title.textContent = t('share.title');
    lead.textContent = t('share.lead');
    input.setAttribute('aria-label', t('share.linkLabel'));
    copy.textContent = t('share.copy');
    close.textContent = t('share.close');
    hasTitle.textContent = t('share.hasTitle');
    neverTitle.textContent = t('share.neverTitle');
    never.replaceChildren(...['share.never.key', 'share.never.assistant', 'share.never.rows', 'share.never.storage']
      .map((k) => el('li', {}, t(k))));
    if (!made) {
      input.value = '';
      length.textContent = t('share.making');
      has.replaceChildren();
      note.hidden = true;
      return;
    }
    input.value = made.url;
    length.textContent = t('share.length', { n: formatInteger(made.url.length) });
    has.replaceChildren(...contents(made.state, made.url).filter((c) => c.key !== 'share.has.length').map((c) => {
      const vars = { ...c.vars };
      if (vars.view) vars.view = t(`views.${vars.view}`);
      if (PRESETS.includes(vars.range)) vars.range = t(`filters.preset.${vars.range}`);
      for (const k of ['n', 'users', 'days']) if (typeof vars[k] === 'number') vars[k] = formatInteger(vars[k]);
      return el('li', { dataset: { item: c.key.slice('share.has.'.length) } }, t(c.key, vars));
    }));
    note.hidden = !made.state.data.files;
    note.textContent = made.state.data.files ? t('share.filesNote') : '';
  };

  button.addEventListener('click', async () => {
    const mine = ++gen;
    made = null;
    copied.textContent = '';
    render();
    dialog.showModal();
    input.focus();
    try {
      const link = await shareLink(ctx);
      if (mine !== gen) return;
      made = link;
      render();
      input.focus();
      input.select();
    } catch (err) {
      if (mine === gen) length.textContent = t('share.error', { message: err.message });
    }
  });
  copy.addEventListener('click', async () => {
    if (!made) return;
    input.select();
    let ok = false;
    try {
      await navigator.clipboard.writeText(made.url);
      ok = true;
    } catch {
      try { ok = document.execCommand('copy'); } catch { ok = false; }
    }
    copied.textContent = ok ? t('share.copied') : t('share.copyFailed');
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    gen++;
    button.focus();
  });
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); }); // the backdrop
  dialog.addEventListener('keydown', (e) => { // Tab wraps inside the dialog
    if (e.key !== 'Tab') return;
    const items = [input, copy, close].filter((x) => !x.disabled);
    const i = items.indexOf(document.activeElement);
    const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i < 0 || i === items.length - 1 ? 0 : i + 1);
    e.preventDefault();
    items[next].focus();
  });
  store.subscribe((s, prev) => { if (s.locale !== prev.locale) render(); });
  render();
}
