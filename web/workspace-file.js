/* workspace-file.js: "Save workspace" in the topbar, opening a saved
 * workspace, and the menu beside the button (autosave, forget this data).
 *
 *   mountWorkspaceFile(slot, ctx, autosave)  the button (data-testid="save-workspace"),
 *       disabled while nothing is loaded: the engine writes the workspace file
 *       (client.saveWorkspace, with capturePage's page in it) and the page
 *       downloads it as NAME-DATE.lodestar.sqlite; the menu (autosave.js's
 *       controller) turns autosave on or off and forgets what it saved.
 *   installRestore(ctx)  a .lodestar.sqlite dropped or chosen loads through
 *       the usual path (ctx.runLoads); when the engine answers with
 *       info.restored, the file has replaced the workspace, and the page
 *       follows: kept sources, demo and the hash's demo part dropped,
 *       the engine's settings and zone published, the saved page applied,
 *       everything fetched again, and a notice says what happened.
 *   openWorkspaceFile(ctx, file, notice)  the same for a File the page made
 *       (autosave), with its own notice {key, vars}.
 *   showNotice({key, vars})  an informational banner under the error banners.
 *   workspaceFileName(state, date)  the download's name (pure, tested in Node). */
import { t, getLocale } from './i18n/index.js';
import { icon } from './icons.js';
import { el, saveBlob } from './dom.js';
import { saveZone } from './tz.js';
import { capturePage, applyPage } from './share/page-state.js';

const notices = new WeakMap(); // File → the notice its restore shows instead of the default

/* ---- API ---- */

export function workspaceFileName(state, date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  let base = 'workspace';
  if (state.demo) base = 'lodestar-demo';
  else {
    const stems = (state.info?.datasets || []).map((d) => String(d.name || '')
      .replace(/\.lodestar\.sqlite$/i, '')
      .replace(/(\.(csv|tsv|txt|jsonl|ndjson|json|sqlite|db))?(\.gz)?$/i, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[-.]+|[-.]+$/g, ''))
      .filter(Boolean);
    const uniq = [...new Set(stems)];
    if (uniq.length) base = uniq.slice(0, 3).join('+') + (uniq.length > 3 ? `+${uniq.length - 3}` : '');
    if (base.length > 80) base = base.slice(0, 80).replace(/[-.+]+$/, '');
  }
  return `${base}-${day}.lodestar.sqlite`;
}

export function installRestore(ctx) {
  ctx.restoreWorkspace = (info, file, opts) => restore(ctx, info, file, opts);
}

export function openWorkspaceFile(ctx, file, notice) {
  if (notice) notices.set(file, notice);
  return ctx.runLoads([{ file, options: {} }]);
}

let noticeRoot = null;
let noticeShown = null;

export function showNotice(notice) {
  noticeShown = notice;
  renderNotice();
}

export function mountWorkspaceFile(slot, ctx, autosave) {
  installRestore(ctx);
  const { store } = ctx;
  noticeRoot = el('div', { className: 'ws-notices', 'aria-live': 'polite' });
  document.getElementById('banners')?.after(noticeRoot);

  const saveLabel = el('span', { className: 'ws-save-label' });
  const save = el('button', { type: 'button', className: 'btn btn-sm ws-save', dataset: { testid: 'save-workspace' } },
    icon('download'), saveLabel);
  const more = el('button', {
    type: 'button', className: 'btn btn-sm ws-more', dataset: { testid: 'workspace-menu' },
    'aria-haspopup': 'true', 'aria-expanded': 'false',
  }, icon('chevron'));
  const menu = buildMenu();
  const wrap = el('div', { className: 'ws-group' });
  wrap.append(save, more, menu.root);
  slot.append(wrap);

  let saving = false;
  save.addEventListener('click', async () => {
    if (saving) return;
    saving = true;
    render();
    try {
      await download(ctx);
    } catch (err) {
      ctx.pushError('workspace.saveError', {}, err.message);
    } finally {
      saving = false;
      render();
    }
  });

  const open = (on) => {
    menu.root.hidden = !on;
    more.setAttribute('aria-expanded', on ? 'true' : 'false');
    if (on) menu.toggle.focus();
  };
  more.addEventListener('click', () => open(menu.root.hidden));
  document.addEventListener('click', (e) => { if (!menu.root.hidden && !wrap.contains(e.target)) open(false); });
  wrap.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !menu.root.hidden) {
      open(false);
      more.focus();
    }
  });
  menu.toggle.addEventListener('change', () => autosave.setOn(menu.toggle.checked));
  menu.forget.addEventListener('click', () => autosave.forget());

  function render() {
    const s = store.get();
    const loaded = s.info.datasets.length > 0;
    save.disabled = !loaded || saving || !s.engine;
    saveLabel.textContent = t(saving ? 'workspace.saving' : 'workspace.save');
    save.title = t(loaded ? 'workspace.saveHint' : 'workspace.saveEmpty');
    save.setAttribute('aria-label', saveLabel.textContent); // the label is hidden on a narrow screen
    more.title = t('workspace.menu');
    more.setAttribute('aria-label', t('workspace.menu'));
    menu.render(autosave.get());
  }
  store.subscribe((s, prev) => {
    if (s.info !== prev.info || s.locale !== prev.locale || s.engine !== prev.engine) render();
    if (s.locale !== prev.locale) renderNotice();
  });
  autosave.subscribe(render);
  render();
}

