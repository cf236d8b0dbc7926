// dash.js: the issue-9 dashboard bench page (index.html?module=dash). tools/bench.d/dash-browser.mjs opens
// it in headless Chromium (a fresh browser context per run) and calls
// window.bench; the page holds ONE engine per run, the one init names:
//   lodestar  the app's own worker (engine/worker.js through lodestar-worker.js,
//             which only adds the benchMemory op)
//   duckdb    DuckDB-WASM's eh bundle in its own worker (duck-worker.js: DuckDB's
//             worker script unchanged, plus a probe of its WebAssembly.Memory)
//
//   await bench.init(engine)         → {engine, version}: start the worker (untimed)
//   await bench.fetch(urls)          → [bytes]: the three CSVs into Blobs (untimed)
//   await bench.ingest()             → {ms, rows: [..]}: lodestar: loadFile of each Blob
//                                      in order; duckdb: CREATE TABLE name AS SELECT *
//                                      FROM read_csv('name.csv') of each, in order
//   await bench.reload()             → lodestar only: reset (a fresh workspace: no
//                                      index or cache left), the Blobs loaded again (untimed)
//   await bench.replay(ops)          → {ms, per: [{op, ms}]}: lodestar only: every
//                                      [op, args] posted at once; ms until the last
//                                      answer (answers kept for bench.answers)
//   await bench.answers()            → the last replay's answers, typed arrays as
//                                      plain arrays and NaN as null (untimed)
//   await bench.sql(queries)         → {ms, per: [{name, ms}], rows: {name: [[..]]}}:
//                                      duckdb only: each {name, sql} in order on one
//                                      connection; ms from the first until the last
//                                      result; rows as arrays of plain values
//   await bench.wasmBytes()          → lodestar: byte length of the engine's memory
//                                      (duckdb: read by the driver in DuckDB's worker)
import * as duckdb from '/duckdb/duckdb-browser.mjs';
import { Client } from './worker-client.js';

const TABLES = ['events', 'customers', 'subscriptions'];

let engine = null; // 'lodestar' | 'duckdb'
let lodestar = null; // Client of the Lodestar worker
let db = null;
let conn = null;
let blobs = [];
let last = null; // the last replay's answers

window.bench = {
  async init(which) {
    engine = which;
    if (engine === 'lodestar') {
      lodestar = new Client(new Worker('lodestar-worker.js', { type: 'module' }));
      await lodestar.request('init');
      return { engine, version: null };
    }
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker('duck-worker.js'));
    await db.instantiate('/duckdb/duckdb-eh.wasm');
    conn = await db.connect();
    return { engine, version: await db.getVersion() };
  },

  async fetch(urls) {
    blobs = [];
    for (const url of urls) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      blobs.push(await res.blob());
    }
    if (engine === 'duckdb') {
      for (let i = 0; i < blobs.length; i++) {
        await db.registerFileHandle(`${TABLES[i]}.csv`, blobs[i], duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      }
    }
    return blobs.map((b) => b.size);
  },

  async ingest() {
    const rows = [];
    const t0 = performance.now();
    if (engine === 'lodestar') {
      let info = null;
      for (let i = 0; i < blobs.length; i++) info = await lodestar.request('loadFile', { file: blobs[i], name: `${TABLES[i]}.csv` });
      const ms = performance.now() - t0;
      for (const d of info.datasets) rows.push({ name: d.name, kind: d.kind, rows: d.rows });
      return { ms, rows };
    }
    for (const t of TABLES.slice(0, blobs.length)) await conn.query(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${t}.csv')`);
    const ms = performance.now() - t0;
    for (const t of TABLES.slice(0, blobs.length)) {
      rows.push({ name: t, rows: Number((await conn.query(`SELECT count(*)::DOUBLE AS n FROM ${t}`)).toArray()[0].n) });
    }
    return { ms, rows };
  },

  async reload() {
    await lodestar.request('reset');
    for (let i = 0; i < blobs.length; i++) await lodestar.request('loadFile', { file: blobs[i], name: `${TABLES[i]}.csv` });
  },

  async replay(ops) {
    const per = [];
    const t0 = performance.now();
    const answers = await Promise.all(ops.map(([op, args], i) => lodestar.request(op, args).then(
      (r) => { per.push({ i, op, ms: performance.now() - t0 }); return { ok: r }; },
      (err) => { per.push({ i, op, ms: performance.now() - t0 }); return { error: err.message }; })));
    const ms = performance.now() - t0;
    last = answers;
    return { ms, per };
  },

  async answers() {
    return JSON.parse(JSON.stringify(last, plain));
  },

  async sql(queries) {
    const per = [];
    const out = {};
    const t0 = performance.now();
    for (const q of queries) {
      const table = await conn.query(q.sql);
      per.push({ name: q.name, ms: performance.now() - t0 });
      out[q.name] = table;
    }
    const ms = performance.now() - t0;
    const rows = {};
    for (const [name, table] of Object.entries(out)) rows[name] = plainRows(table);
    return { ms, per, rows };
  },

  async wasmBytes() {
    if (engine !== 'lodestar') return null;
    return (await lodestar.request('benchMemory')).bytes;
  },
};

/* ---- private ---- */

// typed arrays as plain arrays, NaN as null
function plain(_key, v) {
  if (ArrayBuffer.isView(v)) return Array.from(v, (x) => (Number.isNaN(x) ? null : x));
  return typeof v === 'number' && Number.isNaN(v) ? null : v;
}

/* An Arrow table's rows as arrays of plain values: BigInt as Number, dates and
 * timestamps as ISO text (DuckDB-WASM hands them back as epoch milliseconds). */
function plainRows(table) {
  const fields = table.schema.fields;
  const cols = fields.map((f, i) => ({ type: String(f.type), get: table.getChildAt(i) }));
  const rows = [];
  for (let r = 0; r < table.numRows; r++) {
    rows.push(cols.map((c) => value(c.get.get(r), c.type)));
  }
  return rows;
}

function value(v, type) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (/^Date/.test(type)) return new Date(Number(v)).toISOString().slice(0, 10);
  if (/^Timestamp/.test(type)) return new Date(Number(v)).toISOString();
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'object' && typeof v.valueOf === 'function' && typeof v.valueOf() !== 'object') return value(v.valueOf(), type);
  if (Array.isArray(v) || (typeof v === 'object' && typeof v.toArray === 'function')) return Array.from(v.toArray ? v.toArray() : v, (x) => value(x, ''));
  return typeof v === 'string' ? v : String(v);
}
