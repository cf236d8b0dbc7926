// static-web.test.mjs: build/web as any static host serves it: under a sub-path
// (/sub/lodestar/, as GitHub Pages serves /<repo>/) with every request staying under it,
// the MIME types a host must send, the service worker: a reload with the server gone
// still opens the demo, and an update applies on the next load (the first reload after a
// change still shows the old version, the one after it the new).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shotPath } from './helpers.mjs';
import { serve } from '../../tools/serve.mjs';
import { stamp } from '../../tools/bundle.mjs';
import { WEB, useBrowser, recordingPage, waitReady, kpiValues } from './static-helpers.mjs';

const PREFIX = '/sub/lodestar/';
const ref = useBrowser();

/* Resolves once a service worker is active and controls the page (so its cache is full:
 * the worker activates only after the whole shell is cached). */
function controlled(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    }
    return navigator.serviceWorker.controller.scriptURL;
  });
}

test('served under a sub-path: the demo loads and every request stays under the prefix', async () => {
  const site = await serve({ root: WEB, port: 0, prefix: PREFIX });
  try {
    assert.ok(site.url.endsWith(PREFIX));
    const page = await recordingPage(ref.browser);
    await page.goto(`${site.url}#demo`);
    await waitReady(page);
    await page.screenshot({ path: shotPath('static-subpath.png') });
    const values = await kpiValues(page);
    assert.ok(values.mrr > 0, `mrr ${values.mrr}`);
    const origin = new URL(site.url).origin;
    const outside = page.requests.filter((u) => !u.startsWith(`${origin}${PREFIX}`) && !/^(data|blob):/.test(u));
    assert.deepEqual(outside, [], 'requests outside the prefix');
    for (const f of ['engine/lodestar.wasm', 'engine/worker.js', 'app.js', 'app.css', 'favicon.svg']) { // the bundles (tools/bundle.mjs)
      assert.ok(page.requests.includes(`${site.url}${f}`), `${f} was loaded from under the prefix`);
    }
    assert.deepEqual(page.problems, []);
    await controlled(page); // the service worker registers under the prefix, scope = the prefix
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    assert.equal(scope, site.url);
    await page.context().close();

    const types = { 'index.html': 'text/html', 'app.js': 'text/javascript', 'app.css': 'text/css',
      'engine/lodestar.wasm': 'application/wasm', 'favicon.svg': 'image/svg+xml', 'sw.js': 'text/javascript' };
    for (const [f, type] of Object.entries(types)) {
      const r = await fetch(`${site.url}${f}`, { method: 'HEAD' });
      assert.equal(r.status, 200, f);
      assert.equal(r.headers.get('content-type').split(';')[0], type, f);
    }
    assert.equal((await fetch(new URL('/index.html', site.url))).status, 404, 'nothing outside the prefix');
  } finally {
    await site.close();
  }
});

test('offline: after a first visit, a reload with the server gone opens the demo', async () => {
  const site = await serve({ root: WEB, port: 0 });
  const page = await recordingPage(ref.browser);
  try {
    await page.goto(`${site.url}#demo`);
    await waitReady(page);
    const online = await kpiValues(page);
    await controlled(page);
  } finally {
    await site.close();
  }
  await assert.rejects(fetch(site.url), 'the server is really gone');
  page.problems.length = 0;
  await page.reload();
  await waitReady(page);
  assert.ok((await kpiValues(page)).mrr > 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an update applies on the next load: the first reload shows the old version, the next the new', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lodestar-web-'));
  cpSync(WEB, dir, { recursive: true });
  const site = await serve({ root: dir, port: 0 });
  const page = await recordingPage(ref.browser);
  const build = () => page.evaluate(() => document.documentElement.dataset.build || 'v1');
  try {
    await page.goto(site.url);
    await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
    await controlled(page);
    const v1 = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('lodestar-')));

    // a new version on the server: another index.html, and the build's new stamp in sw.js
    const index = join(dir, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('<html lang="en">', '<html lang="en" data-build="v2">'));
    const { version } = stamp(dir);
    assert.notDeepEqual(v1, [`lodestar-${version}`]);

    await page.reload();
    await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
    assert.equal(await build(), 'v1', 'the first load after the change is still the old version');
    // meanwhile the new version installs, activates and drops the old cache
    await page.evaluate(async (want) => {
      for (const end = Date.now() + 60000; Date.now() < end;) {
        const keys = (await caches.keys()).filter((k) => k.startsWith('lodestar-'));
        if (keys.length === 1 && keys[0] === want) return;
        await new Promise((ok) => setTimeout(ok, 100));
      }
      throw new Error(`the new version's cache ${want} never replaced the old`);
    }, `lodestar-${version}`);

    await page.reload();
    await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
    assert.equal(await build(), 'v2', 'the next load is the new version');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
