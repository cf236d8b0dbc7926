// static-single.test.mjs: the single-file build (build/web/lodestar.html) opened from
// file:// loads the demo with the same numbers as the served site, asks for nothing over
// any network (every request is file:, data: or blob:), logs no error, and is photographed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { KPIS, shotPath } from './helpers.mjs';
import { serve } from '../../tools/serve.mjs';
import { referenceIn } from '../../tools/bundle.mjs';
import { WEB, SINGLE, useBrowser, recordingPage, waitReady, kpiValues } from './static-helpers.mjs';

const ref = useBrowser();

test('lodestar.html is one file: no src or href to a file, a strict CSP', () => {
  const html = readFileSync(SINGLE, 'utf8');
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, '');
  assert.equal(referenceIn(markup), null, 'a reference to another file');
  assert.match(markup, /<link rel="icon" href="data:image\/svg\+xml;base64,/);
  assert.doesNotMatch(html, /type="module"|import\s*\(/, 'an ES module import');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/]+=' 'wasm-unsafe-eval';/);
  assert.match(csp, /worker-src blob:/);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /(^|\s)'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  assert.equal((html.match(/<script>/g) || []).length, 1, 'one executable inline script');
});

test('opened from file:// it loads the demo with the served site\'s numbers and no network at all', async () => {
  const page = await recordingPage(ref.browser);
  const started = Date.now();
  await page.goto(`${pathToFileURL(SINGLE).href}#demo`);
  await page.waitForLoadState('domcontentloaded');
  const ms = Date.now() - started + await waitReady(page);
  const got = await kpiValues(page);
  await page.screenshot({ path: shotPath('static-single-file.png'), fullPage: false });
  console.log(`# file:// open to the demo's KPIs: ${ms} ms`);
  for (const k of KPIS) assert.ok(Number.isFinite(got[k]) && got[k] > 0, `${k} = ${got[k]}`);
  const away = page.requests.filter((u) => !/^(file|data|blob):/.test(u));
  assert.deepEqual(away, [], 'requests other than file:, data:, blob:');
  assert.ok(page.requests.some((u) => u.startsWith('blob:')), 'the worker starts from a Blob URL');
  assert.deepEqual(page.problems, []);
  assert.equal(await page.evaluate(() => 'serviceWorker' in navigator && !!navigator.serviceWorker.controller), false);
  await page.context().close();

  // the same demo from the served build (its own worker, engine and wasm files)
  const site = await serve({ root: WEB, port: 0 });
  try {
    const served = await recordingPage(ref.browser, { serviceWorkers: 'block' });
    await served.goto(`${site.url}#demo`);
    await waitReady(served);
    assert.deepEqual(got, await kpiValues(served));
    assert.deepEqual(served.problems, []);
    await served.context().close();
  } finally {
    await site.close();
  }
});
