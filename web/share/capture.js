/* share/capture.js: the state a share link holds (share/codec.js, version 1),
 * from the page as it is now, and the link itself.
 *
 *   await captureShare(ctx)   → state: {page, settings, mappings, data}
 *       page      capturePage (share/page-state.js)
 *       settings  the metric settings that differ from their defaults
 *       mappings  the datasets whose mapping the user set by hand (mapping-memory.js
 *                 remembers those by header signature): their kind and roles
 *       data      the demo → {demo: {seed, users, days}}
 *                 your own files → {inline: [{name, options, z}]} when all the kept
 *                 files together deflate to less than INLINE_LIMIT bytes (a file
 *                 whose dataset holds personal data goes as the engine's masked
 *                 CSV of that dataset: tokens, never the raw values), else
 *                 {files: [{name, signature, kind, rows, columns, options}]}
 *                 nothing loaded → {none: true}
 *   await shareLink(ctx)      → {url, token, state}
 *   linkUrl(href, token)      the page's URL without its hash, then #s=token
 *   settingsChanged(settings) {name: value} of those that differ from the default
 *   contents(state, url)      what the share dialog lists: [{key, vars}]
 * Never in a link: API keys, the assistant's config, localStorage, the
 * masking key (page.salt), rows (but the inline case's own files, masked). */
import { encodeShare, deflate, b64urlEncode } from './codec.js';
import { capturePage } from './page-state.js';
import { recall, currentRoles } from '../mapping-memory.js';
import { piiColumns } from '../privacy.js';

export const INLINE_LIMIT = 32768; // bytes of deflated file data a link may carry

/* ---- API ---- */

export async function captureShare(ctx) {
  const s = ctx.store.get();
  const { salt, ...page } = capturePage(ctx.store); // the masking key stays home
  const state = {
    page,
    settings: settingsChanged(s.settings),
    mappings: manualMappings(s.info),
    data: { none: true },
  };
  if (s.demo && s.demoOpts) state.data = { demo: { seed: s.demoOpts.seed, users: s.demoOpts.users, days: s.demoOpts.days } };
  else if (ctx.sources.list().length) state.data = await fileData(ctx.sources, s.info, ctx.client && ctx.client());
  return state;
}

export async function shareLink(ctx) {
  const state = await captureShare(ctx);
  const token = await encodeShare(state);
  return { url: linkUrl(location.href, token), token, state };
}

export function linkUrl(href, token) {
  return `${String(href).split('#')[0]}#s=${token}`;
}

export function settingsChanged(settings) {
  const out = {};
  for (const x of settings || []) {
    if (x && typeof x.name === 'string' && String(x.value ?? '') !== String(x.default ?? '')) out[x.name] = String(x.value ?? '');
  }
  return out;
}

/* [{key, vars}] for the dialog's list of what the link holds (the keys are
 * in web/i18n/share-*.js). */
export function contents(state, url) {
  const out = [];
  const view = /(?:^|&)view=([^&]*)/.exec(state.page.hash)?.[1] || 'overview';
  out.push({ key: 'share.has.view', vars: { view } });
  const range = /(?:^|&)range=([^&]*)/.exec(state.page.hash)?.[1];
  out.push(range ? { key: 'share.has.range', vars: { range: range.replace('~', ' – ') } } : { key: 'share.has.rangeDefault', vars: {} });
  const filters = state.page.hash.split('&').filter((p) => p.startsWith('f=')).length;
  out.push({ key: 'share.has.filters', vars: { n: filters } });
  const changed = Object.keys(state.settings);
  out.push(changed.length ? { key: 'share.has.settings', vars: { names: changed.join(', ') } } : { key: 'share.has.settingsDefault', vars: {} });
  out.push({ key: state.page.rules ? 'share.has.rulesCustom' : 'share.has.rulesDefault', vars: {} });
  if (state.page.tz) out.push({ key: 'share.has.tz', vars: { tz: state.page.tz } });
  if (state.mappings.length) out.push({ key: 'share.has.mappings', vars: { n: state.mappings.length } });
  const d = state.data;
  if (d.demo) out.push({ key: 'share.has.demo', vars: { seed: d.demo.seed, users: d.demo.users, days: d.demo.days } });
  else if (d.inline) {
    const bytes = d.inline.reduce((n, f) => n + Math.floor((f.z.length * 3) / 4), 0);
    out.push({ key: 'share.has.inline', vars: { n: d.inline.length, kb: (bytes / 1024).toFixed(1), names: d.inline.map((f) => f.name).join(', ') } });
  } else if (d.files) {
    out.push({ key: 'share.has.files', vars: { n: d.files.length } });
    for (const f of d.files) out.push({ key: 'share.has.file', vars: { name: f.name, signature: f.signature || '—' } });
  } else out.push({ key: 'share.has.none', vars: {} });
  out.push({ key: 'share.has.length', vars: { n: url.length } });
  return out;
}

/* ---- private ---- */

/* The mappings the user set by hand, by header signature. */
function manualMappings(info) {
  const out = [];
  for (const d of (info && info.datasets) || []) {
    const wanted = recall(d.signature);
    if (!wanted || !(wanted.kind || wanted.roles)) continue;
    out.push({ signature: d.signature, kind: d.kind, roles: currentRoles(d) });
  }
  return out;
}

/* The kept files inline when they deflate small enough together, else what
 * the recipient needs to find them again. A file that made a dataset with
 * personal-data columns goes instead as its datasets in masked CSV
 * (client.maskedCsv: tokens, never the raw values), each dataset once
 * however many files were appended into it. */
async function fileData(sources, info, client) {
  const list = sources.list();
  const datasets = info.datasets || [];
  const inline = [];
  const sent = new Set(); // datasets already inlined as masked CSV
  let total = 0;
  const add = async (name, options, bytes) => {
    const z = await deflate(bytes, INLINE_LIMIT - 1 - total); // stops as soon as the total is over
    total += z.length;
    inline.push({ name, options, z: b64urlEncode(z) });
  };
  try {
    for (const s of list) {
      const made = datasets.map((_, i) => i).filter((i) => sources.forDataset(i).includes(s));
      if (!made.some((i) => piiColumns(datasets[i]).length)) {
        await add(s.file.name, plain(s.options), s.file);
        continue;
      }
      if (!client) throw new Error('no engine to mask personal data');
      for (const i of made.filter((x) => !sent.has(x))) {
        sent.add(i);
        await add(csvName(datasets[i].name), {}, new TextEncoder().encode((await client.maskedCsv(i)).text));
      }
    }
  } catch {
    return { files: list.map((x) => fileRef(x, sources, info)) };
  }
  return { inline };
}

/* A dataset's name as a CSV file's: "events.jsonl.gz" → "events.csv". */
export function csvName(name) {
  const base = String(name || 'data').replace(/(\.(gz|csv|tsv|txt|jsonl|json|ndjson|sqlite|db))+$/i, '');
  return `${base || 'data'}.csv`;
}

function fileRef(s, sources, info) {
  const datasets = (info.datasets || []).filter((_, i) => sources.forDataset(i).includes(s));
  const d = datasets[0];
  return {
    name: s.file.name,
    signature: (d && d.signature) || '',
    kind: (d && d.kind) || '',
    rows: (d && d.rows) || 0,
    columns: (d && d.columns && d.columns.length) || 0,
    options: plain(s.options),
  };
}

/* The load options as plain JSON (no functions, no undefined). */
function plain(options) {
  return JSON.parse(JSON.stringify(options || {}));
}
