/* precomputed.js: what the loaded datasets make available, results read back
 * from a warehouse included (docs/precomputed.md).
 *
 *   availableKinds(info, engine) → Set of dataset kinds
 *     The kinds of the loaded datasets, plus the kinds the precomputed metrics
 *     of metric_values datasets stand in for (mrr.csv stands in for
 *     subscriptions: the Revenue view shows it), plus events for a loaded
 *     retention matrix, funnel or lifecycle. The set carries
 *       .precomputed  Set of the metric names loaded precomputed
 *       .virtual      Set of the kinds only precomputed results stand in for
 *       .grains       Map metric name → Set of the grains it is loaded at
 *     so results.js asks the engine for a metric whose kind is only virtual
 *     when that metric itself was loaded.
 *   precomputedRetention(info) → 'day' | 'week' | 'month' | null
 *     the period of a loaded retention matrix when no events are loaded
 *   precomputedFunnel(info) → [event names] | null
 *     the steps of a loaded funnel when no events are loaded */

const STANDS_IN = { retention_matrix: 'events', funnel_steps: 'events' };

export function availableKinds(info, engine) {
  const datasets = (info && info.datasets) || [];
  const real = new Set(datasets.map((d) => d.kind));
  const needs = new Map(((engine && engine.catalog) || []).map((m) => [m.name, m.needs]));
  const kinds = new Set(real);
  const precomputed = new Set();
  const grains = new Map();
  for (const d of datasets) {
    if (STANDS_IN[d.kind]) kinds.add(STANDS_IN[d.kind]);
    if (d.kind !== 'metric_values') continue;
    for (const m of d.metrics || []) {
      precomputed.add(m.name);
      grains.set(m.name, new Set([...(grains.get(m.name) || []), m.grain]));
      const k = needs.get(m.name);
      if (typeof k === 'string') kinds.add(k);
    }
  }
  kinds.precomputed = precomputed;
  kinds.grains = grains;
  kinds.virtual = new Set([...kinds].filter((k) => !real.has(k)));
  return kinds;
}

function onlyPrecomputed(info, kind) {
  const datasets = (info && info.datasets) || [];
  if (datasets.some((d) => d.kind === 'events')) return null;
  return datasets.find((d) => d.kind === kind) || null;
}

export function precomputedRetention(info) {
  const d = onlyPrecomputed(info, 'retention_matrix');
  return d && d.grain ? d.grain : null;
}

export function precomputedFunnel(info) {
  const d = onlyPrecomputed(info, 'funnel_steps');
  return d && Array.isArray(d.steps) && d.steps.length ? d.steps : null;
}

/* 1 when a dataset of kind is loaded with its rows (not only stood in for by
 * precomputed results): the ops that read rows (cohorts, active days) need it. */
export function hasRows(kinds, kind) {
  return kinds.has(kind) && !(kinds.virtual && kinds.virtual.has(kind));
}

/* The grain to ask metric (computed from rows of kind) at: grain, unless the
 * rows are not loaded and the metric is loaded precomputed at other grains
 * only (then the first of those: day, week, month). */
export function loadedGrain(kinds, metric, kind, grain) {
  const have = kinds.grains && kinds.grains.get(metric);
  if (!have || have.has(grain) || hasRows(kinds, kind)) return grain;
  return ['day', 'week', 'month'].find((g) => have.has(g)) || grain;
}
