/* reviews-chart.js: the Reviews view's chart: the negative-review rate of
 * each category per period (the reviews op's "rate": negatives of the
 * category / reviews of the period), one uPlot line per category, as the
 * other views draw. plot.chart keeps {periods, rate} as drawn, for tests. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { attach, destroy, common, legendValue } from './chart-kit.js';
import { formatRatio, formatPeriod, periodStart } from './format.js';
import { messageBlock } from './hints.js';

export const CATEGORIES = ['logistics', 'product_quality', 'other'];
export const COLORS = { logistics: '#f79009', product_quality: '#f04438', other: '#667085' };

/* The chart's columns from a reviews op result: [x, logistics, product_quality,
 * other], a period whose week had no reviews as a gap (null). */
export function rateColumns(r) {
  const periods = r.periods || [];
  const x = periods.map(periodStart);
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const lines = CATEGORIES.map((c) => periods.map((_, i) => ((r.reviews || [])[i] > 0 ? num(r.rate?.[c]?.[i]) : null)));
  return [x, ...lines];
}

export function mountReviewsChart(parent) {
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const plot = el('div', { className: 'chart-plot', dataset: { chart: 'reviews-rate' } });
  const card = el('article', { className: 'card chart-card', dataset: { card: 'reviews-rate' } },
    el('header', { className: 'card-header' }, el('div', {}, title, sub)), el('div', { className: 'chart' }, plot));
  parent.append(card);
  const view = {};

  /* Draw r (a reviews op result), or say there is nothing to draw. */
  function render(r) {
    title.textContent = t('reviews.chart.title');
    const periods = r?.periods || [];
    if (!periods.length || !periods.every((p) => Number.isFinite(periodStart(p)))) {
      destroy(view);
      delete plot.chart;
      sub.textContent = '';
      plot.replaceChildren(messageBlock(t(r ? 'reviews.chart.none' : 'reviews.loading')));
      return;
    }
    const grain = r.grain || 'week';
    sub.textContent = t('reviews.chart.subtitle', { grain: t(`reviews.grain.${grain}`),
      from: formatPeriod(periods[0], grain), to: formatPeriod(periods.at(-1), grain) });
    const data = rateColumns(r);
    plot.chart = { periods: periods.slice(), rate: Object.fromEntries(CATEGORIES.map((c, i) => [c, data[i + 1]])) };
    const c = common({ unit: 'ratio', grain: grain === 'month' ? 'month' : 'day' });
    const fmt = legendValue(formatRatio);
    const { xSeries, ...opts } = c;
    opts.padding = [12, 30, 0, 4]; // room for the last week's label (CJK dates are wider)
    opts.series = [xSeries, ...CATEGORIES.map((cat) => ({
      label: t(`reviews.cat.${cat}`), stroke: COLORS[cat], width: 2, value: fmt, spanGaps: false, points: { show: false } }))];
    attach(view, plot, opts, data, 260);
  }
  return { render };
}
