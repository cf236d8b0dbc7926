/* share/open.js: opening a share link (#s=<token>, share/codec.js) when the
 * page boots and when the hash changes to another link.
 *
 *   const opener = mountShareOpen(ctx)   adds the panel that lists the files a link
 *                                        needs (hidden until one does) after #banners
 *   opener.openFromHash()   true when the hash holds a link (its opening has started)
 *   linkToken(hash)         the token of the hash's s= part, or null
 *   dropLink()              takes the s= part out of the hash (the page is no longer the link's)
 * Opening: the data first (the demo by its seed; inline files inflated and
 * loaded with their options; a link's own files asked for and recognised by
 * their header signature when dropped, a file not in the link loading too),
 * then the settings (each one not in the link goes back to its default), the
 * mappings set by hand, and the page (share/page-state.js). The s= part stays
 * in the hash so a reload opens the link again; loading other files, the demo
 * or a workspace drops it (app.js). A link that does not decode, or made by a
 * newer Lodestar, is a banner, and the app opens empty. */
import { decodeShare, inflate, b64urlDecode } from './codec.js';
import { applyPage } from './page-state.js';
import { differs } from '../mapping-memory.js';
import { kindLabel } from '../labels.js';
import { el } from '../dom.js';
import { icon } from '../icons.js';
import { t } from '../i18n/index.js';
import { formatInteger } from '../format.js';

export const MAX_INLINE_FILE = 256 << 20; // bytes an inline file may inflate to

let opened = null; // the token of the link the page shows, until dropLink()

/* ---- API ---- */

export function linkToken(hash) {
  const p = String(hash || '').replace(/^#/, '').split('&').find((x) => x.startsWith('s='));
  return p ? p.slice(2) : null;
}

export function mountShareOpen(ctx) {
  const { store } = ctx;
  const root = el('section', { id: 'share-wait', 'aria-live': 'polite' });
  document.getElementById('banners').after(root);
  let gen = 0; // counts the links opened: an older one stops waiting
  let waiting = null; // {want, extra, stop(ok)} while a link waits for its files
  root.classList.add('card', 'share-wait');
  root.hidden = true;

  function openFromHash() {
    const token = linkToken(location.hash);
    if (!token || token === opened) return !!token;
    opened = token;
    open(token, ++gen);
    return true;
  }

  async function open(token, mine) {
    if (waiting) waiting.stop(false, false); // the new link keeps its s= part
    let state;
    try {
      ({ state } = await decodeShare(token));
    } catch (err) {
      if (!(await ctx.ready()) || mine !== gen) return;
      await emptyWorkspace(ctx);
      ctx.pushError(err.kind === 'newer' ? 'share.newer' : 'share.damaged', {}, err.message);
      return;
    }
    if (!(await ctx.ready()) || mine !== gen) return;
    const d = state.data;
    if (d.demo) await ctx.actions.loadDemo(d.demo, { keepLink: true });
    else if (d.inline) {
      let items;
      try {
        items = await Promise.all(d.inline.map(async (f) => ({
          file: new File([await inflate(b64urlDecode(f.z), MAX_INLINE_FILE)], f.name),
          options: f.options,
        })));
      } catch (err) {
        await emptyWorkspace(ctx);
        ctx.pushError('share.damaged', {}, err.message);
        return;
      }
      await ctx.runLoads(items, { rebuild: true, keepLink: true });
    } else {
      await emptyWorkspace(ctx);
      if (d.files && !(await waitForFiles(d.files, mine))) return;
    }
    if (mine !== gen) return;
    await ctx.withBusy(async () => {
      await applySettings(ctx, state.settings);
      await applyMappings(ctx, state.mappings);
      await applyPage(ctx, state.page);
    });
  }

  /* Resolves true once every file of the link was dropped (or chosen), false
   * when the user stopped waiting, loaded the demo, or another link opened. */
  function waitForFiles(files, mine) {
    const want = files.map((f) => ({ ...f, found: null }));
    const extra = [];
    let queue = Promise.resolve();
    return new Promise((resolve) => {
      const stop = (ok, drop = !ok) => {
        if (waiting !== me) return;
        waiting = null;
        ctx.takeFiles = null;
        unsubscribe();
        root.hidden = true;
        root.replaceChildren();
        if (drop) dropLink();
        resolve(ok);
      };
      const me = { want, extra, stop };
      waiting = me;
      const unsubscribe = store.subscribe((s, prev) => {
        if (s.demo && !prev.demo) stop(false); // the demo replaced what was asked for
        else if (s.locale !== prev.locale) render(root, me);
      });
      ctx.takeFiles = (list) => {
        queue = queue.then(() => take(list));
        return queue;
      };
      async function take(list) {
        for (const file of list) {
          if (waiting !== me || mine !== gen) return;
          const named = want.find((w) => !w.found && w.name === file.name);
          const n = ctx.sources.list().length;
          await ctx.runLoads([{ file, options: named ? named.options : {} }], { keepLink: true });
          const src = ctx.sources.list()[n]; // none when the file did not load (a banner says why)
          if (!src) continue;
          const info = store.get().info;
          const sigs = info.datasets.filter((_, i) => ctx.sources.forDataset(i).includes(src)).map((d) => d.signature);
          const byName = named && (!named.signature || sigs.includes(named.signature)) ? named : null;
          const match = byName || want.find((w) => !w.found && w.signature && sigs.includes(w.signature));
          if (!match) {
            extra.push(file.name);
          } else {
            match.found = file.name;
            if (match !== named && Object.keys(match.options).length) { // read it again as the link says
              src.options = { ...match.options };
              await ctx.runLoads([{ file, options: src.options, source: src }], { keepLink: true });
            }
          }
          render(root, me);
          if (want.every((w) => w.found)) return stop(true);
        }
      }
      render(root, me);
      root.hidden = false;
    });
  }

  window.addEventListener('hashchange', openFromHash);
  return { openFromHash };
}

/* ---- private ---- */

function render(root, w) {
  const rows = w.want.map((f) => el('tr', { dataset: { file: f.name, status: f.found ? 'found' : 'waiting' } },
    el('td', { className: 'share-wait-name' }, icon('file'), el('span', {}, f.name)),
    el('td', {}, f.kind ? kindLabel(f.kind) : '—'),
    el('td', { className: 'num' }, formatInteger(f.rows)),
    el('td', { className: 'share-wait-status' },
      f.found ? t('share.wait.found', { name: f.found }) : t('share.wait.waiting'))));
  const choose = el('button', { type: 'button', className: 'btn btn-primary btn-sm', dataset: { action: 'share-choose' } }, t('share.wait.choose'));
  choose.addEventListener('click', () => document.getElementById('file-input')?.click());
  const cancel = el('button', { type: 'button', className: 'btn btn-sm', dataset: { action: 'share-stop' } }, t('share.wait.stop'));
  cancel.addEventListener('click', () => w.stop(false));
  const found = w.want.filter((f) => f.found).length;
  root.setAttribute('aria-label', t('share.wait.title'));
  root.replaceChildren(
    el('header', { className: 'card-header' },
      el('div', {},
        el('h2', { className: 'card-title' }, t('share.wait.title')),
        el('p', { className: 'card-subtitle' }, t('share.wait.text'))),
      el('span', { className: 'card-aside' }, t('share.wait.count', { found, n: w.want.length }))),
    el('div', { className: 'table-wrap' }, el('table', { className: 'share-wait-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, t('share.wait.file')),
        el('th', { scope: 'col' }, t('share.wait.kind')),
        el('th', { scope: 'col', className: 'num' }, t('share.wait.rows')),
        el('th', { scope: 'col' }, t('share.wait.status')))),
      el('tbody', {}, ...rows))),
    ...w.extra.map((name) => el('p', { className: 'share-wait-extra', dataset: { extra: name } }, t('share.wait.extra', { name }))),
    el('div', { className: 'share-wait-actions' }, choose, cancel));
}

