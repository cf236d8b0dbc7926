// revenue-helpers.mjs: what the revenue view tests share: the KPI metrics of
// the view and a reference computed by a worker of the test's own, op by op,
// on the demo workspace the page loads (seed 42, 10,000 users, 365 days).
import { workerOps } from './helpers.mjs';

export const DEMO_KPIS = ['mrr', 'arr', 'customers', 'arpa', 'net_new_mrr', 'customer_churn_rate',
  'nrr', 'quick_ratio', 'ltv', 'cac', 'ltv_cac', 'cac_payback_months'];

/* {metric: {periods, y: [numbers, NaN]}, cohorts: the cohorts op's result}
 * from a new engine/worker.js started in page (which must show the site).
 * A metric is a name (asked at month grain) or [key, spec] (asked as spec;
 * out[key] also has segments: [{label, y}] for a breakdown). */
export async function workerReference(page, metrics, demo = { seed: 42, users: 10000, days: 365 }) {
  const asks = metrics.map((m) => (typeof m === 'string' ? [m, { metric: m, grain: 'month' }] : m));
  const r = await workerOps(page, [...asks.map(([, spec]) => ['metric', spec]), ['cohorts', { grain: 'month' }]], demo);
  const out = { cohorts: r.at(-1) };
  asks.forEach(([key], i) => { out[key] = { periods: r[i].periods, y: r[i].y, segments: r[i].segments }; });
  return out;
}
