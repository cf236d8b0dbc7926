// workspace-file.test.mjs: "Save workspace" downloads a .lodestar.sqlite
// file; dropped on a fresh page (even one showing the demo) it brings back
// the same datasets, mapping, settings, view and numbers; the native CLI
// reads the downloaded file and prints the page's MRR; the button waits for
// data; a workspace autosaved as a file comes back after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPage, cliNumber, shotPath, DATA, ROOT } from './helpers.mjs';
import { useSite, idle, openAt } from './workspace-helpers.mjs';

const SUBS = join(DATA, 'subscriptions_small.csv');
const EVENTS = join(DATA, 'events_small.csv');
const CLI = join(ROOT, 'build/native/lodestar');

const env = useSite();
const open = (page, hash) => openAt(page, env.site, hash);
const fresh = () => newPage(env.browser, env.site);
let saved = null; // {path, name, shown}: the file the first test downloads, and what its page showed

/* Everything the comparison covers: every KPI card of the overview and the
 * revenue view (value and text), the view, the hash, the settings that
 * differ from their defaults, the datasets and their roles. */
function shown(page) {
  return page.evaluate(() => ({
    kpis: Array.from(document.querySelectorAll('#kpis [data-metric], #revenue [data-metric]'), (el) => [
      el.closest('#kpis') ? 'kpis' : 'revenue', el.dataset.metric, el.dataset.value ?? null, el.dataset.period ?? null,
      el.querySelector('.kpi-value')?.textContent ?? null]),
    view: document.body.dataset.view,
    hash: location.hash,
    settings: Array.from(document.querySelectorAll('#revenue-settings .setting[data-changed]'), (el) => [
      el.dataset.setting, el.querySelector('input, select')?.value]),
    datasets: Array.from(document.querySelectorAll('#datasets tbody tr'), (tr) => [tr.cells[0].textContent, tr.dataset.kind]),
  }));
}

/* Drop file (path) on the page as a user would: a drop event carrying it. */
async function drop(page, path, name) {
  const b64 = readFileSync(path).toString('base64');
  await page.evaluate(([data, fileName]) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], fileName));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [b64, name]);
}

