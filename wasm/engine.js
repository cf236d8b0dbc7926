// engine.js: the JS face of the Lodestar wasm module (wasm/exports.c).
//
// Used by the worker (wasm/worker.js) and by the Node tests; nothing else
// touches the raw exports. Every call that fails throws an Error carrying the
// engine's message (file, line, column for a malformed CSV). Series are copied
// out of wasm memory before the next call: views go stale when memory grows.
//
//   const engine = await createEngine();          // or createEngine({wasmBinary}) in Node
//   const ws = engine.newWorkspace();
//   await ws.loadCsv('subs.csv', file, {onProgress, signal});
//   ws.metric({metric: 'mrr', grain: 'month'});   // {metric, grain, unit, periods, x, y}
import createLodestar from './lodestar.js';

const CHUNK = 1 << 20; // bytes handed to the parser per call, by default

export async function createEngine(moduleOptions = {}) {
  const M = await createLodestar(moduleOptions);
  return new Engine(M);
}

class Engine {
  constructor(M) {
    this.M = M;
    this.constants = JSON.parse(takeString(M, M._lsw_constants()));
    this.status = this.constants.status;
  }

  catalog() {
    return JSON.parse(takeString(this.M, this.M._lsw_catalog()));
  }

  newWorkspace() {
    const p = this.M._lsw_workspace_new();
    if (!p) throw new Error('out of memory');
    return new Workspace(this, p);
  }
}

class Workspace {
  constructor(engine, ptr) {
    this.engine = engine;
    this.M = engine.M;
    this.ptr = ptr;
  }

  free() {
    if (this.ptr) this.M._lsw_workspace_free(this.ptr);
    this.ptr = 0;
  }

  check(status) {
    if (status !== 0) throw new Error(this.M.UTF8ToString(this.M._lsw_errmsg(this.ptr)));
  }

  info() {
    return JSON.parse(takeString(this.M, this.M._lsw_workspace_info(this.ptr)));
  }

  // zone: "UTC", an offset such as "+08:00", or an IANA name such as
  // "America/New_York"; throws on an unknown zone (the message lists the forms).
  setTimeZone(zone) {
    withString(this.M, String(zone), (p) => this.check(this.M._lsw_set_tz(this.ptr, p)));
  }

  genDemo({seed = 42, users = 0, days = 0} = {}) {
    this.check(this.M._lsw_gen_demo(this.ptr, seed >>> 0, users | 0, days | 0));
  }

  // source: Uint8Array, ArrayBuffer or Blob/File (read in slices, never whole).
  async loadCsv(name, source, {onProgress, signal, chunkSize = CHUNK} = {}) {
    const M = this.M;
    const total = source.byteLength ?? source.size;
    withString(M, name, (p) => this.check(M._lsw_load_begin(this.ptr, p)));
    const buf = M._lsw_malloc(chunkSize);
    if (!buf) throw new Error(`${name}: out of memory`);
    try {
      for (let at = 0; at < total; at += chunkSize) {
        if (signal?.aborted) {
          M._lsw_load_abort(this.ptr);
          throw new DOMException(`${name}: load cancelled`, 'AbortError');
        }
        const end = Math.min(total, at + chunkSize);
        const bytes = await sliceBytes(source, at, end);
        M.HEAPU8.set(bytes, buf);
        this.check(M._lsw_load_chunk(this.ptr, buf, bytes.length));
        onProgress?.(end, total);
      }
      this.check(M._lsw_load_end(this.ptr));
    } catch (e) {
      M._lsw_load_abort(this.ptr);
      throw e;
    } finally {
      M._lsw_free(buf);
    }
  }

  // spec: {metric, grain?, from?, to?} -> {metric, grain, unit, periods, x, y}
  metric(spec) {
    const M = this.M;
    const s = withString(M, JSON.stringify(spec), (p) => M._lsw_metric(this.ptr, p));
    if (!s) this.check(-1);
    try {
      const n = M._lsw_series_len(s);
      const xp = M._lsw_series_x(s) >> 3, yp = M._lsw_series_y(s) >> 3;
      const info = JSON.parse(M.UTF8ToString(M._lsw_series_info(s)));
      info.x = M.HEAPF64.slice(xp, xp + n);
      info.y = M.HEAPF64.slice(yp, yp + n);
      return info;
    } finally {
      M._lsw_series_free(s);
    }
  }
}

async function sliceBytes(source, at, end) {
  if (source instanceof Uint8Array) return source.subarray(at, end);
  if (source instanceof ArrayBuffer) return new Uint8Array(source, at, end - at);
  return new Uint8Array(await source.slice(at, end).arrayBuffer());
}

function withString(M, s, fn) {
  const n = M.lengthBytesUTF8(s) + 1;
  const p = M._lsw_malloc(n);
  if (!p) throw new Error('out of memory');
  try {
    M.stringToUTF8(s, p, n);
    return fn(p);
  } finally {
    M._lsw_free(p);
  }
}

function takeString(M, p) {
  if (!p) throw new Error('out of memory');
  try {
    return M.UTF8ToString(p);
  } finally {
    M._lsw_free(p);
  }
}
