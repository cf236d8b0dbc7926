/* alerts-data.js: what the Alerts view and the Overview's health panel show,
 * fetched from the worker while either is open (the monitor op:
 * core/monitor/monitor.h; the insights op: core/monitor/insights.h), and the
 * rules file they run, kept in localStorage per workspace (the datasets'
 * header signatures, as mapping-memory.js keeps mappings per header).
 *
 *   mountAlertsData(store, actions)  keeps store.alerts fresh:
 *       {key, rules: text, source: 'default'|'saved', monitor | null, insights | null, error | null}
 *   actions.setRules(text)           validates text with the engine (rejects with
 *                                    its message), saves it and runs it
 *   actions.resetRules()             back to the engine's default rules
 *   currentAlerts(state)             store.alerts if it is the current workspace's run, else null
 * The rest is pure and tested in Node: severity order, entity filters, and
 * where an engine message points in a rules file. */

const PREFIX = 'lodestar.rules.';
export const SEVERITIES = ['P0', 'P1', 'P2'];

/* ---- rules storage ---- */

/* The storage key of a workspace: its datasets' header signatures, sorted
 * (the same files give the same key after a reload); '' without datasets. */
export function workspaceKey(info) {
  const sigs = (info?.datasets || []).map((d) => d.signature || `${d.kind}:${d.name}`).sort();
  return sigs.length ? sigs.join('|') : '';
}

export function savedRules(key) {
  if (!key) return null;
  try {
    const v = localStorage.getItem(PREFIX + key);
    return typeof v === 'string' && v ? v : null;
  } catch {
    return null;
  }
}

export function saveRules(key, text) {
  if (!key) return;
  try {
    if (text == null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, text);
  } catch { /* private mode or full */ }
}

/* ---- ordering and filters ---- */

/* Severity rank: P0 0, P1 1, P2 2, anything else after. */
export function severityRank(s) {
  const i = SEVERITIES.indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}

/* Alerts P0 first, keeping the engine's order within a severity. */
export function sortAlerts(alerts) {
  return (alerts || []).map((a, i) => [a, i])
    .sort(([a, i], [b, j]) => severityRank(a.severity) - severityRank(b.severity) || i - j)
    .map(([a]) => a);
}

/* The distinct texts of an entity field (region, status), sorted. */
export function entityChoices(entities, field) {
  return [...new Set((entities || []).map((e) => e[field]).filter((v) => v != null && v !== ''))].map(String).sort();
}

/* The value columns of the entities, in first-seen order. */
export function valueColumns(entities) {
  const out = [];
  for (const e of entities || []) for (const k of Object.keys(e.values || {})) if (!out.includes(k)) out.push(k);
  return out;
}

/* Entities passing the filter {rule, region, status, column, min, max}
 * ('' or null: any; min and max inclusive bounds on values[column], an
 * entity without a finite value there fails a bound). The engine's ranking
 * is kept. */
export function filterEntities(entities, f = {}) {
  const num = (v) => (v === '' || v == null ? null : Number(v));
  const min = num(f.min), max = num(f.max);
  return (entities || []).filter((e) => {
    if (f.rule && e.rule !== f.rule) return false;
    if (f.region && String(e.region ?? '') !== f.region) return false;
    if (f.status && String(e.status ?? '') !== f.status) return false;
    if (f.column && (min != null || max != null)) {
      const v = e.values?.[f.column];
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      if (min != null && Number.isFinite(min) && v < min) return false;
      if (max != null && Number.isFinite(max) && v > max) return false;
    }
    return true;
  });
}

/* ---- where an engine message points ---- */

/* The rule index and field an engine message names:
 * 'rules[3] (id "mrr-drop"): unknown op "drop"' → {index: 3, id: 'mrr-drop', field: 'op'}.
 * field is the rule key the text after it names first, or null. */
export function errorTarget(message, fields) {
  const m = /rules\[(\d+)\](?:\s*\(id "([^"]*)"\))?/.exec(String(message || ''));
  if (!m) return null;
  const rest = String(message).slice(m.index + m[0].length).toLowerCase();
  let field = null, at = Infinity;
  for (const k of fields || []) {
    const hit = new RegExp(`(^|[^a-z_])${k}([^a-z_]|$)`).exec(rest);
    if (hit && hit.index < at) [field, at] = [k, hit.index];
  }
  return { index: Number(m[1]), id: m[2] ?? null, field };
}

/* The 1-based line where rules[index] starts in a rules file's text (the
 * index-th object of the top-level "rules" array), or null. */
