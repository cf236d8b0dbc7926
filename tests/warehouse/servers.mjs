// servers.mjs: the three warehouse engines the harness runs exported SQL on,
// each started for the tests with its data in a fresh temporary directory:
// PostgreSQL (Debian's initdb/pg_ctl, queried with psql), ClickHouse 18.16
// (Debian's clickhouse-server, queried over HTTP) and DuckDB (in memory,
// through @duckdb/node-api). Each start function resolves to
//   {name, query(sql) → {columns, rows}, exec(sql), loadCsv(table, file), stop()}
// with rows of cell texts (null for NULL). A server that cannot start rejects
// with the reason: nothing is skipped.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, chownSync, existsSync, readdirSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, parseTsv, tsvCell, splitSql } from './tabular.mjs';

/* ---- private ---- */

/* A TCP port free on 127.0.0.1 now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/* Runs cmd with args (input on stdin); resolves to stdout, rejects with the
 * command and its stderr on a non-zero exit. */
function run(cmd, args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.on('error', () => {}); // a command that exits early; its exit code says why
    child.stdin.end(input ?? '');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* What still runs, as synchronous cleanups: a test process that exits or is
 * interrupted before stop() leaves no server and no directory behind. */
const leftovers = new Set();
let hooked = false;
function leaveNothing(cleanup) {
  if (!hooked) {
    hooked = true;
    const all = () => { for (const f of leftovers) { try { f(); } catch { /* the rest still go */ } } leftovers.clear(); };
    process.once('exit', all);
    for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) process.once(sig, () => { all(); process.exit(code); });
  }
  leftovers.add(cleanup);
  return () => leftovers.delete(cleanup);
}

/* A query's result from the rows of a text table whose first row names the columns. */
function asResult(rows) {
  if (rows.length === 0) return { columns: [], rows: [] };
  return { columns: rows[0], rows: rows.slice(1) };
}

/* The newest PostgreSQL server directory (…/bin of initdb). */
function postgresBin() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL: no /usr/lib/postgresql/*/bin/initdb (tools/setup installs postgresql)');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(base, versions[0], 'bin');
}

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;
const ident = (s) => `"${s.replace(/"/g, '""')}"`;

/* ---- API ---- */

/* PostgreSQL in a temporary cluster on a free 127.0.0.1 port, its socket in
 * the same directory. The server refuses to run as root: as root the cluster
 * belongs to the postgres user and initdb/pg_ctl run as that user. */
