// duck-worker.js: DuckDB-WASM's own eh worker (duckdb-browser-eh.worker.js,
// unchanged) with a probe of its WebAssembly.Memory, for the dashboard bench's
// peak memory: the memory is found by observing WebAssembly.instantiate* (and
// new WebAssembly.Memory), and the driver reads self.benchWasmBytes() in this
// worker through Playwright (worker.evaluate), so DuckDB's messages stay as they are.
let memory = null;

for (const name of ['instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  if (typeof original !== 'function') continue;
  WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(remember);
}
const BaseMemory = WebAssembly.Memory;
WebAssembly.Memory = function Memory(desc) {
  const m = new BaseMemory(desc);
  memory = memory || m;
  return m;
};
WebAssembly.Memory.prototype = BaseMemory.prototype;

self.benchWasmBytes = () => (memory ? memory.buffer.byteLength : null);

function remember(result) {
  const instance = result instanceof WebAssembly.Instance ? result : result.instance;
  for (const value of Object.values(instance.exports)) {
    if (value instanceof BaseMemory) memory = value;
  }
  return result;
}

importScripts('/duckdb/duckdb-browser-eh.worker.js');
