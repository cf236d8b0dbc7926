// native.mjs: the native engines, each as {engine, side, run} for runs.mjs.
//
//   const peers = await nativeEngines({lodestar: 'build/native/lodestar', file});
//   … await peers.close();
//
// lodestar native: wall time of the whole process `lodestar inspect FILE` (start,
//   read and parse the file into typed columns, detect kinds and roles, print a
//   small JSON, exit). rows: the dataset's rows from that JSON.
// duckdb native: DuckDB through @duckdb/node-api, in this process, one in-memory
//   database; wall time of `CREATE TABLE t AS SELECT * FROM read_csv('FILE')` only
//   (the table is dropped and the rows counted outside the timed region). DuckDB
//   uses its default thread count (every core); Lodestar parses on one thread.
import { spawnSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';

export async function nativeEngines({ lodestar, file }) {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const threads = Number((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0]);
  const version = String((await conn.runAndReadAll('SELECT version()')).getRows()[0][0]);
  const sql = `CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`;
  const engines = [
    {
      engine: 'lodestar native',
      side: 'native',
      run: async () => {
        const t0 = process.hrtime.bigint();
        const r = spawnSync(lodestar, ['inspect', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        if (r.status !== 0) throw new Error(`lodestar inspect exited ${r.status}: ${r.stderr.trim()}`);
        return { seconds, rows: JSON.parse(r.stdout).datasets[0].rows };
      },
    },
    {
      engine: 'duckdb native',
      side: 'native',
      run: async () => {
        const t0 = process.hrtime.bigint();
        await conn.run(sql);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
        await conn.run('DROP TABLE t');
        return { seconds, rows };
      },
    },
  ];
  return {
    engines,
    about: { duckdb: version, duckdbThreads: threads },
    close: async () => {
      conn.closeSync?.();
      db.closeSync?.();
    },
  };
}
