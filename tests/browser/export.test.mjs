// export.test.mjs: the PNG and CSV exports (web/export.js) on the demo, at a
// device pixel ratio of 2: a chart card's PNG is a real PNG of the card's
// size × 2 whose chart area holds the chart canvas's own pixels and whose
// title and legend are drawn (decoded in the page with createImageBitmap);
// a table's CSV is its rows as shown (compared with the cells' text, column
// spans expanded by the test itself); a column named =HYPERLINK(…) comes out
// escaped; buttons are labelled in the page's language, work from the
// keyboard and are hidden in print. Photographed for review
// (build/screenshots/export-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { shotPath } from './helpers.mjs';
import { useSite } from './share-helpers.mjs';

const DPR = 2;
const DATE = /-\d{4}-\d{2}-\d{2}\.(png|csv)$/;
const env = useSite();

/* A page at DPR × that fails the test on any page or console error. */
async function open(hash, ready) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: DPR, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  await page.goto(`${env.site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  if (ready) await page.waitForSelector(ready, { timeout: 60000 });
  await page.waitForTimeout(300); // the observer's frame; charts settle at their width
  return page;
}

/* Click button (a locator) and read the file it downloads: {name, bytes}. */
async function download(page, button, how = 'click') {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }),
    how === 'click' ? button.click() : button.press('Enter')]);
  return { name: dl.suggestedFilename(), bytes: await readFile(await dl.path()) };
}

/* What a PNG holds, decoded in the page: its size, and for the card's own
 * rectangles (CSS px, relative to the card) what was drawn there. */
async function inspectPng(page, cardSel, bytes) {
  return page.evaluate(async ({ cardSel, b64, dpr }) => {
    const bin = atob(b64);
    const bmp = await createImageBitmap(new Blob([Uint8Array.from(bin, (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const work = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d');
    work.drawImage(bmp, 0, 0);
    const img = work.getImageData(0, 0, bmp.width, bmp.height).data;
    const at = (x, y) => { const i = (y * bmp.width + x) * 4; return [img[i], img[i + 1], img[i + 2], img[i + 3]]; };
    const card = document.querySelector(cardSel);
    const box = card.getBoundingClientRect();
    const bg = at(1, bmp.height - 2);
    const differs = (p, q, tol = 24) => p.some((v, k) => Math.abs(v - q[k]) > tol);
    // share of pixels in el's rectangle that are not the background
    const inked = (el) => {
      const r = el.getBoundingClientRect();
      let n = 0, ink = 0;
      for (let y = Math.round((r.top - box.top) * dpr); y < Math.round((r.bottom - box.top) * dpr); y += 2)
        for (let x = Math.round((r.left - box.left) * dpr); x < Math.round((r.right - box.left) * dpr); x += 2) {
          n++;
          if (differs(at(x, y), bg)) ink++;
        }
      return n ? ink / n : 0;
    };
    // the chart canvas's opaque pixels, sampled, against the PNG at the same place
    const canvas = card.querySelector('canvas');
    let same = 0, opaque = 0;
    if (canvas) {
      const r = canvas.getBoundingClientRect();
      const src = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const ox = Math.round((r.left - box.left) * dpr), oy = Math.round((r.top - box.top) * dpr);
      const visibleW = Math.min(canvas.width, bmp.width - ox), visibleH = Math.min(canvas.height, bmp.height - oy);
      for (let y = 0; y < visibleH; y += 3)
        for (let x = 0; x < visibleW; x += 3) {
          const i = (y * canvas.width + x) * 4;
          if (src[i + 3] !== 255) continue;
          opaque++;
          if (!differs([src[i], src[i + 1], src[i + 2], 255], at(ox + x, oy + y), 8)) same++;
        }
    }
    const colors = new Set();
    for (let i = 0; i < img.length; i += 4 * 97) colors.add(`${img[i] >> 4},${img[i + 1] >> 4},${img[i + 2] >> 4}`);
    const legend = card.querySelector('.u-legend, .heat-legend, .funnel-legend');
    return {
      width: bmp.width, height: bmp.height,
      want: [Math.round(box.width * dpr), Math.round(box.height * dpr)],
      bg, colors: colors.size, opaque, same,
      title: inked(card.querySelector('.card-title')),
      legend: legend ? inked(legend) : null,
      tools: inked(card.querySelector('.export-tools')),
    };
  }, { cardSel, b64: bytes.toString('base64'), dpr: DPR });
}

function assertPng(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/* Check a card's PNG (see the top); returns what the page saw in it. */
async function checkPng(page, cardSel, shot) {
  const button = page.locator(`${cardSel} .export-tools button[data-export=png]`);
  const { name, bytes } = await download(page, button);
  assert.match(name, DATE);
  const [w, h] = assertPng(bytes);
  const seen = await inspectPng(page, cardSel, bytes);
  assert.deepEqual([w, h], seen.want, 'the card\'s size × dpr');
  assert.deepEqual([seen.width, seen.height], [w, h], 'it decodes');
  assert.deepEqual(seen.bg.slice(0, 3), [255, 255, 255], 'the card\'s white background');
  assert.ok(seen.colors >= 6, `not blank: ${seen.colors} colours`);
  assert.ok(seen.opaque > 100, 'the chart canvas has drawn pixels');
  assert.ok(seen.same / seen.opaque > 0.97, `the chart's own pixels: ${seen.same} of ${seen.opaque}`);
  assert.ok(seen.title > 0.02, `the title is drawn (${seen.title})`);
  if (seen.legend != null) assert.ok(seen.legend > 0.01, `the legend is drawn (${seen.legend})`);
  assert.equal(seen.tools, 0, 'the export buttons are not in the picture');
  await writeFile(shotPath(shot), bytes);
  return { name, seen };
}

