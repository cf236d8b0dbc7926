/* export.js: "PNG" on every chart card and "CSV" on every table, one
 * mechanism for the whole page.
 *
 *   mountExport(document.querySelector('main'), ctx)
 *
 * A MutationObserver on root notices cards as the views draw them (element
 * nodes added or removed; header text changes) and, once per animation
 * frame, gives each .card holding a chart (a canvas, or an <svg role="img">)
 * or a table a small toolbar <span class="export-tools"> in its header (in
 * its .card-tools when it has one, floating top right when it has no
 * header): one PNG button for the card, one CSV button per table. A scan
 * that finds the same card with the same things and titles changes nothing,
 * so the observer never feeds itself. The buttons look their targets up when
 * clicked, so a card redrawn since still exports what it shows now.
 *
 * PNG (cardImage): the card as shown, at the device pixel ratio, on one
 * canvas of the card's size × dpr: the card's background, the backgrounds
 * and borders of its elements (legend markers, heat swatches), every chart
 * canvas and chart SVG copied at its place (clipped where it scrolls), and
 * its visible text drawn where the page lays it out (the title above, uPlot's
 * DOM legend below), line by line. Controls (buttons, selects, inputs) and
 * this toolbar are left out. Saved as <card title>-<date>.png.
 * Chart CSV: a card with uPlot charts also gets one CSV button per chart:
 * the chart's periods and the exact values of its series (compare overlays
 * included; chart-tools.js chartRows), saved as <card title>-<date>.csv.
 * CSV: the table's rows as displayed (csv-export.js tableRows: header and
 * body in their current order, rows the page hides left out), saved as
 * <title>-<date>.csv where the title is the table's caption, else the
 * heading just before it in the card (with the card's title), else the
 * card's title. <date> is today's local date, YYYY-MM-DD. */
import { t, onLocaleChange } from './i18n/index.js';
import { el, saveBlob } from './dom.js';
import { icon } from './icons.js';
import { toCsv, tableRows, nodeText, fileName } from './csv-export.js';
import { chartRowsOf } from './chart-kit.js';

const CHART = 'canvas, svg[role="img"]';
const HEADING = 'h1, h2, h3, h4, h5, h6';
// never painted into a PNG: controls, our own toolbar, popovers and tooltips
// (the pointer is over the card while it clicks), what is hidden
const LEFT_OUT = '.export-tools, button, select, input, textarea, [role="tooltip"], .visually-hidden, [hidden], script, style, template';

/* ---- API ---- */

export function mountExport(root, ctx) {
  let frame = 0;
  let force = false;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; scan(root, force); force = false; });
  };
  new MutationObserver((list) => { if (list.some(relevant)) schedule(); })
    .observe(root, { childList: true, subtree: true });
  onLocaleChange(() => { force = true; schedule(); });
  root.addEventListener('click', (e) => {
    const btn = e.target.closest('button[data-export]');
    if (btn && root.contains(btn)) run(btn, ctx);
  });
  // the titles may have changed without an element being added
  root.addEventListener('focusin', (e) => { if (e.target.closest('.export-tools')) relabel(e.target.closest('.card')); });
  root.addEventListener('pointerover', (e) => { if (e.target.closest?.('.export-tools')) relabel(e.target.closest('.card')); });
  scan(root, true);
}

/* The card as a PNG-ready canvas (see the top). */
export async function cardImage(card) {
  const dpr = window.devicePixelRatio || 1;
  const box = card.getBoundingClientRect();
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(box.width * dpr));
  out.height = Math.max(1, Math.round(box.height * dpr));
  const g = out.getContext('2d');
  g.scale(dpr, dpr);
  g.translate(-box.left, -box.top); // draw in the page's CSS pixels
  g.fillStyle = background(card);
  g.fillRect(box.left, box.top, box.width, box.height);
  const painted = paintable(card);
  for (const node of painted) paintBox(g, node, card);
  for (const chart of charts(card)) await paintChart(g, chart, card);
  for (const node of textNodes(card)) paintText(g, node, card);
  return out;
}

/* ---- the toolbar ---- */

function relevant(m) {
  if (m.target.closest?.('.export-tools')) return false;
  const elements = (list) => Array.from(list).some((n) => n.nodeType === 1 && !n.classList.contains('export-tools'));
  if (elements(m.addedNodes) || elements(m.removedNodes)) return true;
  return !!m.target.closest?.('.card-header');
}

