/* engine-start.js: starts the engine worker while the page's modules still load.
 *
 * A classic script that index.html runs first, before the stylesheets and app.js: the
 * worker (engine/worker.js) is fetched at once and its first message, 'warm', has it
 * fetch and compile the wasm engine in parallel with the page. web/engine-client.js
 * takes this worker (takeEarlyWorker) instead of starting its own. An error before
 * that is kept and reported to the client. Not in the single-file build
 * (tools/bundle.mjs leaves it out: its worker starts from the page's own bytes). */
(function () {
  'use strict';
  if (typeof Worker !== 'function') return;
  var early = { url: 'engine/worker.js', worker: null, error: null };
  try {
    early.worker = new Worker(early.url, { type: 'module' });
  } catch (err) {
    return; // the page's client starts its own and reports what fails
  }
  early.worker.addEventListener('error', function (event) {
    if (!early.error) early.error = event.message || 'the engine worker failed to start';
  });
  early.worker.postMessage({ type: 'warm' });
  self.lodestarEarlyWorker = early;
})();
