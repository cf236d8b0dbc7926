/* chart-tools.js: what every uPlot chart drawn through chart-kit.js attach()
 * can do, one mechanism for all of them:
 *
 *   - compare mode (compare.js): a dashed, muted overlay of each compared
 *     series shifted back (previous: by the periods in view; yoy: a year),
 *     named "MRR · previous period" in the legend and the tooltip
 *   - a hover tooltip (text nodes only): the period and every shown series'
 *     exact value, and the incidents of that period
 *   - legend toggles: a click, or Enter / Space on the focused legend item,
 *     hides or shows its series
 *   - drag-to-zoom on x, a "Reset zoom" button while zoomed (double-click too)
 *   - a log-scale toggle where every value is > 0 and they span at least a
 *     factor of 10
 *   - incident markers: a dashed vertical line at the start of each incident
 *     of the alerts run (alerts-data.js currentAlerts) for the chart's metrics
 *   - the data as rows for the chart card's CSV (export.js)
 *
 * enhance(base, state, ctx) → {opts, data}: uPlot options and data with the
 * above; decorate(view, u, ctx): the toolbar, tooltip and keyboard once drawn.
 * base = {el, opts, data, height, meta}; meta = {grain, metrics, compare}:
 * grain of a time chart's periods, metrics the metric name of each data
 * series (incidents), compare the data series indices that get an overlay
 * (default: every series of a chart with a grain). view.state keeps what the
 * user chose across redraws: {log, zoom: [min, max] | null, hidden: Set of labels}. */
import uPlot from './vendor/uPlot.esm.js';
import { t } from './i18n/index.js';
import { el } from './dom.js';
import { periodStart } from './format.js';
import { periodsBack, shiftColumn, visibleCount } from './compare.js';

/* ---- building the options ---- */

export function enhance(base, state, ctx) {
  const { opts, meta } = base;
  const data = base.data.slice();
  const series = opts.series.map((s) => ({ ...s }));
  const time = !!meta.grain && opts.scales?.x?.time !== false;
  const overlays = [];
  const span = state.zoom ? visibleCount(data[0], state.zoom[0], state.zoom[1]) : data[0].length;
  const k = time ? periodsBack(ctx.compare, meta.grain, span) : 0;
  if (k) {
    const picks = meta.compare || series.map((_, i) => i).slice(1);
    for (const i of picks) {
      const s = series[i];
      if (!s) continue;
      data.push(shiftColumn(data[0], data[i], meta.grain, k));
      overlays.push({ of: i, at: data.length - 1 });
      series.push({
        label: t(`compare.overlay.${ctx.compare}`, { label: plainLabel(s.label) }),
        stroke: s.stroke, scale: s.scale, value: overlayValue(s, i), width: 1.75, dash: [6, 4], alpha: 0.6,
        points: { show: false }, spanGaps: false, overlay: true,
      });
    }
  }
  for (const s of series) if (state.hidden.has(plainLabel(s.label)) && s !== series[0]) s.show = false;
  const scales = { ...opts.scales };
  let axes = opts.axes;
  if (state.log && logOffered(base)) {
    scales.y = { ...scales.y, distr: 3, log: 10, range: (u, min, max) => uPlot.rangeLog(Math.max(min, 1e-9), max, 10, true) };
    // a log axis leaves its minor ticks unlabelled (null splits)
    axes = (axes || []).map((a, i) => (i === 0 || (a.scale && a.scale !== 'y') || typeof a.values !== 'function' ? a
      : { ...a, values: (u, splits, ...rest) => a.values(u, splits, ...rest).map((v, j) => (splits[j] == null ? '' : v)) }));
  }
  const markers = time ? incidentMarkers(ctx.incidents, meta.metrics, data[0], meta.grain) : [];
  const hooks = { ...(opts.hooks || {}) };
  const add = (name, fn) => { hooks[name] = [...(hooks[name] || []), fn]; };
  add('draw', (u) => drawMarkers(u, markers));
  return {
    opts: {
      ...opts, series, scales, hooks, ...(axes ? { axes } : {}),
      cursor: { ...(opts.cursor || {}), drag: { x: true, y: false, setScale: true } },
    },
    data,
    overlays, markers, k,
  };
}

/* The legend value of an overlay: its own value of the hovered period (the
 * latest while away), formatted as its series formats (s.format(v) where the
 * series gives one: a formatter of its own data ignores v). */
function overlayValue(s, of) {
  return (u, v, si, idx) => {
    const d = u.data[si];
    const val = idx == null ? d[d.length - 1] : d[idx];
    if (val == null) return '—';
    if (typeof s.format === 'function') return s.format(val);
    return typeof s.value === 'function' ? s.value(u, val, of, idx ?? d.length - 1) : String(val);
  };
}

