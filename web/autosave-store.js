/* autosave-store.js: where the browser keeps the autosaved workspace, one
 * save at a time, shared by every tab of the origin.
 *
 *   const store = await openAutosaveStore();      // {kind: 'opfs'|'idb', …} or {kind: null, reason}
 *   await store.save({tab, kind: 'file', page, bytes});   // or {tab, kind: 'demo', demo, page}
 *   const saved = await store.load();             // {meta, bytes} of the last complete save | null
 *   await store.savePage({tab, page, file});      // only the page changed: the same bytes, a new page
 *   const meta = await store.peek();              // its meta without the bytes | null
 *   await store.forget(at);                       // delete it (a tombstone stays: see save)
 *
 * Storage: OPFS (navigator.storage.getDirectory(), files written with
 * createWritable, which commits on close() and not before) or, where OPFS or
 * createWritable is missing, IndexedDB (one transaction per save). A save
 * writes its bytes to a file of its own first and the meta that points at it
 * last, so a save cut short (a tab closed mid-write) leaves the previous
 * save in place: the last complete save wins, whichever tab wrote it.
 * Every read and write holds the Web Lock 'lodestar-autosave' (shared for
 * reads, exclusive for writes): a tab never reads a save another tab or it
 * itself is still writing. Each save's meta names the tab that wrote it and
 * when: {v, id, tab, at, kind, demo?, page, size, file?}.
 *
 * Forgetting leaves the meta {v, forgotten: at}; a save that began before
 * that moment (save's `since`: when its tab last saw autosave turned on) is
 * dropped rather than bringing the data back.
 *
 * The backends and the store are plain objects over a directory handle or
 * an IndexedDB factory, so Node tests drive them with fakes. */

export const LOCK = 'lodestar-autosave';
export const DIR = 'lodestar-autosave';
export const META = 'autosave.json';
const VERSION = 1;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/* ---- API ---- */

/* The store over the best storage this browser has: OPFS, else IndexedDB,
 * else {kind: null, reason: 'none' | 'blocked'}. */
export async function openAutosaveStore(env = globalThis) {
  const locks = env.navigator?.locks;
  try {
    const dir = await opfsDirectory(env);
    if (dir) return createAutosaveStore(opfsBackend(dir), locks);
  } catch { /* OPFS refused (private mode, quota): try IndexedDB */ }
  if (!env.indexedDB) return { kind: null, reason: 'none' };
  try {
    return createAutosaveStore(await idbBackend(env.indexedDB), locks);
  } catch {
    return { kind: null, reason: 'blocked' };
  }
}

/* The store over a backend {kind, readMeta(), read(), write(meta, bytes),
 * writeMeta(meta) (the bytes kept), clear(meta)}
 * with locks (navigator.locks, or none: one tab assumed). */
export function createAutosaveStore(backend, locks = null) {
  let seq = 0;
  const withLock = (mode, fn) => (locks && typeof locks.request === 'function' ? locks.request(LOCK, { mode }, fn) : fn());

  return {
    kind: backend.kind,

    /* Write a save; resolves with its meta, or null when it was dropped
     * (autosave was forgotten after since). */
    save({ tab, kind, page = null, demo = null, bytes = null, at = Date.now(), since = 0 }) {
      const meta = saveMeta({ tab, kind, page, demo, bytes, at, id: `${tab}-${at}-${++seq}` });
      return withLock('exclusive', async () => {
        const now = await backend.readMeta();
        if (now && now.forgotten && now.forgotten >= since) return null;
        await backend.write(meta, kind === 'file' ? bytes : null);
        return meta;
      });
    },

    /* Replace only the page of the current save, which must still be the
     * file save named file (the data it holds has not changed, so its
     * bytes stay where they are): resolves with the new meta, or null when
     * the current save is another one (another tab saved since, or
     * autosave was forgotten) and the caller must save whole. */
    savePage({ tab, page = null, file, at = Date.now(), since = 0 }) {
      return withLock('exclusive', async () => {
        const now = await backend.readMeta();
        if (!now || now.forgotten || !validMeta(now) || now.kind !== 'file' || now.file !== file) return null;
        if (since && now.at < since) return null; // saved before this tab turned autosave on
        const meta = { ...now, id: `${tab}-${at}-${++seq}`, tab: String(tab), at, page };
        await backend.writeMeta(meta);
        return meta;
      });
    },

    /* The last complete save, checked ({meta, bytes}), or null. */
    load() {
      return withLock('shared', async () => {
        const got = await backend.read();
        return got && isComplete(got.meta, got.bytes) ? got : null;
      });
    },

    /* The meta of the last save (whether anything is saved, from which tab,
     * when), or null; a tombstone reads as null. */
    peek() {
      return withLock('shared', async () => {
        const meta = await backend.readMeta();
        return meta && !meta.forgotten && validMeta(meta) ? meta : null;
      });
    },

    /* Delete the save; what remains is the tombstone {v, forgotten: at}. */
    forget(at = Date.now()) {
      return withLock('exclusive', () => backend.clear({ v: VERSION, forgotten: at }));
    },
  };
}

/* The meta of a save: kind 'demo' ({seed, users, days}, no bytes) or 'file'
 * (the workspace file's bytes); throws on anything else. */
export function saveMeta({ tab, kind, page, demo, bytes, at, id }) {
  if (kind === 'demo') {
    if (!validDemo(demo)) throw new Error('autosave: a demo save needs {seed, users, days}');
    return { v: VERSION, id, tab: String(tab), at, kind, demo: { seed: demo.seed, users: demo.users, days: demo.days }, page, size: 0 };
  }
  if (kind === 'file') {
    if (!isSqlite(bytes)) throw new Error('autosave: a file save needs the bytes of a workspace file');
    return { v: VERSION, id, tab: String(tab), at, kind, page, size: bytes.byteLength, file: `save-${safeName(id)}.sqlite` };
  }
  throw new Error(`autosave: unknown kind ${kind}`);
}

