/* assistant-chat.js: the conversation as the page shows it: the user's
 * questions, each answer with its text streaming in (minimal markdown,
 * assistant-markdown.js), every tool call folded in a <details> with its
 * arguments (run_sql's query shown as SQL) and its result, charts (from
 * make_chart and from offline answers) drawn with uPlot through chart-kit.js
 * as the other views do. Everything from the model or the data goes in as
 * text nodes.
 *
 *   const chat = createChat(log);
 *   chat.user('What is our MRR?');
 *   const turn = chat.answer();     // the latest answer: data-testid="ai-answer", data-done="false"
 *   turn.text(delta); turn.toolCall({id, name, args}); turn.toolResult({id, content, isError});
 *   turn.chart({type: 'line'|'bar', title, unit, periods, series: [{label, values}]});
 *   turn.append(node); turn.error(text); turn.done();   // data-done="true"
 *   chat.clear();
 * An answer carries data-mode="model|offline" (set by the caller) and, after
 * an error, data-error="KIND". */
import uPlot from './vendor/uPlot.esm.js';
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatValue, formatPeriod, periodStart } from './format.js';
import { renderMarkdown } from './assistant-markdown.js';
import { common, strip, attach, destroy, legendValue, withAlpha, monthBars, periodBars, AXIS } from './chart-kit.js';

const SHOWN = 4000; // characters of a tool result shown in its fold
const DRAW_MS = 25;
const COLORS = ['#4f46e5', '#0ea5a4', '#f59e0b', '#e11d48', '#7c3aed', '#16a34a', '#0284c7', '#ea580c'];

export function createChat(log) {
  const charts = []; // chart views to destroy with the conversation

  function scroll() {
    log.scrollTop = log.scrollHeight;
  }

  return {
    user(text) {
      log.append(el('div', { className: 'ai-msg ai-user' },
        el('span', { className: 'ai-who' }, t('ai.you')), el('p', { className: 'ai-user-text' }, String(text))));
      scroll();
    },

    answer() {
      for (const old of log.querySelectorAll('[data-testid="ai-answer"]')) old.removeAttribute('data-testid');
      const body = el('div', { className: 'ai-body' });
      const wait = el('p', { className: 'ai-wait' }, t('ai.thinking'));
      const box = el('div', { className: 'ai-msg ai-bot', dataset: { testid: 'ai-answer', done: 'false' } },
        el('span', { className: 'ai-who' }, t('ai.bot')), body, wait);
      log.append(box);
      scroll();
      let seg = null; // {node, text}: the text block being streamed
      let timer = 0;
      let drawn = 0; // when the text was last drawn (ms)
      const folds = new Map(); // tool call id → its <details>
      const flush = () => {
        clearTimeout(timer);
        timer = 0;
        drawn = performance.now();
        if (seg) seg.node.replaceChildren(renderMarkdown(seg.text));
        scroll();
      };
      return {
        box,
        text(delta) {
          if (!delta) return;
          if (!seg) {
            seg = { node: el('div', { className: 'ai-text' }), text: '' };
            body.append(seg.node);
          }
          seg.text += delta;
          // drawn as it comes, at most every DRAW_MS (the whole text is parsed again each time)
          const wait = DRAW_MS - (performance.now() - drawn);
          if (wait <= 0) flush();
          else if (!timer) timer = setTimeout(flush, wait);
        },
        /* the end of one model turn: text after it starts a new block */
        turnEnd() {
          if (timer) flush();
          seg = null;
        },
        toolCall({ id, name, args }) {
          this.turnEnd();
          const fold = toolFold(name, args);
          folds.set(id, fold);
          body.append(fold);
          scroll();
        },
        toolResult({ id, content, isError }) {
          const fold = folds.get(id);
          if (fold) fillResult(fold, String(content ?? ''), !!isError);
        },
        chart(spec) {
          this.turnEnd();
          const view = { plot: null, ro: null, frame: 0 };
          const node = chartNode(spec, view);
          body.append(node.card);
          node.draw();
          charts.push(view);
          scroll();
        },
        append(node) {
          this.turnEnd();
          body.append(node);
          scroll();
        },
        error(text, kind = 'error') {
          this.turnEnd();
          box.dataset.error = kind;
          body.append(el('p', { className: 'ai-error', role: 'alert' }, String(text)));
          this.done();
        },
        done() {
          if (timer) flush();
          wait.remove();
          box.dataset.done = 'true';
          // a long answer is read from its start: the question above it at the top
          const start = (box.previousElementSibling || box).offsetTop - 8; // .ai-log is the offset parent
          log.scrollTop = box.offsetHeight > log.clientHeight ? start : log.scrollHeight;
        },
      };
    },

    clear() {
      for (const v of charts.splice(0)) destroy(v);
      log.replaceChildren();
    },
  };
}

/* ---- private ---- */

