// share-demo.test.mjs: a share link of the demo opens the same page in a fresh
// browser (same view, range, filter, settings, rules and numbers) and is short;
// a v0 plain-hash link and the committed v1 fixture still open; a damaged link
// says so and opens empty; a link never holds a remembered API key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shotPath, ROOT } from './helpers.mjs';
import { T, useSite, openUrl, share } from './share-helpers.mjs';

const USERS = '#users [data-chart="lifecycle"] canvas';
const env = useSite();
const site = { get url() { return env.site.url; } };
const open = (url, ready, opts) => openUrl(env, url, ready, opts);

const value = (page, sel) => page.$eval(sel, (e) => e.dataset.value);
const waitValue = (page, sel, not) => page.waitForFunction(([s, v]) => {
  const e = document.querySelector(s);
  return e && e.dataset.value !== undefined && e.dataset.value !== v;
}, [sel, not], T);

test('a demo link: view, range, filter, settings and rules open the same in a fresh browser', async () => {
  const page = await open(`${site.url}#demo&view=users`, USERS);
  const dau0 = await value(page, '#users [data-metric="dau"]');
  await page.click('#filter-bar [data-preset="30d"]');
  await page.click('#filter-bar .filter-add');
  await page.selectOption('#filter-bar [data-filter="column"]', 'plan');
  await page.fill('#filter-bar [data-filter="value"]', 'Pro');
  await page.click('#filter-bar .filter-apply');
  await waitValue(page, '#users [data-metric="dau"]', dau0);
  await page.waitForSelector('body[data-state=ready]', T);

  // settings: churn at cancellation, reporting in EUR at 0.9 per USD
  await page.click('#tab-revenue');
  await page.waitForSelector('#revenue [data-metric="mrr"][data-value]', T);
  await page.click('#revenue-settings summary');
  const churn0 = await value(page, '#revenue [data-metric="customer_churn_rate"]');
  await page.selectOption('#setting-churn_at', 'canceled');
  await waitValue(page, '#revenue [data-metric="customer_churn_rate"]', churn0);
  const mrrUsd = await value(page, '#revenue [data-metric="mrr"]');
  await page.fill('#setting-rates', 'USD=0.9');
  await page.press('#setting-rates', 'Enter');
  await page.waitForFunction(() => document.querySelector('#revenue-settings summary').textContent.includes('2'), null, T);
  await page.fill('#setting-currency', 'eur');
  await page.press('#setting-currency', 'Enter');
  await waitValue(page, '#revenue [data-metric="mrr"]', mrrUsd);
  await page.waitForSelector('body[data-state=ready]', T);

  // back on the users view: a link of the demo is short, and its rules are the defaults
  await page.click('#tab-users');
  await page.waitForSelector('body[data-state=ready]', T);
  const short = await share(page);
  assert.ok(short.url.length < 500, `a demo link is ${short.url.length} characters`);
  assert.equal(new URL(short.url).search, '', 'nothing in the query string');
  assert.match(short.items.settings, /churn_at/);
  assert.match(short.items.rulesDefault, /defaults/);

  // own rules: the first rule's value changed and saved
  await page.click('#tab-alerts');
  const card = '#alerts [data-card=rules]';
  await page.waitForSelector('#alerts[data-state=drawn]', T);
  await page.click(`${card} [data-rules-tab=text]`);
  await page.waitForFunction((c) => document.querySelector(`${c} [data-rules=text]`).value.includes('rules'), card, T);
  const doc = JSON.parse(await page.$eval(`${card} [data-rules=text]`, (a) => a.value));
  doc.rules[0].value = 0.8;
  const rules = JSON.stringify(doc, null, 2);
  await page.fill(`${card} [data-rules=text]`, rules);
  await page.click(`${card} [data-rules=save]`);
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('lodestar.rules.')), null, T);
  await page.click('#tab-users');
  await page.waitForSelector('body[data-state=ready]', T);

  const want = {
    dau: await value(page, '#users [data-metric="dau"]'),
    hash: await page.evaluate(() => location.hash),
  };
  const { url, items } = await share(page);
  assert.match(items.rulesCustom, /your own/);
  assert.match(items.view, /Users/);
  assert.match(items.demo, /42/);
  await page.screenshot({ path: shotPath('share-sender.png') });
  await page.click('#tab-revenue');
  await page.waitForSelector('body[data-state=ready]', T);
  want.mrr = await page.$eval('#revenue [data-metric="mrr"]', (e) => [e.dataset.value, e.querySelector('.kpi-value').textContent]);
  want.churn = await value(page, '#revenue [data-metric="customer_churn_rate"]');
  assert.match(want.mrr[1], /€/);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // the recipient: a fresh browser context, nothing remembered
  const got = await open(url, USERS);
  await got.waitForFunction((v) => document.querySelector('#users [data-metric="dau"]')?.dataset.value === v, want.dau, T);
  assert.equal(await got.getAttribute('#filter-bar [data-preset="30d"]', 'aria-pressed'), 'true');
  assert.equal(await got.textContent('#filter-bar .filter-chip-col'), 'plan');
  assert.equal(await got.textContent('#filter-bar .filter-chip-val'), 'Pro');
  const hash = await got.evaluate(() => location.hash);
  assert.match(hash, /(^|[#&])s=1\./, 'the link stays in the hash: a reload opens it again');
  assert.ok(want.hash.replace(/^#/, '').split('&').filter((p) => !p.startsWith('s=')).every((p) => hash.includes(p)), `${hash} keeps ${want.hash}`);
  await got.screenshot({ path: shotPath('share-opened.png') });
  await got.click('#tab-revenue');
  await got.waitForFunction((v) => document.querySelector('#revenue [data-metric="mrr"]')?.dataset.value === v, want.mrr[0], T);
  assert.equal(await got.$eval('#revenue [data-metric="mrr"] .kpi-value', (e) => e.textContent), want.mrr[1]);
  assert.equal(await value(got, '#revenue [data-metric="customer_churn_rate"]'), want.churn);
  assert.equal(await got.inputValue('#setting-churn_at'), 'canceled');
  assert.equal(await got.inputValue('#setting-currency'), 'EUR');
  await got.click('#tab-alerts');
  await got.waitForFunction((r) => Object.entries(localStorage).some(([k, v]) => k.startsWith('lodestar.rules.') && v === r), rules, T);
  assert.deepEqual(got.problems, []);
  await got.context().close();
});

test('a v0 link (the plain hash) opens as before', async () => {
  const page = await open(`${site.url}#demo&view=users&range=30d&f=plan:Pro`, USERS);
  assert.equal(await page.getAttribute('#filter-bar [data-preset="30d"]', 'aria-pressed'), 'true');
  assert.equal(await page.textContent('#filter-bar .filter-chip-val'), 'Pro');
  assert.equal(await page.evaluate(() => document.body.dataset.view), 'users');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the committed v1 fixture opens: its demo, view, range, zone and settings', async () => {
  const token = readFileSync(join(ROOT, 'tests/fixtures/share-v1.txt'), 'utf8').trim();
  const page = await open(`${site.url}#s=${token}`, '#revenue [data-metric="mrr"][data-value]');
  // the fixture: demo seed 7 with 2,000 users over 120 days, the revenue view, 30 days,
  // a filter plan:Pro, Asia/Shanghai, churn_at = canceled, currency USD
  await page.waitForFunction(() => document.querySelector('#setting-churn_at')?.value === 'canceled', null, T);
  assert.equal(await page.evaluate(() => document.body.dataset.view), 'revenue');
  assert.equal(await page.inputValue('#tz-select'), 'Asia/Shanghai');
  assert.equal(await page.inputValue('#setting-currency'), 'USD');
  const rows = await page.$$eval('#datasets tbody tr', (rs) => rs.map((r) => r.dataset.kind));
  assert.ok(rows.includes('subscriptions') && rows.includes('events'), rows.join());
  assert.match(await page.evaluate(() => location.hash), /range=30d&f=plan:Pro/);
  // the same numbers as the demo of that seed read directly by the engine
  const mrr = await page.$eval('#revenue [data-metric="mrr"]', (e) => Number(e.dataset.value));
  const ref = await page.evaluate(async () => {
    const { createEngineClient } = await import('./engine-client.js');
    const c = createEngineClient('engine/worker.js');
    await c.init();
    await c.setTimeZone('Asia/Shanghai');
    await c.setSetting('churn_at', 'canceled');
    await c.setSetting('currency', 'USD');
    await c.loadDemo({ seed: 7, users: 2000, days: 120 });
    const r = await c.metric({ metric: 'mrr', grain: 'month' });
    return Array.from(r.y).at(-1);
  });
  assert.equal(mrr, ref);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a damaged link says so and opens the app empty', async () => {
  const token = readFileSync(join(ROOT, 'tests/fixtures/share-v1.txt'), 'utf8').trim();
  for (const bad of [token.slice(0, 40), '1.@@@', '9.AAAA']) {
    const page = await open(`${site.url}#demo&s=${bad}`, null); // no data and a banner: data-state=error
    await page.waitForSelector('#banners .banner', T);
    const text = await page.textContent('#banners .banner-title');
    if (bad.startsWith('9.')) assert.match(text, /newer Lodestar/);
    else assert.match(text, /damaged/);
    assert.equal(await page.$$eval('#datasets tbody tr', (r) => r.length), 0, 'no demo, no data');
    assert.equal(await page.evaluate(() => document.querySelector('#dropzone').classList.contains('is-demo')), false);
    if (bad === '1.@@@') await page.screenshot({ path: shotPath('share-damaged.png') });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('a link never holds a remembered API key', async () => {
  const KEY = 'sk-ant-test-0123456789abcdefSECRET';
  const page = await open(`${site.url}#demo`, '[data-metric="mrr"][data-value]');
  await page.evaluate((k) => localStorage.setItem('lodestar.ai.key.anthropic', k), KEY);
  await page.reload();
  await page.waitForSelector('[data-metric="mrr"][data-value]', T);
  await page.waitForSelector('body[data-state=ready]', T);
  const { url } = await share(page);
  const { decodeShare } = await import(join(ROOT, 'web/share/codec.js'));
  const { state } = await decodeShare(new URL(url).hash.slice(3));
  const text = JSON.stringify(state);
  assert.ok(!url.includes(KEY) && !text.includes(KEY) && !text.includes('SECRET'), 'no key in the link');
  assert.ok(!/lodestar\.ai|anthropic/i.test(text), text);
  assert.deepEqual(Object.keys(state).sort(), ['data', 'mappings', 'page', 'settings']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Chinese the Share button, the dialog and an opened link are translated', async () => {
  const page = await open(`${site.url}#demo&view=revenue`, '#revenue [data-metric="mrr"][data-value]');
  await page.selectOption('#lang-select', 'zh-CN');
  assert.equal((await page.textContent('[data-testid=share]')).trim(), '分享');
  await page.click('[data-testid=share]');
  await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#s=1.'), null, T);
  const texts = await page.$eval('.share-dialog', (d) => d.innerText);
  assert.match(texts, /分享此视图/);
  assert.match(texts, /视图：收入/);
  assert.doesNotMatch(texts, /share\.|\{\w+\}/, 'no key and no placeholder left');
  // focus stays in the dialog; Esc closes it and gives focus back to the button
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.querySelector('.share-dialog').contains(document.activeElement)));
  await page.screenshot({ path: shotPath('share-dialog-zh.png') });
  const url = await page.inputValue('[data-testid=share-link]');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'share');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const got = await open(url, '#revenue [data-metric="mrr"][data-value]', { locale: 'zh-CN' });
  await got.selectOption('#lang-select', 'zh-CN');
  assert.equal(await got.evaluate(() => document.body.dataset.view), 'revenue');
  await got.screenshot({ path: shotPath('share-opened-zh.png') });
  assert.deepEqual(got.problems, []);
  await got.context().close();
});
