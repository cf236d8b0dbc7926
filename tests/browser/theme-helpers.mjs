// theme-helpers.mjs: what the theme, accessibility, language and safety tests
// share: a page with the demo in a chosen theme and language, its views shown
// one by one (web/views.js VIEWS, so views added later are covered), and
// axe-core (node_modules, evaluated in the page: the page's CSP stays on).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, newPage } from './helpers.mjs';

export const { VIEWS } = await import(join(ROOT, 'web', 'views.js'));
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/* A page of site at hash (the demo by default) with theme and locale stored
 * before the page's scripts run; waits for the engine to be ready. */
export async function openApp(browser, site, { theme = 'light', locale = 'en', hash = '#demo', width, height, allow } = {}) {
  const page = await newPage(browser, site, { width, height, allow });
  await page.addInitScript(([theme, locale]) => {
    if (window.top !== window) return; // frames (the sandboxed report preview) have no storage
    if (!sessionStorage.getItem('theme-test')) {
      localStorage.setItem('lodestar.theme', theme);
      localStorage.setItem('lodestar.locale', locale);
      sessionStorage.setItem('theme-test', '1');
    }
  }, [theme, locale]);
  await page.goto(`${site.url}${hash}`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  return page;
}

/* Show view by its tab and wait until the page is ready and still. */
export async function showView(page, view) {
  await page.click(`#view-tabs [data-view="${view}"]`);
  await page.waitForFunction((v) => document.body.dataset.view === v && document.body.dataset.state === 'ready', view, { timeout: 30000 });
  await settle(page);
}

export async function settle(page, ms = 700) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(ms);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30000 });
}

/* axe-core's serious and critical violations of the page as it is now (WCAG 2.1
 * A and AA): [{id, impact, help, nodes: [selector…]}]. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const r = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }).then((res) => res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.any[0] ? ` (${n.any[0].message})` : ''}`) }))));
  return r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export { useSite } from './helpers.mjs';
