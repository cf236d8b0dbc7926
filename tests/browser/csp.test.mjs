// csp.test.mjs: the page connects only to itself and the assistant's endpoint
// (web/csp.js): a fetch to another origin is blocked by the Content-Security-
// Policy (a securitypolicyviolation event, no request leaves), the endpoint
// saved in the assistant settings is reached, a new endpoint asks to reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './theme-helpers.mjs';

const ENDPOINT = 'https://llm.example.test';
const ctx = useSite();

/* A page whose assistant settings name ENDPOINT (or none); requests to the
 * example hosts are answered here and recorded in page.sent. */
async function open({ configured = true, hash = '' } = {}) {
  const context = await ctx.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  page.sent = [];
  await context.route(/example\.test/, (route) => {
    page.sent.push(route.request().url());
    route.fulfill({ status: 200, body: 'ok', headers: { 'access-control-allow-origin': '*' } });
  });
  if (configured) {
    await page.addInitScript((baseUrl) => localStorage.setItem('lodestar.ai.config',
      JSON.stringify({ provider: 'openai', baseUrl: `${baseUrl}/v1`, model: 'm' })), ENDPOINT);
  }
  await page.goto(`${ctx.site.url}${hash}`);
  await page.waitForSelector('body[data-engine=ready]', { timeout: 60000 });
  return page;
}

/* fetch(url) in the page: {ok, text} or {error, violation: the blocked URI}. */
function tryFetch(page, url) {
  return page.evaluate(async (url) => {
    let violation = null;
    const on = (e) => { violation = e.blockedURI; };
    document.addEventListener('securitypolicyviolation', on);
    try {
      const r = await fetch(url);
      return { ok: r.ok, text: await r.text() };
    } catch (err) {
      await new Promise((r) => setTimeout(r, 50)); // the event follows the rejection
      return { error: String(err), violation };
    } finally {
      document.removeEventListener('securitypolicyviolation', on);
    }
  }, url);
}

test('a fetch to another origin is blocked; the configured endpoint and the page itself are reached', async () => {
  const page = await open();
  const policies = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (ms) => ms.map((m) => m.content));
  assert.equal(policies.length, 2);
  assert.match(policies[1], /^connect-src 'self' .*https:\/\/llm\.example\.test$/);
  const other = await tryFetch(page, 'https://other.example.test/steal?d=1');
  assert.ok(other.error, 'the other origin must not answer');
  assert.match(other.violation, /^https:\/\/other\.example\.test/);
  assert.deepEqual(await tryFetch(page, `${ENDPOINT}/v1/models`), { ok: true, text: 'ok' });
  assert.equal((await tryFetch(page, `${ctx.site.url}index.html`)).ok, true);
  assert.deepEqual(page.sent, [`${ENDPOINT}/v1/models`], 'only the endpoint was asked');
  await page.context().close();
});

test('with no endpoint saved, no https origin is reachable; saving one asks to reload', async () => {
  const page = await open({ configured: false, hash: '#demo&view=assistant' });
  const r = await tryFetch(page, `${ENDPOINT}/v1/models`);
  assert.ok(r.error && r.violation, JSON.stringify(r));
  assert.deepEqual(page.sent, []);
  // the settings save a new endpoint: the page offers a reload, and after it the endpoint is reached
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); return d.message().includes(ENDPOINT) ? d.accept() : d.dismiss(); });
  await page.waitForSelector('[data-testid=ai-base-url]', { timeout: 30000 });
  await page.selectOption('[data-testid=ai-provider]', 'openai');
  await page.fill('[data-testid=ai-base-url]', `${ENDPOINT}/v1`);
  await page.dispatchEvent('[data-testid=ai-base-url]', 'change');
  await page.waitForFunction(() => document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]').length === 2
    && document.querySelector('meta[data-narrow]').content.includes('llm.example.test'), null, { timeout: 30000 });
  assert.ok(dialogs.some((m) => m.includes(ENDPOINT)), dialogs.join('\n'));
  await page.waitForSelector('body[data-engine=ready]', { timeout: 60000 });
  assert.deepEqual(await tryFetch(page, `${ENDPOINT}/v1/models`), { ok: true, text: 'ok' });
  await page.context().close();
});
