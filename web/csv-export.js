/* csv-export.js: tables to CSV text and safe file names, with no page
 * behind it (export.js wires it to the page; tests/node/csv-export.test.mjs
 * runs it in Node with plain objects standing in for the DOM).
 *
 *   toCsv([['Plan', 'MRR'], ['Pro', 1200.5]])  // '\uFEFFPlan,MRR\r\nPro,1200.5\r\n'
 *   tableRows(table)                           // [['Plan', 'MRR'], ['Pro', '$1,200']]
 *   fileName('MRR by month', '2026-01-31', 'png')  // 'MRR by month-2026-01-31.png'
 *
 * The CSV (RFC 4180): fields separated by commas, records ended by CRLF (the
 * last one too), a field quoted when it holds a comma, a double quote, CR or
 * LF, its quotes doubled; the text starts with a UTF-8 byte order mark so
 * that Excel reads Chinese as UTF-8 rather than the system code page.
 *
 * Formula injection: a spreadsheet runs a cell that begins with = + - @ (or
 * their full-width forms ＝ ＋ － ＠, which CJK Excel also reads as a formula),
 * a tab or a CR. Such a text cell is written with a leading apostrophe
 * ('=HYPERLINK(…) shows as text, not as a link), unless the whole cell is a
 * plain number: an optional sign, digits with optional thousands commas, an
 * optional fraction, exponent or trailing %, as in -12.5, +3, -1,234.5,
 * -4.2% or 1e-7. Those stay as they are, so they stay numbers; anything else
 * (-$1,200, +1.2 pp, -2+3) is escaped.
 *
 * Numbers (JS numbers, not text) are written exactly: the shortest text that
 * reads back as the same double (String(n)), so 0.1 + 0.2 is
 * 0.30000000000000004 and 1e21 is 1e+21; -0 is 0; NaN and ±Infinity, null and
 * undefined are empty cells.
 *
 * A table's rows: its header, body and footer rows in that order, the rows
 * the page shows (a row left out by visible() is skipped), one field per
 * column. A cell spanning several columns or rows puts its text in its first
 * (top-left) position and leaves the other positions it covers empty, so a
 * spreadsheet sum never counts it twice. */

export const BOM = '\uFEFF';
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const PLAIN_NUMBER = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?%?$/;
const SKIP = new Set(['BUTTON', 'SCRIPT', 'STYLE', 'TEMPLATE', 'svg', 'SVG', 'TEXTAREA']);
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/* ---- API ---- */

/* The CSV text of rows (arrays of cells: strings, numbers, null), with the
 * BOM unless bom is false. */
export function toCsv(rows, { bom = true } = {}) {
  const body = rows.map((row) => row.map(field).join(',') + '\r\n').join('');
  return (bom ? BOM : '') + body;
}

/* One cell as a CSV field: escaped against formulas, then quoted if needed. */
export function field(value) {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/* The text a cell value is written as (before quoting). */
export function cellText(value) {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value === 0 ? 0 : value) : '';
  if (typeof value === 'bigint') return String(value);
  const s = String(value);
  if (s === '' || !TRIGGERS.has(s[0])) return s;
  return isPlainNumber(s) ? s : `'${s}`;
}

/* True for text that a spreadsheet reads as a number and nothing else. */
export function isPlainNumber(s) {
  return /\d/.test(s) && PLAIN_NUMBER.test(s);
}

/* The rows of a table element (see the top): arrays of strings. visible(row)
 * says whether the page shows a row (default: every row not hidden). */
export function tableRows(table, visible = (row) => !row.hidden) {
  const grid = [];
  const taken = []; // taken[r][c]: covered by a span from a row above
  let r = 0;
  for (const row of Array.from(table.rows || [])) {
    if (!visible(row)) continue;
    grid[r] = grid[r] || [];
    let c = 0;
    for (const cell of Array.from(row.cells || [])) {
      while (taken[r] && taken[r][c]) c++;
      const cols = Math.max(1, cell.colSpan | 0 || 1);
      const rows = Math.max(1, cell.rowSpan | 0 || 1);
      for (let dr = 0; dr < rows; dr++) {
        for (let dc = 0; dc < cols; dc++) {
          const rr = r + dr;
          grid[rr] = grid[rr] || [];
          grid[rr][c + dc] = dr === 0 && dc === 0 ? nodeText(cell) : '';
          if (dr > 0) (taken[rr] = taken[rr] || [])[c + dc] = true;
        }
      }
      c += cols;
    }
    r++;
  }
  const width = grid.reduce((w, line) => Math.max(w, line ? line.length : 0), 0);
  return grid.map((line) => Array.from({ length: width }, (_, i) => (line && line[i] != null ? line[i] : '')));
}

/* The text of a cell as the page shows it: its text nodes, a select's chosen
 * option, an input's value; buttons (actions, not data), hidden and
 * aria-hidden elements, SVG and scripts left out. Texts of different elements
 * are separated by a space; runs of ASCII white space become one space and
 * the ends are trimmed (no-break and thin spaces of formatted numbers stay). */
export function nodeText(node) {
  const parts = [];
  collect(node, parts);
  return parts.join(' ').replace(/[ \t\n\r\f]+/g, ' ').trim();
}

/* A file name safe on Windows, macOS and Linux: title (any language) with
 * runs of white space (tabs and newlines too) made one space, then the
 * characters those systems refuse (< > : " / \ | ? * and other controls)
 * replaced by '-', at most 80 characters, no leading or trailing dots and
 * spaces, never a reserved Windows device name, then -date.ext. */
export function fileName(title, date, ext) {
  let base = String(title ?? '')
    .replace(/\s+/g, ' ')
    .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '-')
    .trim();
  base = Array.from(base).slice(0, 80).join('') // whole code points, never half a surrogate pair
    .replace(/[. ]+$/, '') // Windows drops trailing dots and spaces
    .replace(/^[. ]+/, ''); // a leading dot hides the file
  if (!base) base = 'lodestar';
  if (WINDOWS_RESERVED.test(base)) base = `_${base}`;
  return `${base}${date ? `-${date}` : ''}.${ext}`;
}

/* ---- private ---- */

function collect(node, parts) {
  if (node.nodeType === 3) {
    if (node.data && node.data.trim()) parts.push(node.data);
    return;
  }
  if (node.nodeType !== 1 || skipped(node)) return;
  if (node.tagName === 'SELECT') {
    const opt = node.selectedOptions && node.selectedOptions[0];
    if (opt) parts.push(opt.textContent);
    return;
  }
  if (node.tagName === 'INPUT') {
    if (node.type !== 'hidden' && node.value) parts.push(node.value);
    return;
  }
  const before = parts.length;
  let run = null; // text nodes next to each other belong to one piece
  for (const child of Array.from(node.childNodes || [])) {
    if (child.nodeType === 3) {
      run = (run ?? '') + child.data;
      continue;
    }
    if (run != null && run.trim()) parts.push(run);
    run = null;
    collect(child, parts);
  }
  if (run != null && run.trim()) parts.push(run);
  return parts.length - before;
}

function skipped(el) {
  return SKIP.has(el.tagName) || el.hidden === true
    || (el.getAttribute && el.getAttribute('aria-hidden') === 'true');
}