/* True when the chart's drawn values (its own series, on the y scale) are
 * all > 0 and span at least a factor of 10. */
export function logOffered(base) {
  const ys = [];
  base.opts.series.forEach((s, i) => {
    if (i === 0 || (s.scale && s.scale !== 'y')) return;
    for (const v of base.data[i] || []) if (v != null && Number.isFinite(v)) ys.push(v);
  });
  if (!ys.length || ys.some((v) => v <= 0)) return false;
  return Math.max(...ys) / Math.min(...ys) >= 10;
}

const PERIOD_DAYS = { day: 1, week: 7, month: 31, quarter: 92, year: 366 };

/* [{x, items: [{rule, severity, metric, start}]}] of the incidents of the
 * chart's metrics, each at the period of the chart holding its start (the
 * latest x at or before it; none before the first period or after the last). */
export function incidentMarkers(incidents, metrics, xs, grain) {
  const mine = new Set((metrics || []).filter(Boolean));
  const out = new Map();
  if (!mine.size || !xs.length) return [];
  for (const inc of incidents || []) {
    if (!mine.has(inc.metric)) continue;
    const at = periodStart(inc.start);
    if (!Number.isFinite(at) || at < xs[0]) continue;
    let x = null;
    for (const v of xs) if (v <= at) x = v;
    if (x == null || (x === xs[xs.length - 1] && at - x >= (PERIOD_DAYS[grain] || 1) * 86400)) continue;
    if (!out.has(x)) out.set(x, { x, items: [] });
    out.get(x).items.push({ rule: inc.rule, severity: inc.severity, metric: inc.metric, start: inc.start });
  }
  return [...out.values()];
}

function drawMarkers(u, markers) {
  if (!markers.length) return;
  const g = u.ctx;
  const color = cssVar('--down') || 'red';
  const { top, height } = u.bbox;
  g.save();
  g.strokeStyle = color;
  g.lineWidth = Math.max(1, devicePixelRatio * 1.5);
  g.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  for (const m of markers) {
    const x = Math.round(u.valToPos(m.x, 'x', true));
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
    g.beginPath();
    g.moveTo(x, top);
    g.lineTo(x, top + height);
    g.stroke();
  }
  g.restore();
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function plainLabel(label) {
  return label instanceof Node ? label.textContent : String(label ?? '');
}

/* ---- once drawn ---- */

export function decorate(view, u, built, rebuild) {
  const { el: host, meta, data } = view.base;
  const state = view.state;
  // zoom: remember it, show the reset button, recompute the previous-period overlay
  // the whole range as the scale's own range function draws it (the scales
  // themselves are set on uPlot's first commit, after this)
  const xs = data[0];
  const full = xs.length ? u.scales.x.range(u, xs[0], xs[xs.length - 1], 'x') : [0, 0];
  const reset = el('button', { type: 'button', className: 'btn chart-btn', dataset: { chartReset: '' }, hidden: true });
  reset.textContent = t('charts.resetZoom');
  reset.addEventListener('click', () => u.setScale('x', { min: full[0], max: full[1] }));
  const log = el('button', { type: 'button', className: 'btn chart-btn', dataset: { chartLog: '' }, 'aria-pressed': String(!!state.log) });
  log.textContent = t('charts.logScale');
  log.hidden = !logOffered(view.base);
  log.addEventListener('click', () => { state.log = !state.log; rebuild(); });
  const bar = el('div', { className: 'chart-bar', role: 'group', 'aria-label': t('charts.tools') }, reset, log);
  host.prepend(bar);
  // the first commit sets the scales (after this): the zoom kept is put back once ready
  let ready = false;
  const zoom = state.zoom;
  u.hooks.ready = [...(u.hooks.ready || []), (uu) => {
    ready = true;
    // after the commit under way, which would drop a scale set from inside it
    if (zoom) queueMicrotask(() => uu.setScale('x', { min: zoom[0], max: zoom[1] }));
  }];
  u.hooks.setScale = [...(u.hooks.setScale || []), (uu, key) => {
    if (key !== 'x' || !ready) return;
    const { min, max } = uu.scales.x;
    const zoomed = Math.abs(min - full[0]) > 1 || Math.abs(max - full[1]) > 1;
    reset.hidden = !zoomed;
    host.dataset.zoomed = String(zoomed);
    const before = state.zoom;
    state.zoom = zoomed ? [min, max] : null;
    if (built.overlays.length && view.ctx.compare === 'prev') {
      const k = periodsBack('prev', meta.grain, state.zoom ? visibleCount(data[0], min, max) : data[0].length);
      if (k !== built.k && (before || state.zoom)) queueMicrotask(rebuild);
    }
  }];
  host.dataset.zoomed = String(!!state.zoom);
  reset.hidden = !state.zoom;
  host.dataset.compare = built.overlays.length ? view.ctx.compare : 'none';
  host.dataset.compareBack = String(built.overlays.length ? built.k : 0);
  host.dataset.markers = String(built.markers.length);
  // the tooltip
  const tip = el('div', { className: 'chart-tip', role: 'tooltip', hidden: true });
  u.over.append(tip);
  u.hooks.setCursor = [...(u.hooks.setCursor || []), (uu) => showTip(uu, tip, built.markers)];
  u.over.addEventListener('mouseleave', () => { tip.hidden = true; });
  // legend: keyboard toggles, remembered across redraws
  u.root.querySelectorAll('.u-legend tr.u-series').forEach((row, i) => {
    if (i === 0) return;
    const th = row.querySelector('th');
    if (!th) return;
    th.tabIndex = 0;
    th.classList.add('chart-toggle');
    const status = el('span', { className: 'visually-hidden' });
    th.append(status);
    const sync = () => { status.textContent = u.series[i].show ? t('charts.shown') : t('charts.hidden'); };
    sync();
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); th.click(); }
    });
    u.hooks.setSeries = [...(u.hooks.setSeries || []), (uu, si) => {
      if (si !== i && si != null) return;
      sync();
      const name = plainLabel(uu.series[i].label);
      if (uu.series[i].show) state.hidden.delete(name);
      else state.hidden.add(name);
    }];
  });
  // a chart whose view writes its own text summary says so (data-own-label)
  if (!('ownLabel' in host.dataset)) host.setAttribute('aria-label', summary(u));
  if (!host.getAttribute('role')) host.setAttribute('role', 'group');
}

