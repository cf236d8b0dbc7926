/* funnel-chart.js: the funnel drawn on a canvas (uPlot has no funnel).
 *
 *   const chart = mountFunnelChart(host);   // a canvas, a legend, a tooltip in host
 *   chart.update(result);                   // the worker's funnel op result
 *   chart.destroy();
 * One column per step; each segment of a breakdown its own bar in the
 * column, in its colour, with a legend. A bar's height is the share of the
 * segment's step-1 users that reached the step; the part shaded with stripes
 * above it is the drop-off from the previous step. Above a bar: its share
 * from the start; under the axis: the step, its users, the share of the
 * previous step and the time to convert (median, mean) when not broken down.
 * Hovering a bar shows its numbers (text only). Redrawn when host resizes.
 * host.dataset.bars counts the bars drawn (for tests). */
import { el, sizeCanvas } from './dom.js';
import { t } from './i18n/index.js';
import { formatInteger, formatNumber } from './format.js';
import { PALETTE } from './revenue-charts.js';
import { paint as themed, withAlpha } from './chart-kit.js';
import { onThemeChange } from './theme.js';

const HEIGHT = 360;
const PAD = { left: 48, right: 12, top: 30 };
// the light palette's colours, painted for the theme shown at each draw (chart-kit.js)
const LIGHT = ['#f2f4f7', '#e4e7ec', '#101828', '#667085', '#b42318'];
let TRACK, GRID, TEXT, MUTED, DROP;

export function mountFunnelChart(host) {
  const canvas = el('canvas', { className: 'funnel-canvas', role: 'img' });
  const legend = el('ul', { className: 'funnel-legend' });
  const tip = el('div', { className: 'funnel-tip', role: 'tooltip' });
  tip.hidden = true;
  const wrap = el('div', { className: 'funnel-canvas-wrap' }, canvas, tip);
  host.replaceChildren(legend, wrap);
  let result = null;
  let bars = [];
  const draw = () => {
    [TRACK, GRID, TEXT, MUTED, DROP] = LIGHT.map(themed);
    bars = result ? paint(canvas, result) : [];
    host.dataset.bars = String(bars.length);
  };
  const ro = new ResizeObserver(() => draw());
  ro.observe(wrap);
  const off = onThemeChange(() => (canvas.isConnected ? draw() : off()));
  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left, y = e.clientY - r.top;
    const hit = bars.find((b) => x >= b.x && x <= b.x + b.w && y >= PAD.top && y <= b.bottom);
    if (!hit) {
      tip.hidden = true;
      return;
    }
    tip.textContent = tipText(result, hit);
    tip.hidden = false;
    const left = Math.min(Math.max(0, hit.x + hit.w + 8), wrap.clientWidth - tip.offsetWidth - 4);
    tip.style.left = `${left < hit.x + hit.w ? Math.max(0, hit.x - tip.offsetWidth - 8) : left}px`;
    tip.style.top = `${Math.max(0, y - tip.offsetHeight / 2)}px`;
  });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  return {
    update(next) {
      result = next;
      tip.hidden = true;
      renderLegend(legend, next);
      canvas.setAttribute('aria-label', summary(next));
      draw();
    },
    destroy() {
      ro.disconnect();
      host.replaceChildren();
    },
  };
}

/* A share as a percentage with one decimal, more when that would round a
 * share short of 1 up to 100% (0.9999 → "99.99%") or a share above 0 to 0%. */
export function formatShare(v) {
  if (!Number.isFinite(v)) return '—';
  for (let digits = 1; digits < 4; digits++) {
    const text = formatPercentDigits(v, digits);
    const round = Number((v * 100).toFixed(digits));
    if (!((v < 1 && round >= 100) || (v > 0 && round <= 0))) return text;
  }
  return formatPercentDigits(v, 4);
}

/* Seconds as the two largest units: 93784 → "1d 2h", 45 → "45s". */
export function formatDuration(sec) {
  if (!Number.isFinite(sec)) return '—';
  const units = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  let rest = Math.round(sec);
  const parts = [];
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (u === 's' && !parts.length)) parts.push(t(`funnel.duration.${u}`, { n: formatInteger(n) }));
    rest -= n * size;
    if (parts.length === 2) break;
    if (parts.length && n === 0) break;
  }
  return parts.join(' ');
}