export async function startPostgres() {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'lodestar-wh-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  let as = (cmd, args) => [cmd, args];
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
    as = (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
  }
  const port = await freePort();
  const started = { value: false };
  const pgStop = () => as(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
  const forget = leaveNothing(() => {
    if (started.value) { try { execFileSync(...pgStop(), { stdio: 'ignore' }); } catch { /* not running */ } }
    rmSync(dir, { recursive: true, force: true });
  });
  const stop = async () => {
    if (started.value) await run(...pgStop()).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    forget();
  };
  try {
    await run(...as(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']));
    const opts = [
      `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off',
      '-c synchronous_commit=off', '-c full_page_writes=off', '-c TimeZone=UTC', '-c max_wal_size=1GB',
      // JIT compiles the calendar's cross joins for seconds and saves nothing: off, the queries run 2x faster
      '-c jit=off', '-c work_mem=256MB',
    ].join(' ');
    started.value = true;
    await run(...as(join(bin, 'pg_ctl'), ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', opts]));
  } catch (e) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-5).join('\n') : '';
    await stop();
    throw new Error(`PostgreSQL did not start: ${e.message}${log ? `\n${log}` : ''}`);
  }
  const psql = (sql, extra = []) => run(join(bin, 'psql'), [
    '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', ...extra, '-f', '-',
  ], { input: sql, env: { ...process.env, PGTZ: 'UTC', PGOPTIONS: '-c TimeZone=UTC' } });
  return {
    name: 'postgres',
    async query(sql) { return asResult(parseCsv(await psql(sql, ['--csv']))); },
    async exec(sql) { await psql(sql); },
    async loadCsv(table, file) {
      await psql(`\\copy ${ident(table)} FROM ${sqlString(file)} WITH (FORMAT csv, HEADER true)\n`);
    },
    stop,
  };
}

/* ClickHouse (Debian's 18.16) with a generated config: free HTTP and TCP
 * ports on 127.0.0.1, data, temporary files and logs in a temporary
 * directory, the server zone UTC. Queried over HTTP. */
export async function startClickHouse({ timeoutMs = 30000, shards = 0 } = {}) {
  const exe = '/usr/sbin/clickhouse-server';
  if (!existsSync(exe)) throw new Error(`ClickHouse: no ${exe} (tools/setup installs clickhouse-server)`);
  const dir = mkdtempSync(join(tmpdir(), 'lodestar-wh-ch-'));
  const [http, tcp] = [await freePort(), await freePort()];
  writeFileSync(join(dir, 'config.xml'), `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/err.log</errorlog><console>0</console></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
${shards ? clusterXml(shards, tcp) : ''}</yandex>
`);
  writeFileSync(join(dir, 'users.xml'), `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`);
  const out = openSync(join(dir, 'stdout.log'), 'w');
  const child = spawn(exe, [`--config-file=${join(dir, 'config.xml')}`], { stdio: ['ignore', out, out], cwd: dir });
  closeSync(out);
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = code ?? signal; resolve(); }));
  child.on('error', (e) => { exited = e.message; });
  const forget = leaveNothing(() => {
    if (exited === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exit;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
    forget();
  };

  /* One HTTP request: a query alone in the body (a URL of 16 kB or more is
   * refused with an empty 400), or the query in the URL and data its body;
   * resolves to the response text, rejects with ClickHouse's message on a
   * status other than 200. */
  const post = (query, data) => new Promise((resolve, reject) => {
    /* sharded: an insert returns once every row is on its shard */
    const sync = shards ? { insert_distributed_sync: '1' } : {};
    const params = new URLSearchParams({ database: 'default', ...sync, ...(data === undefined ? {} : { query }) });
    const req = request({ host: '127.0.0.1', port: http, method: 'POST', path: `/?${params}` }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 200) resolve(text);
        else reject(new Error(`ClickHouse ${res.statusCode}: ${text.trim() || res.statusMessage}`));
      });
    });
    req.on('error', reject);
    req.end(data === undefined ? query : data);
  });

  const t0 = Date.now();
  for (;;) {
    if (exited !== null) {
      const log = [join(dir, 'log', 'err.log'), join(dir, 'stdout.log')].filter(existsSync)
        .map((f) => readFileSync(f, 'utf8').trim().split('\n').slice(-5).join('\n')).join('\n');
      await stop();
      throw new Error(`ClickHouse exited (${exited}) before it answered: ${log}`);
    }
    if (await post('SELECT 1').then((t) => t.trim() === '1', () => false)) break;
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`ClickHouse did not answer on 127.0.0.1:${http} within ${timeoutMs} ms`);
    }
    await sleep(100);
  }

  const sharded = shards ? shardedTables(shards, post) : null;
  return {
    name: shards ? 'clickhouse-sharded' : 'clickhouse',
    dialect: 'clickhouse',
    column: shards ? renameColumn : (c) => c, /* a loaded column's name here */
    async query(sql) {
      const [one, ...more] = splitSql(sql);
      if (!one || more.length) throw new Error(`ClickHouse: query() takes one statement, got ${more.length + (one ? 1 : 0)}`);
      return asResult(parseTsv(await post(`${one}\nFORMAT TabSeparatedWithNames`)));
    },
    async exec(sql) {
      for (const st of splitSql(sql)) await (sharded ? sharded.create(st) : post(st));
    },
    /* Rows per shard of a table (sharded only): [n1, n2, ...]. */
    async shardRows(table) {
      const out = [];
      for (let k = 1; k <= shards; k++) out.push(Number((await post(`SELECT count() FROM shard${k}.${ident(table)}`)).trim()));
      return out;
    },
    /* The CSV (header, empty unquoted cell = NULL) as TabSeparated in the
     * table's column order; DateTime holds seconds, so a time's milliseconds
     * go. */
    async loadCsv(table, file) {
      const cols = parseTsv(await post(`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${sqlString(table)} FORMAT TabSeparated`));
      const rows = parseCsv(readFileSync(file, 'utf8'));
      const header = rows.shift() ?? [];
      const names = cols.map((c) => c[0]);
      if (shards) header.forEach((c, k) => { header[k] = renameColumn(c); });
      if (header.join('\u0001') !== names.join('\u0001'))
        throw new Error(`ClickHouse: ${file} has columns ${JSON.stringify(header)}, table ${table} ${JSON.stringify(names)}`);
      const isTime = cols.map((c) => /DateTime/.test(c[1]));
      const lines = rows.map((r) => r.map((v, k) => tsvCell(isTime[k] && v ? v.replace(/\.\d+$/, '') : v)).join('\t'));
      await post(`INSERT INTO ${ident(table)} FORMAT TabSeparated`, lines.length ? `${lines.join('\n')}\n` : '');
    },
    stop,
  };
}

/* The <remote_servers> entry of a cluster lodestar_shards of n shards, all
 * this server (tcp port), shard k reading database shardk: one server shows
 * how the queries run over a Distributed table. */
function clusterXml(n, tcp) {
  const shard = (k) => `<shard><replica><host>127.0.0.1</host><port>${tcp}</port><default_database>shard${k}</default_database></replica></shard>`;
  return `  <remote_servers><lodestar_shards>${Array.from({ length: n }, (_, k) => shard(k + 1)).join('')}</lodestar_shards></remote_servers>\n`;
}

/* ClickHouse 18.16 sends a sharded query's column names to the shards
 * unquoted, so a column named as a keyword (Stripe's "Interval") is a syntax
 * error there: the sharded tables name it with a trailing underscore
 * (docs/warehouse.md, Running on a cluster). */
export const renameColumn = (c) => (/^interval$/i.test(c) ? `${c}_` : c);

/* Sharded tables: each CREATE TABLE of the DDL made as a MergeTree table in
 * every shard's database and, under its own name in default, a Distributed
 * table over them that spreads inserted rows at random. */
function shardedTables(n, post) {
  return {
    async create(statement) {
      const m = /^\s*CREATE TABLE ("(?:[^"\\]|\\.)*")([\s\S]*)\)\s*ENGINE\s*=\s*Log\s*$/.exec(statement);
      if (!m) return post(statement);
      const [, name, body] = m;
      const columns = body.replace(/"((?:[^"\\]|\\.)*)"(\s+Nullable)/g, (_, c, rest) => `"${renameColumn(c)}"${rest}`);
      for (let k = 1; k <= n; k++) {
        await post(`CREATE DATABASE IF NOT EXISTS shard${k}`);
        await post(`CREATE TABLE shard${k}.${name}${columns}) ENGINE = MergeTree() ORDER BY tuple()`);
      }
      const local = name.slice(1, -1).replace(/\\(.)/g, '$1');
      return post(`CREATE TABLE default.${name} AS shard1.${name} ENGINE = Distributed(lodestar_shards, '', ${sqlString(local)}, rand())`);
    },
  };
}

/* DuckDB in memory through @duckdb/node-api. */
export async function openDuckDB() {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const text = (v) => (v === null || v === undefined ? null : typeof v === 'object' ? v.toString() : String(v));
  return {
    name: 'duckdb',
    async query(sql) {
      const reader = await con.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRows().map((r) => r.map(text)) };
    },
    async exec(sql) { await con.run(sql); },
    async loadCsv(table, file) {
      await con.run(`COPY ${ident(table)} FROM ${sqlString(file)} (FORMAT csv, HEADER true, NULLSTR '')`);
    },
    async stop() {
      con.closeSync();
      instance.closeSync();
    },
  };
}
