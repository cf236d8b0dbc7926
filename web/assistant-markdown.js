/* assistant-markdown.js: the little markdown a model writes, as DOM nodes.
 *
 *   parseMarkdown(text)   // blocks (pure, no DOM: tests/node/assistant-markdown.test.mjs)
 *   renderMarkdown(text)  // a DocumentFragment
 * Blocks: paragraphs (a single newline is a line break), headings (#…),
 * bullet and numbered lists, tables (| a | b | over |---|---|), fenced code.
 * Inline: **bold**, *italic*, `code`. Anything else is text: nodes are built
 * with createElement and textContent only, never HTML, so whatever the model
 * says can never become markup. A table or fence still streaming in (no
 * separator or closing fence yet) reads as text until it completes. */

/* text → [{type: 'p', lines: [inline[]]} | {type: 'h', level, inline}
 *         | {type: 'ul'|'ol', items: [inline[]]} | {type: 'table', head: [inline[]], rows: [[inline[]]]}
 *         | {type: 'code', text}]; inline: [{type: 'text'|'strong'|'em'|'code', text}]. */
export function parseMarkdown(text) {
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[1]));
      const stop = end < 0 ? lines.length : end;
      blocks.push({ type: 'code', text: lines.slice(i + 1, stop).join('\n') });
      i = stop + 1;
      continue;
    }
    const head = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (head) {
      blocks.push({ type: 'h', level: head[1].length, inline: parseInline(head[2]) });
      i++;
      continue;
    }
    if (isRow(line) && i + 1 < lines.length && isSeparator(lines[i + 1])) {
      const head = cells(line);
      const rows = [];
      i += 2;
      while (i < lines.length && isRow(lines[i])) rows.push(cells(lines[i++]));
      blocks.push({ type: 'table', head: head.map(parseInline), rows: rows.map((r) => head.map((_, k) => parseInline(r[k] ?? ''))) });
      continue;
    }
    const kind = listKind(line);
    if (kind) {
      const items = [];
      while (i < lines.length && lines[i].trim()) {
        const l = lines[i];
        if (listKind(l) === kind) items.push(l.replace(ITEM[kind], ''));
        else if (listKind(l) || !items.length) break;
        else items[items.length - 1] += ` ${l.trim()}`; // a wrapped item goes on
        i++;
      }
      blocks.push({ type: kind, items: items.map(parseInline) });
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() && !startsBlock(lines, i)) para.push(lines[i++].trim());
    blocks.push({ type: 'p', lines: para.map(parseInline) });
  }
  return blocks;
}

/* **bold**, *italic* / _italic_, `code`; an unclosed marker is text. */
export function parseInline(text) {
  const out = [];
  const push = (type, t) => {
    if (!t) return;
    const last = out[out.length - 1];
    if (type === 'text' && last && last.type === 'text') last.text += t;
    else out.push({ type, text: t });
  };
  const s = String(text ?? '');
  const re = /(`+)([^`]+?)\1|\*\*(?=\S)([\s\S]+?\S)\*\*|__(?=\S)([\s\S]+?\S)__|\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![\w])_(?=\S)([^_]*?\S)_(?![\w])/g;
  let at = 0;
  for (const m of s.matchAll(re)) {
    push('text', s.slice(at, m.index));
    if (m[2] !== undefined) push('code', m[2].trim() || m[2]);
    else if (m[3] !== undefined || m[4] !== undefined) push('strong', stripMarks(m[3] ?? m[4]));
    else push('em', m[5] ?? m[6]);
    at = m.index + m[0].length;
  }
  push('text', s.slice(at));
  return out;
}

/* The blocks of text as a fragment of DOM nodes. */
export function renderMarkdown(text) {
  const frag = document.createDocumentFragment();
  for (const b of parseMarkdown(text)) frag.append(renderBlock(b));
  return frag;
}

/* ---- private ---- */

const ITEM = { ul: /^\s*[-*+]\s+/, ol: /^\s*\d{1,9}[.)]\s+/ };

function listKind(line) {
  if (ITEM.ul.test(line) && !/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return 'ul';
  return ITEM.ol.test(line) ? 'ol' : null;
}

function isRow(line) {
  return /^\s*\|.*\|\s*$/.test(line);
}

function isSeparator(line) {
  return /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line);
}

function cells(line) {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

function startsBlock(lines, i) {
  const l = lines[i];
  return /^\s*(```|~~~)/.test(l) || /^\s{0,3}#{1,6}\s/.test(l) || !!listKind(l) ||
    (isRow(l) && i + 1 < lines.length && isSeparator(lines[i + 1]));
}

function stripMarks(s) {
  return s.replace(/\*\*|__/g, '');
}

function inlineNodes(parts) {
  return parts.map((p) => {
    if (p.type === 'text') return document.createTextNode(p.text);
    const n = document.createElement(p.type === 'em' ? 'em' : p.type);
    n.textContent = p.text;
    return n;
  });
}

function node(tag, children) {
  const n = document.createElement(tag);
  n.append(...children);
  return n;
}

function renderBlock(b) {
  if (b.type === 'code') {
    const pre = document.createElement('pre');
    pre.className = 'ai-code';
    pre.textContent = b.text;
    return pre;
  }
  if (b.type === 'h') return node(`h${Math.min(6, b.level + 2)}`, inlineNodes(b.inline));
  if (b.type === 'ul' || b.type === 'ol') return node(b.type, b.items.map((it) => node('li', inlineNodes(it))));
  if (b.type === 'table') {
    const table = node('table', [
      node('thead', [node('tr', b.head.map((c) => node('th', inlineNodes(c))))]),
      node('tbody', b.rows.map((r) => node('tr', r.map((c) => node('td', inlineNodes(c)))))),
    ]);
    table.className = 'ai-table';
    const wrap = node('div', [table]);
    wrap.className = 'table-wrap';
    return wrap;
  }
  const p = document.createElement('p');
  b.lines.forEach((l, k) => {
    if (k) p.append(document.createElement('br'));
    p.append(...inlineNodes(l));
  });
  return p;
}