test('save a workspace with a mapping, settings and a view; the download is named after the data', async () => {
  const page = await fresh();
  await open(page);
  assert.equal(await page.isDisabled('[data-testid=save-workspace]'), true, 'nothing to save yet');
  await page.setInputFiles('#file-input', [SUBS, EVENTS]);
  await page.waitForSelector('[data-metric="mrr"][data-value]', { timeout: 60000 });
  await idle(page);
  assert.equal(await page.isDisabled('[data-testid=save-workspace]'), false);
  const mrrBefore = await page.getAttribute('#kpis [data-metric="mrr"]', 'data-value');

  // the mapping: Quantity is not the quantity (Team 29 × 5 counts 29)
  await page.click('#tab-data');
  await page.click('.data-tabs [data-tab="0"]');
  await page.selectOption('.mapping select[name=role][data-column=Quantity]', '');
  await page.click('.mapping [data-action=apply]');
  await page.waitForFunction(() => document.querySelector('.mapping tr[data-column=Quantity]')?.dataset.role === '');
  await idle(page);
  // the settings: money in euros at 0.9 per dollar
  await page.click('#tab-revenue');
  await idle(page);
  await page.click('#revenue-settings summary');
  await page.fill('#setting-rates', 'USD=0.9');
  await page.press('#setting-rates', 'Enter');
  await idle(page);
  await page.fill('#setting-currency', 'eur');
  await page.press('#setting-currency', 'Enter');
  await page.waitForFunction(() => /€/.test(document.querySelector('#revenue [data-metric="mrr"] .kpi-value')?.textContent || ''));
  await idle(page);
  const before = await shown(page);
  assert.notEqual(before.kpis.find(([where, m]) => where === 'kpis' && m === 'mrr')[2], mrrBefore, 'the mapping and the rates changed MRR');
  assert.equal(before.view, 'revenue');
  assert.ok(before.kpis.filter(([, , v]) => v != null).length >= 10, 'the cards compared hold numbers');
  assert.equal(before.datasets.length, 2);
  assert.deepEqual(before.settings.map(([k]) => k).sort(), ['currency', 'rates']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=save-workspace]')]);
  const name = download.suggestedFilename();
  assert.match(name, /^subscriptions_small\+events_small-\d{4}-\d\d-\d\d\.lodestar\.sqlite$/);
  const path = join(ROOT, 'build', name);
  await download.saveAs(path);
  assert.equal(readFileSync(path).subarray(0, 16).toString('latin1'), 'SQLite format 3\u0000');
  saved = { path, name, shown: before };
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the saved file dropped on a fresh page showing the demo brings back the same numbers, view and settings', async () => {
  assert.ok(saved, 'the first test saved a file');
  const page = await fresh();
  await open(page, '#demo');
  await page.waitForSelector('[data-metric="mrr"][data-value]', { timeout: 60000 });
  await idle(page);
  await drop(page, saved.path, saved.name);
  await page.waitForSelector('[data-testid=workspace-notice]', { timeout: 60000 });
  await page.waitForFunction(() => /€/.test(document.querySelector('#revenue [data-metric="mrr"] .kpi-value')?.textContent || ''), null, { timeout: 60000 });
  await idle(page);
  assert.match(await page.textContent('[data-testid=workspace-notice]'), /Opened the workspace .*lodestar\.sqlite: it replaced what was loaded before/);
  const after = await shown(page);
  assert.deepEqual(after, saved.shown);
  assert.ok(!/(^|[#&])demo(&|$)/.test(after.hash), 'the demo is gone from the hash');
  assert.equal(await page.$eval('#dropzone', (el) => el.classList.contains('is-demo')), false);
  // the mapping came with the file, not from this browser's memory (a fresh context)
  await page.click('#tab-data');
  await page.click('.data-tabs [data-tab="0"]');
  assert.equal(await page.getAttribute('.mapping tr[data-column=Quantity]', 'data-role'), '');
  await page.screenshot({ path: shotPath('workspace-reopened.png') });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the CLI reads the downloaded workspace: its MRR is the page’s', { skip: !existsSync(CLI) && 'build/native/lodestar is not built' }, () => {
  assert.ok(saved, 'the first test saved a file');
  const out = execFileSync(CLI, ['metric', 'mrr', saved.path], { encoding: 'utf8' }).trim().split('\n');
  const [period, value] = out[out.length - 1].split(',');
  const [, , pageValue, pagePeriod] = saved.shown.kpis.find(([where, m]) => where === 'revenue' && m === 'mrr');
  assert.equal(cliNumber(value), Number(pageValue), `CLI ${value} vs page ${pageValue}`);
  assert.equal(period, pagePeriod);
});

test('a workspace the CLI saved (no page in it) opens with its zone and settings', { skip: !existsSync(CLI) && 'build/native/lodestar is not built' }, async () => {
  const path = join(ROOT, 'build', 'cli-saved.lodestar.sqlite');
  execFileSync(CLI, ['save', SUBS, '--out', path, '--tz', 'Asia/Shanghai', '--set', 'currency=EUR', '--set', 'rates=USD=0.9']);
  const out = execFileSync(CLI, ['metric', 'mrr', path], { encoding: 'utf8' }).trim().split('\n');
  const [period, value] = out[out.length - 1].split(',');
  const page = await fresh();
  await open(page, '#view=revenue');
  await page.setInputFiles('#file-input', [path]);
  await page.waitForSelector('[data-testid=workspace-notice]', { timeout: 60000 });
  await page.waitForFunction(() => /€/.test(document.querySelector('#revenue [data-metric="mrr"] .kpi-value')?.textContent || ''), null, { timeout: 60000 });
  await idle(page);
  assert.equal(await page.inputValue('#tz-select'), 'Asia/Shanghai');
  const mrr = await page.$eval('#revenue [data-metric="mrr"]', (el) => [el.dataset.value, el.dataset.period]);
  assert.equal(Number(mrr[0]), cliNumber(value), `page ${mrr[0]} vs CLI ${value}`);
  assert.equal(mrr[1], period);
  assert.equal(await page.getAttribute('body', 'data-view'), 'revenue', 'the page stays where it was');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('autosave keeps your own data as a workspace file and a reload opens it', async () => {
  const page = await fresh();
  await open(page);
  await page.setInputFiles('#file-input', [SUBS]);
  await page.waitForSelector('[data-metric="mrr"][data-value]', { timeout: 60000 });
  await idle(page);
  await page.click('[data-testid=workspace-menu]');
  await page.check('[data-testid=autosave-toggle]');
  await page.waitForFunction(() => /Last saved .*kB/.test(document.querySelector('[data-testid=autosave-status]').textContent), null, { timeout: 20000 });
  const meta = () => page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('lodestar-autosave');
    return JSON.parse(await (await (await dir.getFileHandle('autosave.json')).getFile()).text());
  });
  const first = await meta();
  await page.click('[data-testid=workspace-menu]');
  await page.click('#tab-revenue');
  await idle(page);
  await page.waitForFunction(() => location.hash.includes('view=revenue'));
  await page.waitForTimeout(2500); // the view change is saved too
  const second = await meta();
  assert.match(second.page.hash, /view=revenue/);
  assert.ok(second.at > first.at);
  assert.equal(second.file, first.file, 'a view change saves the page alone, the file stays');
  const before = await shown(page);
  await open(page);
  await page.waitForSelector('[data-testid=workspace-notice]', { timeout: 60000 });
  await page.waitForSelector('#revenue [data-metric="mrr"][data-value]', { timeout: 60000 });
  await idle(page);
  assert.match(await page.textContent('[data-testid=workspace-notice]'), /Restored from this browser’s autosave/);
  assert.deepEqual(await shown(page), before);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
