// workspace-autosave.test.mjs: autosave in the page (web/autosave.js): off by
// default; on, a reload brings the workspace back with a notice; "forget
// this data" deletes it; two tabs of one browser agree on the toggle and the
// forget, and the last complete save wins; IndexedDB where OPFS is missing;
// no storage at all leaves the toggle disabled with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, kpi, shotPath } from './helpers.mjs';
import { useSite, idle, openAt, openDemo as openDemoAt } from './workspace-helpers.mjs';

const env = useSite();
const open = (page, hash) => openAt(page, env.site, hash);
const fresh = () => newPage(env.browser, env.site);
const openDemo = (page) => openDemoAt(page, env.site);

/* Another tab of page's browser, with the same checks as newPage's. */
async function secondTab(page) {
  const tab = await page.context().newPage();
  tab.problems = [];
  tab.on('pageerror', (e) => tab.problems.push(`pageerror: ${e.message}`));
  tab.on('console', (m) => { if (m.type() === 'error') tab.problems.push(`console: ${m.text()}`); });
  return tab;
}

async function menu(page) {
  if (await page.isHidden('[data-testid=workspace-popover]')) await page.click('[data-testid=workspace-menu]');
  return page.evaluate(() => ({
    on: document.querySelector('[data-testid=autosave-toggle]').checked,
    disabled: document.querySelector('[data-testid=autosave-toggle]').disabled,
    status: document.querySelector('[data-testid=autosave-status]').textContent,
    forget: !document.querySelector('[data-testid=autosave-forget]').hidden,
    hint: document.querySelector('.ws-menu-hint').textContent,
  }));
}

/* Poll the OPFS meta until ok(meta) (20 s at most). */
async function waitMeta(page, ok) {
  for (let i = 0; i < 80; i++) {
    const m = await opfsMeta(page);
    if (ok(m)) return m;
    await page.waitForTimeout(250);
  }
  throw new Error('the autosave did not change');
}

const saved = (page) => page.waitForFunction(() => /Last saved/.test(document.querySelector('[data-testid=autosave-status]').textContent), null, { timeout: 20000 });

/* The meta of the save in OPFS, or null. */
function opfsMeta(page) {
  return page.evaluate(async () => {
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('lodestar-autosave');
      return JSON.parse(await (await (await dir.getFileHandle('autosave.json')).getFile()).text());
    } catch {
      return null;
    }
  });
}

