/* privacy.js: personal-data masking on the page (docs/privacy.md). The
 * engine finds the columns (info's column "pii") and masks them with a
 * keyed hash; the page makes the key, keeps it with the workspace and
 * chooses, for its own screen only, whether to show the raw values.
 *
 *   mountPrivacy(store, actions, getClient)  adds to actions:
 *       setSalt(hex)     the workspace's key to the engine (store.salt)
 *       ensureSalt()     a new random key when the workspace has none yet
 *       setUnmask(on)    "Show personal data" on or off (store.unmask; kept for
 *                        the session in sessionStorage)
 *   newSalt()            32 hex digits from crypto.getRandomValues (16 bytes)
 *   piiColumns(d)        [{name, pii}] of dataset info d
 *   screenOpts(state)    {unmask: true} when the user chose to show personal
 *                        data, else {}: for ops whose cells go on this screen
 *                        only (sql, values), never for what leaves the page
 *   privacyPanel(d, i, store, actions)  the Data view's panel: the
 *                        toggle (data-testid="unmask"), what masking does, the
 *                        dataset's personal columns and its first rows as the
 *                        screen shows them
 * The key never goes into a share link (share/capture.js drops it). */
import { el } from './dom.js';
import { t, getLocale } from './i18n/index.js';

export const UNMASK_KEY = 'lodestar.unmask';
const PREVIEW_ROWS = 5;
const SALT_RE = /^[0-9a-f]{32}$/;

/* ---- API ---- */

export function newSalt(crypto = globalThis.crypto) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function piiColumns(d) {
  return ((d && d.columns) || []).filter((c) => c && typeof c.pii === 'string' && c.pii).map((c) => ({ name: String(c.name ?? ''), pii: c.pii }));
}

export function screenOpts(state) {
  return state && state.unmask === true ? { unmask: true } : {};
}

export function mountPrivacy(store, actions, getClient) {
  store.set({ salt: null, unmask: readUnmask() });
  actions.setSalt = async (hex) => {
    const salt = String(hex || '').toLowerCase();
    if (!SALT_RE.test(salt) || salt === store.get().salt) return;
    await getClient().privacy(salt);
    store.set({ salt });
  };
  actions.ensureSalt = () => (store.get().salt ? Promise.resolve() : actions.setSalt(newSalt()));
  actions.setUnmask = (on) => {
    try {
      if (on) sessionStorage.setItem(UNMASK_KEY, '1');
      else sessionStorage.removeItem(UNMASK_KEY);
    } catch { /* storage refused: the choice lasts as long as the page */ }
    store.set({ unmask: !!on });
  };
}

export function privacyPanel(d, i, store, actions) {
  const name = String(d.name ?? '');
  const cols = piiColumns(d);
  const toggle = el('input', { type: 'checkbox', className: 'privacy-toggle', 'data-testid': 'unmask', 'aria-describedby': 'privacy-hint' });
  toggle.checked = store.get().unmask === true;
  const label = el('label', { className: 'privacy-switch' }, toggle, el('span', {}, t('privacy.unmask')));
  const hint = el('span', { className: 'privacy-hint', id: 'privacy-hint' }, t('privacy.unmaskHint'));
  const list = cols.length
    ? t('privacy.columns', { name, list: listOf(cols.map((c) => `${c.name} (${t(`privacy.kind.${c.pii}`)})`)) })
    : t('privacy.none', { name });
  const preview = el('div', { className: 'privacy-preview table-wrap' });
  const root = el('section', { className: 'panel privacy-panel', dataset: { dataset: String(i) }, 'aria-labelledby': 'privacy-title' },
    el('div', { className: 'privacy-head' }, el('h3', { className: 'panel-title', id: 'privacy-title' }, t('privacy.title')), label, hint),
    el('p', { className: 'privacy-explain' }, t('privacy.explain', { example: 'email:3f9a0c12be47' })),
    el('p', { className: 'privacy-explain' }, t('privacy.leaves')),
    el('p', { className: 'privacy-cols', dataset: { count: String(cols.length) } }, list),
    preview);

  let gen = 0;
  const fill = async () => {
    const mine = ++gen;
    const shown = store.get().unmask === true;
    try {
      const list = await actions.ask('tool', 'list_datasets', {});
      const table = ((list && list.datasets) || [])[i];
      if (!table) return;
      const q = `SELECT * FROM "${String(table.sql_table).replace(/"/g, '""')}" LIMIT ${PREVIEW_ROWS}`;
      const r = await actions.ask('sql', q, { max_rows: PREVIEW_ROWS, ...screenOpts(store.get()) });
      if (mine === gen) preview.replaceChildren(rowsTable(r, t(shown ? 'privacy.previewShown' : 'privacy.previewMasked', { name })));
    } catch (err) {
      if (mine === gen) preview.replaceChildren(el('p', { className: 'privacy-error', role: 'alert' }, t('privacy.previewError', { message: err.message })));
    }
  };
  toggle.addEventListener('change', () => actions.setUnmask(toggle.checked));
  let attached = false; // the Data view puts root in the page after this returns
  const off = store.subscribe((s, prev) => {
    if (!root.isConnected) {
      if (attached) off(); // replaced by a newer panel
      return;
    }
    attached = true;
    if (s.unmask !== prev.unmask || s.salt !== prev.salt) {
      toggle.checked = s.unmask === true;
      fill();
    }
  });
  fill();
  return root;
}

/* ---- private ---- */

function readUnmask() {
  try {
    return sessionStorage.getItem(UNMASK_KEY) === '1';
  } catch {
    return false;
  }
}

/* Items joined as the locale lists them ("a, b and c", "a、b和c"). */
function listOf(items) {
  try {
    return new Intl.ListFormat(getLocale(), { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/* An SQL result as a table with a caption; cells as text. */
function rowsTable(r, caption) {
  const cols = (r && r.columns) || [];
  return el('table', { className: 'privacy-table', 'data-testid': 'privacy-rows' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, cols.map((c) => el('th', { scope: 'col' }, String(c.name ?? ''))))),
    el('tbody', {}, ((r && r.rows) || []).map((row) => el('tr', {}, row.map((v) => el('td', {}, v == null ? '' : String(v)))))));
}
