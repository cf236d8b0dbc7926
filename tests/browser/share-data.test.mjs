// share-data.test.mjs: share links of your own data. A small file travels
// inside the link (with a mapping changed by hand) and opens with the same
// numbers; a big one (over 32 KB compressed) is asked for by name, kind and
// rows, recognised by its header when chosen, and gives the same numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shotPath, DATA } from './helpers.mjs';
import { T, useSite, openUrl, share as shareDialog } from './share-helpers.mjs';

const env = useSite();
const site = { get url() { return env.site.url; } };
let dir, big, rows;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lodestar-share-'));
  // 6,000 events of 900 users with random ids: random hex deflates to about half its size,
  // so the file is far over 32 KB compressed
  const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const users = Array.from({ length: 900 }, () => `u_${hex(16)}`);
  const names = ['signup', 'login', 'search', 'export', 'upgrade'];
  const start = Date.parse('2026-05-01T00:00:00Z');
  const lines = ['user_id,event,timestamp,session'];
  for (let i = 0; i < 6000; i++) {
    const t = new Date(start + Math.floor(Math.random() * 60 * 86400) * 1000).toISOString().replace('.000Z', 'Z');
    lines.push(`${users[Math.floor(Math.random() * users.length)]},${names[i % names.length]},${t},${hex(12)}`);
  }
  rows = lines.length - 1;
  big = join(dir, 'big_events.csv');
  await writeFile(big, `${lines.join('\n')}\n`);
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const open = (url) => openUrl(env, url);

async function load(page, files) {
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => document.querySelectorAll('#datasets tbody tr').length >= n, files.length, T);
  await page.waitForSelector('body[data-state=ready]', T);
}

/* The link, and what the dialog says it holds as [item, text] pairs. */
async function share(page) {
  const { url, items } = await shareDialog(page);
  return { url, items: Object.entries(items) };
}

const kpis = (page) => page.$$eval('#kpis [data-metric]', (cs) => Object.fromEntries(cs.map((c) => [c.dataset.metric, c.dataset.value ?? null])));
const roles = (page) => page.$$eval('.mapping tr[data-column]', (rs) => Object.fromEntries(rs.map((r) => [r.dataset.column, r.dataset.role || ''])));

test('a small file travels inside the link, with a mapping changed by hand', async () => {
  const page = await open(site.url);
  await load(page, [join(DATA, 'subscriptions_small.csv')]);
  const before = await kpis(page);
  // no quantity role: each subscription counts one seat. The seats beyond the first of those
  // active at the end: sub_3 4 × $29 = 116, sub_6 2 × $29 = 58, sub_8 1 × $490 / 12 = 40.8333…,
  // so MRR falls by 214.8333… (329.5 → 114.6667)
  await page.click('#tab-data');
  await page.waitForSelector('.mapping select[name=role][data-column=Quantity]', T);
  await page.selectOption('.mapping select[name=role][data-column=Quantity]', '');
  await page.click('.mapping [data-action=apply]');
  await page.waitForFunction(() => document.querySelector('.mapping tr[data-column=Quantity]')?.dataset.role === '', null, T);
  await page.waitForSelector('body[data-state=ready]', T);
  await page.click('#tab-overview');
  await page.waitForFunction((v) => document.querySelector('#kpis [data-metric=mrr]').dataset.value !== v, before.mrr, T);
  const want = await kpis(page);
  assert.ok(Math.abs(Number(before.mrr) - Number(want.mrr) - (116 + 58 + 490 / 12)) < 1e-9, `${before.mrr} → ${want.mrr}`);
  await page.click('#tab-data');
  const wantRoles = await roles(page);
  await page.click('#tab-overview');
  const { url, items } = await share(page);
  const inline = items.find(([k]) => k === 'inline');
  assert.match(inline[1], /1 file\(s\) inside the link.*subscriptions_small\.csv/);
  assert.ok(items.some(([k, v]) => k === 'mappings' && /1/.test(v)));
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const got = await open(url);
  await got.waitForFunction((v) => document.querySelector('#kpis [data-metric=mrr]')?.dataset.value === v, want.mrr, T);
  assert.deepEqual(await kpis(got), want);
  assert.deepEqual(await got.$$eval('#datasets tbody tr', (rs) => rs.map((r) => r.querySelector('td').textContent)), ['subscriptions_small.csv']);
  await got.click('#tab-data');
  await got.waitForSelector('.mapping tr[data-column=Quantity]', T);
  assert.deepEqual(await roles(got), wantRoles);
  assert.match(await got.evaluate(() => location.hash), /s=1\./);
  // loading other files drops the link from the hash: a reload no longer opens it
  await load(got, [join(DATA, 'events_small.csv')]);
  assert.doesNotMatch(await got.evaluate(() => location.hash), /s=/);
  // the same link pasted again (a hashchange, no reload) opens it again: its data only
  await got.evaluate((u) => { location.hash = new URL(u).hash; }, url);
  await got.waitForFunction(() => document.querySelectorAll('#datasets tbody tr').length === 1, null, T);
  await got.waitForFunction((v) => document.querySelector('#kpis [data-metric=mrr]')?.dataset.value === v, want.mrr, T);
  assert.deepEqual(got.problems, []);
  await got.context().close();
});