function scan(root, force) {
  for (const card of root.querySelectorAll('.card')) {
    const tables = tablesOf(card);
    const hasChart = own(card, CHART).length > 0;
    const plots = own(card, '.uplot').length; // uPlot charts: their data as CSV too
    let bar = own(card, '.export-tools')[0];
    if (!tables.length && !hasChart) {
      bar?.remove();
      continue;
    }
    const sig = JSON.stringify([hasChart, plots, tables.length]);
    if (!bar) bar = el('span', { className: 'export-tools', role: 'group' });
    const home = toolsHome(card);
    if (!bar.isConnected || (home && bar.parentElement !== home)) place(card, bar, home);
    if (force || bar.dataset.sig !== sig) {
      bar.dataset.sig = sig;
      bar.replaceChildren(
        ...(hasChart ? [button('png', 0)] : []),
        ...Array.from({ length: plots }, (_, i) => button('chartcsv', i)),
        ...tables.map((_, i) => button('csv', i)));
    }
    relabel(card);
  }
}

function button(kind, index) {
  return el('button', { type: 'button', className: 'export-btn', dataset: { export: kind, index: String(index) } },
    icon('download', 'icon export-icon'), el('span', { className: 'export-text' }));
}

/* Text, aria-label and title of a card's buttons from its current titles
 * and the current locale; touched only where they differ. */
function relabel(card) {
  const bar = card && own(card, '.export-tools')[0];
  if (!bar) return;
  const tables = tablesOf(card);
  set(bar, 'aria-label', t('export.tools'));
  for (const btn of bar.querySelectorAll('button[data-export]')) {
    const png = btn.dataset.export === 'png';
    const chart = btn.dataset.export === 'chartcsv';
    const table = tables[Number(btn.dataset.index)];
    const title = png || chart ? cardTitle(card) || t('export.chart') : tableTitle(table, card);
    const label = t(png ? 'export.pngLabel' : chart ? 'export.chartCsvLabel' : 'export.csvLabel', { title });
    const text = chart ? t('export.csv') : png || tables.length < 2 ? t(png ? 'export.png' : 'export.csv') : `${t('export.csv')} · ${shortTitle(table, card)}`;
    // the accessible name holds the visible text (WCAG 2.5.3, "label in name")
    set(btn, 'aria-label', label.includes(text) ? label : `${text} – ${label}`);
    set(btn, 'title', label);
    const span = btn.querySelector('.export-text');
    if (span.textContent !== text) span.textContent = text;
  }
}

function set(node, attr, value) {
  if (node.getAttribute(attr) !== value) node.setAttribute(attr, value);
}

/* Where a card's toolbar goes: its header's .card-tools, else its header. */
function toolsHome(card) {
  const header = own(card, '.card-header')[0];
  if (!header) return null;
  return own(card, '.card-tools').find((x) => header.contains(x)) || header;
}

function place(card, bar, home) {
  bar.classList.toggle('is-floating', !home);
  card.classList.toggle('has-export-float', !home);
  if (home) home.append(bar);
  else card.prepend(bar);
}

/* The data tables of a card: uPlot's legend is a <table> too, but no data. */
function tablesOf(card) {
  return own(card, 'table').filter((x) => !x.closest('.u-legend'));
}

/* The elements matching selector whose nearest card is card (not those of a
 * card inside it). */
function own(card, selector) {
  return Array.from(card.querySelectorAll(selector)).filter((x) => x.closest('.card') === card);
}

function cardTitle(card) {
  const title = own(card, '.card-title')[0] || own(card, HEADING)[0];
  return title ? nodeText(title) : (card.getAttribute('aria-label') || '');
}

/* A table's caption, else the heading just before it inside the card (after
 * the card's title), else the card's title. */
function tableTitle(table, card) {
  const sub = shortTitle(table, card, true);
  const main = cardTitle(card);
  if (sub && main && sub !== main && !table.caption) return `${main} – ${sub}`;
  return sub || main || t('export.table');
}

function shortTitle(table, card, strict = false) {
  if (!table) return '';
  if (table.caption && nodeText(table.caption)) return nodeText(table.caption);
  for (let node = table; node && node !== card; node = node.parentElement) {
    for (let prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
      const h = prev.matches(HEADING) ? prev : Array.from(prev.querySelectorAll(HEADING)).pop();
      if (h && !h.classList.contains('card-title') && nodeText(h)) return nodeText(h);
      if (h) break;
    }
  }
  return strict ? '' : cardTitle(card);
}

/* ---- the actions ---- */

