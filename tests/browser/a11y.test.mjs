// a11y.test.mjs: axe-core (WCAG 2.1 A and AA) finds no serious or critical
// violation on any view of web/views.js VIEWS with the demo loaded, in the
// light theme in English and the dark one in 简体中文. The views are walked
// from VIEWS, so a view added later is checked too. Each view in zh-CN and
// dark is photographed (build/screenshots/dark-zh-CN-VIEW.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shotPath } from './helpers.mjs';
import { useSite, openApp, showView, axeViolations, VIEWS } from './theme-helpers.mjs';

const ctx = useSite();

// Two passes: the light theme in English and the dark one in 简体中文 (contrast
// follows the theme, names the language), so tools/test stays short.
for (const [locale, theme] of [['en', 'light'], ['zh-CN', 'dark']]) {
  {
    test(`every view passes axe: ${locale}, ${theme}`, async () => {
      const page = await openApp(ctx.browser, ctx.site, { theme, locale });
      assert.equal(await page.getAttribute('html', 'data-theme'), theme);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      const found = [];
      for (const view of VIEWS) {
        await showView(page, view);
        if (locale !== 'en' && theme === 'dark') await page.screenshot({ path: shotPath(`dark-${locale}-${view}.png`), fullPage: true });
        for (const v of await axeViolations(page)) found.push(`${view}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`);
      }
      assert.deepEqual(found, [], found.join('\n'));
      assert.deepEqual(page.problems, []);
      await page.context().close();
    });
  }
}

test('the checker finds what it should: a control without a name is a critical violation', async () => {
  const page = await openApp(ctx.browser, ctx.site, { hash: '' });
  await page.evaluate(() => {
    const s = document.createElement('select');
    s.id = 'unnamed-probe';
    document.querySelector('main').append(s);
  });
  const v = await axeViolations(page);
  assert.ok(v.some((x) => x.id === 'select-name' && x.nodes.some((n) => n.includes('#unnamed-probe'))), JSON.stringify(v));
  await page.context().close();
});
