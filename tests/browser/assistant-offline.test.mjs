// assistant-offline.test.mjs: the Assistant view without a key, on the demo:
// the ask op's answer (the worker's own, as reference) shown with the
// metric, its value, a chart and the note that a key gives free-form
// answers, in English and in Chinese; "Explain this metric" on a KPI card;
// no request leaves the page. Screenshot: build/screenshots/assistant-offline-zh-CN.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, shotPath, workerOps, ROOT } from './helpers.mjs';

const en = (await import(join(ROOT, 'web/i18n/en.js'))).default;
const zh = (await import(join(ROOT, 'web/i18n/zh-CN.js'))).default;
const DONE = '[data-testid=ai-answer][data-done=true]';
const Q_EN = 'What is our churn rate? Should we worry?';
const Q_ZH = '流失率是多少？';
let site, browser, ref;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
  const page = await newPage(browser, site);
  await page.goto(site.url);
  ref = await workerOps(page, [['ask', { question: Q_EN }], ['ask', { question: Q_ZH }]]);
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(hash, locale = 'en') {
  const page = await newPage(browser, site, { width: 1280, height: 900 });
  if (locale !== 'en') await page.addInitScript((l) => localStorage.setItem('lodestar.locale', l), locale);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  return page;
}

async function askOffline(page, q) {
  await page.waitForSelector('#assistant .ai-layout:not([hidden]) [data-testid=ai-question]', { timeout: 60000 });
  await page.fill('[data-testid=ai-question]', q);
  await page.click('[data-testid=ai-send]');
  await page.waitForSelector(`${DONE} .ai-chart[data-state=drawn] canvas`, { timeout: 60000 });
  return page.$eval(DONE, (a) => ({
    mode: a.dataset.mode, metric: a.querySelector('.ai-offline')?.dataset.metric, value: a.querySelector('.ai-offline')?.dataset.value,
    title: a.querySelector('.ai-offline-title')?.textContent, shown: a.querySelector('.ai-offline-value strong')?.textContent,
    note: a.querySelector('.ai-keynote')?.textContent, preview: !document.querySelector('[data-testid=ai-preview]').hidden }));
}

test('without a key, "What is our churn rate? Should we worry?" is answered offline', async () => {
  const page = await open('#demo&view=assistant');
  const want = ref[0];
  assert.equal(want.metric, 'customer_churn_rate');
  const a = await askOffline(page, Q_EN);
  assert.equal(a.mode, 'offline');
  assert.equal(a.preview, false, 'nothing to preview: nothing is sent');
  assert.equal(a.metric, 'customer_churn_rate');
  assert.equal(a.title, en['metric.customer_churn_rate.label']);
  assert.equal(Number(a.value), want.latest.value, 'the value is the engine\'s');
  assert.match(a.shown, /^\d+(\.\d)?%$/, `a ratio shown as a percentage: ${a.shown}`);
  assert.equal(a.note, en['ai.answer.keyNote']);
  const rules = await page.$$eval(`${DONE} .ai-rules li`, (li) => li.map((x) => x.dataset.rule));
  assert.deepEqual(rules, (want.rules || []).map((r) => r.id), 'the rules on the metric, judged');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Chinese, 流失率是多少？ is answered offline in Chinese (screenshot)', async () => {
  const page = await open('#demo&view=assistant', 'zh-CN');
  const a = await askOffline(page, Q_ZH);
  assert.equal(a.metric, ref[1].metric);
  assert.equal(a.metric, 'customer_churn_rate');
  assert.equal(a.title, zh['metric.customer_churn_rate.label']);
  assert.equal(Number(a.value), ref[1].latest.value);
  assert.equal(a.note, zh['ai.answer.keyNote']);
  await page.screenshot({ path: shotPath('assistant-offline-zh-CN.png'), fullPage: false });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('"Explain this metric" on a KPI card opens the assistant with its answer', async () => {
  const page = await open('#demo');
  await page.waitForSelector('[data-metric=mrr].is-ok .kpi-ask');
  await page.click('[data-metric=mrr] .kpi-ask');
  await page.waitForSelector(`${DONE} .ai-offline`, { timeout: 60000 });
  assert.equal(await page.evaluate(() => document.body.dataset.view), 'assistant');
  assert.equal(await page.$eval(`${DONE} .ai-offline`, (x) => x.dataset.metric), 'mrr');
  assert.match(await page.$eval('.ai-user-text', (x) => x.textContent), /\(mrr\)/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
