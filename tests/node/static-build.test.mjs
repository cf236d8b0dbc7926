// static-build.test.mjs: the pieces of the static build that run without a browser:
// serve.mjs under a prefix, the service worker's stamp (a version that changes with any
// file), the single file's base64 decoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, normalizePrefix } from '../../tools/serve.mjs';
import { stamp, shellFiles } from '../../tools/bundle.mjs';
import { base64Bytes, inlineEngine } from '../../web/engine-client.js';

function site() {
  const dir = mkdtempSync(join(tmpdir(), 'lodestar-static-'));
  mkdirSync(join(dir, 'engine'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'engine/lodestar.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(dir, 'app.js'), 'export {};\n');
  writeFileSync(join(dir, 'lodestar.html'), '<!doctype html>');
  writeFileSync(join(dir, 'sw.js'), "const VERSION = 'dev'; // x\nconst SHELL = []; // y\nself.x = 1;\n");
  return dir;
}

test('normalizePrefix: one leading and one trailing slash', () => {
  assert.equal(normalizePrefix('/'), '/');
  assert.equal(normalizePrefix(''), '/');
  assert.equal(normalizePrefix('sub/lodestar'), '/sub/lodestar/');
  assert.equal(normalizePrefix('/sub//lodestar/'), '/sub/lodestar/');
});

test('serve with a prefix: the root under it, 404 elsewhere, a redirect for the bare prefix, the MIME types', async () => {
  const dir = site();
  const s = await serve({ root: dir, port: 0, prefix: '/sub/lodestar/' });
  try {
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/sub\/lodestar\/$/);
    const index = await fetch(s.url);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await index.text(), '<!doctype html><title>x</title>');
    const wasm = await fetch(`${s.url}engine/lodestar.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await wasm.arrayBuffer()).byteLength, 8);
    assert.equal((await fetch(`${s.url}app.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await fetch(new URL('/index.html', s.url))).status, 404);
    assert.equal((await fetch(new URL('/sub/app.js', s.url))).status, 404);
    assert.equal((await fetch(`${s.url}../../index.html`)).status, 404); // URL-normalized to /index.html
    assert.equal((await fetch(`${s.url}..%2f..%2f..%2fetc%2fpasswd`)).status, 403);
    const bare = await fetch(new URL('/sub/lodestar', s.url), { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/sub/lodestar/');
    assert.equal((await fetch(s.url, { method: 'POST' })).status, 405);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(fetch(s.url), 'close() really stops the server');
});

test('stamp writes the shell (not sw.js, not lodestar.html) and a version that changes with any file', () => {
  const dir = site();
  try {
    assert.deepEqual(shellFiles(dir), ['app.js', 'engine/lodestar.wasm', 'index.html']);
    const a = stamp(dir);
    const text = readFileSync(join(dir, 'sw.js'), 'utf8');
    assert.match(text, new RegExp(`^const VERSION = '${a.version}'; // stamped by the build$`, 'm'));
    assert.match(text, /^const SHELL = \["app\.js","engine\/lodestar\.wasm","index\.html"\]; \/\/ stamped by the build$/m);
    assert.match(text, /^self\.x = 1;$/m);
    assert.match(a.version, /^[0-9a-f]{16}$/);
    assert.equal(stamp(dir).version, a.version, 'the same files, the same version (sw.js itself does not count)');
    writeFileSync(join(dir, 'lodestar.html'), 'changed');
    assert.equal(stamp(dir).version, a.version, 'the single file is not part of the shell');
    writeFileSync(join(dir, 'app.js'), 'export {}; \n');
    const b = stamp(dir);
    assert.notEqual(b.version, a.version, 'one byte of one file changes the version');
    writeFileSync(join(dir, 'sw.js'), 'no markers');
    assert.throws(() => stamp(dir), /no line matching/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('inline engine: the base64 of the page decodes to the bytes; no page elements, no inline mode', () => {
  const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 255);
  const b64 = Buffer.from(bytes).toString('base64');
  assert.deepEqual(base64Bytes(b64), bytes);
  assert.deepEqual(base64Bytes(`${b64.slice(0, 100)}\n  ${b64.slice(100)}\n`), bytes, 'whitespace is ignored');
  assert.equal(inlineEngine(undefined), null);
  const doc = (ids) => ({ getElementById: (id) => (ids[id] === undefined ? null : { textContent: ids[id] }) });
  assert.equal(inlineEngine(doc({ 'lodestar-worker': 'code' })), null, 'both elements are needed');
  const got = inlineEngine(doc({ 'lodestar-worker': 'self.x = 1;', 'lodestar-wasm': b64 }));
  assert.equal(got.source, 'self.x = 1;');
  assert.deepEqual(got.wasmBinary, bytes);
});
