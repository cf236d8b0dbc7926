/* funnel-data.js: the funnel the Funnels view shows, as the user built it,
 * kept in the URL hash, and the spec the worker's funnel op reads.
 *
 *   def = {steps: [names], window: '14d', order: 'sequential'|'strict'|'any',
 *          exclude: [names], by: column | null}
 *   readFunnelHash()            // def from #…&funnel.steps=a,b&funnel.window=1h…, or null
 *   writeFunnelHash(def)        // the same parts, the hash's others kept
 *   defaultFunnel(names)        // signup → resume_scan → upgrade when the data has them
 *   funnelSpec(def, state)      // {steps, window, order, exclude, by, from, to, where}
 * The global date range (state.range {from, to}) and filters (state.filters
 * [{column, value}]) apply when present; absent, the funnel reads every event. */
import { readHashParts, writeHashParts } from './views.js';

export const MIN_STEPS = 2;
export const MAX_STEPS = 20;
export const MAX_EXCLUDE = 20;
export const ORDERS = ['sequential', 'strict', 'any'];
export const UNITS = ['m', 'h', 'd', 'w'];
export const DEFAULT_WINDOW = '14d';
const PREFIX = 'funnel.';
const PREFERRED = ['signup', 'resume_scan', 'upgrade'];

/* "14d" → {value: 14, unit: 'd'}; null when malformed. */
export function parseWindow(w) {
  const m = /^([1-9]\d{0,8})([mhdw])$/.exec(String(w ?? ''));
  return m ? { value: Number(m[1]), unit: m[2] } : null;
}

/* The funnel to show first: the demo's signup → resume_scan → upgrade when
 * every one is an event name of the data, else the (up to) three most
 * frequent names; null with fewer than two names. names: [{name, events}],
 * most frequent first. */
export function defaultFunnel(names) {
  const have = new Set(names.map((n) => n.name));
  const steps = PREFERRED.every((n) => have.has(n)) ? PREFERRED : names.slice(0, 3).map((n) => n.name);
  if (steps.length < MIN_STEPS) return null;
  return { steps: [...steps], window: DEFAULT_WINDOW, order: 'sequential', exclude: [], by: null };
}

/* The funnel of the hash, or null when it names fewer than two steps. */
export function readFunnelHash() {
  const p = readHashParts(PREFIX);
  const list = (v) => (v ? v.split(',').map(decode).filter((s) => s !== null && s !== '') : []);
  const steps = list(p.steps).slice(0, MAX_STEPS);
  if (steps.length < MIN_STEPS) return null;
  return {
    steps,
    window: parseWindow(p.window) ? p.window : DEFAULT_WINDOW,
    order: ORDERS.includes(p.order) ? p.order : 'sequential',
    exclude: list(p.exclude).filter((e) => !steps.includes(e)).slice(0, MAX_EXCLUDE),
    by: p.by ? decode(p.by) || null : null,
  };
}

export function writeFunnelHash(def) {
  const enc = (names) => names.map(encodeURIComponent).join(',');
  writeHashParts(PREFIX, {
    steps: enc(def.steps),
    window: def.window !== DEFAULT_WINDOW ? def.window : null,
    order: def.order !== 'sequential' ? def.order : null,
    exclude: def.exclude.length ? enc(def.exclude) : null,
    by: def.by ? encodeURIComponent(def.by) : null,
  });
}

/* The worker's spec for def under the page's global range and filters. */
export function funnelSpec(def, state = {}) {
  const spec = { steps: def.steps, window: def.window, order: def.order, exclude: def.exclude };
  if (def.by) spec.by = def.by;
  const range = state.range || {};
  if (range.from) spec.from = range.from;
  if (range.to) spec.to = range.to;
  const where = (state.filters || []).filter((f) => f && f.column && f.value != null);
  if (where.length) spec.where = where.map((f) => ({ column: f.column, value: String(f.value) }));
  return spec;
}

/* Same funnel, same spec: nothing to fetch again. */
export function sameSpec(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
