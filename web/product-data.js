/* product-data.js: what the Product view asks the engine for, and the choices
 * its pickers offer, read from the events dataset's columns.
 *
 *   const product = await fetchProduct(client, catalog, info, opts, range, filters);
 *     opts     {grain, event, property, feature}: the view's pickers ('' = the default)
 *     range    state.range {from, to} ('YYYY-MM-DD' | null); null: unbounded
 *     filters  state.filters [{column, value}]; null: none
 *   → {opts: the options in force (defaults filled in), events: [event names],
 *      results: Map key → result (results.js) | {status: 'lacks', column: 'outcome'|'number'}}
 * Keys: task_success_rate, error_rate, failures (by the error code column, top
 * 10), p50, p90, p95, p99 (of opts.property), qps_peak, qps_mean,
 * feature_penetration and feature_share (per feature, top 10). Every metric but
 * the feature ones keeps opts.event's events. Without an events dataset every
 * result is {status: 'missing', needs: ['events']}. */
import { fetchResult } from './results.js';

export const GRAINS = ['day', 'week', 'month'];
export const PERCENTILES = ['p50', 'p90', 'p95', 'p99'];
export const OUTCOME_METRICS = ['task_success_rate', 'error_rate', 'failures'];
export const FEATURE_METRICS = ['feature_penetration', 'feature_share'];
export const PRODUCT_METRICS = [...OUTCOME_METRICS, ...PERCENTILES, 'qps_peak', 'qps_mean', ...FEATURE_METRICS];
export const DEFAULT_OPTS = { grain: 'day', event: '', property: '', feature: '' };
export const TOP = 10;

const NUMBER_TYPES = new Set(['int', 'float']);
const OUTCOME_ROLES = ['success', 'error_code', 'status'];
// columns that name a row or a person, never a feature
const NOT_FEATURES = new Set(['id', 'user_id', 'anonymous_id', 'session_id', 'timestamp', 'event']);

/* The first events dataset of info, or null. */
export function eventsDataset(info) {
  return ((info && info.datasets) || []).find((d) => d.kind === 'events') || null;
}

/* The number columns of d a statistic can be computed over (not ids). */
export function numberColumns(d) {
  return ((d && d.columns) || []).filter((c) => NUMBER_TYPES.has(c.type) && !NOT_FEATURES.has(c.role)).map((c) => c.name);
}

/* The text columns of d whose values can be features (plan, country, …). */
export function featureColumns(d) {
  return ((d && d.columns) || []).filter((c) => c.type === 'string' && !NOT_FEATURES.has(c.role)).map((c) => c.name);
}

/* The column the engine reads outcomes from (docs/metrics.md, "Outcomes"):
 * a success, error_code or status column, or a number column named status. */
export function outcomeColumn(d) {
  const cols = (d && d.columns) || [];
  for (const role of OUTCOME_ROLES) {
    const c = cols.find((x) => x.role === role);
    if (c) return c.name;
  }
  const c = cols.find((x) => x.name.toLowerCase() === 'status' && NUMBER_TYPES.has(x.type));
  return c ? c.name : null;
}

/* The column failures are broken down by: the error code, else the status. */
export function codeColumn(d) {
  const cols = (d && d.columns) || [];
  const c = cols.find((x) => x.role === 'error_code') || cols.find((x) => x.role === 'status')
    || cols.find((x) => x.name.toLowerCase() === 'status' && NUMBER_TYPES.has(x.type));
  return c ? c.name : null;
}

/* The options in force: a property the data has (the duration column first),
 * a feature column the data has, or the defaults. */
export function resolveOpts(opts, d) {
  const o = { ...DEFAULT_OPTS, ...(opts || {}) };
  if (!GRAINS.includes(o.grain)) o.grain = DEFAULT_OPTS.grain;
  const numbers = numberColumns(d);
  if (!numbers.includes(o.property)) {
    const duration = ((d && d.columns) || []).find((c) => c.role === 'duration' && numbers.includes(c.name));
    o.property = duration ? duration.name : numbers[0] || '';
  }
  if (!featureColumns(d).includes(o.feature)) o.feature = '';
  return o;
}

/* The spec's from, to and where from the global range and filters. */
export function scope(range, filters) {
  const out = {};
  if (range && range.from) out.from = range.from;
  if (range && range.to) out.to = range.to;
  if (Array.isArray(filters) && filters.length) out.where = filters.map((f) => ({ column: f.column, value: f.value }));
  return out;
}

export async function fetchProduct(client, catalog, info, opts, range, filters) {
  const d = eventsDataset(info);
  const o = resolveOpts(opts, d);
  const kinds = new Set(((info && info.datasets) || []).map((x) => x.kind));
  const base = { grain: o.grain, ...scope(range, filters) };
  const ev = o.event ? { event: o.event } : {};
  const outcome = outcomeColumn(d);
  const code = codeColumn(d);
  const specs = {
    task_success_rate: outcome && { ...base, ...ev },
    error_rate: outcome && { ...base, ...ev },
    failures: outcome && { ...base, ...ev, ...(code ? { by: code, top: TOP } : {}) },
    qps_peak: { ...base, ...ev },
    qps_mean: { ...base, ...ev },
    feature_penetration: { ...base, ...(o.feature ? { by: o.feature } : {}), top: TOP },
    feature_share: { ...base, ...(o.feature ? { by: o.feature } : {}), top: TOP },
  };
  for (const p of PERCENTILES) specs[p] = o.property && { ...base, ...ev, property: o.property };
  const results = new Map();
  const ask = async (metric, spec) => {
    if (d && !spec) return { status: 'lacks', column: PERCENTILES.includes(metric) ? 'number' : 'outcome' };
    return fetchResult(client, { metric, ...(spec || base) }, catalog.get(metric), kinds);
  };
  const names = eventNames(client, catalog, kinds, d, base);
  await Promise.all(PRODUCT_METRICS.map(async (m) => results.set(m, await ask(m, specs[m]))));
  return { opts: o, events: await names, results };
}

/* ---- private ---- */

/* The event names of the events in range, most frequent first (the engine's
 * count broken down by the event column); [] when it cannot tell. */
async function eventNames(client, catalog, kinds, d, base) {
  const col = d && (d.columns || []).find((c) => c.role === 'event');
  if (!col) return [];
  const r = await fetchResult(client, { metric: 'count', ...base, by: col.name, top: 100 }, catalog.get('count'), kinds);
  return r.status === 'ok' && r.segments ? r.segments.map((s) => s.label) : [];
}
