/* revenue-data.js: what the revenue view asks the engine for, at month grain
 * (or the metric's default grain when it has no month).
 *
 *   const {results, cohorts} = await fetchRevenue(client, catalog, kinds);
 *     results  Map metric → result (results.js) for every metric below the
 *              catalog has; commerce metrics only when a payments dataset is loaded
 *     cohorts  {status: 'ok', grain, periods, customers, start_mrr, retention}
 *              | {status: 'missing', needs} | {status: 'error', message} */
import { fetchResult } from './results.js';
import { grainFor } from './chart-kit.js';
import { hasRows } from './precomputed.js';

export const GRAIN = 'month';

export const REVENUE_METRICS = [
  'mrr', 'arr', 'customers', 'arpa', 'net_new_mrr', 'customer_churn_rate', 'nrr', 'grr', 'quick_ratio',
  'ltv', 'cac', 'ltv_cac', 'cac_payback_months',
  'new_mrr', 'expansion_mrr', 'reactivation_mrr', 'contraction_mrr', 'churned_mrr',
  'gross_mrr_churn_rate', 'net_mrr_churn_rate', 'trials_started', 'trial_conversion_rate', 'mrr_by_plan',
];

/* The commerce metrics (a payments dataset); the view shows those the catalog has. */
export const COMMERCE_METRICS = [
  'gmv', 'orders', 'aov', 'paying_users', 'arpu', 'arppu', 'paying_ratio', 'refund_rate_orders',
  'refund_rate_amount', 'repurchase_rate', 'renewal_rate', 'tier_users', 'tier_upgrades',
];

export async function fetchRevenue(client, catalog, kinds) {
  const names = [...REVENUE_METRICS, ...(kinds.has('payments') ? COMMERCE_METRICS : [])].filter((m) => catalog.has(m));
  const results = new Map();
  const cohorts = hasRows(kinds, 'subscriptions')
    ? client.cohorts({ grain: GRAIN }).then((r) => ({ status: 'ok', ...r }), (err) => ({ status: 'error', message: err.message }))
    : Promise.resolve({ status: 'missing', needs: ['subscriptions'] });
  await Promise.all(names.map(async (metric) => {
    const entry = catalog.get(metric);
    results.set(metric, await fetchResult(client, { metric, grain: grainFor(entry, GRAIN) }, entry, kinds));
  }));
  return { results, cohorts: await cohorts };
}
