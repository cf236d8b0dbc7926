// browser.mjs: the Chromium side of the bench: the web root, the server, and
// one page per input holding both wasm engines.
//
//   const chromium = await openChromium(root);
//   const side = await chromium.input(input);   // {engines, about, memory(), close()}
//   … interleave(side.engines, reps) …; await side.close(); await chromium.close();
//
// The web root build/bench/www is made of symlinks: bench/ (this folder's www/),
// engine/ (build/site/engine: the app's worker and wasm engine), site/ (build/site:
// the app's modules, for the product bench's page), duckdb/ (the
// DuckDB-WASM dist files), vendor/ (apache-arrow and the two packages it imports,
// for the page's import map) and data/ (build/bench/data). tools/serve.mjs serves
// it on a free loopback port; Chromium is Debian's, launched as the browser tests do.
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { launchBrowser } from '../../tests/browser/helpers.mjs';
import { serve } from '../serve.mjs';

/* What side.engines holds, in order: Lodestar's worker, DuckDB-WASM, and a
 * reference that only reads the Blob in the slices Lodestar's worker reads. */
export const CHROMIUM_ENGINES = ['lodestar wasm', 'duckdb-wasm', 'blob read only'];

export async function openChromium(root) {
  const www = makeWebRoot(root);
  const site = await serve({ root: www, port: 0 });
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await site.close();
    throw err;
  }
  return {
    version: browser.version(),
    input: (input) => openInput(browser, site, root, input),
    close: async () => {
      await browser.close();
      await site.close();
    },
  };
}

/* The web root under root (build/bench/www), made again; its path. */
export function makeWebRoot(root) {
  const www = join(root, 'build/bench/www');
  const links = {
    bench: 'tools/bench.d/www',
    engine: 'build/site/engine',
    site: 'build/site',
    duckdb: 'node_modules/@duckdb/duckdb-wasm/dist',
    'vendor/apache-arrow': 'node_modules/apache-arrow',
    'vendor/flatbuffers': 'node_modules/flatbuffers',
    'vendor/tslib': 'node_modules/tslib',
    data: 'build/bench/data',
  };
  rmSync(www, { recursive: true, force: true });
  for (const [name, target] of Object.entries(links)) {
    const abs = join(root, target);
    if (!existsSync(abs)) throw new Error(`${target} is missing (tools/build native site and npm ci make it)`);
    const link = join(www, name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), abs), link);
  }
  return www;
}

/* ---- private ---- */

async function openInput(browser, site, root, input) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  const call = async (fn, arg) => {
    try {
      return await page.evaluate(fn, arg);
    } catch (err) {
      const more = problems.length ? ` (${problems.join('; ')})` : '';
      throw new Error(`${err.message.split('\n')[0]}${more}`);
    }
  };
  let about;
  try {
    await page.goto(`${site.url}bench/index.html`);
    await page.waitForFunction(() => window.bench, null, { timeout: 60000 });
    about = await call(() => window.bench.init());
    const url = `/${relative(join(root, 'build/bench'), input.file)}`;
    const bytes = await call((u) => window.bench.load(u), url);
    if (bytes !== input.bytes) throw new Error(`the page read ${bytes} bytes of ${url}, the file has ${input.bytes}`);
  } catch (err) {
    await context.close();
    throw err;
  }
  return {
    about,
    engines: [
      () => window.bench.lodestar(),
      () => window.bench.duckdb(),
      () => window.bench.readOnly(),
    ].map((fn, i) => ({ engine: CHROMIUM_ENGINES[i], side: 'chromium', run: () => call(fn) })),
    memory: () => call(() => window.bench.lodestarMemory()),
    close: () => context.close(),
  };
}
