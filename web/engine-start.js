/* engine-start.js: starts the engine while the page's modules still load.
 *
 * An async classic script in index.html's head: it runs as soon as it is here, long
 * before app.js and its chunks (when the page's client started first, it does nothing). It
 * starts the worker (engine/worker.js) and, at the same time, fetches and compiles the
 * wasm engine here (WebAssembly.compileStreaming: compiled off the main thread as the
 * bytes arrive), so neither waits for the other: the worker's first message, 'warm'
 * {module: 'coming'}, has it wait for the compiled module, which follows as 'module'
 * (null when this page could not compile it: the worker then fetches it itself).
 * web/engine-client.js takes this worker (takeEarlyWorker) instead of starting its own;
 * an error before that is kept and reported to the client. Not in the single-file build
 * (tools/bundle.mjs leaves it out: its worker starts from the page's own bytes).
 * It also sets <html data-theme> from the stored choice (web/theme.js), so a
 * pinned theme shows from the first paint. */
(function () {
  'use strict';
  // a theme pinned in theme.js's select, set before the first paint when this runs in time
  try {
    var theme = localStorage.getItem('lodestar.theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch (err) { /* private mode: theme.js decides */ }
  if (typeof Worker !== 'function' || self.lodestarEarlyWorker !== undefined) return; // null: a client asked already
  var early = { url: 'engine/worker.js', worker: null, error: null };
  try {
    early.worker = new Worker(early.url, { type: 'module' });
  } catch (err) {
    return; // the page's client starts its own and reports what fails
  }
  early.worker.addEventListener('error', function (event) {
    if (!early.error) early.error = event.message || 'the engine worker failed to start';
  });
  var stream = typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function' && typeof fetch === 'function';
  early.worker.postMessage({ type: 'warm', args: { module: stream ? 'coming' : null } });
  if (stream) {
    var send = function (module) { early.worker.postMessage({ type: 'module', args: { module: module } }); };
    WebAssembly.compileStreaming(fetch('engine/lodestar.wasm', { credentials: 'same-origin' }))
      .then(send, function () { send(null); });
  }
  self.lodestarEarlyWorker = early;
})();
