/* mapping-memory.js: the user's fixes to a dataset, remembered in
 * localStorage by the dataset's header signature, so a file with the same
 * header gets them again when it is loaded later (also after a page reload):
 *   {kind?, roles?: {role: column}, types?: {column: type}}
 * kind and roles come from "Apply mapping", types from a type the user chose.
 *
 *   remember(sig, patch)         merge patch into what is kept for sig
 *   recall(sig)                  → the record, or null
 *   mappingArg(dataset, wanted)  → the setMapping argument turning the
 *                                  dataset's mapping into wanted's
 *   differs(dataset, wanted)     → the dataset's kind or roles are not wanted's
 *   typesMissing(dataset, wanted)→ {column: type} wanted and not in effect
 * wanted.roles holds every role the user wants assigned; a role the dataset
 * has now and wanted.roles lacks is sent as null (unassigned). */

const PREFIX = 'lodestar.mapping.';

/* ---- API ---- */

export function remember(signature, patch) {
  if (!signature) return;
  const value = { ...(recall(signature) || {}) };
  if (patch.kind) value.kind = String(patch.kind);
  if (patch.roles) value.roles = { ...patch.roles };
  if (patch.types) value.types = { ...(value.types || {}), ...patch.types };
  try { localStorage.setItem(PREFIX + signature, JSON.stringify(value)); } catch { /* private mode or full */ }
}

export function recall(signature) {
  if (!signature) return null;
  try {
    const v = JSON.parse(localStorage.getItem(PREFIX + signature) || 'null');
    if (!v || typeof v !== 'object') return null;
    return {
      kind: typeof v.kind === 'string' ? v.kind : undefined,
      roles: isMap(v.roles) ? v.roles : undefined,
      types: isMap(v.types) ? v.types : undefined,
    };
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
  const arg = {};
  if (wanted.kind) arg.kind = wanted.kind;
  if (wanted.roles) {
    arg.roles = {};
    for (const role of Object.keys(currentRoles(dataset))) arg.roles[role] = null;
    Object.assign(arg.roles, wanted.roles);
  }
  return arg;
}

export function differs(dataset, wanted) {
  if (wanted.kind && wanted.kind !== dataset.kind) return true;
  if (!wanted.roles) return false;
  const now = currentRoles(dataset);
  const keys = new Set([...Object.keys(now), ...Object.keys(wanted.roles)]);
  for (const k of keys) if ((now[k] ?? null) !== (wanted.roles[k] ?? null)) return true;
  return false;
}

export function typesMissing(dataset, wanted) {
  const out = {};
  if (!wanted || !wanted.types) return out;
  for (const c of dataset.columns || []) {
    const ty = wanted.types[c.name];
    if (ty && ty !== c.type && !c.forced) out[c.name] = ty;
  }
  return out;
}

/* ---- private ---- */

function isMap(v) {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