export function segmentColor(i, n) {
  return themed(n > 1 ? PALETTE[i % PALETTE.length] : PALETTE[0]);
}

/* ---- private ---- */

function formatPercentDigits(v, digits) {
  return t('funnel.percent', { n: formatNumber(v * 100, { digits }) });
}

function renderLegend(legend, r) {
  const segs = r && r.segments;
  legend.hidden = !segs || !segs.length;
  legend.replaceChildren(...(segs || []).map((label, i) => el('li', { className: 'funnel-legend-item' },
    el('span', { className: 'funnel-swatch', style: `background:${segmentColor(i, segs.length)}` }), label)));
}

function summary(r) {
  if (!r || !r.steps.length) return t('funnel.title');
  const parts = r.steps.map((s, k) => `${k + 1}. ${s.event}: ${formatInteger(s.users[0])}${k ? ` (${formatShare(s.from_start[0])})` : ''}`);
  return `${t('funnel.title')}: ${parts.join(' → ')}`;
}

function tipText(r, b) {
  const s = r.steps[b.k];
  const lines = [t('funnel.tip.step', { n: b.k + 1, event: s.event })];
  if (r.segments) lines.push(t('funnel.tip.segment', { segment: r.segments[b.s] }));
  lines.push(t('funnel.tip.users', { n: formatInteger(s.users[b.s]) }));
  if (b.k > 0) {
    const prev = r.steps[b.k - 1].users[b.s];
    lines.push(t('funnel.tip.fromStart', { pct: formatShare(s.from_start[b.s]) }));
    lines.push(t('funnel.tip.fromPrevious', { pct: formatShare(s.from_previous[b.s]) }));
    lines.push(t('funnel.tip.dropped', { n: formatInteger(prev - s.users[b.s]) }));
    lines.push(t('funnel.tip.median', { time: formatDuration(s.median_seconds[b.s]) }));
    lines.push(t('funnel.tip.mean', { time: formatDuration(s.mean_seconds[b.s]) }));
  }
  return lines.join('\n');
}

/* Draw r on canvas at its box's width; the bars' boxes (CSS px) for hovering. */
function paint(canvas, r) {
  const width = Math.max(280, Math.floor(canvas.parentElement.clientWidth));
  const nseg = r.segments ? r.segments.length : 1;
  const detail = nseg === 1;
  const bottom = detail ? 92 : 44;
  const g = sizeCanvas(canvas, width, HEIGHT);
  g.clearRect(0, 0, width, HEIGHT);
  const font = getComputedStyle(canvas).fontFamily || 'system-ui, sans-serif';
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - bottom;
  const y0 = PAD.top + plotH;
  const yOf = (share) => y0 - share * plotH;

  // grid and axis: 0 % … 100 % of the step-1 users
  g.font = `11px ${font}`;
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (let q = 0; q <= 4; q++) {
    const y = Math.round(yOf(q / 4)) + 0.5;
    g.strokeStyle = GRID;
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(PAD.left, y);
    g.lineTo(width - PAD.right, y);
    g.stroke();
    g.fillStyle = MUTED;
    g.fillText(formatShare(q / 4), PAD.left - 8, y);
  }

  const n = r.steps.length;
  const gw = plotW / n;
  const inner = Math.min(gw * 0.72, nseg * 132);
  const bw = Math.max(2, (inner - (nseg - 1) * 3) / nseg);
  const bars = [];
  const share = (k, s) => {
    const v = r.steps[k].from_start[s];
    return Number.isFinite(v) ? v : 0;
  };
  for (let k = 0; k < n; k++) {
    const gx = PAD.left + k * gw + (gw - inner) / 2;
    for (let s = 0; s < nseg; s++) {
      const x = gx + s * (bw + 3);
      const color = segmentColor(s, nseg);
      const v = share(k, s);
      const prev = k ? share(k - 1, s) : v;
      g.fillStyle = TRACK;
      roundTop(g, x, PAD.top, bw, y0 - PAD.top, 3);
      if (prev > v) stripes(g, x, yOf(prev), bw, yOf(v) - yOf(prev), color);
      g.fillStyle = color;
      roundTop(g, x, yOf(v), bw, y0 - yOf(v), 3);
      bars.push({ k, s, x, w: bw, bottom: y0 });
      // the share from the start just above the bar (on a white pill over
      // the stripes), when it fits
      const label = formatShare(v);
      const size = detail ? 13 : 11;
      g.font = `600 ${size}px ${font}`;
      const tw = g.measureText(label).width;
      if (tw <= bw + 6 && Number.isFinite(r.steps[k].from_start[s])) {
        const ty = Math.max(PAD.top - 4, yOf(v) - 5);
        if (prev > v && ty > yOf(prev)) {
          g.fillStyle = themed(withAlpha('#ffffff', 0.92));
          g.fillRect(x + bw / 2 - tw / 2 - 4, ty - size - 3, tw + 8, size + 5);
        }
        g.fillStyle = TEXT;
        g.textAlign = 'center';
        g.textBaseline = 'bottom';
        g.fillText(label, x + bw / 2, ty);
      }
      // the drop-off inside the striped part, when it fits
      if (detail && k > 0 && yOf(v) - yOf(prev) > 44) {
        const lost = r.steps[k - 1].users[s] - r.steps[k].users[s];
        const text = `−${formatInteger(lost)}`;
        g.font = `600 11px ${font}`;
        if (g.measureText(text).width <= bw - 4) {
          g.fillStyle = DROP;
          g.textAlign = 'center';
          g.textBaseline = 'middle';
          g.fillText(text, x + bw / 2, (yOf(v) - 22 + yOf(prev)) / 2);
        }
      }
    }
    stepLabels(g, r, k, PAD.left + k * gw + gw / 2, gw - 8, y0 + 8, detail, font);
  }
  return bars;
}

