/* retention-heatmap.js: the retention matrix drawn on a canvas (no library):
 * one row per cohort (its period and size), one cell per bucket k since, the
 * share of the cohort that returned, colored by that share; the weighted mean
 * of every cohort on top. A cell not observable yet is blank. Hovering a cell
 * shows its count and percentage in a tooltip (text set with textContent);
 * so do the arrow keys once the heatmap has the focus.
 *
 *   renderRetentionHeatmap(root, {grain, cohorts, size, counts, mean}, {label})
 *     label(cohortName) → the row's text; mean[k] the weighted mean share.
 * root.heatmap keeps what was drawn for tests and readers: {cohorts, size,
 * counts, mean, layout: {left, top, cell, row, head}} (CSS pixels; row r = 0 is
 * the mean, cohort c is row c + 1; column k starts at left + k × cell). */
import { el, sizeCanvas } from './dom.js';
import { t } from './i18n/index.js';
import { formatInteger, formatRatio } from './format.js';
import { paint as themed } from './chart-kit.js';
import { onThemeChange } from './theme.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
const ROW = 28;
const HEAD = 30;
const MIN_CELL = 46;
const MAX_CELL = 104;
const LABEL_W = 150;
const SIZE_W = 72;

export function renderRetentionHeatmap(root, m, { label }) {
  const canvas = el('canvas', { className: 'heatmap-canvas', role: 'img', 'aria-label': t('retention.heatmap.label') });
  const tip = el('div', { className: 'heatmap-tip', role: 'tooltip' });
  tip.hidden = true;
  const scroller = el('div', { className: 'heatmap-scroll', tabindex: '0', 'aria-label': t('retention.heatmap.keys') }, canvas);
  const wrap = el('div', { className: 'heatmap-wrap' }, scroller, tip);
  root.replaceChildren(wrap, legend());
  const nk = Math.max(1, ...m.counts.map((r) => r.length), m.mean.length);
  const rows = m.cohorts.length + 1;
  const layout = { left: LABEL_W + SIZE_W, top: HEAD, cell: MIN_CELL, row: ROW, head: HEAD, nk, rows, focus: null };
  root.heatmap = { ...m, layout };

  const draw = () => {
    const avail = Math.max(320, scroller.clientWidth || root.clientWidth || 800);
    layout.cell = Math.min(MAX_CELL, Math.max(MIN_CELL, Math.floor((avail - layout.left) / nk)));
    const width = layout.left + layout.cell * nk;
    const height = HEAD + rows * ROW;
    const ctx = sizeCanvas(canvas, width, height);
    paint(ctx, m, layout, label, width);
    if (layout.focus) {
      ctx.strokeStyle = themed('#101828');
      ctx.lineWidth = 2;
      ctx.strokeRect(layout.left + layout.focus.k * layout.cell + 1, layout.top + layout.focus.row * layout.row + 1, layout.cell - 2, layout.row - 2);
    }
  };
  draw();
  let frame = 0;
  const ro = new ResizeObserver(() => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (canvas.isConnected) draw();
      else ro.disconnect();
    });
  });
  ro.observe(scroller);
  const off = onThemeChange(() => (canvas.isConnected ? draw() : off()));

  /* the tooltip of cell hit at (clientX, clientY); hidden when it has none */
  const show = (hit, clientX, clientY) => {
    const text = hit && tipText(m, hit, label);
    tip.hidden = !text;
    if (!text) return;
    tip.replaceChildren(el('strong', {}, text.title), el('span', {}, text.body));
    const w = wrap.getBoundingClientRect();
    const x = Math.min(clientX - w.left + 14, w.width - tip.offsetWidth - 4);
    tip.style.left = `${Math.max(4, x)}px`;
    tip.style.top = `${clientY - w.top + 16}px`;
  };
  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    show(cellAt(layout, e.clientX - r.left, e.clientY - r.top), e.clientX, e.clientY);
  });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  // the keyboard: arrows move a focused cell (outlined), its tooltip shown
  scroller.addEventListener('keydown', (e) => {
    const step = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }[e.key];
    if (!step) return;
    e.preventDefault();
    const at = layout.focus || { row: 0, k: -step[1] };
    layout.focus = { row: clamp(at.row + step[0], 0, rows - 1), k: clamp(at.k + step[1], 0, nk - 1) };
    draw();
    const r = canvas.getBoundingClientRect();
    const x = layout.left + (layout.focus.k + 1) * layout.cell, y = layout.top + layout.focus.row * layout.row;
    scroller.scrollLeft = Math.max(0, Math.min(scroller.scrollLeft, x - layout.cell - layout.left), x - scroller.clientWidth);
    scroller.scrollTop = Math.max(0, Math.min(scroller.scrollTop, y - layout.top), y + layout.row - scroller.clientHeight);
    show(layout.focus, r.left + x - layout.cell / 2, r.top + y + layout.row / 2);
  });
  scroller.addEventListener('blur', () => {
    tip.hidden = true;
    layout.focus = null;
    draw();
  });
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}

