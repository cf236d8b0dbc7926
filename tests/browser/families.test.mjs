// families.test.mjs: the product journey of each events family, dropped on
// the page through the file input, is read as an events dataset of its
// export, and its DAU card shows the last complete day the CLI prints
// (22 March 2026: 2 users; tests/c/test_journey.c works it by hand).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSite, launchBrowser, newPage, cliLast, kpi, DATA } from './helpers.mjs';

const FX = join(DATA, 'fixtures');
// file, its datasets in the page's list, and the events dataset among them
const FAMILIES = [
  ['journey_posthog.csv', ['journey_posthog.csv'], 'journey_posthog.csv'],
  ['journey_mixpanel.jsonl', ['journey_mixpanel.jsonl'], 'journey_mixpanel.jsonl'],
  ['journey_segment.jsonl', ['journey_segment.jsonl'], 'journey_segment.jsonl'],
  ['journey_amplitude.jsonl', ['journey_amplitude.jsonl'], 'journey_amplitude.jsonl'],
  ['journey_ga4.jsonl', ['journey_ga4.jsonl'], 'journey_ga4.jsonl'],
  ['journey.sqlite', ['users', 'events'], 'events'],
];
let site, browser;

before(async () => {
  [site, browser] = await Promise.all([startSite(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

for (const [file, names, events] of FAMILIES) {
  test(`${file} dropped on the page is an events dataset with the CLI's DAU`, async () => {
    const page = await newPage(browser, site);
    await page.goto(site.url);
    await page.waitForSelector('body[data-state=ready]', { timeout: 20000 });
    await page.setInputFiles('#file-input', join(FX, file));
    await page.waitForFunction(() => document.body.dataset.state !== 'loading' && !document.querySelector('.progress-item'));
    assert.deepEqual(await page.$$eval('.banner', (b) => b.map((x) => x.textContent)), []);
    const rows = await page.$$eval('#datasets tbody tr', (trs) => trs.map((tr) => [tr.cells[0].textContent, tr.dataset.kind]));
    assert.deepEqual(rows.map((r) => r[0]), names);
    assert.deepEqual(rows.filter((r) => r[1] === 'events').map((r) => r[0]), [events]);
    const want = await cliLast('dau', [join(FX, file)]);
    assert.deepEqual(want, { period: '2026-03-22', value: '2' });
    await page.waitForSelector('[data-metric="dau"][data-value]');
    const got = await kpi(page, 'dau');
    assert.deepEqual([got.period, Number(got.value)], [want.period, Number(want.value)]);
    await page.close();
  });
}
