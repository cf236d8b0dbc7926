// dash-browser.mjs: the Chromium side of `tools/bench dashboard` (issue 9).
//
//   const c = await openDash(root);          // Chromium + two servers (bench root, build/web)
//   const rec = await c.recordAppOps(files, {filter});  // the app's own worker ops per view
//   const s = await c.startup('lodestar' | 'duckdb');   // one fresh-context start-up
//   const r = await c.run('lodestar', {urls, ops, filterOps});   // one fresh-context run
//   const r = await c.run('duckdb', {urls, queries, filterQueries});
//   await c.close();
//
// Each start-up and each run has a browser context of its own (no HTTP cache,
// service workers blocked), so nothing one leaves behind helps the next.
//   startup  navigation until <body data-engine="ready"> and the performance
//            mark (lodestar-engine-ready: build/web/index.html, the app as
//            deployed; duckdb-engine-ready: www/index.html?module=duck-start); ms = the mark's
//            time since navigation start; the JS and wasm responses that had
//            arrived by then (not what the page asks after it): raw bytes and
//            gzip -9 bytes of each body, summed
//   run      www/index.html?module=dash: init (untimed), the three CSVs fetched into Blobs
//            (untimed), ingest (timed), then the dashboard (Lodestar: every op
//            posted at once until the last answer; DuckDB: every query in
//            order), then the filtered dashboard (cold for that filter);
//            Lodestar then reloads the files into a fresh workspace (untimed) and
//            replays the verified figures' ops alone (cold again); then
//            memory: the engine's WebAssembly.Memory byte length (a high-water
//            mark: wasm memory never shrinks) and the peak resident set of the
//            context's renderer process (VmHWM in /proc/PID/status; the page
//            and its dedicated workers are threads of that one process)
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../../tests/browser/helpers.mjs';
import { serve } from '../serve.mjs';
import { makeWebRoot } from './browser.mjs';

/* The views whose ops the dashboard replays, in the order the recording opens
 * them; product: only for the figures no other view carries (dash-canon-worker). */
export const VIEWS = ['overview', 'revenue', 'users', 'retention', 'funnels'];
/* Ops of a load or of the engine's start, not of a view. */
const NOT_VIEW_OPS = new Set(['init', 'start', 'loadFile', 'reset', 'setTimeZone', 'settings', 'setMapping', 'cancel', 'setSetting']);

export async function openDash(root) {
  const www = makeWebRoot(root);
  const bench = await serve({ root: www, port: 0 });
  const web = await serve({ root: join(root, 'build/web'), port: 0 });
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await bench.close();
    await web.close();
    throw err;
  }
  return {
    version: browser.version(),
    recordAppOps: (files, opts) => recordAppOps(browser, bench.url, files, opts),
    startup: (engine) => (engine === 'lodestar'
      ? startup(browser, `${web.url}index.html`, join(root, 'build/web'), 'lodestar-engine-ready')
      : startup(browser, `${bench.url}bench/index.html?module=duck-start`, www, 'duckdb-engine-ready')),
    run: (engine, work) => run(browser, bench.url, engine, work),
    close: async () => {
      await browser.close();
      await bench.close();
      await web.close();
    },
  };
}

/* ---- start-up ---- */

/* The bodies are read from the served files (tools/serve.mjs sends them
 * unchanged): Chromium's inspector evicts a body as large as DuckDB's wasm. */
async function startup(browser, url, dir, mark) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const bodies = [];
    context.on('response', (r) => {
      const type = r.headers()['content-type'] || '';
      const path = decodeURIComponent(new URL(r.url()).pathname);
      if (r.status() === 200 && (/javascript|wasm/.test(type) || /\.(m?js|wasm)$/.test(path))) bodies.push({ url: r.url(), b: readFileSync(join(dir, path)), at: Date.now() });
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-engine="ready"]', { timeout: 60000 });
    // what had arrived when the engine was ready: not the chunks the page asks after it (the
    // views the overview does not show); the page's and Node's clocks are the same system clock
    const [ms, readyAt] = await page.evaluate((m) => {
      const t = performance.getEntriesByName(m)[0].startTime;
      return [t, performance.timeOrigin + t];
    }, mark);
    const got = bodies.filter((x) => x.at <= readyAt);
    const raw = got.reduce((s, x) => s + x.b.length, 0);
    const gzip = got.reduce((s, x) => s + gzipped(x.b), 0);
    return { ms, files: got.length, raw, gzip };
  } finally {
    await context.close();
  }
}

const gzipSizes = new Map(); // the same body is compressed once
function gzipped(b) {
  const key = createHash('sha1').update(b).digest('hex');
  if (!gzipSizes.has(key)) gzipSizes.set(key, gzipSync(b, { level: 9 }).length);
  return gzipSizes.get(key);
}

/* ---- one engine's run ---- */