async function run(btn, ctx) {
  const card = btn.closest('.card');
  const png = btn.dataset.export === 'png';
  btn.disabled = true;
  btn.dataset.state = 'working';
  try {
    if (png) {
      const canvas = await cardImage(card);
      const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/png'));
      saveBlob(blob, fileName(cardTitle(card) || t('export.chart'), today(), 'png'));
    } else if (btn.dataset.export === 'chartcsv') {
      const plot = own(card, '.uplot')[Number(btn.dataset.index)];
      const rows = plot && chartRowsOf(plot);
      if (!rows) throw new Error(t('export.gone'));
      saveBlob(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), fileName(cardTitle(card) || t('export.chart'), today(), 'csv'));
    } else {
      const table = tablesOf(card)[Number(btn.dataset.index)];
      if (!table) throw new Error(t('export.gone'));
      const csv = toCsv(tableRows(table, shown));
      saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), fileName(tableTitle(table, card), today(), 'csv'));
    }
    btn.dataset.state = 'done';
  } catch (err) {
    btn.dataset.state = 'error';
    ctx?.pushError?.('export.failed', { title: png ? cardTitle(card) : t('export.table') }, err.message);
  } finally {
    btn.disabled = false;
  }
}

/* A row the page shows: in the layout (not display: none). */
function shown(row) {
  return !row.hidden && row.getClientRects().length > 0;
}

function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/* ---- painting a card ---- */

function background(card) {
  for (let node = card; node; node = node.parentElement) {
    const c = getComputedStyle(node).backgroundColor;
    if (!transparent(c)) return c;
  }
  return '#ffffff';
}

function transparent(color) {
  return !color || color === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(color);
}

/* The charts of a card that take room on the page. */
function charts(card) {
  return own(card, CHART).filter((c) => !c.closest(LEFT_OUT) && c.getClientRects().length > 0);
}

/* The elements of a card whose boxes get painted: shown, not left out, not
 * inside a chart SVG (that is copied whole). */
function paintable(card) {
  return Array.from(card.querySelectorAll('*')).filter((node) => node.namespaceURI === 'http://www.w3.org/1999/xhtml'
    && !node.closest(LEFT_OUT) && !node.closest('svg') && node.tagName !== 'CANVAS' && node.getClientRects().length > 0);
}

/* An element's background colour and its borders, as rectangles. */
function paintBox(g, node, card) {
  const cs = getComputedStyle(node);
  if (cs.visibility !== 'visible' || Number(cs.opacity) === 0) return;
  const r = node.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return;
  const clip = clipRect(node, card);
  if (!clip) return;
  g.save();
  g.beginPath();
  g.rect(clip.left, clip.top, clip.width, clip.height);
  g.clip();
  if (!transparent(cs.backgroundColor)) {
    g.fillStyle = cs.backgroundColor;
    g.fillRect(r.left, r.top, r.width, r.height);
  }
  const side = (name) => {
    const w = parseFloat(cs[`border${name}Width`]) || 0;
    const style = cs[`border${name}Style`];
    const color = cs[`border${name}Color`];
    return w > 0 && style !== 'none' && style !== 'hidden' && !transparent(color) ? { w, color } : null;
  };
  const sides = { Top: side('Top'), Right: side('Right'), Bottom: side('Bottom'), Left: side('Left') };
  if (sides.Top) { g.fillStyle = sides.Top.color; g.fillRect(r.left, r.top, r.width, sides.Top.w); }
  if (sides.Bottom) { g.fillStyle = sides.Bottom.color; g.fillRect(r.left, r.bottom - sides.Bottom.w, r.width, sides.Bottom.w); }
  if (sides.Left) { g.fillStyle = sides.Left.color; g.fillRect(r.left, r.top, sides.Left.w, r.height); }
  if (sides.Right) { g.fillStyle = sides.Right.color; g.fillRect(r.right - sides.Right.w, r.top, sides.Right.w, r.height); }
  g.restore();
}

/* A canvas copied pixel for pixel, an SVG drawn from its markup with the
 * styles the page gives it; both clipped to what shows. */
async function paintChart(g, chart, card) {
  const r = chart.getBoundingClientRect();
  const clip = clipRect(chart, card);
  if (!clip || r.width <= 0 || r.height <= 0) return;
  const image = chart.tagName === 'CANVAS' ? chart : await svgImage(chart, r);
  g.save();
  g.beginPath();
  g.rect(clip.left, clip.top, clip.width, clip.height);
  g.clip();
  g.drawImage(image, r.left, r.top, r.width, r.height);
  g.restore();
}