/* True when meta is a save this version reads. */
export function validMeta(m) {
  if (!m || typeof m !== 'object' || m.v !== VERSION || typeof m.id !== 'string' || typeof m.tab !== 'string') return false;
  if (!Number.isFinite(m.at)) return false;
  if (m.kind === 'demo') return validDemo(m.demo);
  return m.kind === 'file' && Number.isInteger(m.size) && m.size > 0 && typeof m.file === 'string';
}

/* True when meta and bytes make a whole save: a demo's meta, or a file's
 * meta with all of its bytes (as many as it says, a SQLite header first). */
export function isComplete(meta, bytes) {
  if (!validMeta(meta) || meta.forgotten) return false;
  if (meta.kind === 'demo') return true;
  return isSqlite(bytes) && bytes.byteLength === meta.size;
}

/* ---- backends ---- */

/* OPFS: dir is a FileSystemDirectoryHandle. A save's bytes go to their own
 * file, then META is replaced; files of older saves are removed after. */
export function opfsBackend(dir) {
  const readText = async (name) => {
    try {
      return await (await (await dir.getFileHandle(name)).getFile()).text();
    } catch {
      return null;
    }
  };
  const writeFile = async (name, data) => {
    const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
    try {
      await w.write(data);
      await w.close(); // the file changes here, all at once
    } catch (err) {
      try { await w.abort(); } catch { /* already closed */ }
      throw err;
    }
  };
  const names = async () => {
    const out = [];
    for await (const [name] of dir.entries()) out.push(name);
    return out;
  };
  const readMeta = async () => parseMeta(await readText(META));
  const removeSaves = async (keep) => {
    for (const name of await names()) {
      if (name !== META && name !== keep) {
        try { await dir.removeEntry(name); } catch { /* gone already */ }
      }
    }
  };

  return {
    kind: 'opfs',
    readMeta,
    async read() {
      const meta = await readMeta();
      if (!meta || meta.forgotten) return null;
      let bytes = null;
      if (meta.kind === 'file') {
        try {
          bytes = await (await (await dir.getFileHandle(meta.file)).getFile()).arrayBuffer();
        } catch { /* its file is missing: not complete */ }
      }
      return { meta, bytes };
    },
    async write(meta, bytes) {
      if (bytes) await writeFile(meta.file, bytes);
      await writeFile(META, JSON.stringify(meta));
      await removeSaves(meta.file);
    },
    writeMeta: (meta) => writeFile(META, JSON.stringify(meta)), // its file stays
    async clear(tombstone) {
      await writeFile(META, JSON.stringify(tombstone));
      await removeSaves(null);
    },
  };
}

/* IndexedDB: the database 'lodestar-autosave', one record {meta, bytes}
 * under the key 'current', replaced in one transaction. */
export async function idbBackend(factory) {
  const db = await request(factory.open(DIR, 1), (req) => {
    req.onupgradeneeded = () => req.result.createObjectStore('save');
  });
  const tx = (mode, fn) => new Promise((resolve, reject) => {
    const t = db.transaction('save', mode);
    let out;
    Promise.resolve(fn(t.objectStore('save'))).then((v) => { out = v; }, reject);
    t.oncomplete = () => resolve(out);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('autosave: the transaction was aborted'));
  });
  const get = () => tx('readonly', (s) => request(s.get('current')));
  return {
    kind: 'idb',
    async readMeta() {
      const rec = await get();
      return parseMeta(rec && rec.meta);
    },
    async read() {
      const rec = await get();
      const meta = parseMeta(rec && rec.meta);
      if (!meta || meta.forgotten) return null;
      return { meta, bytes: rec.bytes || null };
    },
    write(meta, bytes) {
      return tx('readwrite', (s) => { s.put({ meta: JSON.stringify(meta), bytes: bytes || null }, 'current'); });
    },
    writeMeta(meta) { // the bytes stay: read and put back in one transaction
      return tx('readwrite', async (s) => {
        const rec = await request(s.get('current'));
        s.put({ meta: JSON.stringify(meta), bytes: (rec && rec.bytes) || null }, 'current');
      });
    },
    clear(tombstone) {
      return tx('readwrite', (s) => { s.put({ meta: JSON.stringify(tombstone), bytes: null }, 'current'); });
    },
  };
}

/* ---- private ---- */

async function opfsDirectory(env) {
  const storage = env.navigator?.storage;
  if (!storage || typeof storage.getDirectory !== 'function') return null;
  const FileHandle = env.FileSystemFileHandle;
  if (FileHandle && typeof FileHandle.prototype.createWritable !== 'function') return null;
  const root = await storage.getDirectory();
  return root.getDirectoryHandle(DIR, { create: true });
}

function request(req, setup) {
  return new Promise((resolve, reject) => {
    if (setup) setup(req);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function parseMeta(text) {
  if (typeof text !== 'string' || !text) return null;
  try {
    const m = JSON.parse(text);
    return m && typeof m === 'object' ? m : null;
  } catch {
    return null;
  }
}

function validDemo(d) {
  return !!d && ['seed', 'users', 'days'].every((k) => Number.isInteger(d[k]) && d[k] >= 0);
}

function isSqlite(bytes) {
  if (!(bytes instanceof ArrayBuffer) && !ArrayBuffer.isView(bytes)) return false;
  const u8 = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (u8.length < 100) return false;
  for (let i = 0; i < SQLITE_MAGIC.length; i++) if (u8[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}

function safeName(id) {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
