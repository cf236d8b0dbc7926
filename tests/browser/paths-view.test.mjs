// paths-view.test.mjs: the Paths card of the Funnels view on the demo shows
// what the worker's paths op returns (a worker of the test's own is the
// reference): top transitions, the flow and drop-off after an event, the
// steps before one; the hash keeps the choice (paths.after=…), a filter
// passes on, it translates, nothing scrolls sideways, and it is photographed
// for review (build/screenshots/paths*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, shotPath } from './helpers.mjs';
import { workerOps, openView, checkFit, RANGE_90D } from './product-helpers.mjs';

const CARD = '#funnels [data-card="paths"]';
const READY = `${CARD}[data-state="drawn"]`;
const PRO = [{ column: 'plan', value: 'Pro' }];
let site, browser, ref;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  const page = await openView(browser, site, '', 'body[data-state=ready]');
  const r = await workerOps(page, [
    ['paths', { ...RANGE_90D, top: 100 }],
    ['paths', { ...RANGE_90D, top: 100, after: 'signup', steps: 4 }],
    ['paths', { ...RANGE_90D, top: 100, before: 'mock_interview', steps: 3 }],
    ['paths', { ...RANGE_90D, top: 100, after: 'signup', steps: 4, where: PRO }],
  ]);
  ref = { top: r[0], after: r[1], before: r[2], afterPro: r[3] };
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const drawn = (page) => page.$eval(CARD, (c) => c.paths);
const rows = (page) => page.$$eval(`${CARD} .paths-row`, (rs) => rs.map((r) => ({
  from: r.dataset.from, to: r.dataset.to, users: Number(r.dataset.users), transitions: Number(r.dataset.transitions) })));
const drops = (page) => page.$$eval(`${CARD} [data-paths="dropoff"] tbody tr`, (rs) => rs.map((r) => ({
  step: Number(r.dataset.step), sessions: Number(r.dataset.sessions), users: Number(r.dataset.users), ended: Number(r.dataset.ended) })));
/* The card photographed from the full page (the sticky top bar stays at the page's top). */
async function shoot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.$eval(CARD, (c) => { const r = c.getBoundingClientRect(); return { x: r.left, y: r.top + window.scrollY, width: r.width, height: r.height }; });
  await page.screenshot({ path: shotPath(name), fullPage: true, clip: box });
}
const waitResult = (page, want) => page.waitForFunction(([sel, w]) => {
  const p = document.querySelector(sel).paths;
  return p && p.result && JSON.stringify(p.result.pairs) === w;
}, [CARD, JSON.stringify(want.pairs)], { timeout: 30000 });

