// revenue-helpers.mjs: what the revenue view tests share: the KPI metrics of
// the view and a reference computed by a worker of the test's own, op by op,
// on the demo workspace the page loads (seed 42, 10,000 users, 365 days).

export const DEMO_KPIS = ['mrr', 'arr', 'customers', 'arpa', 'net_new_mrr', 'customer_churn_rate',
  'nrr', 'quick_ratio', 'ltv', 'cac', 'ltv_cac', 'cac_payback_months'];

/* {metric: {periods, y: [numbers, NaN]}, cohorts: the cohorts op's result}
 * from a new engine/worker.js started in page (which must show the site).
 * A metric is a name (asked at month grain) or [key, spec] (asked as spec,
 * out[key] also has segments: [{label, y}] for a breakdown). */
export function workerReference(page, metrics, demo = { seed: 42, users: 10000, days: 365 }) {
  return page.evaluate(async ({ metrics, demo }) => {
    const worker = new Worker('engine/worker.js', { type: 'module' });
    let next = 1;
    const call = (type, args) => new Promise((resolve, reject) => {
      const id = next++;
      const on = (e) => {
        if (e.data.id !== id || e.data.type === 'progress') return;
        worker.removeEventListener('message', on);
        if (e.data.type === 'error') reject(new Error(e.data.result.message));
        else resolve(e.data.result);
      };
      worker.addEventListener('message', on);
      worker.postMessage({ type, id, args });
    });
    try {
      await call('setTimeZone', { tz: 'UTC' });
      await call('loadDemo', demo);
      const out = {};
      for (const m of metrics) {
        const [key, spec] = typeof m === 'string' ? [m, { metric: m, grain: 'month' }] : m;
        const r = await call('metric', spec);
        out[key] = { periods: r.periods, y: r.y && Array.from(r.y),
          segments: r.segments && r.segments.map((s) => ({ label: s.label, y: Array.from(s.y) })) };
      }
      out.cohorts = await call('cohorts', { grain: 'month' });
      return out;
    } finally {
      worker.terminate();
    }
  }, { metrics, demo });
}
