// report.mjs: the bench's results as a plain table (stdout) and as JSON.
//
//   const rows = summarize(inputs, results);  // adds MB/s, rows/s, ratios
//   process.stdout.write(table(rows) + targetLine(rows) + '\n');
//
// MB is 10^6 bytes of the CSV file. MB/s = file bytes / median seconds; rows/s =
// data rows / median seconds. The ratio, on each Lodestar line, is Lodestar's MB/s
// over DuckDB's on the same side (native or Chromium) and input: above 1, Lodestar
// is faster.
export const TARGET = { engine: 'lodestar wasm', input: '1M', mbPerSec: 250 };

const PEER = { 'lodestar native': 'duckdb native', 'lodestar wasm': 'duckdb-wasm' };

/* inputs: [{label, bytes, …}]; results: [{input (label), engine, side, seconds, median,
 * rows, warmup, error?, wasmMemoryBytes?}] → the same results with bytes, mbPerSec,
 * rowsPerSec and (Lodestar lines) ratio added. */
export function summarize(inputs, results) {
  const byLabel = new Map(inputs.map((i) => [i.label, i]));
  const out = results.map((r) => {
    const { bytes } = byLabel.get(r.input);
    const ok = !r.error && r.median > 0;
    return {
      ...r,
      bytes,
      mbPerSec: ok ? bytes / 1e6 / r.median : null,
      rowsPerSec: ok && r.rows != null ? r.rows / r.median : null,
    };
  });
  for (const r of out) {
    if (!PEER[r.engine]) continue;
    const peer = out.find((p) => p.input === r.input && p.engine === PEER[r.engine]);
    r.ratio = r.mbPerSec && peer?.mbPerSec ? r.mbPerSec / peer.mbPerSec : null;
  }
  return out;
}

export function table(rows) {
  const head = ['input', 'rows', 'MB', 'engine', 'median s', 'MB/s', 'rows/s', 'lodestar/duckdb'];
  const body = rows.map((r) => [
    r.input,
    r.rows != null ? String(r.rows) : '-',
    (r.bytes / 1e6).toFixed(1),
    r.engine,
    r.error ? 'failed' : r.median.toFixed(3),
    fixed(r.mbPerSec, 1),
    r.rowsPerSec != null ? `${(r.rowsPerSec / 1e6).toFixed(2)}M` : '-',
    r.ratio != null ? `${r.ratio.toFixed(2)}x` : '',
  ]);
  const right = [false, true, true, false, true, true, true, true];
  const width = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells) => cells.map((s, c) => (right[c] ? s.padStart(width[c]) : s.padEnd(width[c]))).join('  ').trimEnd();
  const failures = rows.filter((r) => r.error).map((r) => `${r.engine} on ${r.input} failed: ${r.error}`);
  return [line(head), ...body.map(line), ...failures].join('\n') + '\n';
}

export function target(rows) {
  const r = rows.find((x) => x.engine === TARGET.engine && x.input === TARGET.input);
  const peer = rows.find((x) => x.engine === PEER[TARGET.engine] && x.input === TARGET.input);
  const measured = r?.mbPerSec ?? null;
  return {
    ...TARGET,
    measured,
    peer: peer?.mbPerSec ?? null,
    met: measured != null && measured >= TARGET.mbPerSec,
  };
}

export function targetLine(t) {
  const peer = t.peer != null ? `; duckdb-wasm ${t.peer.toFixed(1)} MB/s` : '';
  const got = t.measured != null ? `${t.engine} ${t.measured.toFixed(1)} MB/s${peer}` : `${t.engine} not measured`;
  return `target: ≥ ${t.mbPerSec} MB/s in Chromium on ${t.input} rows: ${t.met ? 'met' : 'not met'} (${got})`;
}

function fixed(x, digits) {
  return x == null ? '-' : x.toFixed(digits);
}
