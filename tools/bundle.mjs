// bundle.mjs: the build steps of the static site that are not copies (tools/build runs them).
//
//   node tools/bundle.mjs stamp DIR         writes the shell list and version into DIR/sw.js
//   node tools/bundle.mjs web SITE OUT      OUT = SITE (built, stamped) with its JS and CSS
//                                           bundled and minified (below), stamped again,
//                                           plus OUT/lodestar.html, the single-file build
//   node tools/bundle.mjs sizes OUT         prints the sizes of OUT (raw and gzip)
//
// The single file holds everything the page loads: the CSS of every stylesheet <link> in
// one <style>, the favicon as a data: URL, the page's JS (app.js and all it imports, uPlot
// included) bundled by esbuild into one classic inline <script>, the worker (worker.js,
// engine.js and the emscripten glue) bundled the same way into a <script type="text/plain"
// id="lodestar-worker"> that the page starts from a Blob URL, and the wasm in base64 in a
// <script type="application/octet-stream" id="lodestar-wasm"> (web/engine-client.js inline
// mode). Its CSP allows that inline script by its sha256 hash, wasm compilation, blob:
// workers, and nothing from anywhere else: it opens from file:// and fetches nothing.
//
// The served build (OUT without lodestar.html) is SITE with its modules bundled so the page
// starts in a few requests: app.js and everything it imports (uPlot, the locales) one
// minified ES module, the modules it imports dynamically (views the first screen does not
// show) chunks/*.js; engine/worker.js the worker, engine.js and the emscripten glue in one
// minified ES module next to engine/lodestar.wasm (which the glue finds beside it, by
// import.meta.url); every stylesheet one minified app.css. The sources bundled are left
// out, and sw.js is stamped again with what is left.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

export const SINGLE = 'lodestar.html';
const SW = 'sw.js';

/* ---- the service worker's stamp ---- */

/* Every file under dir, relative, '/'-separated, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/* The shell: every file of the site but the service worker and the single file. */
export function shellFiles(dir) {
  return listFiles(dir).filter((f) => f !== SW && f !== SINGLE);
}

/* A hash of the shell's names and contents: any change gives another. */
export function shellVersion(dir, files = shellFiles(dir)) {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(dir, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export function stamp(dir) {
  const file = join(dir, SW);
  const files = shellFiles(dir);
  const version = shellVersion(dir, files);
  let text = readFileSync(file, 'utf8');
  const lines = [[/^const VERSION = .*$/m, `const VERSION = '${version}'; // stamped by the build`],
    [/^const SHELL = .*$/m, `const SHELL = ${JSON.stringify(files)}; // stamped by the build`]];
  for (const [re, line] of lines) {
    if (!re.test(text)) throw new Error(`${file}: no line matching ${re} to stamp`);
    text = text.replace(re, () => line);
  }
  writeFileSync(file, text);
  return { version, files };
}

/* ---- the single file ---- */

async function bundle(entry) {
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    write: false,
    metafile: true,
    banner: { js: '"use strict";' }, // the sources are modules, strict everywhere
    logLevel: 'error',
    // the emscripten glue's import.meta.url: unused in inline mode (wasmBinary + locateFile)
    logOverride: { 'empty-import-meta': 'silent' },
  });
  const text = r.outputFiles[0].text;
  if (/<\/script|<!--/i.test(text)) throw new Error(`${entry}: the bundle holds "</script" or "<!--"; it cannot be inlined`);
  return { text, inputs: Object.keys(r.metafile.inputs) };
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('base64');

export function singleCsp(scriptHash) {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}' 'wasm-unsafe-eval'`,
    'worker-src blob:',
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data:',
    'connect-src https: http://localhost:* http://127.0.0.1:*', // the assistant's LLM endpoints
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/* A relative URL of the site: no scheme, no leading slash, no '..'. */
function assertRelative(url, where) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.split('/').includes('..')) {
    throw new Error(`${where}: "${url}" is not a relative URL inside the site`);
  }
}

/* The first src="…" or href="…" of html naming a file (not data:, not a fragment), or null. */
export function referenceIn(html) {
  const m = html.match(/\s(?:src|href)="(?!data:|#|")[^"]*"/);
  return m ? m[0].trim() : null;
}

function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? m[1] : null;
}

