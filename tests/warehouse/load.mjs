// load.mjs: the demo workspace in the warehouses. The CLI generates the demo
// (`lodestar gen`), maps it (`lodestar mapping`), prints each dialect's tables
// (`lodestar sql-export --ddl`) and reads each mapped table's normalised
// values back (`lodestar sql`, times as UTC `YYYY-MM-DD HH:MM:SS`); the
// engines create the tables and bulk-load those CSVs.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './tabular.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'tools', 'lodestar');

/* `tools/lodestar ARGS…` → stdout; rejects with the command and its stderr. */
export function lodestar(...args) {
  return new Promise((resolve, reject) => {
    execFile(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`lodestar ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/* A double-quoted SQL name for the CLI's SQLite. */
const ident = (s) => `"${s.replace(/"/g, '""')}"`;

/* `lodestar sql --format csv --query QUERY FILES` with more options, UTC. */
const sql = (files, query, ...more) => lodestar('sql', '--tz', 'UTC', '--format', 'csv', ...more, '--query', query, ...files);

/* The counts of each table (the workspace's first dataset of its kind, named
 * by the kind) in one query: {'*': rows, COLUMN: its non-null cells, …} per
 * table of tables ({kind, columns}). */
async function countCells(files, tables) {
  const parts = tables.map((t, i) => `(SELECT COUNT(*)${t.columns.map((c) => `, COUNT(${ident(c)})`).join('')} FROM ${ident(t.kind)}) AS t${i}`);
  const row = parseCsv(await sql(files, `SELECT * FROM ${parts.join(' CROSS JOIN ')}`))[1];
  let k = 0;
  return tables.map((t) => Object.fromEntries([['*', Number(row[k++])], ...t.columns.map((c) => [c, Number(row[k++])])]));
}

/* The rows of the table of kind (its columns in order, count rows) written
 * as one CSV with a header to file. The runner keeps about 16 MB of text per
 * result and its CSV does not say when it cut one, so the rows come in pages
 * (LIMIT … OFFSET …, the table's own order) until all count have arrived. */
async function dumpTable(files, { kind, columns }, count, file) {
  const fd = openSync(file, 'w');
  try {
    let done = 0;
    for (let first = true; first || done < count; first = false) {
      const text = await sql(files, `SELECT * FROM ${ident(kind)} LIMIT -1 OFFSET ${done}`, '--max-rows', '1000000000');
      const rows = parseCsv(text);
      if (first && rows[0]?.join('\u0001') !== columns.join('\u0001'))
        throw new Error(`lodestar sql: ${kind} has columns ${JSON.stringify(rows[0])}, the mapping's schema ${JSON.stringify(columns)}`);
      if (rows.length <= 1 && done < count) throw new Error(`lodestar sql: no rows of ${kind} after ${done} of ${count}`);
      writeSync(fd, first ? text : text.slice(text.indexOf('\n') + 1));
      done += rows.length - 1;
    }
    if (done !== count) throw new Error(`lodestar sql: ${done} rows of ${kind}, COUNT(*) says ${count}`);
  } finally {
    closeSync(fd);
  }
}

/* Runs the async jobs, at most n at a time (a CLI run loads the whole demo:
 * more at once than the cores only wait on each other). */
async function inPool(n, jobs) {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: n }, async () => {
    while (queue.length) await queue.shift()();
  }));
}

/* ---- API ---- */

/* The demo in a new temporary directory: its CSVs (files), the mapping
 * (`lodestar mapping`, parsed, and its file) and, per mapped kind, the table
 * name, its columns (the mapping's schema), the CSV of its normalised rows
 * and their counts (countCells). dir holds it all. */
export async function prepareDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'lodestar-wh-demo-'));
  try {
    const demoDir = join(dir, 'demo');
    await lodestar('gen', '--out', demoDir);
    const files = readdirSync(demoDir).filter((f) => /\.csv$/.test(f)).sort().map((f) => join(demoDir, f));
    const mappingText = await lodestar('mapping', ...files);
    const mapping = JSON.parse(mappingText);
    const mappingFile = join(dir, 'mapping.json');
    writeFileSync(mappingFile, mappingText);
    const tables = Object.entries(mapping.tables ?? {}).map(([kind, t]) => {
      if (!Array.isArray(t.schema)) throw new Error(`lodestar mapping: no schema for ${kind}`);
      return { kind, table: t.table ?? kind, columns: t.schema.map((c) => c.name), file: join(dir, `${kind}.csv`) };
    });
    if (tables.length === 0) throw new Error('lodestar mapping: no tables for the demo');
    const counts = await countCells(files, tables);
    tables.forEach((t, i) => { t.counts = counts[i]; });
    await inPool(2, tables.map((t) => () => dumpTable(files, t, t.counts['*'], t.file)));
    return { dir, files, mapping, mappingFile, tables };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/* The demo's tables created in engine (its dialect's DDL from
 * `lodestar sql-export --ddl`) and filled from their CSVs. */
export async function loadDemo(engine, demo) {
  const ddl = await lodestar('sql-export', '--dialect', engine.dialect ?? engine.name, '--ddl', '--mapping', demo.mappingFile);
  await engine.exec(ddl);
  for (const t of demo.tables) await engine.loadCsv(t.table, t.file);
}
