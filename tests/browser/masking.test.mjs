// masking.test.mjs: personal data masked on the page (docs/privacy.md), with
// data/fixtures/privacy_customers.csv (name, email, phone, IP, card digits)
// and privacy_events.csv (user ids that are emails): the worker's sql op
// hands out tokens that still join, the Data view shows tokens until "Show
// personal data" is on, and neither an assistant request (the LLM endpoint
// routed with page.route) nor a share link with inline data holds a raw
// email, even while personal data is shown. Screenshots of the Data view in
// English and zh-CN (build/screenshots/masking-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPage, shotPath, workerOps, DATA } from './helpers.mjs';
import { useSite } from './share-helpers.mjs';

const T = { timeout: 60000 };
const FILES = ['privacy_customers.csv', 'privacy_events.csv'].map((f) => join(DATA, 'fixtures', f));
const RAW = ['ann@example.com', 'bo@example.org', 'cy@example.net', 'Ann Lee', '+1 (555) 010-0100', '192.0.2.10'];
const LLM = 'https://llm.example.test';
const env = useSite();
const site = { get url() { return env.site.url; } };

const noRaw = (text, what) => {
  for (const r of RAW) assert.ok(!String(text).includes(r), `${what} holds "${r}"`);
};

/* The page with both fixtures loaded, on the Data view's customers tab. */
async function loaded(page, locale = 'en') {
  if (locale !== 'en') await page.addInitScript((l) => localStorage.setItem('lodestar.locale', l), locale);
  await page.goto(site.url);
  await page.waitForSelector('body:not([data-state=loading])', T);
  await page.setInputFiles('#file-input', FILES);
  await page.waitForFunction(() => document.querySelectorAll('#datasets tbody tr').length >= 2, null, T);
  await page.waitForSelector('body[data-state=ready]', T);
  await page.click('#tab-data');
  await page.click('.data-tab[data-tab="0"]');
  await page.waitForSelector('.privacy-panel [data-testid=privacy-rows] tbody tr', T);
}

const previewCells = (page) => page.$$eval('[data-testid=privacy-rows] tbody td', (tds) => tds.map((td) => td.textContent));

test('the sql op hands out tokens that still join, and raw values only with unmask', async () => {
  const page = await newPage(env.browser, env.site);
  await page.goto(site.url);
  const files = FILES.map((f) => ({ name: f.split('/').pop(), text: readFileSync(f, 'utf8') }));
  const [, masked, join, groups, raw] = await workerOps(page, [
    ['privacy', { salt: '000102030405060708090a0b0c0d0e0f' }],
    ['sql', { query: 'SELECT email, name, phone, ip_address, card_last4 FROM privacy_customers ORDER BY customer_id' }],
    ['sql', { query: 'SELECT count(*) FROM privacy_events e JOIN privacy_customers c ON e.user_id = c.email' }],
    ['sql', { query: 'SELECT user_id, count(*) AS n FROM privacy_events GROUP BY user_id ORDER BY n DESC, user_id' }],
    ['sql', { query: 'SELECT email FROM privacy_customers ORDER BY customer_id', unmask: true }],
  ], { files });
  const out = { masked, join, groups, raw };
  for (const row of out.masked.rows) {
    assert.deepEqual(row.map((v) => v.split(':')[0]), ['email', 'name', 'phone', 'ip', 'card']);
    for (const v of row) assert.match(v, /^[a-z]+:[0-9a-f]{12}$/);
  }
  noRaw(JSON.stringify(out.masked), 'the masked result');
  // events of users who are customers: ann 2, bo 1, cy 2 (eve is none)
  assert.equal(out.join.rows[0][0], 5);
  // GROUP BY the masked user: ann 2, cy 2, bo 1, eve 1
  assert.deepEqual(out.groups.rows.map((r) => r[1]), [2, 2, 1, 1]);
  assert.deepEqual(out.raw.rows.map((r) => r[0]), ['ann@example.com', 'bo@example.org', 'cy@example.net', 'di@example.com']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Data view masks personal data until the user shows it', async () => {
  const page = await newPage(env.browser, env.site, { width: 1280, height: 1100 });
  await loaded(page);
  const badges = await page.$$eval('.mapping .tag.is-pii', (b) => b.map((x) => x.dataset.pii));
  assert.deepEqual(badges, ['name', 'email', 'phone', 'ip', 'card']);
  const masked = await previewCells(page);
  noRaw(masked.join('|'), 'the masked preview');
  assert.ok(masked.some((v) => /^email:[0-9a-f]{12}$/.test(v)), masked.join('|'));
  assert.ok(masked.includes('Pro') && masked.includes('c1'), 'other columns as they are');
  await page.locator('.privacy-panel').screenshot({ path: shotPath('masking-en.png') });
  await page.check('[data-testid=unmask]');
  await page.waitForFunction(() => document.querySelector('[data-testid=privacy-rows]')?.textContent.includes('ann@example.com'), null, T);
  const shown = await previewCells(page);
  assert.ok(shown.includes('Ann Lee') && shown.includes('+1 (555) 010-0100'), shown.join('|'));
  await page.locator('.privacy-panel').screenshot({ path: shotPath('masking-unmasked-en.png') });
  // kept for the session: a reload still shows them
  await page.reload();
  await page.waitForSelector('body:not([data-state=loading])', T);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('lodestar.unmask')), '1');
  await page.uncheck('[data-testid=unmask]').catch(() => {}); // the data is gone after the reload: no panel
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the Data view explains masking in Chinese', async () => {
  const page = await newPage(env.browser, env.site, { width: 1280, height: 1100, locale: 'zh-CN' });
  await loaded(page, 'zh-CN');
  const text = await page.textContent('.privacy-panel');
  assert.match(text, /个人数据/);
  assert.match(text, /令牌/);
  await page.locator('.privacy-panel').screenshot({ path: shotPath('masking-zh-CN.png') });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/* An OpenAI-style stream: a run_sql tool call first, then a short answer. */
function sse(body) {
  const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const toolDone = (body.messages || []).some((m) => m.role === 'tool');
  const out = toolDone
    ? [chunk({ role: 'assistant', content: 'Done.' }), chunk({}, 'stop')]
    : [chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function',
      function: { name: 'run_sql', arguments: JSON.stringify({ query: 'SELECT customer_id, email, name, phone FROM privacy_customers' }) } }] }),
    chunk({}, 'tool_calls')];
  return `${out.join('')}data: [DONE]\n\n`;
}

