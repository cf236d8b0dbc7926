// dash-canon-worker.mjs: the dashboard's verified figures (dash-sql.mjs
// DASH_METRICS) read from the answers of Lodestar's worker, so the bench
// compares what the browser engine answered, not what the CLI prints.
//
//   const { ops, at, added } = canonOps(appOps, filter);
//     appOps: [[op, args]] the views asked (dash-browser.mjs recordAppOps);
//     filter: null | {column, value}. ops: appOps plus, for each figure no op of
//     the views carries, the op that does (added: those figures' names); at:
//     {name → index into ops}
//   const rows = canonFromWorker(name, answer);  // the rows of the contract
//                                                // (docs/performance.md)
//
// Every figure is read over every period of the data (no from/to) in the
// workspace zone, which the bench keeps at UTC: a metric's x (period starts,
// unix seconds) names its day 'YYYY-MM-DD' or month 'YYYY-MM'; null where the
// engine's value is undefined (NaN).
const DAILY = ['dau', 'wau', 'mau'];
const PERCENTILES = ['p50', 'p95', 'p99'];
const MONTHLY = ['mrr', 'new_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr', 'reactivation_mrr'];
export const FUNNEL_STEPS = ['signup', 'resume_scan', 'upgrade'];
export const PROPERTY = 'latency_ms';

/* The op each figure is read from: [op, args] without the filter (the
 * app's form when a view asks it; the Retention view's DEFAULT_SPEC, the
 * Funnels view's default funnel). */
export const FIGURE_OPS = {
  ...Object.fromEntries(DAILY.map((m) => [m, ['metric', { metric: m, grain: 'day' }]])),
  retention: ['retention', { period: 'week', mode: 'on', type: 'first_time', buckets: 'calendar',
    start_event: null, return_event: null, by: null }],
  funnel: ['funnel', { steps: FUNNEL_STEPS, window: '14d', order: 'sequential', exclude: [], by: null }],
  ...Object.fromEntries(PERCENTILES.map((m) => [m, ['metric', { metric: m, grain: 'day', property: PROPERTY }]])),
  error_rate: ['metric', { metric: 'error_rate', grain: 'day' }],
  mrr_by_channel: ['metric', { metric: 'mrr', grain: 'month', by: 'channel' }],
  ...Object.fromEntries(MONTHLY.map((m) => [m, ['metric', { metric: m, grain: 'month' }]])),
};

/* The ops that take a where (the filter): a filter change asks them again. */
export const WHERE_OPS = new Set(['metric', 'cohorts', 'lifecycle', 'activeDays', 'retention', 'values', 'funnel', 'paths']);

export function canonOps(appOps, filter = null) {
  const ops = appOps.map(([op, args]) => [op, args]);
  const at = {};
  const added = [];
  for (const [name, [op, base]] of Object.entries(FIGURE_OPS)) {
    const want = withFilter(op, base, filter);
    let i = ops.findIndex(([o, a]) => o === op && sameFigure(a, want));
    if (i < 0) {
      ops.push([op, want]);
      added.push(name);
      i = ops.length - 1;
    }
    at[name] = i;
  }
  return { ops, at, added };
}

/* [op, args] with the filter in the app's spec form (filter-bar.js scopeSpec:
 * where: [{column, value}]), for the ops that take one. */
export function withFilter(op, args, filter) {
  if (!filter || !WHERE_OPS.has(op)) return args;
  return { ...args, where: [...(args.where || []), { column: filter.column, value: filter.value }] };
}

export function canonFromWorker(name, answer) {
  if (!answer || typeof answer !== 'object') throw new Error(`${name}: no answer`);
  if (name === 'retention') { // the cells observable (the CLI's trailing empty cells left out)
    return answer.cohorts.map((c, i) => {
      const cells = answer.counts[i].slice();
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      return [c, answer.size[i], ...cells];
    });
  }
  if (name === 'funnel') return answer.steps.map((s, i) => [i + 1, one(s.users)]);
  if (name === 'mrr_by_channel') {
    const rows = [];
    answer.x.forEach((x, i) => {
      for (const s of answer.segments) rows.push([month(x), s.label, num(s.y[i])]);
    });
    return rows;
  }
  const label = MONTHLY.includes(name) ? month : day;
  return answer.x.map((x, i) => [label(x), num(answer.y[i])]);
}

/* ---- private ---- */

/* The same figure: the keys that decide it are equal (the app may add keys
 * with their default values, e.g. the Funnels view's exclude: [], by: null). */
function sameFigure(a, want) {
  if (a.from || a.to) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(want)]);
  for (const k of keys) {
    if (JSON.stringify(norm(a[k])) !== JSON.stringify(norm(want[k]))) return false;
  }
  return true;
}

function norm(v) {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v) && v.length === 0) return null;
  return v;
}

function one(v) {
  return Array.isArray(v) ? v[0] : v;
}

function num(v) {
  return v === null || v === undefined || Number.isNaN(v) ? null : v;
}

function day(x) {
  return new Date(x * 1000).toISOString().slice(0, 10);
}

function month(x) {
  return new Date(x * 1000).toISOString().slice(0, 7);
}
