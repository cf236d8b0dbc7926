/* autosave.js: when the browser saves the workspace by itself, and the boot
 * that brings the last save back (autosave-store.js keeps it).
 *
 *   const autosave = mountAutosave(ctx);
 *   autosave.get()          {available: null|true|false, reason, on, saved: meta|null, saving, error}
 *   autosave.subscribe(fn)  fn(state) after each change
 *   autosave.setOn(bool)    turn autosave on or off in every tab of this browser
 *   autosave.forget()       delete the save and turn autosave off
 *
 * Off by default (the localStorage flag FLAG). When on, each change of the
 * data, a mapping, a setting, the rules, the time zone or the view is saved
 * DELAY ms after the last one, never while something loads: the demo as its
 * options {seed, users, days} and the page (a few hundred bytes), anything
 * else as the workspace file (client.saveWorkspace) and the page; when only
 * the page changed since this tab's last save (the view, range, filters),
 * only the page is written and the file stays (store.savePage). At boot,
 * when autosave is on and the URL names no data of its own (#demo, #s=…),
 * the last save is opened and a notice says so and when it was made.
 * Two tabs: the store's Web Lock orders their reads and writes and the last
 * complete save wins; a BroadcastChannel tells the other tabs of a save, a
 * toggle or a forget, so their menus agree. */
import { openAutosaveStore } from './autosave-store.js';
import { capturePage, applyPage } from './share/page-state.js';
import { openWorkspaceFile, showNotice } from './workspace-file.js';

export const FLAG = 'lodestar.autosave';
export const DELAY = 1500;
const CHANNEL = 'lodestar-autosave';

/* ---- pure (tested in Node) ---- */

