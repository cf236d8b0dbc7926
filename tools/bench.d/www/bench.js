// bench.js: the ingest bench page. tools/bench.d/browser.mjs opens it in headless
// Chromium and calls window.bench; the page holds both engines side by side:
//   Lodestar  its real worker (engine/worker.js, via lodestar-worker.js which only
//             adds a memory probe), op loadFile with the input as a Blob
//   DuckDB    DuckDB-WASM's eh bundle in its own worker, the same Blob registered
//             as a browser file handle, CREATE TABLE t AS SELECT * FROM read_csv(…)
//
//   await bench.init()          → {duckdb}: start both workers (untimed)
//   await bench.load(url)       → bytes: fetch the input into a Blob (untimed)
//   await bench.lodestar()      → {seconds, rows}: reset, then one timed loadFile
//   await bench.duckdb()        → {seconds, rows}: one timed CREATE TABLE, then count, drop
//   await bench.lodestarMemory()→ bytes of Lodestar's WebAssembly.Memory (never shrinks)
//   await bench.readOnly()      → {seconds, rows: null}: the Blob read as
//                                 the engine reads it (blob.stream()), nothing parsed: a floor
import * as duckdb from '/duckdb/duckdb-browser.mjs';
import { Client } from './worker-client.js';

const FILE = 'ev.csv';
const CREATE = `CREATE TABLE t AS SELECT * FROM read_csv('${FILE}')`;

let lodestar = null; // Client of the Lodestar worker
let db = null;       // duckdb.AsyncDuckDB
let conn = null;
let blob = null;

/* ---- API ---- */

window.bench = {
  async init() {
    lodestar = new Client(new Worker('lodestar-worker.js', { type: 'module' }));
    await lodestar.request('init');
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker('/duckdb/duckdb-browser-eh.worker.js'));
    await db.instantiate('/duckdb/duckdb-eh.wasm');
    conn = await db.connect();
    return { duckdb: await db.getVersion() };
  },

  async load(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    blob = await res.blob();
    await db.registerFileHandle(FILE, blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    return blob.size;
  },

  async lodestar() {
    await lodestar.request('reset');
    const t0 = performance.now();
    const info = await lodestar.request('loadFile', { file: blob, name: 'events.csv' });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, rows: info.datasets[0].rows };
  },

  async duckdb() {
    const t0 = performance.now();
    await conn.query(CREATE);
    const seconds = (performance.now() - t0) / 1000;
    const n = (await conn.query('SELECT count(*)::DOUBLE AS n FROM t')).toArray()[0].n;
    await conn.query('DROP TABLE t');
    return { seconds, rows: Number(n) };
  },

  async readOnly() {
    const t0 = performance.now();
    const reader = blob.stream().getReader();
    while (!(await reader.read()).done);
    return { seconds: (performance.now() - t0) / 1000, rows: null };
  },

  async lodestarMemory() {
    return (await lodestar.request('benchMemory')).bytes;
  },
};
