/* kpis.js: the KPI row. Each card shows the last value of its metric's series
 * at the catalog's default grain (the latest complete period), the period it
 * refers to, and the change against the period before.
 *
 * Values are formatted by the catalog's unit (format.js); the change of a ratio
 * is in percentage points.
 *
 * <article data-metric="mrr" data-value="48213.5" data-period="2026-10"> carries
 * the exact double as String(y[y.length - 1]) and the engine's label of that
 * period; both are absent when there is no value. A metric with a healthy mark
 * (health.js) also carries data-health="good|bad" and says so; a metric whose
 * rise is bad news colors its change the other way (data-polarity="inverse").
 * Each card explains itself on hover (explain.js), and its "Explain this
 * metric" button dispatches `lodestar:explain` {metric} (bubbling) for the
 * Assistant view.
 *
 * In compare mode (state.compare 'prev' | 'yoy', compare.js) the change is
 * against one period back or the same period a year back, and the card
 * carries data-compare="prev|yoy", data-compare-value (the earlier value),
 * data-delta (last − earlier) and data-delta-pct (percent; percentage points
 * for a ratio; absent when the earlier value is 0); those three are absent
 * when there is no earlier value.
 *
 * The revenue view builds its cards with buildCard and renderCard too. */
import { t } from './i18n/index.js';
import { formatValue, formatPercentChange, formatPointChange, formatPeriod } from './format.js';
import { resultKey } from './store.js';
import { needsText } from './hints.js';
import { explain } from './explain.js';
import { healthOf, markText } from './health.js';
import { kpiCompare } from './compare.js';

export const KPI_METRICS = ['mrr', 'arr', 'customers', 'dau', 'mau'];

/* The metric specs the KPI row needs: each metric at its default grain. */
export function kpiSpecs(catalog) {
  return KPI_METRICS.map((metric) => ({ metric, grain: defaultGrain(catalog.get(metric)) }));
}

export function mountKpis(root, store) {
  const cards = new Map(KPI_METRICS.map((m) => [m, buildCard(m)]));
  root.append(...cards.values());
  const render = (s) => {
    const catalog = new Map(((s.engine && s.engine.catalog) || []).map((m) => [m.name, m]));
    for (const [metric, card] of cards) {
      const grain = defaultGrain(catalog.get(metric));
      renderCard(card, metric, s.results.get(resultKey(metric, grain)), s);
    }
  };
  store.subscribe((s, prev) => {
    if (s.results !== prev.results || s.locale !== prev.locale || s.engine !== prev.engine || s.settings !== prev.settings
      || s.compare !== prev.compare) render(s);
  });
  render(store.get());
}

/* ---- private ---- */

export function defaultGrain(entry) {
  return (entry && (entry.default_grain || (entry.grains && entry.grains[0]))) || 'month';
}

export function buildCard(metric) {
  const card = document.createElement('article');
  card.className = 'card kpi is-pending has-explain';
  card.dataset.metric = metric;
  card.innerHTML = `
    <header class="kpi-head"><h3 class="kpi-label"></h3><p class="kpi-period"></p><span class="kpi-explain"></span></header>
    <button type="button" class="kpi-ask" data-ai-explain></button>
    <p class="kpi-value"></p>
    <p class="kpi-foot"><span class="kpi-delta"></span><span class="kpi-compare"></span></p>
    <p class="kpi-health"></p>
    <p class="kpi-hint"></p>
    <svg class="kpi-spark" viewBox="0 0 100 32" preserveAspectRatio="none" aria-hidden="true">
      <path class="kpi-spark-area"></path><path class="kpi-spark-line"></path>
    </svg>`; // static markup only; data goes in with textContent and setAttribute below
  // "Explain this metric": the Assistant view listens for it (assistant-view.js)
  card.querySelector('.kpi-ask').addEventListener('click', () => {
    card.dispatchEvent(new CustomEvent('lodestar:explain', { bubbles: true, detail: { metric } }));
  });
  return card;
}

/* The sparkline under the value: the last periods of the series (a year of
 * months, two months of days), scaled from zero. NaN breaks the line. */
function drawSpark(card, y, grain) {
  const line = card.querySelector('.kpi-spark-line');
  const area = card.querySelector('.kpi-spark-area');
  const keep = grain === 'month' ? 12 : grain === 'week' ? 26 : 60;
  const ys = y ? Array.from(y.subarray(Math.max(0, y.length - keep))) : [];
  const top = Math.max(0, ...ys.filter(Number.isFinite));
  if (ys.length < 2 || !(top > 0)) {
    line.setAttribute('d', '');
    area.setAttribute('d', '');
    return;
  }
  const px = (i) => ((i / (ys.length - 1)) * 100).toFixed(2);
  const py = (v) => (30 - (v / top) * 27).toFixed(2);
  let d = '';
  let a = '';
  let open = false;
  let first = 0;
  ys.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      if (open) a += `L${px(i - 1)},32L${px(first)},32Z`;
      open = false;
      return;
    }
    if (!open) {
      d += `M${px(i)},${py(v)}`;
      a += `M${px(i)},32L${px(i)},${py(v)}`;
      first = i;
      open = true;
    } else {
      d += `L${px(i)},${py(v)}`;
      a += `L${px(i)},${py(v)}`;
    }
  });
  if (open) a += `L${px(ys.length - 1)},32L${px(first)},32Z`;
  line.setAttribute('d', d);
  area.setAttribute('d', a);
}