/* True when the hash names data of its own: the demo or a share link. */
export function hashHasData(hash) {
  return String(hash || '').replace(/^#/, '').split('&').some((p) => p === 'demo' || p.startsWith('s='));
}

/* What a save of state would hold: {kind: 'demo', demo} | {kind: 'file'} |
 * null when nothing is loaded (an empty page keeps the last save). */
export function saveRequest(state) {
  if (state.demo && state.demoOpts) return { kind: 'demo', demo: { ...state.demoOpts } };
  if ((state.info?.datasets || []).length) return { kind: 'file' };
  return null;
}

/* A text that changes when anything a save holds changes: the page
 * (view, range, filters, pickers, zone, rules), the settings' values, the
 * demo's options, and the datasets with their kinds, rows and column roles
 * (a mapping). */
export function changeKey(state, page) {
  const data = (state.info?.datasets || []).map((d) => [d.name, d.kind, d.rows, d.signature,
    (d.columns || []).map((c) => [c.name, c.type, c.role])]);
  return JSON.stringify({
    page,
    settings: (state.settings || []).map((x) => [x.name, x.value]),
    demo: state.demo ? state.demoOpts : null,
    data,
    tz: state.info?.tz ?? null,
  });
}

export function autosaveOn(storage = globalThis.localStorage) {
  try {
    return storage?.getItem(FLAG) === '1';
  } catch {
    return false;
  }
}

function setFlag(on, storage = globalThis.localStorage) {
  try {
    if (on) storage.setItem(FLAG, '1');
    else storage.removeItem(FLAG);
  } catch { /* private mode: this page only */ }
}

/* ---- API ---- */

export function mountAutosave(ctx) {
  const { store } = ctx;
  const tab = tabId();
  const bootHash = location.hash; // before a share link's opener or the demo change it
  const subs = new Set();
  let st = { available: null, reason: null, on: autosaveOn(), saved: null, saving: false, error: null };
  let since = st.on ? Date.now() : 0; // when this tab last saw autosave turned on
  let storage = null;
  let ready = false; // the boot restore is over
  let restoring = false;
  let lastKey = null;
  let lastFile = null; // {file, data}: this tab's last file save and the data key it holds
  let timer = null;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  const set = (patch) => {
    st = { ...st, ...patch };
    for (const fn of subs) fn(st);
  };
  const currentKey = () => changeKey(store.get(), capturePage(store));
  const cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  const schedule = () => {
    cancel();
    timer = setTimeout(() => { timer = null; save(); }, DELAY);
  };
  const idle = (s) => s.busy === 0 && s.loads.length === 0;

  function onChange(s) {
    if (!ready || restoring || !st.on || !storage) return;
    if (!idle(s)) return cancel(); // the end of the load is a change too
    if (currentKey() !== lastKey) schedule();
  }

  async function save() {
    const s = store.get();
    if (!st.on || !storage || restoring || !idle(s)) return;
    const req = saveRequest(s);
    if (!req) return;
    const page = capturePage(store);
    const key = changeKey(s, page);
    if (key === lastKey) return;
    set({ saving: true });
    try {
      let meta;
      const data = changeKey(s, null);
      if (req.kind === 'demo') {
        meta = await storage.save({ tab, kind: 'demo', demo: req.demo, page, since });
      } else if (lastFile && lastFile.data === data
        && (meta = await storage.savePage({ tab, page, file: lastFile.file, since }))) {
        // only the page changed since this tab's last save: the file stays
      } else {
        const out = await ctx.client().saveWorkspace({ page });
        meta = await storage.save({ tab, kind: 'file', page, bytes: out.bytes, since });
      }
      lastFile = meta && meta.kind === 'file' ? { file: meta.file, data } : null;
      if (meta) {
        lastKey = key;
        set({ saved: meta, error: null });
        post({ type: 'saved', tab, at: meta.at });
      } else {
        // another tab forgot the save after this tab turned autosave on
        setFlag(false);
        set({ on: false, saved: await storage.peek() });
      }
    } catch (err) {
      set({ error: err.message || String(err) });
    } finally {
      set({ saving: false });
    }
    if (st.on && currentKey() !== lastKey) onChange(store.get()); // changed while saving
  }

  async function restore() {
    if (!st.on || hashHasData(bootHash) || !(await ctx.ready())) return;
    const saved = await storage.load();
    if (!saved) return;
    const { meta } = saved;
    const notice = { key: 'autosave.restored', vars: { at: meta.at } };
    restoring = true;
    try {
      if (meta.kind === 'demo') {
        await ctx.actions.loadDemo(meta.demo);
        if (!store.get().demo) return;
        await applyPage(ctx, meta.page);
        showNotice(notice);
      } else {
        const file = new File([saved.bytes], 'autosave.lodestar.sqlite', { type: 'application/vnd.sqlite3' });
        await openWorkspaceFile(ctx, file, notice);
        // a save of the page alone is newer than the page inside the file
        if (meta.page && store.get().info.datasets.length) await applyPage(ctx, meta.page);
      }
    } finally {
      restoring = false;
    }
  }

  function post(msg) {
    try { channel?.postMessage(msg); } catch { /* closed */ }
  }

  if (channel) {
    channel.onmessage = async (e) => {
      const msg = e.data || {};
      if (msg.type === 'toggle') {
        cancel();
        if (msg.on) {
          since = Date.now();
          lastKey = currentKey(); // this tab saves its own next change, not what it shows now
        }
        set({ on: !!msg.on && st.available !== false });
      } else if (msg.type === 'forgot') {
        cancel();
        set({ on: false, saved: null });
      } else if (msg.type === 'saved' && storage) {
        set({ saved: await storage.peek() });
      }
    };
  }

  store.subscribe((s) => onChange(s));

  openAutosaveStore().then(async (opened) => {
    if (!opened.kind) {
      set({ available: false, reason: opened.reason, on: false });
      return;
    }
    storage = opened;
    set({ available: true, saved: await storage.peek() });
    try {
      await restore();
    } catch (err) {
      ctx.pushError('autosave.restoreError', {}, err.message);
    }
    lastKey = currentKey();
    ready = true;
  });

  return {
    get: () => st,
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    setOn(on) {
      if (!storage) return;
      setFlag(on);
      cancel();
      if (on) {
        since = Date.now();
        lastKey = null; // save what is shown now
      }
      set({ on: !!on });
      post({ type: 'toggle', on: !!on });
      if (on) onChange(store.get());
    },
    async forget() {
      setFlag(false);
      cancel();
      set({ on: false });
      if (storage) await storage.forget(Date.now());
      set({ saved: null, error: null });
      post({ type: 'forgot' });
    },
  };
}

/* ---- private ---- */

function tabId() {
  try {
    return crypto.randomUUID();
  } catch {
    return `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  }
}
