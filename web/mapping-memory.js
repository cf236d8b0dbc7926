/* mapping-memory.js: the user's mapping of a dataset (kind and column roles),
 * remembered in localStorage by the dataset's header signature, so a file with
 * the same header gets the same mapping when it is loaded again (also after a
 * page reload).
 *
 *   remember(sig, {kind, roles: {role: column}});  recall(sig) → same | null
 *   mappingArg(dataset, wanted)  → the setMapping argument turning the
 *                                  dataset's current mapping into wanted
 *   differs(dataset, wanted)     → true when the dataset is not mapped so yet
 * roles holds every role the user wants assigned; a role the dataset has now
 * and wanted lacks is sent as null (unassigned). */

const PREFIX = 'lodestar.mapping.';

/* ---- API ---- */

export function remember(signature, mapping) {
  if (!signature) return;
  const value = { kind: String(mapping.kind || ''), roles: { ...(mapping.roles || {}) } };
  try { localStorage.setItem(PREFIX + signature, JSON.stringify(value)); } catch { /* private mode or full */ }
}

export function recall(signature) {
  if (!signature) return null;
  try {
    const v = JSON.parse(localStorage.getItem(PREFIX + signature) || 'null');
    if (!v || typeof v !== 'object' || typeof v.kind !== 'string' || !v.roles || typeof v.roles !== 'object') return null;
    return v;
  } catch {
    return null;
  }
}

/* The roles a dataset has now: {role: column}. */
export function currentRoles(dataset) {
  const roles = {};
  for (const c of dataset.columns || []) if (c.role) roles[c.role] = c.name;
  return roles;
}

export function mappingArg(dataset, wanted) {
  const roles = {};
  for (const role of Object.keys(currentRoles(dataset))) roles[role] = null;
  Object.assign(roles, wanted.roles);
  const arg = { roles };
  if (wanted.kind) arg.kind = wanted.kind;
  return arg;
}

export function differs(dataset, wanted) {
  if (wanted.kind && wanted.kind !== dataset.kind) return true;
  const now = currentRoles(dataset);
  const keys = new Set([...Object.keys(now), ...Object.keys(wanted.roles)]);
  for (const k of keys) if ((now[k] ?? null) !== (wanted.roles[k] ?? null)) return true;
  return false;
}
