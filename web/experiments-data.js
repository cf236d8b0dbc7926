/* experiments-data.js: what the Experiments view (experiments-view.js) asks
 * the worker's experiment op, and the choices it offers; no DOM here.
 *
 *   variantColumns(info)        // text columns of the events: ab_bucket first when there
 *   numberColumns(info)         // numeric columns of the events (mean goals)
 *   defaultExperiment(info, names) // {variant, kind, event, metric, metricEvent, control, exposure, cuped}
 *   experimentSpec(def, scope)  // {variant, goal, control?, exposure?, cuped, from?, to?, where?}
 *   sameSpec(a, b)
 *   ciScale(variants)           // {min, max}: the span every interval fits in
 * The global date range and filters apply through scope ({from?, to?, where?}). */

const KEY_ROLES = new Set(['id', 'customer_id', 'user_id', 'anonymous_id', 'event', 'timestamp', 'session_id', 'order_id']);
const NUMBER_TYPES = new Set(['int', 'float']);
const PREFERRED_VARIANT = /^(ab_bucket|variant|experiment|\$feature_flag_response|bucket|group)$/i;
const PREFERRED_GOALS = ['upgrade', 'purchase', 'subscribe', 'checkout', 'order', 'signup'];

function eventsColumns(info) {
  const d = ((info && info.datasets) || []).find((x) => x.kind === 'events');
  return (d && d.columns) || [];
}

export function variantColumns(info) {
  const cols = eventsColumns(info).filter((c) => (c.type === 'string' || c.type === 'bool') && !KEY_ROLES.has(c.role))
    .map((c) => c.name);
  const best = cols.findIndex((c) => PREFERRED_VARIANT.test(c));
  if (best > 0) cols.unshift(...cols.splice(best, 1));
  return cols;
}

export function numberColumns(info) {
  return eventsColumns(info).filter((c) => NUMBER_TYPES.has(c.type) && !KEY_ROLES.has(c.role)).map((c) => c.name);
}

/* The experiment shown first: the variant column named like one (else the
 * first text column), a conversion goal on a purchase-like event (else the
 * least frequent event, which is most often the goal), CUPED on; null
 * without a text column or an event. */
export function defaultExperiment(info, names) {
  const variants = variantColumns(info);
  const events = (names || []).map((n) => n.name);
  if (!variants.length || !events.length) return null;
  const event = PREFERRED_GOALS.find((e) => events.includes(e)) || events[events.length - 1];
  return { variant: variants[0], kind: 'conversion', event, metric: numberColumns(info)[0] || null,
    metricEvent: null, control: null, exposure: null, cuped: true };
}

/* The op's spec for def, with scope's from, to and where (filter-bar.js
 * scopeSpec: the global range and filters). */
export function experimentSpec(def, scope = {}) {
  const goal = def.kind === 'mean' ? { metric: def.metric } : { event: def.event };
  if (def.kind === 'mean' && def.metricEvent) goal.event = def.metricEvent;
  const spec = { variant: def.variant, goal, cuped: def.cuped !== false };
  if (def.control) spec.control = def.control;
  if (def.exposure) spec.exposure = def.exposure;
  return { ...spec, ...scope };
}

export function sameSpec(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/* The span [min, max] holding every variant's interval and value, padded by
 * a twentieth on each side; {min: 0, max: 1} when there is none. */
export function ciScale(variants) {
  const xs = [];
  for (const v of variants || []) for (const x of [v.value, ...(v.ci || [])]) if (Number.isFinite(x)) xs.push(x);
  if (!xs.length) return { min: 0, max: 1 };
  let min = Math.min(...xs), max = Math.max(...xs);
  if (min === max) [min, max] = [min - (Math.abs(min) || 1) / 2, max + (Math.abs(max) || 1) / 2];
  const pad = (max - min) / 20;
  return { min: min - pad, max: max + pad };
}
