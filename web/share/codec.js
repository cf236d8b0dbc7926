/* share/codec.js: a share link's state ⇄ its token, pure (no DOM, no store),
 * tested in Node.
 *
 *   token   "<version>.<payload>"; in the URL as #s=<token>
 *           version 1: payload = base64url(deflate-raw(UTF-8 JSON of the state))
 *           version 0: the plain hash the app wrote before share links existed
 *                      ("demo&view=revenue&range=30d"), as payload text
 *   await encodeShare(state)  → "1.…"; state is checked first (a TypeError when malformed)
 *   await decodeShare(token)  → {version, state}: the state migrated to the current version
 *                               and checked; rejects with a ShareError:
 *       kind 'damaged'  the token does not decode (bad characters, cut short, not
 *                       deflate, not JSON, or not the shape of a state)
 *       kind 'newer'    the version is newer than this code knows (made by a newer Lodestar)
 *   await deflate(bytes, max) / inflate(bytes, max)   deflate-raw with CompressionStream
 *   b64urlEncode(bytes) / b64urlDecode(text)     base64url without padding
 *
 * State v1 (docs/sharing.md, "Share links"):
 *   {page: {hash, tz, product?, rules?}       share/page-state.js
 *    settings: {name: value}                  metric settings that differ from the default
 *    mappings: [{signature, kind, roles: {role: column|null}}]
 *    data: {demo: {seed, users, days}}
 *        | {inline: [{name, options, z}]}     z: base64url(deflate-raw(the file's bytes))
 *        | {files: [{name, signature, kind, rows, columns, options}]}
 *        | {none: true}}
 * MIGRATIONS[v] turns a state of version v into one of version v + 1. */

export const VERSION = 1;
export const MAX_STATE_BYTES = 8 << 20; // the JSON of a state, inflated
export const DEMO_KEYS = ['seed', 'users', 'days'];

export class ShareError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'ShareError';
    this.kind = kind; // 'damaged' | 'newer'
  }
}

/* v0 → v1: the plain hash's parts but `demo` are the page; `demo` loads the
 * demo the app loads by default (app.js DEMO), else the link holds no data. */
export const MIGRATIONS = {
  0: (hash) => {
    const parts = String(hash).replace(/^#/, '').split('&').filter(Boolean);
    const demo = parts.includes('demo');
    return {
      page: { hash: parts.filter((p) => p !== 'demo' && !p.startsWith('s=')).join('&') },
      settings: {},
      mappings: [],
      data: demo ? { demo: { seed: 42, users: 10000, days: 365 } } : { none: true },
    };
  },
};

/* ---- API ---- */

export async function encodeShare(state) {
  const problem = checkState(state);
  if (problem) throw new TypeError(`encodeShare: ${problem}`);
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `${VERSION}.${b64urlEncode(await deflate(json))}`;
}

export async function decodeShare(token) {
  const m = /^(\d{1,6})\.([\s\S]*)$/.exec(typeof token === 'string' ? token : '');
  if (!m) throw new ShareError('damaged', 'no version');
  const version = Number(m[1]);
  if (version > VERSION) throw new ShareError('newer', `version ${version} (this Lodestar reads up to ${VERSION})`);
  let state;
  if (version === 0) {
    if (!/^[A-Za-z0-9_.!~*'()%:,=&+-]*$/.test(m[2])) throw new ShareError('damaged', 'a character no plain hash holds');
    state = m[2];
  } else {
    let bytes;
    try {
      bytes = await inflate(b64urlDecode(m[2]), MAX_STATE_BYTES);
      state = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (err) {
      throw new ShareError('damaged', err.message);
    }
  }
  for (let v = version; v < VERSION; v++) state = MIGRATIONS[v](state);
  const problem = checkState(state);
  if (problem) throw new ShareError('damaged', problem);
  return { version, state };
}

/* bytes: a Uint8Array or a Blob (a File); rejects when the deflated data
 * would be more than max bytes (it stops reading then). */
export async function deflate(bytes, max = Infinity) {
  return collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), max);
}

/* Rejects when the data is not deflate-raw, is cut short, or inflates to
 * more than max bytes. */
export async function inflate(bytes, max = Infinity) {
  return collect(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')), max);
}

export function b64urlEncode(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function b64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/* What is wrong with a state of the current version, or '' when nothing. */
export function checkState(s) {
  if (!isMap(s)) return 'the state is not an object';
  const p = s.page;
  if (!isMap(p) || typeof p.hash !== 'string') return 'page.hash is not text';
  if (p.tz !== undefined && typeof p.tz !== 'string') return 'page.tz is not text';
  if (p.rules !== undefined && typeof p.rules !== 'string') return 'page.rules is not text';
  if (p.product !== undefined && !(isMap(p.product) && Object.values(p.product).every((v) => typeof v === 'string'))) return 'page.product is not a map of text';
  if (!isMap(s.settings) || !Object.values(s.settings).every((v) => typeof v === 'string')) return 'settings is not a map of text';
  if (!Array.isArray(s.mappings) || !s.mappings.every(isMapping)) return 'mappings is malformed';
  const d = s.data;
  if (!isMap(d) || Object.keys(d).length !== 1) return 'data is not one data reference';
  if ('demo' in d) return isMap(d.demo) && DEMO_KEYS.every((k) => Number.isSafeInteger(d.demo[k]) && d.demo[k] >= 0) ? '' : 'data.demo is malformed';
  if ('none' in d) return d.none === true ? '' : 'data.none is not true';
  if ('inline' in d) {
    const ok = Array.isArray(d.inline) && d.inline.every((f) => isMap(f) && isName(f.name) && isMap(f.options)
      && typeof f.z === 'string' && /^[A-Za-z0-9_-]*$/.test(f.z));
    return ok ? '' : 'data.inline is malformed';
  }
  if ('files' in d) {
    const ok = Array.isArray(d.files) && d.files.length > 0 && d.files.every((f) => isMap(f) && isName(f.name)
      && typeof f.signature === 'string' && typeof f.kind === 'string' && isMap(f.options)
      && Number.isSafeInteger(f.rows) && f.rows >= 0 && Number.isSafeInteger(f.columns) && f.columns >= 0);
    return ok ? '' : 'data.files is malformed';
  }
  return 'data holds no known reference';
}

/* ---- private ---- */

async function collect(stream, max) {
  const chunks = [];
  let n = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) {
      await reader.cancel().catch(() => {});
      throw new Error(`more than ${max} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function isMap(v) {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function isName(v) {
  return typeof v === 'string' && v.length > 0 && v.length <= 1024;
}

function isMapping(m) {
  return isMap(m) && typeof m.signature === 'string' && typeof m.kind === 'string' && isMap(m.roles)
    && Object.values(m.roles).every((c) => c === null || typeof c === 'string');
}
