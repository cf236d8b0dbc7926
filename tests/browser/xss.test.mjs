// xss.test.mjs: loaded data is untrusted. A CSV whose file name, headers and
// cells hold HTML and script is shown as text everywhere: every view of
// web/views.js VIEWS (tables, pickers, legends, tooltips under the pointer),
// the mapping panel, the assistant's offline answer, the report preview and the downloaded report;
// window.__xss is never set and the payloads read literally on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openApp, showView, settle, VIEWS } from './theme-helpers.mjs';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';
const FILE = `${IMG}.csv`;

/* Events of 40 users over 60 days: event names, a property's values and a
 * header that are payloads. */
function hostileCsv() {
  const rows = [`distinct_id,event,timestamp,plan,"${IMG}"`];
  const day = Date.UTC(2025, 0, 1);
  for (let d = 0; d < 60; d++) {
    for (let u = 0; u < 40; u += 1 + (d % 3)) {
      const at = new Date(day + d * 86400000 + u * 60000).toISOString();
      const ev = [IMG, SCRIPT, 'signup', 'purchase'][(u + d) % 4];
      rows.push(`u${u},"${ev}",${at},"${u % 2 ? SCRIPT : IMG}","${u % 3 ? IMG : SCRIPT}"`);
    }
  }
  return `${rows.join('\n')}\n`;
}

const ctx = useSite();

/* Nothing the payloads would have made: no flag, no element of theirs. */
async function assertInert(page, where) {
  const found = await page.evaluate(() => ({
    flag: window.__xss,
    img: document.querySelectorAll('img[src="x"]').length,
    script: [...document.scripts].filter((s) => s.textContent.includes('__xss')).length,
  }));
  assert.deepEqual(found, { flag: undefined, img: 0, script: 0 }, where);
}

/* Move the pointer over every chart of the page (tooltips, legends' values). */
async function hoverCharts(page) {
  const boxes = await page.$$eval('.u-over, canvas, svg.paths-svg', (els) => els
    .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 20 && r.height > 20)
    .map((r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width })));
  for (const b of boxes.slice(0, 12)) {
    for (const dx of [-0.3, 0, 0.3]) await page.mouse.move(b.x + dx * b.w, b.y);
  }
}

test('a hostile file name, headers and cells show as text in every view, the assistant and the report', async () => {
  const page = await openApp(ctx.browser, ctx.site, { hash: '' });
  await page.setInputFiles('#file-input', { name: FILE, mimeType: 'text/csv', buffer: Buffer.from(hostileCsv()) });
  await page.waitForFunction((f) => document.body.dataset.state === 'ready' && document.querySelector('#datasets tbody')?.textContent.includes(f), FILE, { timeout: 60000 });
  await settle(page);
  assert.ok((await page.innerText('#datasets')).includes(FILE), 'the file name reads literally');

  for (const view of VIEWS) {
    await showView(page, view);
    await page.evaluate(() => window.scrollTo(0, 0));
    await hoverCharts(page);
    await assertInert(page, view);
  }

  // the mapping panel names the hostile header literally
  await showView(page, 'data');
  const data = await page.innerText('#data');
  assert.ok(data.includes(IMG), 'the header reads literally in the mapping panel');

  // the event pickers hold the payloads as text
  const options = await page.$$eval('option', (os) => os.map((o) => o.textContent));
  assert.ok(options.includes(IMG) && options.includes(SCRIPT), 'event names read literally in the pickers');

  // the assistant's offline answer to a question holding the payloads
  await showView(page, 'assistant');
  await page.waitForSelector('#assistant [data-testid=ai-question]', { timeout: 30000 });
  await page.fill('[data-testid=ai-question]', `How many ${IMG} events? ${SCRIPT}`);
  await page.click('[data-testid=ai-send]');
  await page.waitForFunction((s) => document.querySelector('#assistant').innerText.includes(s), SCRIPT, { timeout: 30000 });
  await settle(page);
  await assertInert(page, 'assistant');

  // the downloaded report (reports view) escapes what it names, and so does its preview
  // (the page's CSP lets no fetch read a blob: URL, so the Blob is kept as it is made)
  await showView(page, 'reports');
  await settle(page);
  await assertInert(page, 'reports');
  await page.evaluate(() => {
    const make = URL.createObjectURL;
    window.blobsMade = [];
    URL.createObjectURL = (b) => { window.blobsMade.push(b); return make.call(URL, b); };
  });
  await page.click('[data-report=download]');
  await page.waitForFunction(() => document.querySelector('[data-report=link]')?.href.startsWith('blob:'), null, { timeout: 60000 });
  const report = await page.evaluate(() => window.blobsMade.at(-1).text());
  assert.ok(report.length > 100, 'a report was made');
  assert.ok(!report.includes(IMG) && !report.includes(SCRIPT), 'the report holds no raw payload');
  const shown = await ctx.browser.newPage();
  await shown.setContent(report);
  assert.equal(await shown.evaluate(() => window.__xss), undefined, 'the report does not run the payloads');
  await shown.close();

  await assertInert(page, 'the end');
  assert.deepEqual(page.problems.filter((p) => !p.includes('/x')), []);
  await page.context().close();
});

test('the check catches markup that runs: the same payload through innerHTML sets the flag', async () => {
  const page = await openApp(ctx.browser, ctx.site, { hash: '' });
  await page.evaluate((html) => { const d = document.createElement('div'); d.innerHTML = html; document.body.append(d); }, IMG);
  await page.waitForFunction(() => document.querySelectorAll('img[src="x"]').length === 1);
  await assert.rejects(assertInert(page, 'probe'), /img/);
  await page.context().close();
});