const SVG_STYLES = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'stroke-linecap', 'stroke-linejoin', 'paint-order', 'opacity', 'font-family', 'font-size', 'font-style', 'font-weight',
  'text-anchor', 'dominant-baseline', 'visibility', 'display'];

/* An <img> of svg at size r, each element's computed style written inline
 * (the page's style sheets do not reach an image). */
async function svgImage(svg, r) {
  const copy = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((node, i) => {
    const cs = getComputedStyle(node);
    to[i].setAttribute('style', SVG_STYLES.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'));
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(r.width));
  copy.setAttribute('height', String(r.height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/* The part of node's box that shows: its box cut by every ancestor up to
 * card that clips its overflow. null when nothing shows. For text (box
 * false) the region its element lets text show in: text may overflow its
 * element's box unless the element clips. */
function clipRect(node, card, box = true) {
  let { left, top, right, bottom } = box ? node.getBoundingClientRect() : { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
  for (let p = box ? node.parentElement : node; p; p = p.parentElement) {
    const cs = getComputedStyle(p);
    if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible' || p === card) {
      const b = p.getBoundingClientRect();
      left = Math.max(left, b.left); top = Math.max(top, b.top);
      right = Math.min(right, b.right); bottom = Math.min(bottom, b.bottom);
    }
    if (p === card) break;
  }
  return right > left && bottom > top ? { left, top, right, bottom, width: right - left, height: bottom - top } : null;
}

function textNodes(card) {
  const out = [];
  const walk = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const p = n.parentElement;
    if (n.data.trim() && p && !p.closest(LEFT_OUT) && !p.closest('svg')) out.push(n);
  }
  return out;
}

/* A text node drawn line by line where the page lays it out: its characters
 * grouped into lines by their boxes, collapsed white space kept collapsed. */
function paintText(g, node, card) {
  const p = node.parentElement;
  const cs = getComputedStyle(p);
  if (cs.visibility !== 'visible' || Number(cs.opacity) === 0) return;
  const clip = clipRect(p, card, false);
  if (!clip) return;
  g.save();
  g.beginPath();
  g.rect(clip.left, clip.top, clip.width, clip.height);
  g.clip();
  g.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  g.fillStyle = cs.color;
  g.textBaseline = 'alphabetic';
  const upper = cs.textTransform === 'uppercase';
  const lines = textLines(node);
  if (lines.length) lines[lines.length - 1].text += afterText(node, card);
  for (const line of lines) {
    const text = upper ? line.text.toUpperCase() : line.text;
    const m = g.measureText(text);
    const ascent = m.fontBoundingBoxAscent ?? m.actualBoundingBoxAscent;
    const descent = m.fontBoundingBoxDescent ?? m.actualBoundingBoxDescent;
    g.fillText(text, line.left, line.top + (line.height - ascent - descent) / 2 + ascent);
  }
  g.restore();
}

/* Generated text (::after content) that follows node: of each element node
 * ends, innermost first (uPlot's legend puts the colon after its th). */
function afterText(node, card) {
  let out = '';
  for (let a = node.parentElement; a && a !== card; a = a.parentElement) {
    if (lastText(a) !== node) break;
    const c = getComputedStyle(a, '::after').content;
    if (/^".+"$/.test(c)) out += c.slice(1, -1);
  }
  return out;
}

function lastText(root) {
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.data.trim()) last = n;
  return last;
}

function textLines(node) {
  const range = document.createRange();
  const lines = [];
  let line = null;
  const data = node.data;
  for (let i = 0; i < data.length;) {
    const step = data.codePointAt(i) > 0xffff ? 2 : 1;
    const ch = data.slice(i, i + step);
    range.setStart(node, i);
    range.setEnd(node, i + step);
    const r = range.getBoundingClientRect();
    i += step;
    const space = /\s/.test(ch);
    if (r.width === 0 && r.height === 0) continue; // collapsed away
    if (!line || Math.abs(r.top - line.top) > r.height / 2) {
      if (space) continue; // a line never starts with the space that broke it
      line = { text: '', left: r.left, top: r.top, height: r.height };
      lines.push(line);
    }
    if (space) {
      if (!line.text.endsWith(' ')) line.text += ' ';
    } else {
      line.text += ch;
    }
  }
  return lines.map((l) => ({ ...l, text: l.text.trimEnd() })).filter((l) => l.text);
}
