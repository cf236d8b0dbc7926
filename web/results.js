/* results.js: one metric result for the views, asked of the engine only when
 * the datasets it needs are loaded.
 *
 *   await fetchResult(client, {metric: 'mrr', grain: 'month'}, catalogEntry, kinds)
 *     → {status: 'ok', unit, grain, periods, x, y | segments}
 *     | {status: 'missing', needs: [kind]}     a dataset it needs is not loaded
 *     | {status: 'unavailable'}                 the engine has no such metric
 *     | {status: 'error', message, code}        the engine refused (code: 'LS_ENODATA', …) */

export async function fetchResult(client, spec, entry, kinds) {
  if (!entry) return { status: 'unavailable' };
  const needs = needsOf(entry);
  // a kind only precomputed results stand in for (precomputed.js) serves the metrics loaded
  const loaded = kinds.precomputed && kinds.precomputed.has(spec.metric);
  const missing = needs.filter((k) => !kinds.has(k) || (!loaded && kinds.virtual && kinds.virtual.has(k)));
  // Ask the engine only when the datasets it needs are there; it stays the judge.
  if (missing.length && needs.length) return { status: 'missing', needs: missing };
  try {
    const r = await client.metric(spec);
    return { status: 'ok', ...r };
  } catch (err) {
    if (kinds.size === 0) return { status: 'missing', needs };
    return { status: 'error', message: err.message, code: err.status || null };
  }
}

/* The dataset kinds a catalog entry needs, whatever shape `needs` has
 * ('subscriptions', ['subscriptions'], [{kind: 'subscriptions'}]). */
export function needsOf(entry) {
  const n = entry.needs;
  const list = Array.isArray(n) ? n : n ? [n] : [];
  return list.map((x) => (typeof x === 'string' ? x : x && x.kind)).filter(Boolean);
}

/* The catalog as a Map name → entry. */
export function catalogMap(engine) {
  return new Map(((engine && engine.catalog) || []).map((m) => [m.name, m]));
}