/* A minimal RFC 4180 reader for the test: rows of fields, the BOM checked. */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'a UTF-8 BOM');
  assert.ok(text.endsWith('\r\n'), 'CRLF after the last record');
  const rows = [];
  let row = [], f = '', q = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; }
    else f += c;
  }
  return rows;
}

/* The table's cells' text, each cell followed by blanks over the rest of its
 * colspan, short rows padded with blanks to the widest (every CSV record
 * has as many fields). */
async function tableText(page, sel) {
  const rows = await page.$eval(sel, (t) => Array.from(t.rows).map((r) => Array.from(r.cells).flatMap((c) =>
    [c.textContent.replace(/\s+/g, ' ').trim(), ...Array(c.colSpan - 1).fill('')])));
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array(width - r.length).fill('')]);
}

async function csvOf(page, cardSel, index = 0) {
  const button = page.locator(`${cardSel} .export-tools button[data-export=csv]`).nth(index);
  const { name, bytes } = await download(page, button);
  assert.match(name, DATE);
  return { name, rows: parseCsv(bytes.toString('utf8')) };
}

test('overview: the MRR chart as PNG, the datasets (Data tab) as CSV, labelled, keyboard usable, hidden in print', async () => {
  const page = await open('#demo', '[data-chart="mrr"] canvas');
  const card = '#chart-mrr';
  const png = page.locator(`${card} button[data-export=png]`);
  assert.equal(await png.getAttribute('aria-label'), 'Export MRR by month as PNG');
  assert.equal((await png.textContent()).trim(), 'PNG');
  // one toolbar per card however often the views redraw
  await page.selectOption('#tz-select', { index: 3 });
  await page.waitForSelector('body[data-state=ready]');
  await page.waitForTimeout(300);
  assert.equal(await page.locator(`${card} .export-tools`).count(), 1);
  assert.equal(await page.locator(`${card} button[data-export]`).count(), 2, 'a chart, no table: PNG and the chart\'s data as CSV');
  assert.equal(await page.locator(`${card} button[data-export=chartcsv]`).getAttribute('aria-label'), 'Export the data of MRR by month as CSV');
  const { name } = await checkPng(page, card, 'export-mrr.png');
  assert.match(name, /^MRR by month-/);
  await page.locator(card).screenshot({ path: shotPath('export-card-en.png') });

  // the datasets table (on the Data tab): its rows as shown; the Details buttons are actions, not data
  await page.click('#tab-data');
  const { name: csvName, rows } = await csvOf(page, '#datasets');
  assert.match(csvName, /^Loaded datasets-/);
  const want = await tableText(page, '#datasets table');
  assert.equal(rows.length, want.length);
  assert.ok(rows.length >= 5, 'a header and the demo datasets');
  rows.forEach((r, i) => assert.deepEqual(r.slice(0, 4), want[i].slice(0, 4), `row ${i}`));
  assert.deepEqual(rows.slice(1).map((r) => r[4]), rows.slice(1).map(() => ''));
  await page.click('#tab-overview');

  // from the keyboard
  await png.focus();
  const byKey = await download(page, png, 'key');
  assertPng(byKey.bytes);

  // in Chinese
  await page.selectOption('#lang-select', 'zh-CN');
  await page.waitForTimeout(300);
  const zhTitle = await page.locator(`${card} .card-title`).textContent();
  assert.match(zhTitle, /[\u4e00-\u9fff]/);
  assert.equal(await png.getAttribute('aria-label'), `将“${zhTitle}”导出为 PNG`);
  await page.evaluate(() => window.scrollTo(0, 0)); // not under the sticky top bar
  await page.locator(card).screenshot({ path: shotPath('export-card-zh-CN.png') });
  const zh = await download(page, png);
  await writeFile(shotPath('export-mrr-zh-CN.png'), zh.bytes);
  assert.match(zh.name, /[\u4e00-\u9fff]/, `a Chinese file name: ${zh.name}`);

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator(`${card} .export-tools`).isVisible(), false, 'hidden in print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('revenue: a chart as PNG and the cohort table as CSV, rows as shown', async () => {
  const page = await open('#demo&view=revenue', '#revenue [data-chart="bridge"] canvas');
  await page.waitForSelector('#revenue [data-card="cohorts"] table', { timeout: 60000 });
  await checkPng(page, '#revenue [data-card="bridge"]', 'export-bridge.png');
  const card = '#revenue [data-card="cohorts"]';
  assert.equal(await page.locator(`${card} button[data-export=png]`).count(), 0, 'a table, no chart: CSV only');
  const { name, rows } = await csvOf(page, card);
  assert.match(name, /^Revenue retention by cohort-/);
  const want = await tableText(page, `${card} table`);
  assert.deepEqual(rows, want);
  // the spanning header: its text in its first column, the others blank
  assert.deepEqual(rows[0].slice(0, 4), ['', '', '', 'Months since first payment']);
  assert.ok(rows[0].slice(4).every((c) => c === ''));
  assert.deepEqual(rows[1].slice(0, 4), ['Cohort', 'Customers', 'Starting MRR', '0']);
  assert.ok(rows.length > 6);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('retention: the canvas heatmap as PNG, clipped to what its scroller shows', async () => {
  const page = await open('#demo&view=retention', '#retention canvas.heatmap-canvas');
  const card = '#retention [data-card="heatmap"]';
  const { seen } = await checkPng(page, card, 'export-heatmap.png');
  assert.ok(seen.legend != null, 'the heat legend is there');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('data view: a column named =HYPERLINK(…) comes out escaped; selects give their chosen option', async () => {
  const page = await open('', null);
  const evil = '=HYPERLINK("https://example.com","click")';
  const csv = `id,"${evil.replace(/"/g, '""')}",amount\r\n1,a,-12.5\r\n2,b,3\r\n`;
  await page.setInputFiles('#file-input', { name: 'links.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.evaluate(() => { location.hash = 'view=data'; });
  await page.waitForSelector('#data tr[data-column="id"]', { timeout: 60000 });
  await page.waitForTimeout(400);
  const { rows } = await csvOf(page, '#data');
  const row = rows.find((r) => r[0].includes('HYPERLINK'));
  assert.ok(row, 'the column is a row of the table');
  assert.equal(row[0], `'${evil}`, 'escaped with an apostrophe');
  const type = await page.$eval('#data tr[data-column="id"] select[name=type]', (s) => s.selectedOptions[0].textContent);
  assert.equal(rows.find((r) => r[0] === 'id')[1], type, 'a select: its chosen option only');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('paths: the SVG flow as PNG, its nodes where the page shows them', async () => {
  const page = await open('#demo&view=funnels&paths.after=signup', '.paths-flow svg');
  const card = '[data-card="paths"]';
  const { name, bytes } = await download(page, page.locator(`${card} button[data-export=png]`));
  assert.match(name, /^Paths-/);
  const [w, h] = assertPng(bytes);
  const seen = await inspectPng(page, card, bytes);
  assert.deepEqual([w, h], seen.want, 'the card\'s size × dpr');
  // the flow's first node (signup, the accent colour) is painted where the page shows it
  const node = await page.evaluate((sel) => {
    const box = document.querySelector(sel).getBoundingClientRect();
    const r = document.querySelector(`${sel} .paths-flow svg rect`).getBoundingClientRect();
    return { x: Math.round((r.left + r.width / 2 - box.left) * 2), y: Math.round((r.top + r.height / 2 - box.top) * 2),
      fill: getComputedStyle(document.querySelector(`${sel} .paths-flow svg rect`)).fill };
  }, card);
  const px = await page.evaluate(async ({ b64, x, y }) => {
    const bin = atob(b64);
    const bmp = await createImageBitmap(new Blob([Uint8Array.from(bin, (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const g = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d');
    g.drawImage(bmp, 0, 0);
    return Array.from(g.getImageData(x, y, 1, 1).data);
  }, { b64: bytes.toString('base64'), ...node });
  const want = node.fill.match(/\d+/g).slice(0, 3).map(Number);
  assert.ok(px.slice(0, 3).every((v, k) => Math.abs(v - want[k]) <= 6), `node colour ${px} vs ${want}`);
  await writeFile(shotPath('export-paths.png'), bytes);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
