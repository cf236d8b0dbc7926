// autosave-store.test.mjs: web/autosave-store.js over a directory handle
// that behaves as OPFS does (a file written through createWritable changes
// only when close() commits it), with saves cut short, two tabs at once,
// and a forget racing a save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createAutosaveStore, opfsBackend, openAutosaveStore, saveMeta, isComplete, validMeta, META, LOCK,
} from '../../web/autosave-store.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* The bytes of a "SQLite file": the 16-byte magic, then n-16 bytes of mark. */
function sqliteBytes(n, mark) {
  const u8 = new Uint8Array(n).fill(mark);
  u8.set(new TextEncoder().encode('SQLite format 3\u0000'));
  return u8.buffer;
}

/* A FileSystemDirectoryHandle in memory. cut(name): true makes the commit
 * (close) of that file fail, as a tab closed mid-write would; log records
 * each write and commit; delay makes every write wait (ms). */
function fakeDir({ cut = () => false, delay = 0 } = {}) {
  const files = new Map(); // name → Uint8Array
  const log = [];
  const asBytes = (x) => (typeof x === 'string' ? new TextEncoder().encode(x) : new Uint8Array(x));
  return {
    files,
    log,
    async getFileHandle(name, { create = false } = {}) {
      if (!files.has(name)) {
        if (!create) throw Object.assign(new Error(`${name} not found`), { name: 'NotFoundError' });
        files.set(name, new Uint8Array(0)); // OPFS creates the empty file at once
      }
      return {
        async getFile() {
          const d = files.get(name);
          if (!d) throw Object.assign(new Error(`${name} not found`), { name: 'NotFoundError' });
          return { size: d.length, text: async () => new TextDecoder().decode(d), arrayBuffer: async () => d.slice().buffer };
        },
        async createWritable() {
          const parts = [];
          return {
            async write(x) {
              log.push(`write ${name}`);
              if (delay) await sleep(delay);
              parts.push(asBytes(x));
            },
            async close() {
              if (cut(name)) throw new Error(`writing ${name} was cut short`);
              const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
              let at = 0;
              for (const p of parts) { all.set(p, at); at += p.length; }
              files.set(name, all);
              log.push(`commit ${name}`);
            },
            async abort() {},
          };
        },
      };
    },
    async removeEntry(name) {
      if (!files.delete(name)) throw Object.assign(new Error(`${name} not found`), { name: 'NotFoundError' });
    },
    async *entries() {
      for (const name of [...files.keys()]) yield [name, {}];
    },
  };
}

/* navigator.locks reduced to what the store needs: requests on one name run
 * one after another (shared requests too, which only makes it stricter). */
function fakeLocks() {
  let chain = Promise.resolve();
  const names = [];
  return {
    names,
    request(name, opts, fn) {
      names.push(`${name}:${opts.mode}`);
      const run = chain.then(() => fn());
      chain = run.catch(() => {});
      return run;
    },
  };
}

const PAGE = { hash: 'view=revenue&range=30d', tz: 'Asia/Shanghai' };

test('a save is read back whole, tagged with its tab and time', async () => {
  const dir = fakeDir();
  const store = createAutosaveStore(opfsBackend(dir), fakeLocks());
  const bytes = sqliteBytes(300, 7);
  const meta = await store.save({ tab: 'tab-a', kind: 'file', page: PAGE, bytes, at: 1000 });
  assert.equal(meta.tab, 'tab-a');
  assert.equal(meta.at, 1000);
  assert.equal(meta.size, 300);
  const got = await store.load();
  assert.deepEqual(got.meta, meta);
  assert.deepEqual(new Uint8Array(got.bytes), new Uint8Array(bytes));
  assert.deepEqual(got.meta.page, PAGE);
  assert.deepEqual(await store.peek(), meta);
  assert.deepEqual([...dir.files.keys()].sort(), [META, meta.file].sort());
});

test('a demo save keeps the demo options and the page, no bytes', async () => {
  const dir = fakeDir();
  const store = createAutosaveStore(opfsBackend(dir));
  await store.save({ tab: 't', kind: 'demo', demo: { seed: 7, users: 300, days: 60, extra: 1 }, page: PAGE, at: 5 });
  const got = await store.load();
  assert.deepEqual(got.meta.demo, { seed: 7, users: 300, days: 60 });
  assert.equal(got.bytes, null);
  assert.deepEqual([...dir.files.keys()], [META]);
});

