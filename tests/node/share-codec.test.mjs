// share-codec.test.mjs: web/share/codec.js, the share link's token:
// a committed v1 token decodes forever after, v0 plain hashes migrate, random
// states round trip, and anything damaged is a ShareError 'damaged'.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

let c;

before(async () => {
  c = await import(join(ROOT, 'web', 'share', 'codec.js'));
});

/* A small seeded generator (mulberry32) so a failure can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcXYZ019 _-=&:%,.~日本語€\u00e9"\\\n{}[]';
function text(r, max = 24) {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}
const int = (r, max) => Math.floor(r() * max);

function randomState(r) {
  const page = { hash: text(r, 60), tz: ['UTC', 'Asia/Shanghai', '+05:30'][int(r, 3)] };
  if (r() < 0.5) page.product = { grain: 'week', event: text(r) };
  if (r() < 0.5) page.rules = text(r, 200);
  const settings = {};
  for (let i = int(r, 4); i > 0; i--) settings[text(r, 10) || 'k'] = text(r);
  const mappings = Array.from({ length: int(r, 3) }, () => ({
    signature: text(r, 16), kind: 'events', roles: { user_id: text(r) || 'id', amount: r() < 0.5 ? null : 'x' },
  }));
  const pick = int(r, 4);
  let data;
  if (pick === 0) data = { demo: { seed: int(r, 1e6), users: int(r, 1e5), days: int(r, 1000) } };
  else if (pick === 1) data = { none: true };
  else if (pick === 2) data = { inline: Array.from({ length: 1 + int(r, 3) }, () => ({ name: `${text(r, 8)}.csv`, options: r() < 0.5 ? {} : { types: { a: 'int' } }, z: c.b64urlEncode(new Uint8Array(Array.from({ length: int(r, 40) }, () => int(r, 256)))) })) };
  else data = { files: Array.from({ length: 1 + int(r, 3) }, () => ({ name: `${text(r, 8)}.csv`, signature: text(r, 16), kind: 'subscriptions', rows: int(r, 1e6), columns: int(r, 40), options: {} })) };
  return { page, settings, mappings, data };
}

async function kindOf(token) {
  try {
    await c.decodeShare(token);
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof c.ShareError, `not a ShareError: ${err && err.stack}`);
    return err.kind;
  }
}

test('the committed v1 fixture decodes to the state it was made from', async () => {
  const token = readFileSync(join(ROOT, 'tests', 'fixtures', 'share-v1.txt'), 'utf8').trim();
  assert.match(token, /^1\.[A-Za-z0-9_-]+$/);
  const { version, state } = await c.decodeShare(token);
  assert.equal(version, 1);
  // written by hand when the fixture was made (docs/sharing.md, "Share links")
  assert.deepEqual(state, {
    page: { hash: 'view=revenue&range=30d&f=plan:Pro', tz: 'Asia/Shanghai' },
    settings: { churn_at: 'canceled', currency: 'USD' },
    mappings: [],
    data: { demo: { seed: 7, users: 2000, days: 120 } },
  });
});

test('a v0 plain hash migrates to a v1 state: its parts the page, demo the default demo', async () => {
  assert.deepEqual(await c.decodeShare('0.demo&view=revenue&range=30d&f=plan:Pro'), {
    version: 0,
    state: {
      page: { hash: 'view=revenue&range=30d&f=plan:Pro' },
      settings: {},
      mappings: [],
      data: { demo: { seed: 42, users: 10000, days: 365 } },
    },
  });
  const plain = await c.decodeShare('0.view=users&f=country:GB');
  assert.deepEqual(plain.state.data, { none: true });
  assert.equal(plain.state.page.hash, 'view=users&f=country:GB');
  assert.equal(await kindOf('0.view=<script>'), 'damaged');
});

test('a version newer than this code is "newer", not damaged', async () => {
  assert.equal(await kindOf('2.AAAA'), 'newer');
  assert.equal(await kindOf('917.anything at all'), 'newer');
});

test('base64url: every byte value round trips, without padding or + /', () => {
  const all = new Uint8Array(256).map((_, i) => i);
  for (let n = 0; n <= 256; n += 1) {
    const enc = c.b64urlEncode(all.subarray(0, n));
    assert.match(enc, /^[A-Za-z0-9_-]*$/);
    assert.equal(enc.length, Math.ceil((n * 4) / 3)); // 4 characters per 3 bytes, the last group cut short
    assert.deepEqual(c.b64urlDecode(enc), all.subarray(0, n));
  }
  // the bytes fb ff: standard base64 "+/8=", base64url "-_8"
  assert.equal(c.b64urlEncode(new Uint8Array([0xfb, 0xff])), '-_8');
  assert.throws(() => c.b64urlDecode('a+b'));
  assert.throws(() => c.b64urlDecode('abcde')); // 5 characters: one left over is no byte
});

test('200 random states round trip', async () => {
  const r = rng(20261122);
  for (let i = 0; i < 200; i++) {
    const state = randomState(r);
    const token = await c.encodeShare(state);
    assert.match(token, /^1\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(await c.decodeShare(token), { version: 1, state }, `state ${i}`);
  }
});

test('encodeShare refuses a state that is not one', async () => {
  await assert.rejects(c.encodeShare({ page: { hash: 'x' }, settings: {}, mappings: [], data: { demo: {}, none: true } }), TypeError);
  await assert.rejects(c.encodeShare({ page: {}, settings: {}, mappings: [], data: { none: true } }), TypeError);
});

test('random bytes, cut tokens and flipped bits are "damaged" or a valid state, never another error', async () => {
  const r = rng(7);
  const tokens = [];
  for (let i = 0; i < 60; i++) tokens.push(await c.encodeShare(randomState(r)));
  let damaged = 0;
  let total = 0;
  const check = async (t) => {
    total++;
    const kind = await kindOf(t);
    assert.ok(kind === 'damaged' || kind === 'ok', `${kind} for ${t}`);
    if (kind === 'damaged') damaged++;
  };
  for (let i = 0; i < 200; i++) { // random characters after "1."
    await check(`1.${Array.from({ length: int(r, 80) }, () => String.fromCharCode(32 + int(r, 95))).join('')}`);
  }
  for (let i = 0; i < 200; i++) { // random base64url of random bytes
    await check(`1.${c.b64urlEncode(new Uint8Array(Array.from({ length: int(r, 120) }, () => int(r, 256))))}`);
  }
  for (const t of tokens) {
    const body = t.slice(2);
    await check(`1.${body.slice(0, int(r, body.length))}`); // cut short
    const bytes = c.b64urlDecode(body); // one bit flipped
    bytes[int(r, bytes.length)] ^= 1 << int(r, 8);
    await check(`1.${c.b64urlEncode(bytes)}`);
  }
  for (const t of ['', '1', '1.', 'x.abc', '-1.abc', '1.abc', 'demo&view=revenue', null, undefined, 42]) await check(t);
  // nearly all of them are caught; a flip inside a string's text can still inflate to a valid state
  assert.ok(damaged > total * 0.9, `${damaged} of ${total} damaged`);
});

test('a token whose JSON is not a state is damaged', async () => {
  const enc = async (v) => `1.${c.b64urlEncode(await c.deflate(new TextEncoder().encode(v)))}`;
  assert.equal(await kindOf(await enc('{"page":{"hash":""},"settings":{},"mappings":[],"data":{"none":true}}')), 'ok');
  assert.equal(await kindOf(await enc('[]')), 'damaged');
  assert.equal(await kindOf(await enc('{"page":{"hash":""},"settings":{},"mappings":[],"data":{"none":false}}')), 'damaged');
  assert.equal(await kindOf(await enc('{"page":{"hash":""},"settings":{"a":1},"mappings":[],"data":{"none":true}}')), 'damaged');
  assert.equal(await kindOf(await enc('{"page":{"hash":""},"settings":{},"mappings":[],"data":{"files":[]}}')), 'damaged');
  assert.equal(await kindOf(await enc('not json')), 'damaged');
});

test('inflate stops at its limit: a small token cannot expand without bound', async () => {
  const big = new Uint8Array(1 << 20).fill(97); // 1 MiB of "a" deflates to about 1 KB
  const z = await c.deflate(big);
  assert.ok(z.length < 4096, `${z.length}`);
  assert.equal((await c.inflate(z)).length, 1 << 20);
  await assert.rejects(c.inflate(z, 1000), /more than 1000 bytes/);
});