test('top transitions: the ranked pairs are the op\'s, no flow without an event', async () => {
  const page = await openView(browser, site, '#demo&view=funnels', READY);
  await waitResult(page, ref.top);
  assert.ok(ref.top.pairs.length > 10, 'the demo has many transitions');
  assert.deepEqual(await rows(page), ref.top.pairs.slice(0, 25));
  assert.ok(ref.top.pairs.every((p, i) => i === 0 || ref.top.pairs[i - 1].transitions >= p.transitions), 'most first');
  assert.ok(ref.top.pairs.some((p) => p.from === '(start)') && ref.top.pairs.some((p) => p.to === '(end)'), 'sessions start and end');
  assert.ok(await page.isHidden(`${CARD} [data-paths="flow"]`));
  assert.ok(await page.isHidden(`${CARD} [data-paths="dropoff"]`));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('after signup, 4 steps: the flow, the drop-off and the pairs equal the op; the hash keeps it', async () => {
  const page = await openView(browser, site, '#demo&view=funnels', READY);
  await page.selectOption(`${CARD} [data-paths="mode"]`, 'after');
  await page.selectOption(`${CARD} [data-paths="event"]`, 'signup');
  await page.selectOption(`${CARD} [data-paths="steps"]`, '4');
  await waitResult(page, ref.after);
  assert.match(await page.evaluate(() => location.hash), /paths\.after=signup&paths\.steps=4|paths\.steps=4.*paths\.after=signup|paths\.after=signup.*paths\.steps=4/);
  const d = await drawn(page);
  assert.deepEqual(d.result, ref.after);
  // the drop-off per step: the op's, and by hand its ends are the pairs into k+1:(end)
  const drop = await drops(page);
  assert.deepEqual(drop, ref.after.dropoff.map((x) => ({ step: x.step, sessions: x.sessions, users: x.users, ended: x.ended_sessions })));
  assert.equal(drop.length, 5, 'steps 0 to 4');
  assert.equal(drop[0].sessions, ref.after.sessions, 'every session read reaches step 0');
  for (let k = 0; k < 4; k++) {
    const ends = ref.after.pairs.filter((p) => p.from.startsWith(`${k}:`) && p.to === `${k + 1}:(end)`).reduce((a, p) => a + p.transitions, 0);
    assert.equal(drop[k].ended, ends, `step ${k}: the sessions ending there`);
    assert.equal(drop[k + 1].sessions, drop[k].sessions - drop[k].ended, `step ${k + 1}: those that did not end`);
  }
  // the flow: a column per step 0..4, each node worth the sessions through
  // it: after an event, the transitions into it (step 0: out of it)
  const steps = [...new Set(d.nodes.map((n) => n.step))];
  assert.deepEqual(steps, [0, 1, 2, 3, 4]);
  for (const n of d.nodes) {
    const sum = (key) => ref.after.pairs.filter((p) => p[key] === n.id).reduce((a, p) => a + p.transitions, 0);
    assert.equal(n.value, n.step > 0 ? sum('to') : sum('from'), n.id);
  }
  assert.deepEqual(d.nodes.filter((n) => n.step === 0).map((n) => n.id), ['0:signup']);
  assert.equal(await page.$$eval(`${CARD} .paths-node`, (g) => g.length), d.nodes.length);
  const signupNode = await page.$eval(`${CARD} [data-node="0:signup"] text`, (x) => x.textContent);
  assert.ok(signupNode.startsWith('signup · '), signupNode);
  assert.deepEqual(await rows(page), ref.after.pairs.slice(0, 25));
  await shoot(page, 'paths.png');
  // a reload shows the same paths
  await page.reload();
  await page.waitForSelector(READY, { timeout: 30000 });
  await waitResult(page, ref.after);
  assert.equal(await page.inputValue(`${CARD} [data-paths="mode"]`), 'after');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('before an event from the hash, and a filter passes on', async () => {
  const page = await openView(browser, site, '#demo&view=funnels&paths.before=mock_interview&paths.steps=3', READY);
  await waitResult(page, ref.before);
  const d = await drawn(page);
  assert.deepEqual([...new Set(d.nodes.map((n) => n.step))], [-3, -2, -1, 0]);
  assert.deepEqual(d.nodes.filter((n) => n.step === 0).map((n) => n.id), ['0:mock_interview']);
  // a (start) node before the event only sends: sized by what leaves it
  const start = d.nodes.find((n) => n.id === '-1:(start)');
  assert.equal(start.value, ref.before.pairs.filter((p) => p.from === '-1:(start)').reduce((a, p) => a + p.transitions, 0));
  assert.ok(start.value > 0);
  assert.ok(await page.isHidden(`${CARD} [data-paths="dropoff"]`), 'drop-off is for after only');
  await shoot(page, 'paths-before.png');
  await page.context().close();
  const pro = await openView(browser, site, '#demo&view=funnels&f=plan:Pro&paths.after=signup&paths.steps=4', READY);
  await waitResult(pro, ref.afterPro);
  assert.ok(ref.afterPro.sessions < ref.after.sessions, 'Pro holds fewer sessions');
  assert.deepEqual(pro.problems, []);
  await pro.context().close();
});

test('a hash set from outside (a share link opening, back) changes the definition', async () => {
  const page = await openView(browser, site, '#demo&view=funnels', READY);
  await waitResult(page, ref.top);
  await page.evaluate(() => { location.hash = '#demo&view=funnels&paths.after=signup&paths.steps=4'; });
  await waitResult(page, ref.after);
  assert.equal((await drawn(page)).spec.after, 'signup');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Chinese the paths card is translated and nothing scrolls sideways', async () => {
  const page = await openView(browser, site, '#demo&view=funnels&paths.after=signup', READY);
  await page.selectOption('#lang-select', 'zh-TW');
  assert.equal(await page.textContent(`${CARD} .card-title`), '路徑');
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-paths="dropoff"] th`)?.textContent === '步', CARD);
  await shoot(page, 'paths-zh-TW.png');
  await checkFit(page, '#funnels', 'paths');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
