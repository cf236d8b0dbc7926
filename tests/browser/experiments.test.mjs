// experiments.test.mjs: the Experiments view of the demo workspace shows what
// the worker's experiment op returns (asked by a worker of the test's own):
// the ab_bucket test on upgrade, CUPED off, a mean goal, another control; the sample-ratio
// and insufficient-sample banners on a file of the test's own; it translates
// and is photographed for review (build/screenshots/experiments*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, newPage, shotPath, workerOps } from './helpers.mjs';

const env = useSite();

/* The op's answer from a worker of the test's own, with the demo loaded. */
const reference = async (page, spec) => (await workerOps(page, [['experiment', spec]]))[0];

async function open(hash = '#demo&view=experiments&range=all', opts) {
  const page = await newPage(env.browser, env.site, opts);
  await page.goto(`${env.site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  return page;
}

/* The spec the page's numbers answer once the page is idle and the spec has
 * every value of partial. */
async function answered(page, partial = {}) {
  await page.waitForFunction((want) => {
    const table = document.querySelector('#experiments .exp-table');
    const text = table && table.dataset.spec;
    if (document.body.dataset.state !== 'ready' || !text) return false;
    if (document.querySelector('#experiments').dataset.state !== 'drawn') return false;
    const spec = JSON.parse(text);
    return Object.entries(want).every(([k, v]) => JSON.stringify(spec[k]) === JSON.stringify(v));
  }, partial, { timeout: 30000 });
  return JSON.parse(await page.getAttribute('#experiments .exp-table', 'data-spec'));
}

/* The rows as the op's numbers: [{name, exposures, conversions, chance, value, ci, lift}]. */
function readRows(page) {
  return page.$$eval('#experiments .exp-table tbody tr', (trs) => trs.map((tr) => {
    const num = (s) => (s === '' ? null : Number(s));
    const cell = (k) => tr.querySelector(`td[data-key="${k}"]`).dataset.value;
    return { name: tr.dataset.variant, exposures: num(tr.dataset.exposures), conversions: num(tr.dataset.conversions),
      chance: num(tr.dataset.chance), value: num(cell('value')),
      ci: cell('ci') === '' ? null : cell('ci').split(',').map((x) => (x === '' ? null : Number(x))), lift: num(cell('lift')) };
  }));
}

async function sameAsWorker(page, spec) {
  const want = await reference(page, spec);
  const got = await readRows(page);
  assert.deepEqual(got, want.variants.map((v) => ({ name: v.name, exposures: v.exposures, conversions: v.conversions,
    chance: v.chance, value: v.value, ci: v.ci, lift: v.lift })), JSON.stringify(spec));
  return want;
}

test('the demo opens on ab_bucket and upgrade with CUPED, as the worker op computes it', async () => {
  const page = await open();
  const spec = await answered(page);
  assert.deepEqual(spec, { variant: 'ab_bucket', goal: { event: 'upgrade' }, cuped: true });
  const want = await sameAsWorker(page, spec);
  assert.deepEqual(want.variants.map((v) => v.name), ['control', 'test']);
  assert.ok(want.variants.every((v) => v.exposures >= 100), 'both arms are large enough');
  assert.equal(want.winner, 'test', 'the demo\'s test arm converts better');
  assert.equal(await page.$eval('#exp-variant', (s) => s.value), 'ab_bucket');
  assert.equal(await page.$eval('#exp-goal', (s) => s.value), 'upgrade');
  assert.equal(await page.$eval('#exp-cuped', (c) => c.checked), true);
  // the text matches the numbers: exposures and the winner's chance
  const shown = await page.$$eval('#experiments .exp-table td[data-key="exposures"]', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(shown, want.variants.map((v) => v.exposures.toLocaleString('en-US')));
  assert.match(await page.textContent('#experiments .exp-verdict'), /“test” wins/);
  assert.equal(await page.$$eval('#experiments [data-exp=srm]', (b) => b.length), 0);
  assert.equal(await page.$$eval('#experiments [data-exp=insufficient]', (b) => b.length), 0);
  // the CUPED note says what the op says
  const note = await page.textContent('#experiments [data-exp=cuped]');
  if (want.cuped) assert.match(note, /CUPED on: variance reduced by/);
  else assert.match(note, /no user has pre-exposure data/);
  // the interval chart: one interval per variant, a text summary
  assert.equal(await page.$$eval('#experiments .exp-svg circle', (c) => c.length), 2);
  assert.match(await page.getAttribute('#experiments .exp-svg', 'aria-label'), /^95% intervals by variant: control [\d.]+%/);
  await page.screenshot({ path: shotPath('experiments.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('CUPED off, another goal and a mean goal recompute with the worker\'s numbers', async () => {
  const page = await open();
  await answered(page);
  await page.uncheck('#exp-cuped');
  let spec = await answered(page, { cuped: false });
  const beta = await sameAsWorker(page, spec);
  assert.equal(beta.method, 'beta');
  assert.match(await page.textContent('#experiments [data-exp=cuped]'), /CUPED off/);
  await page.selectOption('#exp-goal', 'mock_interview');
  spec = await answered(page, { goal: { event: 'mock_interview' } });
  await sameAsWorker(page, spec);
  await page.selectOption('#exp-kind', 'mean');
  await page.selectOption('#exp-metric', 'match_rate');
  await page.selectOption('#exp-metric-event', 'resume_scan');
  await page.check('#exp-cuped');
  spec = await answered(page, { goal: { metric: 'match_rate', event: 'resume_scan' }, cuped: true });
  const mean = await sameAsWorker(page, spec);
  assert.equal(mean.kind, 'mean');
  assert.ok(mean.cuped && mean.cuped.variance_reduction > 0.1, 'pre-exposure scans explain part of the variance');
  assert.ok(mean.variants.every((v) => v.conversions === null));
  assert.match(await page.textContent('#experiments .exp-table thead'), /Mean per user/);
  await page.selectOption('#exp-control', 'test');
  spec = await answered(page, { control: 'test' });
  const flipped = await sameAsWorker(page, spec);
  assert.equal(flipped.control, 'test');
  assert.match(await page.textContent('#experiments tr[data-variant="test"] th'), /control/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a lopsided split shows the sample-ratio banner, too few conversions the insufficient one', async () => {
  // 300 users in control (30 buy), 150 in test (3 buy): expected 225 each,
  // χ² = 2 · 75²/225 = 50, p ≈ 1.5e−12: a mismatch; test's 3 conversions are below 5
  const lines = ['distinct_id,event,timestamp,ab_bucket'];
  for (let i = 0; i < 450; i++) {
    const arm = i < 300 ? 'control' : 'test';
    lines.push(`u${i},view,2026-03-02T10:00:00Z,${arm}`);
    if ((arm === 'control' && i % 10 === 0) || (arm === 'test' && i % 50 === 0)) lines.push(`u${i},buy,2026-03-03T10:00:00Z,`);
  }
  const page = await open('#view=experiments');
  await page.setInputFiles('#file-input', [{ name: 'ab.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') }]);
  await page.waitForSelector('#exp-goal', { timeout: 30000 });
  await page.selectOption('#exp-goal', 'buy');
  await answered(page, { goal: { event: 'buy' } });
  // rates 30/300 = 0.1 and 3/150 = 0.02, lift 0.02/0.1 − 1 = −0.8
  const rows = await readRows(page);
  assert.deepEqual(rows.map((r) => [r.name, r.exposures, r.conversions, r.value, r.lift]),
    [['control', 300, 30, 0.1, null], ['test', 150, 3, 0.02, -0.8]]);
  assert.ok(rows[0].chance > 0.99 && Math.abs(rows[0].chance + rows[1].chance - 1) < 1e-9);
  assert.match(await page.textContent('#experiments [data-exp=srm]'), /Sample ratio mismatch.*control 300 \/ test 150/);
  assert.match(await page.textContent('#experiments [data-exp=srm]'), /p = 1\.5E-12/); // P(χ²₁ > 50) = 2(1 − Φ(√50))
  assert.match(await page.textContent('#experiments [data-exp=insufficient]'), /at least 5 conversions; “test” has 3/);
  assert.match(await page.textContent('#experiments .exp-verdict'), /Too few users/);
  await page.screenshot({ path: shotPath('experiments-banners.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the view speaks Chinese', async () => {
  for (const [lang, word, shot] of [['zh-CN', '胜出概率', 'experiments-zh-CN.png'], ['zh-TW', '勝出機率', 'experiments-zh-TW.png']]) {
    const page = await open();
    await answered(page);
    await page.selectOption('#lang-select', lang);
    await page.waitForFunction((w) => document.querySelector('#experiments .exp-table thead').textContent.includes(w), word);
    const text = await page.textContent('#experiments');
    assert.ok(!/Chance to win|Exposures|Variant property/.test(text), `${lang}: no English left`);
    await page.screenshot({ path: shotPath(shot), fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