/* ---- private ---- */

/* Write the workspace file and hand it to the browser as a download. */
async function download(ctx) {
  const out = await ctx.client().saveWorkspace({ page: capturePage(ctx.store) });
  saveBlob(new Blob([out.bytes], { type: 'application/vnd.sqlite3' }), workspaceFileName(ctx.store.get()));
}

/* The engine replaced the workspace with the file's (info.restored): make
 * the page agree. A rebuild (runLoads opening every kept file again) keeps
 * the page as it is. */
async function restore(ctx, info, file, { rebuild = false } = {}) {
  const { store, sources } = ctx;
  sources.clear();
  sources.add(file, {}); // a rebuild opens it first again; its datasets have no file of their own
  if (info.tz && info.tz !== store.get().tz) saveZone(info.tz);
  store.set({ demo: false, demoOpts: null, info, selected: 0, ...(info.tz ? { tz: info.tz } : {}) });
  dropDemoPart();
  ctx.publishSettings(await ctx.client().settings());
  if (!rebuild && info.restored.page) await applyPage(ctx, info.restored.page);
  await ctx.refresh();
  if (rebuild) return;
  const notice = notices.get(file) || { key: 'workspace.opened', vars: { file: file.name } };
  notices.delete(file);
  showNotice(notice);
}

/* The hash's demo part: the data is the file's now. (Its s= part, a share
 * link's, runLoads drops unless the link itself is opening the file.) */
function dropDemoPart() {
  const parts = location.hash.replace(/^#/, '').split('&').filter((p) => p && p !== 'demo');
  const hash = parts.length ? `#${parts.join('&')}` : '';
  if (hash !== location.hash) history.replaceState(null, '', location.pathname + location.search + hash);
}

function buildMenu() {
  const title = el('p', { className: 'ws-menu-title' });
  const toggle = el('input', { type: 'checkbox', dataset: { testid: 'autosave-toggle' } });
  const toggleText = el('span');
  const row = el('label', { className: 'ws-toggle' }, toggle, toggleText);
  const hint = el('p', { className: 'ws-menu-hint' });
  const status = el('p', { className: 'ws-menu-status', dataset: { testid: 'autosave-status' } });
  const forgetLabel = el('span');
  const forget = el('button', { type: 'button', className: 'btn btn-sm ws-forget', dataset: { testid: 'autosave-forget' } },
    icon('close'), forgetLabel);
  const root = el('div', { className: 'ws-menu', dataset: { testid: 'workspace-popover' }, hidden: true });
  root.append(title, row, hint, status, forget);

  return {
    root,
    toggle,
    forget,
    render(a) {
      title.textContent = t('autosave.title');
      toggleText.textContent = t('autosave.toggle');
      toggle.checked = !!a.on;
      toggle.disabled = a.available !== true;
      row.classList.toggle('is-disabled', toggle.disabled);
      if (a.available === false) hint.textContent = t(a.reason === 'blocked' ? 'autosave.blocked' : 'autosave.unsupported');
      else hint.textContent = t(a.on ? 'autosave.onHint' : 'autosave.offHint');
      let line = t('autosave.nothing');
      if (a.error) line = t('autosave.error', { message: a.error });
      else if (a.saving) line = t('autosave.saving');
      else if (a.saved) line = t('autosave.saved', { time: when(a.saved.at), size: a.saved.size ? formatBytes(a.saved.size) : t('autosave.demoSize') });
      status.textContent = line;
      forget.hidden = !a.saved;
      forgetLabel.textContent = t('autosave.forget');
      forget.title = t('autosave.forgetHint');
    },
  };
}

function renderNotice() {
  if (!noticeRoot) return;
  if (!noticeShown) {
    noticeRoot.replaceChildren();
    return;
  }
  const { key, vars = {} } = noticeShown;
  const title = el('p', { className: 'banner-title' }, t(key, { ...vars, ...(vars.at != null ? { time: when(vars.at) } : {}) }));
  const close = el('button', { type: 'button', className: 'banner-close', 'aria-label': t('banner.dismiss'), title: t('banner.dismiss') },
    icon('close'));
  close.addEventListener('click', () => showNotice(null));
  noticeRoot.replaceChildren(el('div', { className: 'banner ws-notice', role: 'status', dataset: { testid: 'workspace-notice' } },
    icon('file'), el('div', { className: 'banner-body' }, title), close));
}

/* A size in kB or MB in the page's locale. */
function formatBytes(n) {
  const mb = n >= 1e6;
  return new Intl.NumberFormat(getLocale(), { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 })
    .format(mb ? n / 1e6 : Math.max(0.1, n / 1e3));
}

/* A date and time in the page's locale. */
function when(ms) {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