/* back: the change is against the value that many periods before the latest
 * (7 for days: the same weekday a week before). */
export function renderCard(card, metric, result, s, back = 1) {
  const $ = (sel) => card.querySelector(sel);
  const label = $('.kpi-label');
  label.textContent = t(`metric.${metric}.label`);
  // the catalog says which metrics' rise is bad news: their change is colored the other way
  if (s.engine?.catalog?.find((m) => m.name === metric)?.lower_is_better) card.dataset.polarity = 'inverse';
  $('.kpi-explain').replaceChildren(explain([metric], s, label.textContent));
  const askBtn = $('.kpi-ask');
  // the visible text first in the name (WCAG 2.5.3), then the metric for screen readers
  const which = document.createElement('span');
  which.className = 'visually-hidden';
  which.textContent = ` (${label.textContent})`;
  askBtn.replaceChildren(t('ai.prompt.explain'), which);
  const health = $('.kpi-health');
  health.textContent = '';
  delete card.dataset.health;
  // No result yet: 'pending' while the engine starts, 'idle' if it could not.
  const status = result ? result.status : s.engineError ? 'idle' : 'pending';
  card.classList.remove('is-pending', 'is-idle', 'is-missing', 'is-error', 'is-ok');
  card.classList.add(`is-${status === 'unavailable' ? 'missing' : status}`);

  const value = $('.kpi-value');
  const delta = $('.kpi-delta');
  const compare = $('.kpi-compare');
  const period = $('.kpi-period');
  const hint = $('.kpi-hint');
  delta.textContent = '';
  delta.className = 'kpi-delta';
  compare.textContent = '';
  period.textContent = '';
  hint.textContent = '';
  hint.title = '';

  delete card.dataset.period;
  for (const k of ['compare', 'compareValue', 'delta', 'deltaPct']) delete card.dataset[k];
  if (status !== 'ok') {
    drawSpark(card, null);
    delete card.dataset.value;
    value.textContent = '—';
    if (status === 'missing') hint.textContent = needsText(result ? result.needs : []);
    else if (status === 'unavailable') hint.textContent = t('kpi.unavailable');
    else if (status === 'error') {
      hint.textContent = t('kpi.error');
      hint.title = result.message || '';
    }
    return;
  }

  const { y, periods, unit, grain } = result;
  const n = y.length;
  if (n === 0) {
    drawSpark(card, null);
    delete card.dataset.value;
    value.textContent = '—';
    hint.textContent = t('kpi.empty');
    return;
  }
  const last = y[n - 1];
  card.dataset.value = String(last);
  card.dataset.period = String(periods[n - 1]);
  value.textContent = formatValue(last, unit);
  const mark = healthOf(metric, last);
  if (mark) {
    card.dataset.health = mark;
    health.textContent = t(`health.${mark}`, { mark: markText(metric) });
  }
  drawSpark(card, y, grain);
  period.textContent = formatPeriod(periods[n - 1], grain);

  // compare mode (compare.js): against the previous period or the same period last year
  const mode = s.compare === 'prev' || s.compare === 'yoy' ? s.compare : null;
  const cmp = mode ? kpiCompare(y, unit, mode, grain) : null;
  if (mode) card.dataset.compare = mode;
  if (cmp) {
    card.dataset.compareValue = String(cmp.value);
    card.dataset.delta = String(cmp.delta);
    if (cmp.deltaPct != null) card.dataset.deltaPct = String(cmp.deltaPct);
  }
  if (mode && !cmp) {
    compare.textContent = t(`compare.none.${mode}`);
    return;
  }
  const k = cmp ? cmp.back : back;
  const prev = n > k ? y[n - 1 - k] : NaN;
  // a ratio changes by percentage points (3.0% → 4.2%: +1.2 pp), the rest relatively
  const points = unit === 'ratio';
  if (Number.isFinite(prev) && Number.isFinite(last) && (points || prev !== 0)) {
    const change = points ? last - prev : last / prev - 1;
    const shown = Math.round(change * 1000) / 1000; // what the label will say, to 0.1% or 0.1 pp
    delta.textContent = (points ? formatPointChange : formatPercentChange)(shown === 0 ? 0 : change);
    delta.classList.add(shown > 0 ? 'is-up' : shown < 0 ? 'is-down' : 'is-flat');
    const vs = { period: formatPeriod(periods[n - 1 - k], grain), value: formatValue(prev, unit) };
    compare.textContent = mode ? t(`compare.vs.${mode}`, vs) : t('kpi.vs', vs);
  } else if (cmp) {
    compare.textContent = t(`compare.vs.${mode}`, { period: formatPeriod(periods[n - 1 - k], grain), value: formatValue(prev, unit) });
  }
}