function showTip(u, tip, markers) {
  const i = u.cursor.idx;
  if (i == null || u.cursor.left < 0) { tip.hidden = true; return; }
  const x = u.data[0][i];
  const lines = [el('div', { className: 'chart-tip-x' }, fmtX(u, i))];
  u.series.forEach((s, si) => {
    if (si === 0 || !s.show) return;
    const v = u.data[si][i];
    lines.push(el('div', { className: 'chart-tip-row' },
      el('span', { className: 'chart-tip-name' }, plainLabel(s.label)),
      el('span', { className: 'chart-tip-val' }, v == null ? '—' : fmtVal(u, si, v, i))));
  });
  for (const m of markers) {
    if (m.x !== x) continue;
    for (const it of m.items) lines.push(el('div', { className: 'chart-tip-incident' }, t('charts.incident', { severity: it.severity || '', rule: it.rule || '' })));
  }
  tip.replaceChildren(...lines);
  tip.hidden = false;
  const w = tip.offsetWidth;
  const left = u.cursor.left + 14 + w > u.over.clientWidth ? u.cursor.left - 14 - w : u.cursor.left + 14;
  tip.style.left = `${Math.max(0, left)}px`;
  tip.style.top = `${Math.max(0, (u.cursor.top ?? 0) - 10)}px`;
}

function fmtX(u, i) {
  const s = u.series[0];
  const v = u.data[0][i];
  return typeof s.value === 'function' ? String(s.value(u, v, 0, i)) : String(v);
}

function fmtVal(u, si, v, i) {
  const s = u.series[si];
  return typeof s.value === 'function' ? String(s.value(u, v, si, i)) : String(v);
}

/* The text summary of a chart: its series and their latest values, over its periods. */
function summary(u) {
  const n = u.data[0].length;
  if (!n) return '';
  const parts = u.series.slice(1).map((s, k) => {
    const ys = u.data[k + 1];
    let j = n - 1;
    while (j >= 0 && ys[j] == null) j--;
    return j < 0 ? plainLabel(s.label) : `${plainLabel(s.label)} ${fmtVal(u, k + 1, ys[j], j)}`;
  });
  return t('charts.summary', { from: fmtX(u, 0), to: fmtX(u, n - 1), series: parts.join('; ') });
}

/* ---- CSV ---- */

/* The chart's data as rows: a header (the x label, every series' label) and
 * one row per x: its period (YYYY-MM-DD, YYYY-MM for months) or label, the
 * exact values (empty for gaps). */
export function chartRows(u, grain) {
  const head = u.series.map((s, i) => (i === 0 ? plainLabel(s.label) || 'x' : plainLabel(s.label)));
  const rows = [head];
  const xs = u.data[0];
  for (let i = 0; i < xs.length; i++) {
    const x = grain ? isoPeriod(xs[i], grain) : fmtX(u, i);
    rows.push([x, ...u.series.slice(1).map((_, k) => {
      const v = u.data[k + 1][i];
      return v == null || !Number.isFinite(v) ? null : v;
    })]);
  }
  return rows;
}

function isoPeriod(x, grain) {
  const iso = new Date(x * 1000).toISOString();
  return grain === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}