test('a big file: the link asks for it, recognises it by its header, and gives the same numbers', async () => {
  const page = await open(site.url);
  await load(page, [big]);
  await page.click('[data-preset="all"]').catch(() => {}); // the filter bar is on product views only
  const want = await kpis(page);
  assert.ok(want.dau !== null, 'the events give active users');
  const { url, items } = await share(page);
  assert.match(items.find(([k]) => k === 'files')[1], /1 file\(s\) the recipient must drop in/);
  assert.match(items.find(([k]) => k === 'file')[1], /^big_events\.csv \(header signature [0-9a-f]{16}\)$/);
  assert.ok(url.length < 1000, `no rows in the link: ${url.length} characters`);
  await page.click('[data-testid=share]');
  await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#s=1.'), null, T);
  await page.screenshot({ path: shotPath('share-dialog.png') });
  await page.keyboard.press('Escape');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // a file that is not the link's loads too, and the panel says so; stopping drops the link
  let got = await open(url);
  await got.waitForSelector('#share-wait:not([hidden]) tr[data-status=waiting]', T);
  await got.setInputFiles('#file-input', [join(DATA, 'events_small.csv')]);
  await got.waitForSelector('#share-wait [data-extra="events_small.csv"]', T);
  assert.equal(await got.$$eval('#datasets tbody tr', (r) => r.length), 1);
  assert.equal(await got.getAttribute('#share-wait tr[data-file="big_events.csv"]', 'data-status'), 'waiting');
  await got.click('#share-wait [data-action=share-stop]');
  assert.equal(await got.isHidden('#share-wait'), true);
  assert.doesNotMatch(await got.evaluate(() => location.hash), /s=/);
  assert.deepEqual(got.problems, []);
  await got.context().close();

  got = await open(url);
  await got.waitForSelector('#share-wait:not([hidden]) tr[data-status=waiting]', T);
  const row = await got.$eval('#share-wait tr[data-file="big_events.csv"]', (r) => [...r.cells].map((c) => c.textContent));
  assert.deepEqual(row, ['big_events.csv', 'Events', rows.toLocaleString('en-US'), 'Waiting']);
  await got.screenshot({ path: shotPath('share-wait.png') });
  // the same file under another name is recognised by its header
  const renamed = join(dir, 'renamed.csv');
  await writeFile(renamed, await (await import('node:fs/promises')).readFile(big));
  await got.setInputFiles('#file-input', [renamed]);
  await got.waitForSelector('#share-wait', { state: 'hidden', ...T });
  await got.waitForFunction((v) => document.querySelector('#kpis [data-metric=dau]')?.dataset.value === v, want.dau, T);
  await got.waitForSelector('body[data-state=ready]', T);
  assert.deepEqual(await kpis(got), want);
  assert.match(await got.evaluate(() => location.hash), /s=1\./);
  assert.deepEqual(got.problems, []);
  await got.context().close();
});
