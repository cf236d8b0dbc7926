// lodestar-worker.js: Lodestar's own worker (engine/worker.js, unchanged) with one
// bench-only op added, so the bench can read the engine's memory size:
//   benchMemory  args none → {bytes}: byte length of the engine's WebAssembly.Memory
//                (null before the engine exists). Answered at once, outside the queue.
// The memory is found by observing WebAssembly.instantiate*/ (the engine module is
// instantiated lazily, by the first op, after this module has run). Every other
// message goes to worker.js untouched.
import '/engine/worker.js';

let memory = null;

for (const name of ['instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  if (typeof original !== 'function') continue;
  WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(remember);
}

const engineOnMessage = self.onmessage;
self.onmessage = (event) => {
  const { type, id } = event.data || {};
  if (type !== 'benchMemory') {
    engineOnMessage(event);
    return;
  }
  self.postMessage({ type, id, result: { bytes: memory ? memory.buffer.byteLength : null } });
};

function remember(result) {
  const instance = result instanceof WebAssembly.Instance ? result : result.instance;
  for (const value of Object.values(instance.exports)) {
    if (value instanceof WebAssembly.Memory) memory = value;
  }
  return result;
}
