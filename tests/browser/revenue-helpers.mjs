// revenue-helpers.mjs: what the revenue view tests share: the KPI metrics of
// the view and a reference computed by a worker of the test's own, op by op,
// on the demo workspace the page loads (seed 42, 10,000 users, 365 days).
import { workerOps } from './helpers.mjs';

export const DEMO_KPIS = ['mrr', 'arr', 'customers', 'arpa', 'net_new_mrr', 'customer_churn_rate',
  'nrr', 'quick_ratio', 'ltv', 'cac', 'ltv_cac', 'cac_payback_months'];

/* {metric: {periods, y: [numbers, NaN]}, cohorts: the cohorts op's result}
 * from a new engine/worker.js started in page (which must show the site). */
export async function workerReference(page, metrics, demo = { seed: 42, users: 10000, days: 365 }) {
  const r = await workerOps(page, [...metrics.map((metric) => ['metric', { metric, grain: 'month' }]), ['cohorts', { grain: 'month' }]], demo);
  const out = { cohorts: r.at(-1) };
  metrics.forEach((m, i) => { out[m] = { periods: r[i].periods, y: r[i].y }; });
  return out;
}
