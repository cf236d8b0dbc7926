/* sql-history.js: the SQL console's query history, kept in localStorage:
 * newest first, a query run again moves to the top, at most MAX entries.
 *
 *   const h = loadHistory(localStorage);          // [{query, at, ok}]
 *   const next = addHistory(h, 'SELECT 1', {ok: true, at: Date.now()});
 *   saveHistory(localStorage, next);
 * A storage that throws (private mode, quota) leaves the history in memory. */

export const HISTORY_KEY = 'lodestar.sql.history';
export const MAX = 50;

/* The history stored in storage, or [] when there is none or it is unreadable. */
export function loadHistory(storage) {
  try {
    const list = JSON.parse(storage.getItem(HISTORY_KEY) || '[]');
    if (!Array.isArray(list)) return [];
    return list.filter((e) => e && typeof e.query === 'string' && e.query.trim()).slice(0, MAX);
  } catch {
    return [];
  }
}

/* history with query first (a copy; an older entry of the same text dropped). */
export function addHistory(history, query, { ok = true, at = Date.now() } = {}) {
  const text = String(query).trim();
  if (!text) return history;
  return [{ query: text, at, ok }, ...history.filter((e) => e.query !== text)].slice(0, MAX);
}

/* Store history; false when the storage refused it. */
export function saveHistory(storage, history) {
  try {
    if (history.length) storage.setItem(HISTORY_KEY, JSON.stringify(history));
    else storage.removeItem(HISTORY_KEY);
    return true;
  } catch {
    return false;
  }
}
