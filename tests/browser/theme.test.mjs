// theme.test.mjs: the light and dark themes (web/theme.js, style.css): the
// page follows the system until the topbar's select (data-testid=theme) pins a
// theme, which is remembered; <html data-theme> and <meta name=color-scheme>
// follow; the charts are drawn in the theme's colours and again on a change;
// a tablet (768 and 1024 px) overflows nowhere; print shows the current view
// alone, light, without controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from './helpers.mjs';
import { useSite, openApp, showView, settle, VIEWS } from './theme-helpers.mjs';

const ctx = useSite();

const look = (page) => page.evaluate(() => ({
  theme: document.documentElement.dataset.theme,
  meta: document.querySelector('meta[name="color-scheme"]').content,
  bg: getComputedStyle(document.body).backgroundColor,
  text: getComputedStyle(document.body).color,
  select: document.querySelector('[data-testid=theme]').value,
}));

/* A page of the demo under a system colour scheme. */
async function openUnder(scheme, hash = '#demo') {
  const page = await newPage(ctx.browser, ctx.site);
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(`${ctx.site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  await page.waitForSelector('#chart-mrr canvas', { timeout: 30000 });
  return page;
}

test('the page follows the system theme until one is chosen, and remembers the choice', async () => {
  const page = await openUnder('dark');
  assert.deepEqual(await look(page), { theme: 'dark', meta: 'dark', bg: 'rgb(15, 17, 21)', text: 'rgb(232, 234, 240)', select: 'system' });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.deepEqual(await look(page), { theme: 'light', meta: 'light', bg: 'rgb(246, 247, 249)', text: 'rgb(16, 24, 40)', select: 'system' });
  // the select names its choices in the page's language and pins one
  assert.deepEqual(await page.$$eval('[data-testid=theme] option', (os) => os.map((o) => o.value)), ['system', 'light', 'dark']);
  assert.equal(await page.getAttribute('[data-testid=theme]', 'aria-label'), 'Theme');
  await page.selectOption('[data-testid=theme]', 'dark');
  assert.equal((await look(page)).theme, 'dark');
  await page.reload();
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  assert.deepEqual(await look(page), { theme: 'dark', meta: 'dark', bg: 'rgb(15, 17, 21)', text: 'rgb(232, 234, 240)', select: 'dark' });
  await page.selectOption('[data-testid=lang]', 'zh-CN');
  assert.deepEqual(await page.$$eval('[data-testid=theme] option', (os) => os.map((o) => o.textContent)), ['跟随系统', '浅色', '深色']);
  await page.selectOption('[data-testid=theme]', 'system');
  assert.equal((await look(page)).theme, 'light', 'back to the system (light)');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the charts take the theme colours and are drawn again when it changes', async () => {
  const page = await openUnder('light');
  const drawn = () => page.$eval('#chart-mrr canvas', (c) => c.toDataURL());
  const colours = () => page.evaluate(async () => {
    const kit = await import('./chart-kit.js');
    return { indigo: kit.paint('#4f46e5'), axis: kit.paint(kit.AXIS.stroke), faded: kit.paint(kit.withAlpha('#4f46e5', 0.5)), other: kit.paint('#123456') };
  });
  const light = { before: await drawn(), colours: await colours() };
  assert.deepEqual(light.colours, { indigo: 'rgb(79, 70, 229)', axis: 'rgb(102, 112, 133)', faded: 'rgba(79, 70, 229, 0.5)', other: '#123456' });
  await page.selectOption('[data-testid=theme]', 'dark');
  await page.waitForFunction((before) => document.querySelector('#chart-mrr canvas')?.toDataURL() !== before, light.before, { timeout: 10000 });
  assert.deepEqual(await colours(), { indigo: 'rgb(129, 140, 248)', axis: 'rgb(154, 163, 181)', faded: 'rgba(129, 140, 248, 0.5)', other: '#123456' });
  await page.selectOption('[data-testid=theme]', 'light');
  await page.waitForFunction((before) => document.querySelector('#chart-mrr canvas')?.toDataURL() === before, light.before, { timeout: 10000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

for (const [width, locale] of [[768, 'en'], [1024, 'zh-CN']]) {
  test(`a tablet ${width} px wide (${locale}): no view overflows sideways, the tabs scroll`, async () => {
    const page = await openApp(ctx.browser, ctx.site, { width, height: 1000, locale, theme: 'dark' });
    const wide = [];
    for (const view of VIEWS) {
      await showView(page, view);
      const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: document.documentElement.clientWidth }));
      if (sw > w) wide.push(`${view}: ${sw} > ${w}`);
    }
    assert.deepEqual(wide, []);
    const tabs = await page.$eval('#view-tabs', (n) => ({ overflow: getComputedStyle(n).overflowX, scrolls: n.scrollWidth > n.clientWidth }));
    assert.equal(tabs.overflow, 'auto');
    if (width === 768) assert.ok(tabs.scrolls, 'the tabs scroll at 768 px');
    await page.context().close();
  });
}

test('print: the current view alone, light, no controls, cards kept whole; the charts drawn light', async () => {
  const page = await openApp(ctx.browser, ctx.site, { theme: 'dark', hash: '#demo&view=revenue' });
  await settle(page);
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0);
    return {
      topbar: shown('.topbar'), tabs: shown('#view-tabs'), buttons: shown('button'), selects: shown('select'),
      revenue: shown('#revenue'), overview: shown('#kpis'), alerts: shown('#alerts .card'),
      bg: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color,
      cards: getComputedStyle(document.querySelector('#revenue .card')).breakInside,
    };
  });
  assert.deepEqual(printed, { topbar: false, tabs: false, buttons: false, selects: false, revenue: true, overview: false,
    alerts: false, bg: 'rgb(255, 255, 255)', text: 'rgb(16, 24, 40)', cards: 'avoid' });
  // the charts are drawn light for the print and dark again after it
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000);
  await page.context().close();
});
