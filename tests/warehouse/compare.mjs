// compare.mjs: a warehouse's result against the C core's (issue 11's rule):
// the same header names, the same number of rows, the same period labels;
// numbers equal exactly when both are whole, else within 1e-9 relative;
// an empty cell equals NULL.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const WHOLE = /^([+-]?)(\d+)(\.0*)?$/;

export const RELATIVE = 1e-9;

/* A whole number's text as a BigInt (leading zeros, "+", ".000" dropped). */
const whole = (m) => BigInt(`${m[1] === '-' ? '-' : ''}${m[2]}`);

/* Whether cell got matches cell want; both texts or null. */
export function sameCell(want, got) {
  const w = want ?? '';
  const g = got ?? '';
  if (w === '' || g === '') return w === g;
  if (!NUMBER.test(w) || !NUMBER.test(g)) return w === g;
  const mw = WHOLE.exec(w);
  const mg = WHOLE.exec(g);
  if (mw && mg) return whole(mw) === whole(mg);
  const a = Number(w);
  const b = Number(g);
  return a === b || Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
}

/* The differences of got ({columns, rows}) from want, as messages naming
 * label (the case), engine, row (by its first cell, the period), column,
 * expected and got: none when they match. At most limit cell messages. */
export function compareResults(label, engine, want, got, limit = 5) {
  const at = `${label} on ${engine}`;
  const out = [];
  if (want.columns.join('\u0001') !== got.columns.join('\u0001'))
    return [`${at}: columns ${JSON.stringify(got.columns)}, expected ${JSON.stringify(want.columns)}`];
  if (want.rows.length !== got.rows.length) {
    const first = (rows) => (rows.length ? `${rows[0][0]} … ${rows[rows.length - 1][0]}` : 'none');
    out.push(`${at}: ${got.rows.length} rows (${first(got.rows)}), expected ${want.rows.length} (${first(want.rows)})`);
  }
  let cells = 0;
  const n = Math.min(want.rows.length, got.rows.length);
  for (let r = 0; r < n && cells < limit; r++) {
    for (let c = 0; c < want.columns.length && cells < limit; c++) {
      const w = want.rows[r][c] ?? null;
      const g = got.rows[r][c] ?? null;
      if (sameCell(w, g)) continue;
      cells++;
      out.push(`${at}: row ${r + 1} (${want.rows[r][0]}), column ${want.columns[c]}: expected ${w === null ? 'NULL' : JSON.stringify(w)}, got ${g === null ? 'NULL' : JSON.stringify(g)}`);
    }
  }
  return out;
}