/* Every setting as the link has it; those it leaves out at their default. */
async function applySettings(ctx, wanted) {
  const now = ctx.store.get().settings;
  const names = new Set([...now.map((x) => x.name), ...Object.keys(wanted)]);
  for (const name of names) {
    const cur = now.find((x) => x.name === name);
    const value = name in wanted ? wanted[name] : String(cur?.default ?? '');
    if (cur && String(cur.value ?? '') === value) continue;
    try {
      await ctx.actions.setSetting(name, value);
    } catch (err) {
      ctx.pushError('share.settingError', { name, value }, err.message);
    }
  }
}

/* The mappings set by hand, on the datasets with their header signature. */
async function applyMappings(ctx, mappings) {
  for (const m of mappings) {
    const datasets = ctx.store.get().info.datasets;
    const wanted = { kind: m.kind, roles: m.roles };
    for (let i = 0; i < datasets.length; i++) {
      const d = ctx.store.get().info.datasets[i];
      if (d.signature !== m.signature || !differs(d, wanted)) continue;
      try {
        await ctx.actions.setMapping(i, wanted);
      } catch (err) {
        ctx.pushError('banner.mappingError', { file: d.name }, err.message);
      }
    }
  }
}

/* No datasets, no demo: what a link opens on before it loads its own data. */
async function emptyWorkspace(ctx) {
  const s = ctx.store.get();
  if (s.demo || s.info.datasets.length || ctx.sources.list().length) {
    ctx.sources.clear();
    ctx.store.set({ demo: false, demoOpts: null, info: await ctx.client().reset() });
    await ctx.refresh();
  }
  const parts = location.hash.replace(/^#/, '').split('&').filter((p) => p && p !== 'demo');
  const hash = parts.length ? `#${parts.join('&')}` : '';
  if (hash !== location.hash) history.replaceState(null, '', location.pathname + location.search + hash);
}

export function dropLink() {
  opened = null; // the same link pasted again opens again
  const parts = location.hash.replace(/^#/, '').split('&').filter((p) => p && !p.startsWith('s='));
  const hash = parts.length ? `#${parts.join('&')}` : '';
  if (hash !== location.hash) history.replaceState(null, '', location.pathname + location.search + hash);
}