test('a newer save replaces the older one and removes its file', async () => {
  const dir = fakeDir();
  const store = createAutosaveStore(opfsBackend(dir), fakeLocks());
  const first = await store.save({ tab: 'a', kind: 'file', page: PAGE, bytes: sqliteBytes(200, 1), at: 1 });
  const second = await store.save({ tab: 'b', kind: 'file', page: null, bytes: sqliteBytes(250, 2), at: 2 });
  assert.notEqual(first.file, second.file);
  const got = await store.load();
  assert.equal(got.meta.tab, 'b');
  assert.equal(new Uint8Array(got.bytes)[200], 2);
  assert.ok(!dir.files.has(first.file), 'the older save file is gone');
});

test('a save cut short while writing its bytes or its meta leaves the previous save', async () => {
  for (const cutWhat of ['bytes', 'meta']) {
    let cutting = false;
    const dir = fakeDir({ cut: (name) => cutting && (cutWhat === 'meta' ? name === META : name !== META) });
    const store = createAutosaveStore(opfsBackend(dir), fakeLocks());
    await store.save({ tab: 'a', kind: 'file', page: PAGE, bytes: sqliteBytes(200, 1), at: 1 });
    cutting = true;
    await assert.rejects(store.save({ tab: 'a', kind: 'file', page: PAGE, bytes: sqliteBytes(400, 9), at: 2 }), /cut short/);
    cutting = false;
    const got = await store.load();
    assert.equal(got.meta.at, 1, `cut while writing the ${cutWhat}`);
    assert.equal(got.bytes.byteLength, 200);
    assert.equal(new Uint8Array(got.bytes)[150], 1);
  }
});

test('bytes shorter than the meta says, or missing, are not a save', async () => {
  const dir = fakeDir();
  const store = createAutosaveStore(opfsBackend(dir));
  const meta = await store.save({ tab: 'a', kind: 'file', page: PAGE, bytes: sqliteBytes(200, 1), at: 1 });
  dir.files.set(meta.file, dir.files.get(meta.file).slice(0, 120));
  assert.equal(await store.load(), null);
  dir.files.delete(meta.file);
  assert.equal(await store.load(), null);
  assert.equal(isComplete(meta, sqliteBytes(200, 3)), true);
  assert.equal(isComplete(meta, sqliteBytes(201, 3)), false);
});

test('two tabs saving at once: the saves do not interleave and the last complete one wins', async () => {
  const dir = fakeDir({ delay: 5 });
  const locks = fakeLocks();
  const tabA = createAutosaveStore(opfsBackend(dir), locks);
  const tabB = createAutosaveStore(opfsBackend(dir), locks);
  const a = tabA.save({ tab: 'a', kind: 'file', page: PAGE, bytes: sqliteBytes(200, 1), at: 10 });
  const b = tabB.save({ tab: 'b', kind: 'file', page: PAGE, bytes: sqliteBytes(220, 2), at: 11 });
  const read = tabA.load(); // asked while both are under way
  const [ma, mb, got] = await Promise.all([a, b, read]);
  // each save writes its bytes, then its meta, before the other starts
  assert.deepEqual(dir.log, [
    `write ${ma.file}`, `commit ${ma.file}`, `write ${META}`, `commit ${META}`,
    `write ${mb.file}`, `commit ${mb.file}`, `write ${META}`, `commit ${META}`,
  ]);
  assert.equal(got.meta.tab, 'b', 'the read waited for both writes');
  assert.equal(got.bytes.byteLength, 220);
  assert.ok(locks.names.every((n) => n.startsWith(`${LOCK}:`)));
  assert.ok(locks.names.includes(`${LOCK}:exclusive`) && locks.names.includes(`${LOCK}:shared`));
});