test('autosave is off by default: nothing is kept and a reload opens empty', async () => {
  const page = await fresh();
  await openDemo(page);
  const m = await menu(page);
  assert.equal(m.on, false);
  assert.equal(m.disabled, false);
  assert.match(m.status, /Nothing is saved/);
  assert.equal(m.forget, false);
  await page.waitForTimeout(2500); // longer than autosave's delay
  assert.equal(await opfsMeta(page), null);
  await open(page);
  assert.equal(await page.$$eval('#datasets tbody tr', (r) => r.length), 0);
  assert.equal(await page.$('[data-testid=workspace-notice]'), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('on, a reload brings back the demo and the view with a notice; forget deletes it', async () => {
  const page = await fresh();
  await openDemo(page);
  const mrr = (await kpi(page, 'mrr')).value;
  await page.click('[data-testid=workspace-menu]');
  await page.check('[data-testid=autosave-toggle]');
  await page.click('[data-testid=workspace-menu]'); // close the menu
  await page.click('#tab-users');
  await idle(page);
  await page.waitForFunction(() => location.hash.includes('view=users'));
  await page.waitForTimeout(2500);
  const meta = await opfsMeta(page);
  assert.equal(meta.kind, 'demo');
  assert.deepEqual(meta.demo, { seed: 42, users: 10000, days: 365 });
  assert.match(meta.page.hash, /view=users/);
  assert.equal(typeof meta.tab, 'string');
  assert.ok(Math.abs(meta.at - Date.now()) < 60000, 'tagged with the time of the save');

  await open(page); // no #demo: the autosave opens it
  await page.waitForSelector('[data-testid=workspace-notice]', { timeout: 60000 });
  await idle(page);
  assert.match(await page.textContent('[data-testid=workspace-notice]'), /Restored from this browser’s autosave, .*20\d\d/);
  assert.equal(await page.getAttribute('body', 'data-view'), 'users');
  await page.click('#tab-overview');
  await page.waitForSelector('[data-metric="mrr"][data-value]');
  assert.equal((await kpi(page, 'mrr')).value, mrr);

  const m = await menu(page);
  assert.equal(m.on, true);
  assert.match(m.status, /Last saved/);
  assert.equal(m.forget, true);
  await page.click('[data-testid=autosave-forget]');
  await page.waitForFunction(() => /Nothing is saved/.test(document.querySelector('[data-testid=autosave-status]').textContent));
  const after = await menu(page);
  assert.equal(after.on, false);
  assert.equal(after.forget, false);
  const tomb = await opfsMeta(page);
  assert.deepEqual(Object.keys(tomb).sort(), ['forgotten', 'v'], 'only the tombstone is left');
  await open(page);
  assert.equal(await page.$$eval('#datasets tbody tr', (r) => r.length), 0, 'forgotten: the reload opens empty');
  assert.equal(await page.evaluate(() => localStorage.getItem('lodestar.autosave')), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('two tabs: a toggle and a forget in one show in the other; the last complete save wins', async () => {
  const a = await fresh();
  await openDemo(a);
  const b = await secondTab(a);
  await openDemo(b);
  await b.click('#tab-revenue');
  await idle(b);

  await menu(a);
  await menu(b);
  await a.check('[data-testid=autosave-toggle]');
  await saved(a);
  await b.waitForFunction(() => document.querySelector('[data-testid=autosave-toggle]').checked);
  await saved(b); // b hears of a's save
  const first = await opfsMeta(a);
  await a.screenshot({ path: shotPath('workspace-autosave-two-tabs.png'), clip: { x: 500, y: 0, width: 780, height: 320 } });

  // b changes its view: its save comes after a's and wins
  await b.click('[data-testid=workspace-menu]');
  await b.click('#tab-retention');
  await idle(b);
  const second = await waitMeta(a, (m) => m && m.id !== first.id);
  assert.notEqual(second.tab, first.tab, 'the other tab saved last');
  assert.ok(second.at >= first.at);
  assert.match(second.page.hash, /view=retention/);

  // forget in b: a's menu follows
  await menu(b);
  await b.click('[data-testid=autosave-forget]');
  await a.waitForFunction(() => !document.querySelector('[data-testid=autosave-toggle]').checked
    && document.querySelector('[data-testid=autosave-forget]').hidden);
  assert.match((await menu(a)).status, /Nothing is saved/);
  // a's view changes after the forget: nothing is saved again
  await a.click('[data-testid=workspace-menu]');
  await a.click('#tab-funnels');
  await idle(a);
  await a.waitForTimeout(2500);
  assert.equal((await opfsMeta(a)).forgotten > 0, true);
  assert.deepEqual([...a.problems, ...b.problems], []);
  await a.context().close();
});

test('IndexedDB keeps the save where OPFS is missing', async () => {
  const page = await fresh();
  await page.addInitScript(() => { delete StorageManager.prototype.getDirectory; });
  await openDemo(page);
  await menu(page);
  await page.check('[data-testid=autosave-toggle]');
  await saved(page);
  const rec = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('lodestar-autosave');
    req.onsuccess = () => {
      const get = req.result.transaction('save').objectStore('save').get('current');
      get.onsuccess = () => resolve(JSON.parse(get.result.meta));
      get.onerror = () => reject(get.error);
    };
    req.onerror = () => reject(req.error);
  }));
  assert.equal(rec.kind, 'demo');
  await open(page);
  await page.waitForSelector('[data-testid=workspace-notice]', { timeout: 60000 });
  await page.waitForSelector('[data-metric="mrr"][data-value]', { timeout: 60000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('IndexedDB: a save of the page alone keeps the file\'s bytes', async () => {
  const page = await fresh();
  await open(page);
  const got = await page.evaluate(async () => {
    const { createAutosaveStore, idbBackend } = await import('./autosave-store.js');
    const store = createAutosaveStore(await idbBackend(indexedDB), navigator.locks);
    const bytes = new Uint8Array(300).fill(5);
    bytes.set(new TextEncoder().encode('SQLite format 3\u0000'));
    const first = await store.save({ tab: 't', kind: 'file', page: { hash: 'view=revenue' }, bytes: bytes.buffer, at: 1 });
    const meta = await store.savePage({ tab: 't', page: { hash: 'view=users' }, file: first.file, at: 2 });
    const back = await store.load();
    return { same: meta.file === first.file, page: back.meta.page, size: back.bytes.byteLength, last: new Uint8Array(back.bytes)[299] };
  });
  assert.deepEqual(got, { same: true, page: { hash: 'view=users' }, size: 300, last: 5 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('without OPFS and IndexedDB the toggle is disabled and says why', async () => {
  const page = await fresh();
  await page.addInitScript(() => {
    delete StorageManager.prototype.getDirectory;
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await openDemo(page);
  const m = await menu(page);
  assert.equal(m.disabled, true);
  assert.equal(m.on, false);
  assert.match(m.hint, /no storage for pages/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