/* Under column k: "k. event", and without a breakdown its users, the share of
 * the previous step and the time to convert. */
function stepLabels(g, r, k, cx, maxW, top, detail, font) {
  const s = r.steps[k];
  const lines = [[`${k + 1}. ${s.event}`, `600 12px ${font}`, TEXT]];
  if (detail) {
    lines.push([t('funnel.chart.users', { n: formatInteger(s.users[0]) }), `12px ${font}`, TEXT]);
    if (k > 0) {
      lines.push([t('funnel.chart.fromPrevious', { pct: formatShare(s.from_previous[0]) }), `11px ${font}`, MUTED]);
      lines.push([t('funnel.chart.median', { time: formatDuration(s.median_seconds[0]) }), `11px ${font}`, MUTED]);
      lines.push([t('funnel.chart.mean', { time: formatDuration(s.mean_seconds[0]) }), `11px ${font}`, MUTED]);
    }
  }
  g.textAlign = 'center';
  g.textBaseline = 'top';
  lines.forEach(([text, f, color], i) => {
    g.font = f;
    g.fillStyle = color;
    g.fillText(fit(g, text, maxW), cx, top + i * 16);
  });
}

/* text cut with an ellipsis to maxW pixels */
function fit(g, text, maxW) {
  if (g.measureText(text).width <= maxW) return text;
  let s = text;
  while (s.length > 1 && g.measureText(`${s}…`).width > maxW) s = s.slice(0, -1);
  return `${s}…`;
}

function roundTop(g, x, y, w, h, r) {
  if (h <= 0) return;
  const rr = Math.min(r, w / 2, h);
  g.beginPath();
  g.moveTo(x, y + h);
  g.lineTo(x, y + rr);
  g.quadraticCurveTo(x, y, x + rr, y);
  g.lineTo(x + w - rr, y);
  g.quadraticCurveTo(x + w, y, x + w, y + rr);
  g.lineTo(x + w, y + h);
  g.closePath();
  g.fill();
}

/* The drop-off: the bar's colour, faint, with diagonal stripes. */
function stripes(g, x, y, w, h, color) {
  g.save();
  g.beginPath();
  g.rect(x, y, w, h);
  g.clip();
  g.globalAlpha = 0.14;
  g.fillStyle = color;
  g.fillRect(x, y, w, h);
  g.globalAlpha = 0.35;
  g.strokeStyle = color;
  g.lineWidth = 1.5;
  g.beginPath();
  for (let d = -h; d < w; d += 7) {
    g.moveTo(x + d, y + h);
    g.lineTo(x + d + h, y);
  }
  g.stroke();
  g.restore();
}
