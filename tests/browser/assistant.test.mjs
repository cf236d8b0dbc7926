// assistant.test.mjs: the Assistant view with a model, against the mock LLM
// server (tests/mock/llm-server.mjs) on the demo: the round trip question →
// preview → get_metric run in the page → streamed answer for the Anthropic
// and the OpenAI wire; nothing sent before the user asks; the key kept out
// of localStorage unless remembered and never in the URL; the messages of a
// wrong key and of a server refusing browser calls; a screenshot of the
// conversation in English and Chinese (build/screenshots/assistant-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, shotPath, workerOps, ROOT } from './helpers.mjs';
import { startMockLlm } from '../mock/llm-server.mjs';

const en = (await import(join(ROOT, 'web/i18n/en.js'))).default;
const zh = (await import(join(ROOT, 'web/i18n/zh-CN.js'))).default;
const ANSWER = '[data-testid=ai-answer]';
const DONE = `${ANSWER}[data-done=true]`;
let site, browser, mock, refused, mrr;

before(async () => {
  [site, browser, mock, refused] = await Promise.all([startSite(), launchBrowser(), startMockLlm(), startMockLlm({ cors: false })]);
  const page = await newPage(browser, site);
  await page.goto(site.url);
  const [r] = await workerOps(page, [['metric', { metric: 'mrr' }]]);
  mrr = r.y[r.y.length - 1];
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await Promise.all([site?.close(), mock?.close(), refused?.close()]);
});

/* The Assistant view on the demo; sent: every request of the page to a mock. */
async function open({ locale = 'en', allow = [mock.url] } = {}) {
  const page = await newPage(browser, site, { width: 1280, height: 900, allow });
  if (locale !== 'en') await page.addInitScript((l) => localStorage.setItem('lodestar.locale', l), locale);
  page.sent = [];
  const mocks = allow.map((u) => new URL(u).origin);
  page.on('request', (r) => { if (mocks.some((o) => r.url().startsWith(o))) page.sent.push(r.url()); });
  await page.goto(`${site.url}#demo&view=assistant`);
  await page.waitForSelector('#assistant .ai-layout:not([hidden]) [data-testid=ai-question]', { timeout: 60000 });
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  return page;
}

async function configure(page, { provider, baseUrl, model = 'mock-model', key, remember = false }) {
  await page.selectOption('[data-testid=ai-provider]', provider);
  await page.fill('[data-testid=ai-base-url]', baseUrl);
  await page.fill('[data-testid=ai-model]', model);
  if (remember) await page.check('[data-testid=ai-remember]');
  await page.fill('[data-testid=ai-key]', key);
  await page.locator('[data-testid=ai-model]').focus(); // the fields' change events
}

/* Ask q and confirm the preview; the preview's texts before it is confirmed. */
async function askAndConfirm(page, q) {
  await page.fill('[data-testid=ai-question]', q);
  await page.click('[data-testid=ai-send]');
  await page.waitForSelector('[data-testid=ai-preview]:not([hidden])', { timeout: 30000 });
  const shown = await page.$eval('[data-testid=ai-preview]', (p) => ({
    system: p.querySelector('[data-preview=system]').textContent,
    tools: [...p.querySelectorAll('[data-preview=tools] li')].map((li) => li.textContent),
    question: p.querySelector('[data-preview=question]').textContent }));
  await page.evaluate(() => { // the answer's text lengths as they stream in
    window.seen = [];
    new MutationObserver(() => {
      const a = document.querySelector('[data-testid=ai-answer] .ai-text');
      if (a && window.seen[window.seen.length - 1] !== a.textContent.length) window.seen.push(a.textContent.length);
    }).observe(document.getElementById('assistant'), { subtree: true, childList: true, characterData: true });
  });
  await page.click('[data-testid=ai-preview-confirm]');
  await page.waitForSelector(DONE, { timeout: 60000 });
  return shown;
}

/* The text of the tool result the second request carries, by wire. */
function toolResult(req) {
  for (const m of req.body.messages) {
    if (m.role === 'tool') return m.content; // OpenAI
    if (Array.isArray(m.content)) {
      const r = m.content.find((c) => c.type === 'tool_result');
      if (r) return typeof r.content === 'string' ? r.content : r.content.map((c) => c.text).join('');
    }
  }
  return null;
}

