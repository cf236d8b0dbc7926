// users-view.test.mjs: the Users view of the demo workspace shows what the
// worker's ops return (a worker of the test's own is the reference), over the
// global date range and filters; a preset and a filter change the numbers, the
// hash keeps them, it translates, nothing scrolls sideways, and it is
// photographed for review (build/screenshots/users*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, shotPath } from './helpers.mjs';
import { workerOps, openView, checkFit, RANGE_90D, RANGE_30D } from './product-helpers.mjs';

const PRO = [{ column: 'plan', value: 'Pro' }];
const SESSIONS = ['sessions', 'session_duration', 'session_duration_median', 'sessions_per_user'];
const READY = '#users [data-chart="lifecycle"] canvas';
let site, browser, ref;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  const page = await openView(browser, site, '', 'body[data-state=ready]');
  const calls = [];
  for (const m of ['dau', 'wau', 'mau']) calls.push(['metric', { metric: m, grain: 'day', ...RANGE_90D }]);
  for (const m of ['stickiness', 'new_users']) calls.push(['metric', { metric: m, grain: 'day', ...RANGE_90D }]);
  calls.push(['lifecycle', { period: 'day', ...RANGE_90D }], ['activeDays', { period: 'week', ...RANGE_90D }],
    ['lifecycle', { period: 'day', ...RANGE_30D }], ['metric', { metric: 'dau', grain: 'day', ...RANGE_30D, where: PRO }],
    ['lifecycle', { period: 'week', ...RANGE_30D, where: PRO }],
    ['metric', { metric: 'dau', grain: 'day', ...RANGE_90D, where: [{ column: 'country', value: 'GB' }] }]);
  for (const m of SESSIONS) calls.push(['metric', { metric: m, grain: 'day', ...RANGE_90D }]);
  calls.push(['metric', { metric: 'sessions', grain: 'week', ...RANGE_30D, where: PRO }]);
  const r = await workerOps(page, calls);
  ref = {};
  SESSIONS.forEach((m, i) => { ref[m] = r[11 + i]; });
  ref.sessionsWeekPro30 = r[15];
  Object.assign(ref, { dau: r[0], wau: r[1], mau: r[2], stickiness: r[3], new_users: r[4], life: r[5], days: r[6],
    life30: r[7], dauPro30: r[8], lifeWeekPro30: r[9], dauGB: r[10] });
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const cardValue = (page, m) => page.$eval(`#users [data-metric="${m}"]`, (el) => ({
  value: el.dataset.value, period: el.dataset.period, delta: el.querySelector('.kpi-delta').textContent,
  compare: el.querySelector('.kpi-compare').textContent }));
const weekBefore = 'Oct 24, 2026'; // the demo's as-of day is Saturday Oct 31
const drawn = (page, id) => page.$eval(`#users [data-chart="${id}"]`, (el) => el.chart);
const waitFor = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 30000 });