async function run(browser, benchUrl, engine, work) {
  const before = renderers();
  const context = await browser.newContext({ serviceWorkers: 'block', timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    const call = caller(page);
    await page.goto(`${benchUrl}bench/index.html?module=dash`);
    await page.waitForFunction(() => window.bench, null, { timeout: 60000 });
    const about = await call((e) => window.bench.init(e), engine);
    const sizes = await call((u) => window.bench.fetch(u), work.urls);
    const ingest = await call(() => window.bench.ingest());
    const out = { engine, version: about.version, sizes, ingest };
    if (engine === 'lodestar') {
      out.dashboard = await call((ops) => window.bench.replay(ops), work.ops);
      out.answers = await call(() => window.bench.answers());
      out.filter = await call((ops) => window.bench.replay(ops), work.filterOps);
      out.filterAnswers = await call(() => window.bench.answers());
      // the figures' ops alone, cold again: a fresh workspace, the files again (untimed)
      await call(() => window.bench.reload());
      out.figures = await call((ops) => window.bench.replay(ops), work.figureOps);
      out.wasmBytes = await call(() => window.bench.wasmBytes());
    } else {
      const d = await call((q) => window.bench.sql(q), work.queries);
      out.dashboard = { ms: d.ms, per: d.per };
      out.rows = d.rows;
      const f = await call((q) => window.bench.sql(q), work.filterQueries);
      out.filter = { ms: f.ms, per: f.per };
      out.filterRows = f.rows;
      const w = page.workers().find((x) => x.url().endsWith('/duck-worker.js'));
      out.wasmBytes = w ? await w.evaluate(() => self.benchWasmBytes()) : null;
    }
    out.rssPeak = peakRss(before);
    return out;
  } finally {
    await context.close();
  }
}

function caller(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return async (fn, arg) => {
    try {
      return await page.evaluate(fn, arg);
    } catch (err) {
      throw new Error(`${err.message.split('\n')[0]}${problems.length ? ` (${problems.join('; ')})` : ''}`);
    }
  };
}

/* Chromium's renderer processes under this Node process: [pid]. */
function renderers() {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const mine = (pid) => {
    for (let p = pid, n = 0; p > 1 && n < 20; p = parent.get(p), n++) if (p === process.pid) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => {
    if (!mine(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}

/* The highest peak resident set (VmHWM, bytes) among the renderers started
 * since before: the run's page and workers. */
function peakRss(before) {
  const old = new Set(before);
  let peak = null;
  for (const pid of renderers()) {
    if (old.has(pid)) continue;
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak ?? 0, Number(m[1]) * 1024);
    } catch { /* gone */ }
  }
  return peak;
}

/* ---- the app's own ops ---- */

/* build/site/index.html in a page of its own (zone UTC), the range 'all time'
 * in the hash (the dashboard's figures cover every day); the three files put
 * in its file input at once; then each view's tab opened in turn (the product
 * view last, for the figures only it asks); then, when filter is given, the
 * filter set as the filter bar sets it (f=column:value in the hash) and the
 * views opened again. Every request the app's worker receives is recorded with
 * the view open when it was posted; a view is done when its requests are all
 * answered and the page is no longer busy. A request asked again with the same
 * args (the Overview's, after each file) counts once. →
 * {byView: {view: [[op, args]]}, filteredByView: {view: [[op, args]]} (the
 * requests after the filter was set), filterColumns: {group label: [columns]}
 * (the filter bar's column choices)} */
export async function recordAppOps(browser, benchUrl, files, { filter = null } = {}) {
  const context = await browser.newContext({ timezoneId: 'UTC', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const call = caller(page);
    await page.addInitScript((skip) => {
      const Base = window.Worker;
      window.appOps = [];
      window.appView = 'overview';
      window.Worker = class extends Base {
        constructor(...a) {
          super(...a);
          this.addEventListener('message', (e) => {
            const o = e.data && e.data.type !== 'progress' && window.appOps.find((x) => x.id === e.data.id);
            if (o) o.done = true;
          });
        }
        postMessage(msg, transfer) {
          if (msg && msg.type && msg.id !== undefined) { // not engine-start.js's 'warm' and 'module' (no reply)
            const args = skip.includes(msg.type) ? '{}' : JSON.stringify(msg.args ?? {});
            window.appOps.push({ id: msg.id, view: window.appView, op: msg.type, args, done: false });
          }
          return super.postMessage(msg, transfer);
        }
      };
    }, [...NOT_VIEW_OPS]);
    const settled = () => page.waitForFunction(() => document.body.dataset.state === 'ready'
      && window.appOps.every((o) => o.done), null, { timeout: 300000, polling: 100 });
    const visit = async (view, tag) => {
      await call((v) => { window.appView = v; }, tag);
      await page.click(`.view-tab[data-view=${view}]`);
      await page.waitForTimeout(300);
      await settled();
    };
    await page.goto(`${benchUrl}site/index.html#view=overview&range=all`);
    await page.waitForSelector('body[data-engine="ready"]', { timeout: 60000 });
    await page.setInputFiles('#file-input', files);
    await page.waitForFunction((n) => window.appOps.filter((o) => o.op === 'loadFile' && o.done).length === n,
      files.length, { timeout: 300000, polling: 100 });
    await settled();
    for (const view of [...VIEWS.slice(1), 'product']) await visit(view, view);
    if (filter) {
      const part = `f=${encodeURIComponent(filter.column)}:${encodeURIComponent(filter.value)}`;
      await call((p) => { window.appView = 'filter:product'; location.hash = `${location.hash}&${p}`; }, part);
      await page.waitForTimeout(300);
      await settled();
      for (const view of VIEWS) await visit(view, `filter:${view}`);
    }
    const recorded = (await call(() => window.appOps.map((o) => ({ view: o.view, op: o.op, args: o.args }))))
      .filter((o) => !NOT_VIEW_OPS.has(o.op));
    if (!recorded.length) throw new Error('the views asked the app\'s worker nothing');
    const byView = {};
    const filteredByView = {};
    const seen = new Set();
    for (const o of recorded) {
      const key = `${o.op} ${canonJson(JSON.parse(o.args))}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const into = o.view.startsWith('filter:') ? filteredByView : byView;
      (into[o.view.replace(/^filter:/, '')] ||= []).push([o.op, JSON.parse(o.args)]);
    }
    const filterColumns = await call(() => Object.fromEntries([...document.querySelectorAll('.filter-column optgroup')]
      .map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)])));
    return { byView, filteredByView, filterColumns };
  } finally {
    await context.close();
  }
}

/* JSON with object keys sorted: the same args in any key order. */
export function canonJson(v) {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
