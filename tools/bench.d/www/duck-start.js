// duck-start.js: DuckDB-WASM started as its README starts it in a browser:
// selectBundle (the eh bundle where the browser has wasm exceptions), its
// worker, instantiate, connect; then the mark the start-up bench waits for.
// The ESM bundle imports apache-arrow (and flatbuffers, tslib) through the
// page's import map, as unbundled modules.
import * as duckdb from '/duckdb/duckdb-browser.mjs';

const bundle = await duckdb.selectBundle({
  mvp: { mainModule: '/duckdb/duckdb-mvp.wasm', mainWorker: '/duckdb/duckdb-browser-mvp.worker.js' },
  eh: { mainModule: '/duckdb/duckdb-eh.wasm', mainWorker: '/duckdb/duckdb-browser-eh.worker.js' },
});
const worker = new Worker(bundle.mainWorker);
const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
await db.connect();
performance.mark('duckdb-engine-ready');
document.body.dataset.engine = 'ready';
document.body.dataset.bundle = bundle.mainModule.endsWith('eh.wasm') ? 'eh' : 'other';
