// worker-client.js: requests to a worker speaking the {type, id, args} protocol of
// engine/worker.js (the bench pages' Lodestar worker); progress messages are ignored.
//   const c = new Client(new Worker('lodestar-worker.js', {type: 'module'}));
//   const info = await c.request('loadFile', {file: blob});   // rejects with the engine's message
export class Client {
  constructor(worker) {
    this.worker = worker;
    this.next = 1;
    this.pending = new Map();
    worker.onmessage = (event) => {
      const { type, id, result } = event.data || {};
      const p = this.pending.get(id);
      if (!p || type === 'progress') return;
      this.pending.delete(id);
      if (type === 'error') p.fail(new Error(`${result.op}: ${result.message}`));
      else p.ok(result);
    };
    worker.onerror = (event) => {
      for (const p of this.pending.values()) p.fail(new Error(`worker: ${event.message}`));
      this.pending.clear();
    };
  }

  request(type, args = {}) {
    const id = this.next++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      this.worker.postMessage({ type, id, args });
    });
  }
}
