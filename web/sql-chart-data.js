/* sql-chart-data.js: what the SQL console's quick chart draws of a result
 * (sql-chart.js), with no page behind it.
 *
 *   const d = chartData(result);   // {kind: 'time'|'number'|'category', xName, x, labels, series: [{name, y}]} | null
 * x is the first column: a time (unix seconds) when every value is a date
 * text (YYYY-MM, YYYY-MM-DD, with a time or not: read as the wall clock it
 * shows, on a UTC axis as every chart of the page), a number when every value
 * is a number, else a category (the rows in their order, x their index,
 * labelled by the value). Series: the columns after it holding numbers (and
 * nulls) only, at most MAX_SERIES. Time and number rows are put in x order.
 * null without a row or a numeric series. */

export const MAX_SERIES = 8;
const DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)?$/;

/* Unix seconds of a date text read as UTC, or NaN. */
export function dateSeconds(v) {
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (!m) return NaN;
  const [, y, mo, d = '01', h = '0', mi = '0', s = '0'] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  return +mo >= 1 && +mo <= 12 ? ms / 1000 : NaN;
}

export function chartData(result) {
  const rows = result?.rows || [];
  const cols = result?.columns || [];
  if (!rows.length || cols.length < 2) return null;
  const numeric = [];
  for (let c = 1; c < cols.length && numeric.length < MAX_SERIES; c++) {
    const vals = rows.map((r) => r[c]);
    if (vals.some((v) => typeof v === 'number') && vals.every((v) => v == null || typeof v === 'number')) numeric.push(c);
  }
  if (!numeric.length) return null;
  const first = rows.map((r) => r[0]);
  let kind = 'category';
  let x = first.map((_, i) => i);
  if (first.every((v) => Number.isFinite(dateSeconds(v)))) {
    kind = 'time';
    x = first.map(dateSeconds);
  } else if (first.every((v) => typeof v === 'number')) {
    kind = 'number';
    x = first.slice();
  }
  let order = rows.map((_, i) => i);
  if (kind !== 'category') order.sort((a, b) => x[a] - x[b]);
  return {
    kind,
    xName: cols[0].name,
    x: order.map((i) => x[i]),
    labels: order.map((i) => (first[i] == null ? 'NULL' : String(first[i]))),
    series: numeric.map((c) => ({ name: cols[c].name, y: order.map((i) => rows[i][c]) })),
  };
}

