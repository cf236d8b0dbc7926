// stripe-fixture.test.mjs: data/stripe_subscriptions.csv dropped on the page
// as a user would drop it; the overview's MRR, ARR and customers cards, the
// Revenue view's cards, cohort row and settings panel, and the
// worker's revenue metrics must show the numbers computed by hand in
// tests/c/test_stripe_fixture.c (the derivations are there), under the
// default settings and under churn_at, movements and weekly_factor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, kpi, DATA } from './helpers.mjs';

const NAME = 'stripe_subscriptions.csv';
const CSV = readFileSync(join(DATA, NAME), 'utf8');
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const E = NaN; // an empty value

// Hand-computed, January to June 2026 (see tests/c/test_stripe_fixture.c).
const MRR = [295, 1315 / 3, 7778 / 15, 7283 / 15, 8018 / 15, 9323 / 15];
const WANT = {
  defaults: {
    mrr: MRR,
    customers: [6, 8, 8, 7, 8, 11],
    new_mrr: [295, 430 / 3, 79.2, 0, 0, 87],
    expansion_mrr: [0, 0, 50, 36, 0, 0],
    contraction_mrr: [0, 0, 0, 50, 0, 0],
    churned_mrr: [0, 0, 49, 19, 0, 0],
    reactivation_mrr: [0, 0, 0, 0, 49, 0],
    net_new_mrr: [295, 430 / 3, 80.2, -33, 49, 87],
    customer_churn_rate: [E, 0, 1 / 8, 1 / 8, 0, 0],
    trials_started: [1, 1, 0, 0, 1, 2],
    trial_conversion_rate: [1, 0, E, E, 1, 0],
    nrr: [E, 1, 1318 / 1315, 7283 / 7778, 1, 1],
    grr: [E, 1, 1168 / 1315, 6743 / 7778, 1, 1],
    arpa: [295 / 6, 1315 / 24, 7778 / 120, 7283 / 105, 8018 / 120, 9323 / 165],
  },
  // harbor stops at its cancellation (03-22), delta at its (05-20)
  churn_at_canceled: {
    mrr: [295, 1315 / 3, 7493 / 15, 7283 / 15, 6518 / 15, 7823 / 15],
    churned_mrr: [0, 0, 68, 0, 100, 0],
    customer_churn_rate: [E, 0, 2 / 8, 0, 1 / 7, 0],
  },
  // pike joins and leaves inside April, and comes back in June
  movements_event: {
    new_mrr: [295, 430 / 3, 79.2, 49, 0, 68],
    churned_mrr: [0, 0, 49, 68, 0, 0],
    reactivation_mrr: [0, 0, 0, 0, 49, 19],
    customer_churn_rate: [E, 0, 1 / 8, 2 / 8, 0, 0],
  },
  // echo's $10 a week is $40 a month instead of 130/3
  weekly_factor_4: { mrr: [295, 435, 515.2, 482.2, 531.2, 618.2] },
};
const PLANS = [
  ['Basic', 38, 38, 38, 19, 19, 57],
  ['Business', 99, 99, 277.2, 178.2, 178.2, 178.2],
  ['Pro', 98, 98, 0, 49, 98, 147],
  ['Pro Annual', 0, 100, 100, 100, 100, 100],
  ['Team', 60, 60, 60, 96, 96, 96],
  ['Weekly', 0, 130 / 3, 130 / 3, 130 / 3, 130 / 3, 130 / 3],
];

let site, browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/* The fixture dropped on the page as a user drops a file. */
function drop(page) {
  return page.evaluate(({ csv, name }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], name, { type: 'text/csv' }));
    for (const type of ['dragenter', 'dragover', 'drop'])
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { csv: CSV, name: NAME });
}

function near(got, want, what) {
  const ok = (Number.isNaN(got) && Number.isNaN(want)) || Math.abs(got - want) <= 1e-9;
  assert.ok(ok, `${what}: got ${got}, expected ${want}`);
}

test('the Stripe export dropped on the page shows the hand-computed MRR, ARR and customers', async () => {
  const page = await newPage(browser, site);
  await page.goto(site.url);
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  await drop(page);
  await page.waitForSelector('[data-metric="mrr"][data-value]');
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && !document.querySelector('.progress-item'));
  assert.deepEqual(await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.dataset.kind])),
    [[NAME, 'subscriptions']]);

  // June 2026 is the last complete month: the latest start is 06-30 15:00.
  const mrr = await kpi(page, 'mrr');
  assert.equal(mrr.period, '2026-06');
  assert.equal(mrr.value, String(9323 / 15)); // 621.5333…, the engine's exact double
  assert.equal(mrr.display, '$621.53');
  assert.equal(await page.$eval('[data-metric="mrr"] .kpi-delta', (el) => el.textContent), '+16%'); // 87 / 534.53
  const arr = await kpi(page, 'arr');
  assert.equal(arr.value, '7458.4'); // 12 × 9323/15
  assert.equal(arr.display, '$7,458');
  const customers = await kpi(page, 'customers');
  assert.equal(customers.value, '11');
  assert.equal(customers.display, '11');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// The Revenue view's cards (June 2026) against the hand-computed table.