test('assistant requests and share links carry tokens, even while personal data is shown', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const bodies = [];
  await page.route(`${LLM}/**`, async (route) => {
    const req = route.request();
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' } });
    const body = req.postData() || '';
    bodies.push(body);
    return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream', 'access-control-allow-origin': '*' }, body: sse(JSON.parse(body)) });
  });
  // the endpoint is saved before the page opens: the page's CSP lets it reach that origin only (web/csp.js)
  await page.addInitScript((baseUrl) => {
    if (window.top === window) localStorage.setItem('lodestar.ai.config', JSON.stringify({ provider: 'openai', baseUrl, model: 'mock-model' }));
  }, `${LLM}/v1`);
  await loaded(page);
  await page.check('[data-testid=unmask]');
  await page.waitForFunction(() => document.querySelector('[data-testid=privacy-rows]')?.textContent.includes('ann@example.com'), null, T);

  // the assistant: its context, the SQL tool's result and every request hold tokens only
  await page.click('#tab-assistant');
  await page.waitForSelector('#assistant .ai-layout:not([hidden]) [data-testid=ai-question]', T);
  await page.selectOption('[data-testid=ai-provider]', 'openai');
  await page.fill('[data-testid=ai-base-url]', `${LLM}/v1`);
  await page.fill('[data-testid=ai-model]', 'mock-model');
  await page.fill('[data-testid=ai-key]', 'sk-test-masking');
  await page.locator('[data-testid=ai-model]').focus();
  await page.fill('[data-testid=ai-question]', 'List our customers with their emails');
  await page.click('[data-testid=ai-send]');
  await page.waitForSelector('[data-testid=ai-preview]:not([hidden])', T);
  noRaw(await page.textContent('[data-testid=ai-preview]'), 'the preview of what is sent');
  await page.click('[data-testid=ai-preview-confirm]');
  await page.waitForSelector('[data-testid=ai-answer][data-done=true]', T);
  assert.equal(bodies.length, 2, 'the tool call, then the answer');
  for (const b of bodies) noRaw(b, 'an assistant request');
  assert.match(bodies[1], /email:[0-9a-f]{12}/, 'the SQL tool result reached the model as tokens');

  // a share link with the files inline
  await page.click('#tab-overview');
  await page.click('[data-testid=share]');
  await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#s=1.'), null, T);
  const url = await page.inputValue('[data-testid=share-link]');
  await page.keyboard.press('Escape');
  const shared = await page.evaluate(async (token) => {
    const codec = await import('./share/codec.js');
    const { state } = await codec.decodeShare(token);
    const files = [];
    for (const f of state.data.inline || []) files.push({ name: f.name, text: new TextDecoder().decode(await codec.inflate(codec.b64urlDecode(f.z))) });
    return { page: state.page, files };
  }, url.split('#s=')[1]);
  assert.deepEqual(shared.files.map((f) => f.name), ['privacy_customers.csv', 'privacy_events.csv']);
  for (const f of shared.files) noRaw(f.text, `the link's ${f.name}`);
  assert.match(shared.files[1].text, /^user_id,event,timestamp,amount\nemail:[0-9a-f]{12},signup,/);
  assert.equal(shared.page.salt, undefined, 'the masking key stays home');
  assert.deepEqual(problems, []);
  await context.close();
});