/* The color of a share: indigo, deeper with the share, at most 75% opaque so the
 * text (the theme's text colour) keeps WCAG AA contrast over it on both themes. */
export function heat(v) {
  return `rgba(79, 70, 229, ${(0.07 + 0.68 * Math.max(0, Math.min(1, v)) ** 0.75).toFixed(3)})`;
}

/* ---- private ---- */

function paint(ctx, m, L, label, width) {
  ctx.clearRect(0, 0, width, L.top + L.rows * L.row);
  ctx.textBaseline = 'middle';
  // header
  ctx.font = `600 12px ${FONT}`;
  ctx.fillStyle = themed('#667085');
  ctx.textAlign = 'left';
  ctx.fillText(t('retention.cohort'), 10, L.head / 2);
  ctx.textAlign = 'right';
  ctx.fillText(t('retention.size'), L.left - 10, L.head / 2);
  ctx.textAlign = 'center';
  for (let k = 0; k < L.nk; k++) ctx.fillText(t(`retention.k.${m.grain}`, { k }), L.left + (k + 0.5) * L.cell, L.head / 2, L.cell - 6);
  const total = m.size.reduce((a, b) => a + b, 0);
  for (let r = 0; r < L.rows; r++) {
    const y = L.top + r * L.row;
    const mean = r === 0;
    if (mean) {
      ctx.fillStyle = themed('#f8f9fc');
      ctx.fillRect(0, y, width, L.row);
    }
    ctx.font = `${mean ? 650 : 500} 12px ${FONT}`;
    ctx.fillStyle = themed('#101828');
    ctx.textAlign = 'left';
    ctx.fillText(mean ? t('retention.mean') : label(m.cohorts[r - 1]), 10, y + L.row / 2, LABEL_W - 14);
    ctx.textAlign = 'right';
    ctx.fillStyle = themed('#475467');
    ctx.fillText(formatInteger(mean ? total : m.size[r - 1]), L.left - 10, y + L.row / 2);
    for (let k = 0; k < L.nk; k++) {
      const v = mean ? m.mean[k] : share(m, r - 1, k);
      if (v == null || !Number.isFinite(v)) continue;
      const x = L.left + k * L.cell;
      ctx.fillStyle = heat(v);
      ctx.fillRect(x + 1, y + 1, L.cell - 2, L.row - 2);
      ctx.fillStyle = themed('#101828');
      ctx.textAlign = 'center';
      ctx.font = `${mean ? 650 : 500} 11.5px ${FONT}`;
      ctx.fillText(formatRatio(v), x + L.cell / 2, y + L.row / 2, L.cell - 4);
    }
    if (mean) {
      ctx.fillStyle = themed('#d0d5dd');
      ctx.fillRect(0, y + L.row - 1, width, 1);
    }
  }
}

/* The share of cohort c in bucket k; null when not observable (or an empty cohort). */
function share(m, c, k) {
  const n = m.counts[c] ? m.counts[c][k] : null;
  return n == null || !m.size[c] ? null : n / m.size[c];
}

/* {row, k} under CSS pixel (x, y), or null outside the cells. */
function cellAt(L, x, y) {
  if (x < L.left || y < L.top) return null;
  const k = Math.floor((x - L.left) / L.cell);
  const row = Math.floor((y - L.top) / L.row);
  return k < L.nk && row < L.rows ? { row, k } : null;
}

function tipText(m, { row, k }, label) {
  const unit = t(`retention.k.${m.grain}`, { k });
  if (row === 0) {
    const v = m.mean[k];
    if (v == null || !Number.isFinite(v)) return null;
    let n = 0, of = 0;
    m.counts.forEach((r, c) => { if (r[k] != null) { n += r[k]; of += m.size[c]; } });
    return { title: `${t('retention.mean')} · ${unit}`, body: t('retention.tip', { pct: formatRatio(v), n: formatInteger(n), size: formatInteger(of) }) };
  }
  const v = share(m, row - 1, k);
  if (v == null) return null;
  return { title: `${label(m.cohorts[row - 1])} · ${unit}`,
    body: t('retention.tip', { pct: formatRatio(v), n: formatInteger(m.counts[row - 1][k]), size: formatInteger(m.size[row - 1]) }) };
}

function legend() {
  return el('p', { className: 'heat-legend' }, el('span', {}, t('retention.legend')),
    ...[0, 0.25, 0.5, 0.75, 1].map((v) => el('span', { className: 'heat-swatch', style: `background:${heat(v)}` }, formatRatio(v))));
}