function toolFold(name, args) {
  const summary = el('summary', { className: 'ai-tool-summary' },
    el('span', { className: 'ai-tool-name' }, t('ai.tool.call', { name: String(name) })),
    el('span', { className: 'ai-tool-brief' }, brief(name, args)),
    el('span', { className: 'ai-tool-state' }, t('ai.tool.running')));
  const parts = [summary];
  if (name === 'run_sql' && typeof args?.query === 'string') {
    parts.push(el('p', { className: 'ai-label' }, t('ai.tool.sql')), el('pre', { className: 'ai-code ai-sql' }, args.query));
  } else {
    parts.push(el('p', { className: 'ai-label' }, t('ai.tool.args')), el('pre', { className: 'ai-code' }, pretty(args)));
  }
  return el('details', { className: 'ai-tool', dataset: { tool: String(name), state: 'running' } }, ...parts);
}

function fillResult(fold, content, isError) {
  fold.dataset.state = isError ? 'error' : 'done';
  fold.querySelector('.ai-tool-state').textContent = isError ? t('ai.tool.failed') : '';
  let text = content;
  try { text = pretty(JSON.parse(content)); } catch { /* not JSON: as it is */ }
  const cut = text.length > SHOWN;
  fold.append(el('p', { className: 'ai-label' }, t(isError ? 'ai.tool.failed' : 'ai.tool.result'),
    cut ? ` ${t('ai.tool.cut', { n: SHOWN, total: text.length })}` : ''),
  el('pre', { className: `ai-code${isError ? ' ai-code-error' : ''}` }, cut ? text.slice(0, SHOWN) : text));
}

/* A short line for the summary: the metric, the query, the title. */
function brief(name, args) {
  if (!args || typeof args !== 'object') return '';
  const s = args.query ?? args.name ?? args.title ?? args.metric ?? '';
  const text = String(s).replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/* JSON indented, an array of plain values on one line. */
function pretty(v) {
  let text;
  try { text = JSON.stringify(v ?? {}, null, 2); } catch { return String(v); }
  return text.replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (m, inner) => `[${inner.split(/,\n\s*/).join(', ')}]`);
}

/* A chart card for spec {type, title, unit, grain?, periods, series: [{label, values}]};
 * draw() once the card is in the page (uPlot measures its width). */
function chartNode(spec, view) {
  const plot = el('div', { className: 'ai-chart-plot' });
  const card = el('figure', { className: 'ai-chart', dataset: { chart: spec.type } },
    el('figcaption', { className: 'ai-chart-title' }, String(spec.title || '')), plot);
  const draw = () => {
    const periods = spec.periods.map(String);
    const xs = periods.map(periodStart);
    const onTime = xs.every(Number.isFinite) && xs.every((x, i) => i === 0 || x > xs[i - 1]);
    const x = onTime ? Float64Array.from(xs) : Float64Array.from(periods, (_, i) => i);
    const grain = spec.grain || guessGrain(periods);
    const c = common({ unit: spec.unit || 'number', grain });
    if (!onTime) {
      c.scales.x = { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] };
      c.axes[0].values = (u, splits) => splits.map((v) => (Number.isInteger(v) && periods[v] != null ? formatPeriod(periods[v], grain) : ''));
      c.axes[0].splits = () => periods.map((_, i) => i).filter((i) => i % Math.ceil(periods.length / 8) === 0);
      c.xSeries.value = legendValue((v) => formatPeriod(periods[v], grain) || String(v));
    } else if (spec.type === 'bar') {
      if (grain === 'month') monthBars(c); else periodBars(c, grain);
    }
    const series = spec.series.map((s, i) => {
      const color = COLORS[i % COLORS.length];
      const bars = spec.type === 'bar';
      const n = spec.series.length;
      return {
        label: String(s.label),
        stroke: color,
        width: bars ? 0 : 2,
        fill: bars ? withAlpha(color, 0.85) : n === 1 ? withAlpha(color, 0.08) : undefined,
        paths: bars ? uPlot.paths.bars({ size: [0.7 / n, 48], radius: [0.18, 0], align: 0 }) : undefined,
        points: { show: false },
        spanGaps: false,
        value: legendValue((v) => formatValue(v, spec.unit || 'number')),
      };
    });
    const data = [x, ...spec.series.map((s) => s.values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)))];
    attach(view, plot, { ...strip(c), series: [c.xSeries, ...series], axes: c.axes.map((a) => ({ ...a, font: AXIS.font })) }, data, 220);
    card.dataset.state = 'drawn';
  };
  return { card, draw };
}

function guessGrain(periods) {
  const p = String(periods[0] ?? '');
  if (/^\d{4}-\d{2}$/.test(p)) return 'month';
  if (/^\d{4}-W\d{2}$/.test(p)) return 'week';
  if (/^\d{4}-Q\d$/.test(p)) return 'quarter';
  return 'day';
}
