// helpers.mjs: what the browser tests share: the site's URL, Debian's
// chromium through playwright-core, and the native CLI's numbers.
//
//   const site = await startSite();   // {url, close()}: env LODESTAR_URL, else serves build/site
//   const browser = await launchBrowser();
//   const v = await cliLast('mrr', files);  // {period, value} of the CLI's last line
//   const [r] = await workerOps(page, [['metric', {metric: 'mrr'}]]);  // a worker of the test's own on the demo
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA = join(ROOT, 'data');
export const SHOTS = join(ROOT, 'build/screenshots');
const run = promisify(execFile);

/* The app's URL: LODESTAR_URL when tools/test serves it, else a server of our own. */
export async function startSite() {
  if (process.env.LODESTAR_URL) {
    const url = process.env.LODESTAR_URL.endsWith('/') ? process.env.LODESTAR_URL : `${process.env.LODESTAR_URL}/`;
    return { url, close: async () => {} };
  }
  const root = join(ROOT, 'build/site');
  if (!existsSync(join(root, 'index.html')) || !existsSync(join(root, 'engine/lodestar.wasm'))) {
    throw new Error('build/site is missing or incomplete: run tools/build site (tools/test does)');
  }
  const { serve } = await import(join(ROOT, 'tools/serve.mjs'));
  return serve({ root, port: 0 });
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}

/* A new page that fails the test on any page error, console error, or request
 * leaving the site's origin (and the origins of allow: URLs, e.g. a mock LLM
 * server's). Its own storage; the browser's time zone is UTC unless
 * timezoneId says otherwise (the page's default workspace zone). */
export async function newPage(browser, site, { width = 1280, height = 800, locale = 'en-US', timezoneId = 'UTC', allow = [] } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId });
  const page = await context.newPage();
  const origins = [site.url, ...allow].map((u) => `${new URL(u).origin}/`);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!origins.some((o) => u.startsWith(o)) && !u.startsWith('data:') && !u.startsWith('blob:')) page.problems.push(`external request: ${u}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`HTTP ${r.status()} ${r.url()}`); });
  return page;
}

/* The CLI: `tools/lodestar ARGS…` → stdout. */
export async function cli(...args) {
  const { stdout } = await run(join(ROOT, 'tools/lodestar'), args, { maxBuffer: 64 << 20 });
  return stdout;
}

/* The last line of `tools/lodestar metric NAME FILES…`: {period, value}. */
export async function cliLast(name, files) {
  const lines = (await cli('metric', name, ...files)).trim().split('\n');
  const [period, value] = lines[lines.length - 1].split(',');
  return { period, value };
}

/* Number as the CLI prints it ("nan" or empty for undefined). */
export function cliNumber(s) {
  return /^(nan|-?nan|)$/i.test(String(s).trim()) ? NaN : Number(s);
}

export function shotPath(name) {
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, name);
}

export async function kpi(page, metric) {
  return page.$eval(`[data-metric="${metric}"]`, (el) => ({
    value: el.dataset.value,
    period: el.dataset.period,
    label: el.querySelector('.kpi-label').textContent,
    display: el.querySelector('.kpi-value').textContent,
    hint: el.querySelector('.kpi-hint').textContent,
  }));
}

export const KPIS = ['mrr', 'arr', 'customers', 'dau', 'mau'];

/* The results of calls [[op, args], …] asked in order of a new
 * engine/worker.js started in page (which must show the site) on the demo,
 * or with demo {files: [{name, text}]} on those files; typed arrays come back
 * as arrays. */
export function workerOps(page, calls, demo = { seed: 42, users: 10000, days: 365 }) {
  return page.evaluate(async ({ calls, demo }) => {
    const worker = new Worker('engine/worker.js', { type: 'module' });
    let next = 1;
    const call = (type, args) => new Promise((resolve, reject) => {
      const id = next++;
      const on = (e) => {
        if (e.data.id !== id || e.data.type === 'progress') return;
        worker.removeEventListener('message', on);
        if (e.data.type === 'error') reject(new Error(e.data.result.message));
        else resolve(e.data.result);
      };
      worker.addEventListener('message', on);
      worker.postMessage({ type, id, args });
    });
    // typed arrays as arrays, also inside a list of objects (a breakdown's segments)
    const flat = (v) => (ArrayBuffer.isView(v) ? Array.from(v) : v);
    const plain = (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k,
      Array.isArray(v) ? v.map((e) => (e && typeof e === 'object' && !Array.isArray(e) ? Object.fromEntries(Object.entries(e).map(([a, b]) => [a, flat(b)])) : e)) : flat(v)]));
    try {
      await call('setTimeZone', { tz: 'UTC' });
      if (demo.files) for (const f of demo.files) await call('loadFile', { file: new File([f.text], f.name) });
      else await call('loadDemo', demo);
      const out = [];
      for (const [type, args] of calls) out.push(plain(await call(type, args)));
      return out;
    } finally {
      worker.terminate();
    }
  }, { calls, demo });
}

/* Starts the site and the browser before the file's tests and stops them
 * after; returns {site, browser} filled in once started. */
export function useSite() {
  const env = { site: null, browser: null };
  before(async () => {
    [env.site, env.browser] = await Promise.all([startSite(), launchBrowser()]);
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}