/* The single-file page from the built site's index.html. */
export async function single(site) {
  let html = readFileSync(join(site, 'index.html'), 'utf8');
  const need = (f, where) => {
    assertRelative(f, where);
    if (!existsSync(join(site, f))) throw new Error(`${where}: ${f} is missing from ${site}`);
    return readFileSync(join(site, f));
  };

  // every <link>: stylesheets inlined into one <style> where the first one was, the icon as
  // a data: URL, module preloads dropped (the script is inline)
  const css = [];
  let first = true;
  html = html.replace(/[ \t]*<link\b[^>]*>\n?/g, (tag) => {
    const rel = attr(tag, 'rel');
    const href = attr(tag, 'href');
    if (rel === 'stylesheet') {
      const text = need(href, 'index.html').toString('utf8');
      if (/url\(\s*(?!['"]?data:)/i.test(text)) throw new Error(`${href}: url() of a file; inline it first`);
      css.push(`/* ${href} */\n${text}`);
      if (!first) return '';
      first = false;
      return '  <style>@@CSS@@</style>\n';
    }
    if (rel === 'icon') {
      const data = need(href, 'index.html').toString('base64');
      return tag.replace(/href="[^"]*"/, `href="data:${attr(tag, 'type') || 'image/svg+xml'};base64,${data}"`);
    }
    if (rel === 'modulepreload') return '';
    throw new Error(`index.html: a <link rel="${rel}"> the single file does not know how to inline`);
  });
  html = html.replace('@@CSS@@', () => css.join('\n').replace(/<\/style/gi, '<\\/style'));

  // the early start of the served build (web/engine-start.js) goes: the worker starts inline
  html = html.replace(/[ \t]*<script async src="engine-start\.js"><\/script>\n?/, '');
  // the module script → the worker, the wasm and the page's bundle
  const scripts = html.match(/<script\b[^>]*><\/script>/g) || [];
  if (scripts.length !== 1 || attr(scripts[0], 'type') !== 'module') {
    throw new Error('index.html: expected exactly one <script type="module" src=…></script>');
  }
  const entry = attr(scripts[0], 'src');
  need(entry, 'index.html');
  const page = await bundle(join(site, entry));
  const worker = await bundle(join(site, 'engine/worker.js'));
  const wasm = need('engine/lodestar.wasm', 'engine-client').toString('base64');

  // the CSP: the inline script by its hash, nothing from anywhere
  const csp = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/;
  if (!csp.test(html)) throw new Error('index.html: no Content-Security-Policy <meta> to replace');
  html = html.replace(csp, (m, a, b) => `${a}${singleCsp(sha256(page.text))}${b}`);
  // the brand link goes to this file, not to its directory
  html = html.replace(/(<a class="brand" href=)"\.\/"/, '$1""');
  const left = referenceIn(html.replace(scripts[0], '').replace(/<style>[\s\S]*?<\/style>/g, ''));
  if (left) throw new Error(`the single file still refers to a file: ${left}`);

  const blocks = [
    `<script type="text/plain" id="lodestar-worker">${worker.text}</script>`,
    `<script type="application/octet-stream" id="lodestar-wasm">${wasm}</script>`,
    `<script>${page.text}</script>`,
  ].join('\n  ');
  html = html.replace(scripts[0], () => blocks);
  return { html, inputs: [...page.inputs, ...worker.inputs] };
}

/* ---- the static site for any host ---- */

/* Every URL of index.html is relative and there. */
export function checkSite(dir, files = ['engine/worker.js', 'engine/engine.js', 'engine/lodestar.js', 'engine/lodestar.wasm', SW]) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const urls = [...html.matchAll(/\s(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]).filter((u) => u !== './');
  for (const u of urls) {
    assertRelative(u, 'index.html');
    if (!existsSync(join(dir, u))) throw new Error(`index.html refers to ${u}, missing from ${dir}`);
  }
  for (const f of files) {
    if (!existsSync(join(dir, f))) throw new Error(`${f} is missing from ${dir}`);
  }
  return urls;
}

export async function web(site, out) {
  checkSite(site);
  const { html, inputs } = await single(site);
  const tmp = `${out}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(site, tmp, { recursive: true });
  // every module the page and the worker import (esbuild resolved them) is in the site
  for (const f of inputs) {
    const rel = relative(resolve(site), resolve(f));
    if (rel.startsWith('..')) throw new Error(`${f}: imported from outside the site`);
  }
  await bundleServed(site, tmp);
  stamp(tmp);
  checkSite(tmp, SERVED_FILES);
  writeFileSync(join(tmp, SINGLE), html);
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
  return sizes(out);
}

/* ---- the served build: modules bundled ---- */

const SERVED_FILES = ['engine/worker.js', 'engine/lodestar.wasm', SW];
const CHUNKS = 'chunks';
const CSS = 'app.css';

async function esm(options) {
  const r = await esbuild.build({
    bundle: true,
    format: 'esm',
    minify: true,
    charset: 'utf8', // the locales' text as it is, not \u escapes (modules are always UTF-8)
    target: 'es2022',
    write: true,
    metafile: true,
    logLevel: 'error',
    ...options,
  });
  return r.metafile;
}

/* The site paths of the chunks entry imports statically (entry and chunks: out paths). */
function staticImports(meta, entryOut, out) {
  const key = Object.keys(meta.outputs).find((k) => resolve(k) === resolve(entryOut));
  const seen = new Set();
  const walk = (k) => {
    for (const imp of meta.outputs[k]?.imports || []) {
      if (imp.kind !== 'import-statement' || seen.has(imp.path)) continue;
      seen.add(imp.path);
      walk(imp.path);
    }
  };
  walk(key);
  return [...seen].map((k) => relative(resolve(out), resolve(k)).split(sep).join('/')).sort();
}

/* out (a copy of site) with the page's modules, the worker's and the stylesheets bundled,
 * the sources bundled removed. */
export async function bundleServed(site, out) {
  const html0 = readFileSync(join(site, 'index.html'), 'utf8');
  const scripts = (html0.match(/<script\b[^>]*><\/script>/g) || []).filter((t) => attr(t, 'type') === 'module');
  if (scripts.length !== 1 || attr(scripts[0], 'type') !== 'module') {
    throw new Error('index.html: expected exactly one <script type="module" src=…></script>');
  }
  const entry = attr(scripts[0], 'src');
  const bundled = new Set();
  const drop = (inputs) => {
    for (const f of inputs) {
      const rel = relative(resolve(site), resolve(f)).split(sep).join('/');
      if (rel.startsWith('..')) throw new Error(`${f}: imported from outside the site`);
      bundled.add(rel);
    }
  };
  for (const f of listFiles(out)) if (f.endsWith('.js')) rmSync(join(out, f)); // rewritten below or dropped
  const page = await esm({
    entryPoints: { [entry.replace(/\.js$/, '')]: join(site, entry) },
    outdir: out,
    splitting: true,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
  });
  drop(Object.keys(page.inputs));
  const preload = staticImports(page, join(out, entry), out); // fetched with app.js, not after it
  drop(Object.keys((await esm({
    entryPoints: [join(site, 'engine/worker.js')],
    outfile: join(out, 'engine/worker.js'),
    // the glue's import.meta.url is the worker's: lodestar.wasm is beside it
  })).inputs));
  // what no bundle took in (the service worker) comes back as it was
  for (const f of listFiles(site)) {
    if (f.endsWith('.js') && !bundled.has(f) && !existsSync(join(out, f))) cpSync(join(site, f), join(out, f));
  }

  // the stylesheets, in their order, as one
  let html = html0;
  const css = [];
  html = html.replace(/[ \t]*<link\b[^>]*>\n?/g, (tag) => {
    if (attr(tag, 'rel') !== 'stylesheet') return tag;
    const href = attr(tag, 'href');
    assertRelative(href, 'index.html');
    css.push(readFileSync(join(site, href), 'utf8'));
    rmSync(join(out, href));
    return css.length === 1 ? tag.replace(/href="[^"]*"/, `href="${CSS}"`) : '';
  });
  const links = preload.map((f) => `  <link rel="modulepreload" href="${f}">\n`).join('');
  html = html.replace(/([ \t]*<link rel="modulepreload" href="[^"]*">\n)/, (m) => m + links);
  if (css.length) {
    const r = await esbuild.transform(css.join('\n'), { loader: 'css', minify: true, logLevel: 'error' });
    writeFileSync(join(out, CSS), r.code);
  }
  writeFileSync(join(out, 'index.html'), html);
  pruneEmptyDirs(out);
}

function pruneEmptyDirs(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    pruneEmptyDirs(p);
    if (!readdirSync(p).length) rmSync(p, { recursive: true });
  }
}

export function sizes(dir) {
  let total = 0;
  let wasmJs = 0;
  let wasmJsGz = 0;
  for (const f of listFiles(dir)) {
    const bytes = readFileSync(join(dir, f));
    total += bytes.length;
    if (f !== SINGLE && /\.(js|wasm)$/.test(f) && f !== SW) {
      wasmJs += bytes.length;
      wasmJsGz += gzipSync(bytes, { level: 9 }).length;
    }
  }
  const single = readFileSync(join(dir, SINGLE));
  return {
    total,
    wasmJs,
    wasmJsGz,
    single: single.length,
    singleGz: gzipSync(single, { level: 9 }).length,
  };
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [cmd, a, b] = process.argv.slice(2);
  try {
    if (cmd === 'stamp' && a) {
      const { version, files } = stamp(a);
      console.log(`sw.js: version ${version}, ${files.length} files`);
    } else if ((cmd === 'web' && a && b) || (cmd === 'sizes' && a)) {
      const s = cmd === 'web' ? await web(a, b) : sizes(a);
      console.log(`${cmd === 'web' ? b : a}: ${kb(s.total)} in all; the page's JS + engine (wasm, glue) ${kb(s.wasmJs)}, `
        + `${kb(s.wasmJsGz)} gzipped; ${SINGLE} ${kb(s.single)}, ${kb(s.singleGz)} gzipped`);
    } else {
      console.error('usage: node tools/bundle.mjs stamp DIR | web SITE OUT | sizes OUT');
      process.exit(2);
    }
  } catch (err) {
    console.error(`bundle: ${err.message}`);
    process.exit(1);
  }
}