async function roundTrip(wire) {
  const page = await open();
  mock.reset();
  const key = `sk-test-${wire}-42`;
  const anthropic = wire === 'anthropic';
  await configure(page, { provider: wire, baseUrl: anthropic ? mock.url : `${mock.url}/v1`, key });
  assert.deepEqual(page.sent, [], 'nothing goes to the provider on loading, choosing it or typing the key');
  assert.equal(mock.requests.length, 0);

  const shown = await askAndConfirm(page, 'What is our MRR?');
  assert.equal(shown.question, 'What is our MRR?');
  assert.ok(shown.tools.includes('get_metric') && shown.tools.includes('run_sql'), shown.tools.join(','));
  assert.match(shown.system, /"aggregates"/, 'the context JSON is in the system text shown');

  assert.equal(mock.requests.length, 2, 'one request for the tool call, one for the answer');
  const [first, second] = mock.requests;
  assert.equal(first.path, anthropic ? '/v1/messages' : '/v1/chat/completions');
  if (anthropic) {
    assert.equal(first.headers['x-api-key'], key);
    assert.equal(first.headers['anthropic-version'], '2023-06-01');
    assert.equal(first.headers['anthropic-dangerous-direct-browser-access'], 'true');
    assert.equal(first.body.system, shown.system, 'the system text sent is the one shown');
  } else {
    assert.equal(first.headers.authorization, `Bearer ${key}`);
    assert.equal(first.body.messages[0].content, shown.system, 'the system text sent is the one shown');
  }
  assert.equal(first.body.stream, true);
  assert.equal(first.body.model, 'mock-model');
  // the page ran get_metric on its engine: the result holds the demo's MRR
  const result = JSON.parse(toolResult(second));
  assert.equal(result.metric, 'mrr');
  assert.equal(result.latest.value, mrr, 'the tool result is the engine\'s MRR, as the worker\'s own metric op');

  const answer = await page.$eval(DONE, (a) => ({
    text: a.querySelector('.ai-text')?.textContent || '', mode: a.dataset.mode,
    fold: a.querySelector('details.ai-tool[data-tool=get_metric]')?.dataset.state,
    folded: !a.querySelector('details.ai-tool').open }));
  assert.equal(answer.mode, 'model');
  assert.match(answer.text, /From get_metric: mrr latest value/);
  assert.ok(answer.text.includes(String(mrr)), `the answer quotes ${mrr}: ${answer.text}`);
  assert.equal(answer.fold, 'done', 'the tool call is shown, with its result');
  assert.ok(answer.folded, 'folded');
  const seen = await page.evaluate(() => window.seen.filter((n) => n > 0));
  assert.ok(seen.length >= 2, `the text streamed in (lengths seen: ${seen})`);
  assert.ok(!page.url().includes(key), 'the key is not in the URL');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes(key), 'the key is not stored unless remembered');
  assert.deepEqual(page.problems, []);
  return page;
}

test('Anthropic wire: question, preview, get_metric run in the page, streamed answer', async () => {
  const page = await roundTrip('anthropic');
  await page.click(`${ANSWER} details.ai-tool summary`); // unfolded for the picture
  await page.screenshot({ path: shotPath('assistant-en.png'), fullPage: false });
  await page.context().close();
});

