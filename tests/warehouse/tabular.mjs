// tabular.mjs: the text forms the warehouse harness reads and writes: CSV
// (the CLI's and psql's), ClickHouse's TabSeparated, and SQL scripts split
// into statements for an engine that takes one at a time.

/* CSV text (RFC 4180: "" inside quotes, CRLF or LF) → rows of cells. An
 * unquoted empty cell is null (the CLI and psql print NULL so); a quoted
 * one ("") the empty string. A final newline ends the last row. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let cell;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('CSV: unterminated quoted cell');
        out += text.slice(i, q);
        if (text[q + 1] === '"') { out += '"'; i = q + 2; } else { i = q + 1; break; }
      }
      cell = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      cell = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) { rows.push(row); break; }
    const c = text[i];
    if (c === ',') { i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c !== '\n' && c !== '\r') throw new Error(`CSV: unexpected ${JSON.stringify(c)} after a quoted cell`);
    i++;
    rows.push(row);
    row = [];
    if (i >= n) break;
  }
  return rows;
}

const TSV_UNESCAPE = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', 0: '\0', "'": "'", '\\': '\\' };

/* ClickHouse TabSeparated text → rows of cells; \N is null. */
export function parseTsv(text) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split('\t').map((cell) => {
    if (cell === '\\N') return null;
    return cell.includes('\\') ? cell.replace(/\\(.)/g, (m, c) => TSV_UNESCAPE[c] ?? c) : cell;
  }));
}

/* One cell as TabSeparated text: null as \N, \ tab and newlines escaped. */
export function tsvCell(v) {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]) : v;
}

/* An SQL script → its statements (without the ';'), skipping quoted text
 * ('…', "…", `…`) and comments (-- to the line's end, /* … *\/) when looking
 * for the ';'. Statements holding only comments and space are dropped. */
export function splitSql(script) {
  const out = [];
  let start = 0;
  let meaningful = false;
  const n = script.length;
  for (let i = 0; i < n; i++) {
    const c = script[i];
    if (c === '-' && script[i + 1] === '-') {
      const e = script.indexOf('\n', i);
      i = e < 0 ? n : e;
    } else if (c === '/' && script[i + 1] === '*') {
      const e = script.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 1;
    } else if (c === "'" || c === '"' || c === '`') {
      meaningful = true;
      for (i++; i < n && script[i] !== c; i++) if (script[i] === '\\') i++;
    } else if (c === ';') {
      if (meaningful) out.push(script.slice(start, i).trim());
      start = i + 1;
      meaningful = false;
    } else if (!/\s/.test(c)) {
      meaningful = true;
    }
  }
  if (meaningful) out.push(script.slice(start).trim());
  return out;
}