const revenueCard = (page, metric) => page.$eval(`#revenue [data-metric="${metric}"]`, (el) => ({
  value: el.dataset.value, period: el.dataset.period, display: el.querySelector('.kpi-value').textContent,
  hint: el.querySelector('.kpi-hint').textContent,
}));

test('the Revenue view of the dropped Stripe export shows the hand-computed cards, and a setting recomputes them', async () => {
  const page = await newPage(browser, site);
  await page.goto(`${site.url}#view=revenue`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
  await drop(page);
  await page.waitForSelector('#revenue [data-metric="mrr"][data-value]', { timeout: 20000 });
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && !document.querySelector('.progress-item'));
  const june = (metric) => revenueCard(page, metric);
  const mrr = await june('mrr');
  assert.equal(mrr.period, '2026-06');
  near(Number(mrr.value), 9323 / 15, 'mrr');
  assert.equal(mrr.display, '$621.53');
  near(Number((await june('customers')).value), 11, 'customers');
  near(Number((await june('net_new_mrr')).value), 87, 'net new MRR');
  assert.equal((await june('net_new_mrr')).display, '$87');
  near(Number((await june('arpa')).value), 9323 / 165, 'ARPA');
  near(Number((await june('customer_churn_rate')).value), 0, 'customer churn');
  near(Number((await june('nrr')).value), 1, 'NRR');
  // no marketing spend and no cac column: CAC says what it needs
  assert.equal((await june('cac')).value, undefined);
  // the cohort heatmap's first row is January's six customers and $295
  const first = await page.$eval('#revenue .heat-table tbody tr', (tr) => Array.from(tr.cells, (c) => c.textContent));
  assert.deepEqual(first.slice(0, 4), ['Jan 2026', '6', '$295', '100%']);

  // churn at the cancellation: June's MRR loses harbor and delta (7823/15)
  await page.click('#revenue-settings summary');
  await page.selectOption('#setting-churn_at', 'canceled');
  await page.waitForFunction(() => document.querySelector('#revenue [data-metric="mrr"]')?.dataset.value !== String(9323 / 15));
  near(Number((await june('mrr')).value), 7823 / 15, 'mrr, churn at cancellation');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the worker computes every hand-computed revenue value of the Stripe export under each setting', async () => {
  const page = await newPage(browser, site);
  await page.goto(site.url);
  const out = await page.evaluate(async ({ csv, name, want }) => {
    const { createEngineClient } = await import(new URL('engine-client.js', location.href).href);
    const engine = createEngineClient(new URL('engine/worker.js', location.href).href);
    await engine.loadFile(new File([csv], name, { type: 'text/csv' }));
    const res = {};
    const settings = { defaults: [], churn_at_canceled: [['churn_at', 'canceled']],
      movements_event: [['movements', 'event']], weekly_factor_4: [['weekly_factor', '4']] };
    const defaults = Object.fromEntries((await engine.settings()).map((s) => [s.name, s.default]));
    for (const [key, sets] of Object.entries(settings)) {
      for (const [k, v] of sets) await engine.setSetting(k, v);
      res[key] = {};
      for (const metric of Object.keys(want[key])) {
        const r = await engine.metric({ metric });
        res[key][metric] = { periods: r.periods, y: Array.from(r.y, (v) => (Number.isNaN(v) ? 'NaN' : v)) };
      }
      for (const [k] of sets) await engine.setSetting(k, defaults[k]);
    }
    const plans = await engine.metric({ metric: 'mrr_by_plan' });
    res.plans = { by: plans.by, periods: plans.periods, rows: plans.segments.map((s) => [s.label, ...s.y]) };
    engine.terminate();
    return res;
  }, { csv: CSV, name: NAME, want: WANT });

  for (const [key, metrics] of Object.entries(WANT)) {
    for (const [metric, values] of Object.entries(metrics)) {
      const got = out[key][metric];
      assert.deepEqual(got.periods, MONTHS, `${key} ${metric} periods`);
      values.forEach((v, i) => near(Number(got.y[i]), v, `${key} ${metric} ${MONTHS[i]}`));
    }
  }
  assert.equal(out.plans.by, 'Plan');
  assert.deepEqual(out.plans.periods, MONTHS);
  assert.deepEqual(out.plans.rows.map((r) => r[0]), PLANS.map((r) => r[0]));
  PLANS.forEach((row, p) => row.slice(1).forEach((v, i) => near(out.plans.rows[p][i + 1], v, `${row[0]} ${MONTHS[i]}`)));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