test('OpenAI wire: question, preview, get_metric run in the page, streamed answer', async () => {
  const page = await roundTrip('openai');
  // a second question goes without the preview, with the conversation so far
  const before = mock.requests.length;
  await page.fill('[data-testid=ai-question]', 'And the churn?');
  await page.click('[data-testid=ai-send]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=ai-answer][data-done=true]').length === 1 &&
    document.querySelectorAll('.ai-bot').length === 2, null, { timeout: 60000 });
  assert.equal(await page.isHidden('[data-testid=ai-preview]'), true);
  const next = mock.requests[before];
  assert.ok(next.body.messages.length > 3, 'the conversation so far goes with it');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the key is stored only when remembered, and forget removes it', async () => {
  const page = await open();
  const key = 'sk-test-remember-me';
  await configure(page, { provider: 'openai', baseUrl: `${mock.url}/v1`, key, remember: true });
  const stored = () => page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok((await stored()).includes(key), 'remembered: in localStorage');
  await page.click('[data-testid=ai-forget]');
  assert.ok(!(await stored()).includes(key), 'forgotten: gone from localStorage');
  assert.equal(await page.inputValue('[data-testid=ai-key]'), '');
  assert.equal(await page.isChecked('[data-testid=ai-remember]'), false);
  assert.ok(!page.url().includes(key));
  assert.deepEqual(page.sent, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('"Generate insights" shows the movers and the monitor in what will be sent; cancel sends nothing', async () => {
  const page = await open();
  mock.reset();
  await configure(page, { provider: 'anthropic', baseUrl: mock.url, key: 'sk-test-insights' });
  await page.click('[data-prompt=insights]');
  await page.waitForSelector('[data-testid=ai-preview]:not([hidden])', { timeout: 30000 });
  const system = await page.$eval('[data-preview=system]', (p) => p.textContent);
  assert.match(system, /"movers"/);
  assert.match(system, /"monitor"/);
  assert.doesNotMatch(system, /"samples"/, 'no rows unless switched on');
  await page.check('[data-testid=ai-rows]');
  await page.waitForSelector('[data-testid=ai-preview][data-state=ready]');
  assert.match(await page.$eval('[data-preview=system]', (p) => p.textContent), /"samples"/, 'rows when switched on');
  await page.click('[data-testid=ai-preview] .ai-preview-actions .btn:not(.btn-primary)');
  assert.equal(await page.isHidden('[data-testid=ai-preview]'), true);
  assert.deepEqual(page.sent, []);
  assert.equal(mock.requests.length, 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/* The problems the browser reports for a refused call, which the test
 * provokes: the 401, the CORS refusal, and the 404 the no-cors probe (a GET
 * of the same URL) gets from the mock. */
const expected = (p) => /HTTP 40[14] |status of 40[14]|CORS|Failed to fetch|ERR_FAILED/.test(p);

test('a wrong key says so', async () => {
  const page = await open();
  await configure(page, { provider: 'anthropic', baseUrl: mock.url, key: 'sk-wrong' });
  await askAndConfirm(page, 'What is our MRR?');
  const a = await page.$eval(DONE, (x) => ({ error: x.dataset.error, text: x.querySelector('.ai-error')?.textContent }));
  assert.equal(a.error, 'auth');
  assert.equal(a.text, en['ai.error.auth']);
  assert.deepEqual(page.problems.filter((p) => !expected(p)), []);
  await page.context().close();
});

test('a server that refuses browser calls (no CORS) says so', async () => {
  const page = await open({ allow: [refused.url] });
  await configure(page, { provider: 'openai', baseUrl: `${refused.url}/v1`, key: 'sk-test-cors' });
  await askAndConfirm(page, 'What is our MRR?');
  const a = await page.$eval(DONE, (x) => ({ error: x.dataset.error, text: x.querySelector('.ai-error')?.textContent }));
  assert.equal(a.error, 'cors');
  assert.equal(a.text, en['ai.error.cors']);
  assert.match(a.text, /does not accept calls from a browser page/);
  assert.deepEqual(page.problems.filter((p) => !expected(p)), []);
  await page.context().close();
});

test('in Chinese: the page, the preview and the answer (screenshot)', async () => {
  const page = await open({ locale: 'zh-CN' });
  mock.reset();
  await configure(page, { provider: 'anthropic', baseUrl: mock.url, key: 'sk-test-zh' });
  const shown = await askAndConfirm(page, '流失率是多少？');
  assert.equal(shown.question, '流失率是多少？');
  assert.equal(await page.$eval('#assistant .ai-chat .card-title', (h) => h.textContent), zh['ai.title']);
  const result = JSON.parse(toolResult(mock.requests[1]));
  assert.equal(result.metric, 'customer_churn_rate');
  assert.match(await page.$eval(DONE, (a) => a.textContent), /From get_metric: customer_churn_rate/);
  await page.screenshot({ path: shotPath('assistant-zh-CN.png'), fullPage: false });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