test('forget deletes the save; a save begun before the forget is dropped, one after it kept', async () => {
  const dir = fakeDir();
  const locks = fakeLocks();
  const store = createAutosaveStore(opfsBackend(dir), locks);
  await store.save({ tab: 'a', kind: 'file', page: PAGE, bytes: sqliteBytes(200, 1), at: 1, since: 0 });
  await store.forget(100);
  assert.equal(await store.load(), null);
  assert.equal(await store.peek(), null);
  assert.deepEqual([...dir.files.keys()], [META], 'only the tombstone is left');
  // another tab that saw autosave on at 50 saves after the forget at 100
  assert.equal(await store.save({ tab: 'b', kind: 'demo', demo: { seed: 1, users: 10, days: 5 }, page: PAGE, at: 120, since: 50 }), null);
  assert.equal(await store.load(), null);
  // turned on again at 150: saves again
  const m = await store.save({ tab: 'b', kind: 'demo', demo: { seed: 1, users: 10, days: 5 }, page: PAGE, at: 160, since: 150 });
  assert.equal(m.tab, 'b');
  assert.equal((await store.load()).meta.id, m.id);
});

test('saveMeta refuses what is not a save, validMeta what this version cannot read', () => {
  assert.throws(() => saveMeta({ tab: 't', kind: 'file', bytes: new Uint8Array(200).buffer, at: 1, id: 'x' }), /workspace file/);
  assert.throws(() => saveMeta({ tab: 't', kind: 'demo', demo: { seed: 1 }, at: 1, id: 'x' }), /seed, users, days/);
  assert.throws(() => saveMeta({ tab: 't', kind: 'csv', at: 1, id: 'x' }), /unknown kind/);
  const ok = saveMeta({ tab: 't', kind: 'demo', demo: { seed: 1, users: 2, days: 3 }, page: null, at: 1, id: 'x' });
  assert.equal(validMeta(ok), true);
  assert.equal(validMeta({ ...ok, v: 2 }), false);
  assert.equal(validMeta({ ...ok, at: 'soon' }), false);
  assert.equal(validMeta({ v: 1, forgotten: 3 }), false);
});

test('openAutosaveStore: OPFS when there, else IndexedDB, else none', async () => {
  const root = { getDirectoryHandle: async () => fakeDir() };
  const withOpfs = { navigator: { storage: { getDirectory: async () => root } } };
  assert.equal((await openAutosaveStore(withOpfs)).kind, 'opfs');
  // OPFS without createWritable (older Safari) and no IndexedDB
  const noWritable = { ...withOpfs, FileSystemFileHandle: class { } };
  assert.deepEqual(await openAutosaveStore(noWritable), { kind: null, reason: 'none' });
  assert.deepEqual(await openAutosaveStore({ navigator: {} }), { kind: null, reason: 'none' });
  const refused = { navigator: { storage: { getDirectory: async () => { throw new Error('SecurityError'); } } }, indexedDB: { open() { throw new Error('blocked'); } } };
  assert.deepEqual(await openAutosaveStore(refused), { kind: null, reason: 'blocked' });
});

test('a change of the page alone rewrites the meta, not the file, and only over this tab\'s save', async () => {
  const dir = fakeDir();
  const locks = fakeLocks();
  const tabA = createAutosaveStore(opfsBackend(dir), locks);
  const tabB = createAutosaveStore(opfsBackend(dir), locks);
  const bytes = sqliteBytes(300, 9);
  const first = await tabA.save({ tab: 'a', kind: 'file', page: PAGE, bytes, at: 10 });
  dir.log.length = 0;
  const other = { hash: 'view=users', tz: 'UTC' };
  const meta = await tabA.savePage({ tab: 'a', page: other, file: first.file, at: 20 });
  assert.equal(meta.file, first.file);
  assert.equal(meta.at, 20);
  assert.deepEqual(dir.log, [`write ${META}`, `commit ${META}`], 'only the meta is written');
  const got = await tabA.load();
  assert.deepEqual(got.meta.page, other);
  assert.deepEqual(new Uint8Array(got.bytes), new Uint8Array(bytes));
  // another tab's save since: the page alone no longer fits, the caller saves whole
  await tabB.save({ tab: 'b', kind: 'file', page: null, bytes: sqliteBytes(260, 3), at: 30 });
  assert.equal(await tabA.savePage({ tab: 'a', page: PAGE, file: first.file, at: 40 }), null);
  assert.equal((await tabA.load()).meta.tab, 'b');
  // forgotten: nothing comes back
  const mine = await tabA.save({ tab: 'a', kind: 'file', page: PAGE, bytes, at: 50 });
  await tabB.forget(60);
  assert.equal(await tabA.savePage({ tab: 'a', page: other, file: mine.file, at: 70 }), null);
  assert.equal(await tabA.load(), null);
});