export function ruleLine(text, index) {
  const s = String(text || '');
  let depth = 0, inString = false, count = -1, inRules = false, key = '', lastString = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      else key += c;
      continue;
    }
    if (c === '"') { inString = true; key = ''; continue; }
    if (c === ':' && depth === 1) lastString = key;
    if (c === '[' && depth === 1 && lastString === 'rules') inRules = true;
    if ((c === '{' || c === '[') && ++depth === 3 && inRules && c === '{' && ++count === index) {
      return s.slice(0, i).split('\n').length;
    }
    if (c === '}' || c === ']') { if (--depth === 1) inRules = false; }
  }
  return null;
}

/* The 1-based line of a JSON syntax error: from "line N" or "character N"
 * in the engine's message, or from the position JSON.parse reports for the
 * text; null when none of them. */
export function syntaxLine(message, text) {
  const m = /line (\d+)/i.exec(String(message || ''));
  if (m) return Number(m[1]);
  const c = /character (\d+)/i.exec(String(message || '')); // the engine's "near character N" (0-based)
  if (c) return String(text).slice(0, Number(c[1])).split('\n').length;
  try {
    JSON.parse(text);
  } catch (err) {
    const p = /position (\d+)/.exec(err.message);
    const lc = /line (\d+) column/.exec(err.message);
    if (lc) return Number(lc[1]);
    if (p) return String(text).slice(0, Number(p[1])).split('\n').length;
  }
  return null;
}

/* ---- fetching ---- */

/* store.alerts when it is the run of the current workspace, else null (a run
 * of the workspace before is never shown as current). */
export function currentAlerts(s) {
  return s.alerts && s.alerts.infoRef === s.info ? s.alerts : null;
}

/* The rules text a run of the current workspace uses: the run's, else the
 * saved ones (null: the engine's defaults). */
export function currentRules(s) {
  return currentAlerts(s)?.rules ?? savedRules(workspaceKey(s.info));
}

export function mountAlertsData(store, actions) {
  let gen = 0;
  let pendingFor = null; // the info a run is under way for
  let defaults = null;

  async function rulesFor(key) {
    const saved = savedRules(key);
    if (saved) return { rules: saved, source: 'saved' };
    if (defaults == null) defaults = await actions.ask('defaultRules');
    return { rules: defaults, source: 'default' };
  }

  async function update(s, force = false) {
    const open = s.view === 'alerts' || s.view === 'overview' || s.view === 'reports'; // the report names its file by the run's date
    if (!open || !s.engine || !s.info.datasets.length) return;
    if (!force && (s.alerts?.infoRef === s.info || pendingFor === s.info)) return;
    pendingFor = s.info;
    const mine = ++gen;
    const key = workspaceKey(s.info);
    const next = { key, infoRef: s.info, monitor: null, insights: null, error: null };
    try {
      Object.assign(next, await rulesFor(key));
      next.monitor = await actions.ask('monitor', { rules: next.rules });
    } catch (err) {
      next.error = err.message;
    }
    next.insights = await actions.ask('insights', { grain: 'week' }).catch(() => null);
    if (mine === gen) {
      pendingFor = null;
      store.set({ alerts: next });
    }
  }

  /* Validates text with a run, then saves it under the workspace it was
   * asked for; the run is dropped when a newer run started or the workspace
   * changed meanwhile (the newer one stands). */
  actions.setRules = async (text) => {
    const info = store.get().info;
    const key = workspaceKey(info);
    const mine = ++gen;
    let monitor;
    try {
      monitor = await actions.ask('monitor', { rules: text }); // rejects with the engine's message
    } catch (err) {
      if (mine === gen && pendingFor) { // the run this one displaced: start it again
        pendingFor = null;
        update(store.get());
      }
      throw err;
    }
    const s = store.get();
    if (mine !== gen || s.info !== info) return;
    pendingFor = null;
    saveRules(key, text);
    store.set({ alerts: { ...(s.alerts || {}), key, rules: text, source: 'saved', infoRef: info, monitor, error: null } });
  };

  actions.resetRules = async () => {
    saveRules(workspaceKey(store.get().info), null);
    await update(store.get(), true);
  };

  store.subscribe((s, prev) => {
    if (s.info !== prev.info) {
      // another workspace: a run under way for the old one is dropped and the old result not shown
      gen++;
      pendingFor = null;
      queueMicrotask(() => { // not from inside this notification: the other subscribers still see s
        const c = store.get().alerts;
        if (c && c.infoRef !== store.get().info && (c.monitor || c.insights || c.error)) {
          store.set({ alerts: { ...c, monitor: null, insights: null, error: null } });
        }
      });
    }
    if (s.view !== prev.view || s.info !== prev.info || s.engine !== prev.engine) update(s);
  });
  update(store.get());
}
