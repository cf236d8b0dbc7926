// languages.test.mjs: in 简体中文 and 繁體中文, every view of web/views.js
// VIEWS with the demo loaded shows no English word on screen but for the
// allowance of tests/node/latin-words.mjs (acronyms, units, brands, code) and
// the data's own values. The data's values are the text of data cells (td,
// th[scope=row], uPlot legend labels, <option>s, elements marked data-raw):
// those are left out, and their words are allowed elsewhere (a column named in
// a sentence). The language is the select data-testid=lang, and is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openApp, showView, VIEWS } from './theme-helpers.mjs';
import { englishLeft } from '../node/latin-words.mjs';

const ctx = useSite();

const DATA = 'td, th[scope=row], .u-legend .u-label, option, [data-raw]';

/* {shown: [[text, where]] of visible text outside data cells, data: [text] of data cells}. */
function readScreen(page) {
  return page.evaluate((DATA) => {
    const shown = [], data = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      const text = n.textContent.trim();
      if (!text || !e || e.closest('script, style')) continue;
      if (e.closest(DATA)) { data.push(text); continue; }
      if (!e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') continue;
      shown.push([text, `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}`]);
    }
    return { shown, data };
  }, DATA);
}

for (const locale of ['zh-CN', 'zh-TW']) {
  test(`every view reads in ${locale}: no English outside the allowance and the data`, async () => {
    const page = await openApp(ctx.browser, ctx.site, { locale, theme: 'dark' });
    assert.equal(await page.$eval('[data-testid=lang]', (s) => s.value), locale, 'the remembered language');
    const screens = [];
    const dataWords = new Set();
    for (const view of VIEWS) {
      await showView(page, view);
      const s = await readScreen(page);
      for (const d of s.data) for (const w of d.match(/[A-Za-z][\w.\/-]*/g) || []) dataWords.add(w.replace(/[.\-/]+$/, ''));
      screens.push([view, s.shown]);
    }
    const bad = [];
    for (const [view, shown] of screens) {
      for (const [text, where] of shown) {
        const left = englishLeft(text).filter((w) => !dataWords.has(w));
        if (left.length) bad.push(`${view} ${where}: ${JSON.stringify(text.slice(0, 80))} holds ${left.join(', ')}`);
      }
    }
    assert.ok(screens.flatMap(([, s]) => s).length > 500, 'the views were read');
    assert.deepEqual([...new Set(bad)], [], [...new Set(bad)].join('\n'));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('the check reads English where there is: the English page fails it', async () => {
  const page = await openApp(ctx.browser, ctx.site, { locale: 'en' });
  await showView(page, 'overview');
  const { shown } = await readScreen(page);
  const left = shown.flatMap(([text]) => englishLeft(text));
  assert.ok(left.includes('Latest') && left.includes('incidents'), left.slice(0, 20).join(' '));
  // and the language select switches and is remembered
  await page.selectOption('[data-testid=lang]', 'zh-TW');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-TW');
  await page.reload();
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  assert.equal(await page.$eval('[data-testid=lang]', (s) => s.value), 'zh-TW');
  await page.context().close();
});
