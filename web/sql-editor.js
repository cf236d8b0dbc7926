/* sql-editor.js: the SQL console's editor, a monospace <textarea>, and
 * where an error points in it.
 *
 *   const ed = mountSqlEditor(textarea, {run});   // Ctrl/Cmd+Enter runs, Tab indents
 *   ed.insert('"Customer ID"');                   // at the cursor (the selection replaced)
 *   ed.mark(index, length);                       // select the text an error points at
 *   charIndex('SELECT \'客\', x', 13)              // 10: the byte offset as a string index
 *   errorLine(query, index)                       // {before, token, after}: the line, split
 * Keys: Tab inserts two spaces (Shift+Tab is left to the browser, so focus can
 * still leave the editor by keyboard: Escape then Tab also leaves). */

export const INDENT = '  ';

const WORD = /[\p{L}\p{N}_$]/u;

/* The string index of a UTF-8 byte offset into text (the engine counts bytes). */
export function charIndex(text, byteOffset) {
  if (!(byteOffset > 0)) return 0;
  const bytes = new TextEncoder().encode(text);
  return new TextDecoder().decode(bytes.subarray(0, Math.min(byteOffset, bytes.length))).length;
}

/* The line of text holding index, split at index: before, the token starting
 * there (a word, a quoted name or string, else one character; '' at the
 * end), after. */
export function errorLine(text, index) {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  let end = text.indexOf('\n', index);
  if (end < 0) end = text.length;
  const len = tokenLength(text.slice(index, end));
  return { before: text.slice(start, index), token: text.slice(index, index + len), after: text.slice(index + len, end) };
}

/* The length of the token at the start of s (see errorLine). */
export function tokenLength(s) {
  if (!s) return 0;
  const q = s[0];
  if (q === '"' || q === "'" || q === '`' || q === '[') {
    const close = s.indexOf(q === '[' ? ']' : q, 1);
    return close > 0 ? close + 1 : 1;
  }
  let n = 0;
  for (const ch of s) {
    if (!WORD.test(ch)) break;
    n += ch.length;
  }
  return n || [...s][0].length;
}

export function mountSqlEditor(area, { run }) {
  let escaped = false;
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    } else if (e.key === 'Escape') {
      escaped = true;
    } else if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !escaped) {
      e.preventDefault();
      insert(INDENT);
    } else {
      escaped = false;
    }
  });
  area.addEventListener('blur', () => { escaped = false; });

  function insert(text) {
    const { selectionStart: a, selectionEnd: b } = area;
    area.focus();
    area.setRangeText(text, a, b, 'end');
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function mark(index, length) {
    area.focus();
    area.setSelectionRange(index, index + Math.max(length, 0));
  }

  return { insert, mark };
}