test('the sessions row shows the catalog\'s session metrics, a preset and a filter pass on', async () => {
  const page = await openView(browser, site, '#demo&view=users', '#users [data-chart="sessions"] canvas');
  for (const m of ['sessions', 'session_duration_median', 'sessions_per_user']) {
    const c = await cardValue(page, m);
    assert.equal(Number(c.value), ref[m].y.at(-1), `${m}: page ${c.value} vs worker ${ref[m].y.at(-1)}`);
    assert.equal(c.period, ref[m].periods.at(-1));
  }
  assert.ok(ref.sessions.y.at(-1) > 0 && ref.session_duration_median.y.at(-1) > 0, 'the demo has sessions of some length');
  const ch = await drawn(page, 'sessions');
  assert.deepEqual(ch.periods, ref.sessions.periods);
  for (const m of ['sessions', 'session_duration', 'session_duration_median']) assert.deepEqual(ch.series[m], ref[m].y, m);
  assert.ok(ref.session_duration.y.some((v, i) => v !== ref.session_duration_median.y[i]), 'mean and median differ');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shotPath('users-sessions.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
  // the 30 days of the Pro plan by week
  const pro = await openView(browser, site, '#demo&view=users&range=30d&f=plan:Pro', '#users [data-chart="sessions"] canvas');
  await pro.click('#users [data-grain="week"]');
  await waitFor(pro, (want) => {
    const c = document.querySelector('#users [data-chart="sessions"]').chart;
    return c && JSON.stringify(c.series.sessions) === want;
  }, JSON.stringify(ref.sessionsWeekPro30.y));
  assert.ok(ref.sessionsWeekPro30.y.at(-1) < ref.sessions.y.slice(-7).reduce((a, b) => a + b), 'Pro has fewer sessions than all');
  assert.deepEqual(pro.problems, []);
  await pro.context().close();
});

test('the users view shows the worker ops over the default 90 days', async () => {
  const page = await openView(browser, site, '#demo&view=users', READY);
  assert.equal(await page.getAttribute('body', 'data-view'), 'users');
  assert.equal(await page.getAttribute('#filter-bar [data-preset="90d"]', 'aria-pressed'), 'true');
  for (const m of ['dau', 'wau', 'mau', 'stickiness', 'new_users']) {
    const c = await cardValue(page, m);
    assert.equal(Number(c.value), ref[m].y.at(-1), `${m}: page ${c.value} vs worker ${ref[m].y.at(-1)}`);
    assert.equal(c.period, ref[m].periods.at(-1));
    assert.notEqual(c.delta, '', `${m}: a change against the period before`);
    const [last, before] = [ref[m].y.at(-1), ref[m].y.at(-8)];
    assert.equal(c.compare, `vs ${weekBefore}`, `${m}: against the same weekday a week before`);
    if (m !== 'stickiness' && last !== before) assert.equal(c.delta[0], last > before ? '+' : '-', `${m}: ${last} against ${before}`);
  }
  const active = await drawn(page, 'active');
  assert.deepEqual(active.periods, ref.dau.periods);
  assert.equal(active.periods[0], RANGE_90D.from, 'the range starts the days');
  assert.deepEqual(active.series.mau, ref.mau.y);
  assert.deepEqual((await drawn(page, 'new')).series.new_users, ref.new_users.y);
  assert.deepEqual((await drawn(page, 'stickiness')).series.stickiness, ref.stickiness.y);
  const life = await drawn(page, 'lifecycle');
  assert.deepEqual(life.periods, ref.life.periods);
  for (const k of ['new', 'returning', 'resurrecting', 'dormant']) assert.deepEqual(life.series[k], ref.life[k], k);
  // dormant is drawn below zero, the rest stacked above
  assert.deepEqual(life.down, ref.life.dormant.map((v) => -v));
  assert.deepEqual(life.up, ref.life.new.map((v, i) => v + ref.life.returning[i] + ref.life.resurrecting[i]));
  const rows = await page.$$eval('#users [data-chart="days"] .days-row', (els) => els.map((e) => Number(e.dataset.users)));
  assert.deepEqual(rows, ref.days.days.at(-1), 'the latest week by active days');
  assert.equal(rows.length, 7);
  await page.waitForTimeout(300);
  await page.screenshot({ path: shotPath('users.png'), fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a preset and a filter change the numbers and the hash keeps them', async () => {
  const page = await openView(browser, site, '#demo&view=users', READY);
  const dau90 = (await cardValue(page, 'dau')).value;
  await page.click('#filter-bar [data-preset="30d"]');
  await waitFor(page, (from) => document.querySelector('#users [data-chart="lifecycle"]').chart?.periods[0] === from, RANGE_30D.from);
  assert.deepEqual((await drawn(page, 'lifecycle')).series.returning, ref.life30.returning);
  assert.match(await page.evaluate(() => location.hash), /range=30d/);

  await page.click('#filter-bar .filter-add');
  await page.selectOption('#filter-bar [data-filter="column"]', 'plan');
  await waitFor(page, () => [...document.querySelectorAll('#filter-bar datalist option')].some((o) => o.value === 'Pro'));
  await page.fill('#filter-bar [data-filter="value"]', 'Pro');
  await page.click('#filter-bar .filter-apply');
  await waitFor(page, (v) => document.querySelector('#users [data-metric="dau"]').dataset.value !== v, dau90);
  assert.equal(Number((await cardValue(page, 'dau')).value), ref.dauPro30.y.at(-1), 'DAU of the Pro plan');
  assert.ok(ref.dauPro30.y.at(-1) < Number(dau90), 'a filter keeps fewer users');
  assert.match(await page.evaluate(() => location.hash), /f=plan:Pro/);
  assert.equal(await page.textContent('#filter-bar .filter-chip-val'), 'Pro');

  await page.click('#users [data-grain="week"]');
  await waitFor(page, (n) => document.querySelector('#users [data-chart="lifecycle"]').chart?.periods.length === n, ref.lifeWeekPro30.periods.length);
  assert.deepEqual((await drawn(page, 'lifecycle')).series.new, ref.lifeWeekPro30.new);

  await page.reload();
  await page.waitForSelector(READY, { timeout: 40000 });
  await waitFor(page, (v) => document.querySelector('#users [data-metric="dau"]').dataset.value === v, String(ref.dauPro30.y.at(-1)));
  assert.equal(await page.getAttribute('#filter-bar [data-preset="30d"]', 'aria-pressed'), 'true', 'the hash keeps the range');
  assert.equal(await page.textContent('#filter-bar .filter-chip-col'), 'plan', 'and the filter');
  await page.screenshot({ path: shotPath('users-filtered.png'), fullPage: true });

  await page.click('#filter-bar .filter-chip-x');
  await waitFor(page, () => !document.querySelector('#filter-bar .filter-chip'));
  assert.doesNotMatch(await page.evaluate(() => location.hash), /f=/);
  await page.click('#filter-bar [data-preset="custom"]');
  assert.ok(await page.isVisible('#filter-bar [data-range="from"]'));
  await page.fill('#filter-bar [data-range="from"]', '2026-09-01');
  await waitFor(page, () => document.querySelector('#users [data-chart="active"]').chart?.periods[0] === '2026-09-01');
  assert.match(await page.evaluate(() => location.hash), /range=2026-09-01~2026-10-31/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a filter on a column of the customers joined to the events', async () => {
  const page = await openView(browser, site, '#demo&view=users', READY);
  const groups = await page.$$eval('#filter-bar [data-filter="column"] optgroup', (gs) => gs.map((g) => [g.label, [...g.children].map((o) => o.value)]));
  assert.deepEqual(groups, [['Event properties', ['distinct_id', 'event', 'processing_ms', 'latency_ms', 'status', 'plan', 'ab_bucket']],
    ['Customer properties', ['channel', 'segment', 'country']]], 'no times, no floats, not the customers\' id');
  await page.click('#filter-bar .filter-add');
  await page.selectOption('#filter-bar [data-filter="column"]', 'country');
  await waitFor(page, () => [...document.querySelectorAll('#filter-bar datalist option')].some((o) => o.value === 'GB'));
  await page.fill('#filter-bar [data-filter="value"]', 'GB');
  await page.press('#filter-bar [data-filter="value"]', 'Enter');
  await waitFor(page, (v) => document.querySelector('#users [data-metric="dau"]').dataset.value === v, String(ref.dauGB.y.at(-1)));
  assert.deepEqual((await drawn(page, 'active')).series.dau, ref.dauGB.y);
  assert.match(await page.evaluate(() => location.hash), /f=country:GB/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Chinese the users view is translated and nothing scrolls sideways', async () => {
  const page = await openView(browser, site, '#demo&view=users', READY);
  await page.selectOption('#lang-select', 'zh-CN');
  assert.equal(await page.textContent('#tab-users'), '用户');
  assert.equal(await page.textContent('#users .view-title'), '用户');
  assert.equal(await page.textContent('#users [data-card="lifecycle"] .card-title'), '生命周期');
  assert.equal(await page.textContent('#filter-bar [data-preset="quarter"]'), '本季度');
  await checkFit(page, '#users', 'users');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without events the users view says what to drop in', async () => {
  const page = await openView(browser, site, '#view=users', 'body[data-state=ready]');
  assert.ok(await page.isVisible('#users .product-empty'));
  assert.match(await page.textContent('#users .product-empty'), /events export/);
  assert.ok(await page.isVisible('#filter-bar'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
