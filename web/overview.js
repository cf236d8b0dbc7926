/* overview.js: the Overview's parts beyond the KPI row, the health panel and
 * the two chart cards (kpis.js, health-panel.js, charts.js), so that one
 * screen answers "how are we doing?":
 *   - the MRR bridge: the Revenue view's MRR movements chart (revenue-view.js
 *     CHARTS 'bridge', drawn by its renderChart), its six metrics asked of the
 *     engine here at the month grain whenever the page's results are fetched
 *     again (data, settings or time zone changed);
 *   - the latest incidents of the rules run (store.alerts, alerts-data.js),
 *     in the Alerts view's order, the latest of each rule, each a link to
 *     the Alerts view;
 *   - the top insights: the insights op's biggest movers, week over week, as
 *     the Alerts view words them, with the segment that drove each most.
 * Hooks: [data-overview=bridge] (the chart card), [data-overview=incidents]
 * li[data-incident], [data-overview=insights] li[data-insight]. Mounted
 * with the later views (app.js mountLaterViews): it needs data anyway. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatValue, formatPeriod, formatPercentChange } from './format.js';
import { fetchResult, catalogMap } from './results.js';
import { grainFor } from './chart-kit.js';
import { currentAlerts } from './alerts-data.js';
import { metricLabel } from './health-panel.js';
import { CHARTS, chartCard, renderChart } from './revenue-view.js';
import { sortIncidents, moverChange, changeText } from './alerts-view.js';
import { availableKinds } from './precomputed.js';

const INCIDENTS = 3;
const INSIGHTS = 3;
const BRIDGE = CHARTS.find((c) => c.id === 'bridge');

export function mountOverview(root, store, actions) {
  const bridge = chartCard({ ...BRIDGE, wide: false });
  bridge.card.dataset.overview = 'bridge';
  const incTitle = el('h2', { className: 'card-title', id: 'overview-incidents-title' });
  const incAll = el('a', { className: 'health-all', href: '#view=alerts' });
  const incList = el('ul', { className: 'overview-list' });
  const incidents = el('article', { className: 'card overview-card', dataset: { overview: 'incidents' }, 'aria-labelledby': incTitle.id },
    el('header', { className: 'card-header' }, incTitle), incList, el('p', { className: 'overview-more' }, incAll));
  const insTitle = el('h2', { className: 'card-title', id: 'overview-insights-title' });
  const insSub = el('p', { className: 'card-subtitle' });
  const insList = el('ul', { className: 'overview-list' });
  const insights = el('article', { className: 'card overview-card', dataset: { overview: 'insights' }, 'aria-labelledby': insTitle.id },
    el('header', { className: 'card-header' }, el('div', {}, insTitle, insSub)), insList);
  root.append(bridge.card, el('div', { className: 'overview-side' }, incidents, insights));
  const toAlerts = (e) => {
    e.preventDefault();
    actions.showView('alerts');
  };
  incAll.addEventListener('click', toAlerts);

  let bridgeResults = null; // Map metric → result for the results it was fetched with
  let fetchedFor = null;
  let gen = 0;

  /* The bridge's metrics for the data as the page's results were fetched. */
  async function fetchBridge(s) {
    if (!s.engine || fetchedFor === s.results) return;
    fetchedFor = s.results;
    const mine = ++gen;
    const catalog = catalogMap(s.engine);
    const kinds = availableKinds(s.info, s.engine);
    const client = { metric: (spec) => actions.ask('metric', spec) };
    const results = new Map();
    await Promise.all(BRIDGE.metrics.map(async (m) => {
      const entry = catalog.get(m);
      results.set(m, await fetchResult(client, { metric: m, grain: grainFor(entry, 'month') }, entry, kinds));
    }));
    if (mine !== gen) return;
    bridgeResults = results;
    renderBridge(store.get());
  }

  function renderBridge(s) {
    if (s.view !== 'overview' || !s.info.datasets.length) return; // uPlot needs a width: drawn when shown
    const fresh = bridgeResults && fetchedFor === s.results;
    renderChart(bridge, fresh ? bridgeResults : new Map(), fresh, s);
  }

  function renderIncidents(s) {
    const a = currentAlerts(s);
    const m = a?.monitor;
    const all = sortIncidents(m?.incidents);
    // the latest incident of each rule: a rule that flaps does not fill the list
    const latest = all.filter((x, i) => all.findIndex((y) => y.rule === x.rule) === i);
    incTitle.textContent = t('overview.incidents.title');
    incAll.textContent = t('overview.incidents.all', { n: String(all.length) });
    incAll.hidden = !all.length;
    if (!m) return incList.replaceChildren(note(a?.error ? t('health.error', { message: a.error }) : t('alerts.loading')));
    if (!all.length) return incList.replaceChildren(note(t('alerts.incidents.none')));
    const unit = (metric) => (s.engine ? catalogMap(s.engine).get(metric)?.unit : null) || 'number';
    incList.replaceChildren(...latest.slice(0, INCIDENTS).map((x) => {
      const sev = /^P[012]$/.test(x.severity) ? x.severity : 'P2';
      const when = x.ongoing ? t('overview.incidents.since', { start: formatPeriod(x.start, 'day') })
        : x.end === x.start ? formatPeriod(x.start, 'day')
          : t('overview.incidents.span', { start: formatPeriod(x.start, 'day'), end: formatPeriod(x.end, 'day') });
      const peak = t('overview.incidents.peak', { value: formatValue(x.peak_value ?? NaN, unit(x.metric)) });
      const link = el('a', { className: 'overview-item', href: '#view=alerts' },
        el('span', { className: `sev sev-${sev}` }, sev),
        el('span', { className: 'overview-item-main' },
          el('span', { className: 'overview-item-name' }, x.metric ? metricLabel(x.metric) : String(x.rule ?? ''),
            x.ongoing ? el('span', { className: 'overview-badge' }, t('alerts.incidents.ongoing')) : null),
          el('span', { className: 'overview-item-sub' }, `${when} · ${peak}`)));
      link.addEventListener('click', toAlerts);
      return el('li', { dataset: { incident: String(x.rule ?? ''), ongoing: String(!!x.ongoing) } }, link);
    }));
  }

  function renderInsights(s) {
    const a = currentAlerts(s);
    const ins = a?.insights;
    insTitle.textContent = t('overview.insights.title');
    if (!a) return insList.replaceChildren(note(t('alerts.loading')));
    const movers = (ins?.movers || []).slice(0, INSIGHTS);
    insSub.textContent = movers.length ? t('overview.insights.week', { period: formatPeriod(movers[0].period, movers[0].grain) }) : '';
    if (!movers.length) return insList.replaceChildren(note(t('alerts.movers.none')));
    insList.replaceChildren(...movers.map((x) => {
      const { ch, good } = moverChange(x);
      const driver = topDriver(ins.contributions, x.metric);
      return el('li', { dataset: { insight: String(x.metric ?? '') } },
        el('span', { className: 'overview-item' },
          el('span', { className: `overview-change num ${good == null ? '' : good ? 'alerts-good' : 'alerts-bad'}` }, formatPercentChange(ch)),
          el('span', { className: 'overview-item-main' },
            el('span', { className: 'overview-item-name' }, metricLabel(x.metric)),
            el('span', { className: 'overview-item-sub' }, t('overview.insights.moved', {
              value: formatValue(x.value ?? NaN, x.unit), previous: formatValue(x.previous ?? NaN, x.unit) })),
            driver ? el('span', { className: 'overview-item-sub' }, t('overview.insights.driver', {
              by: String(driver.by ?? ''), segment: String(driver.segment ?? ''), change: changeText(driver.change, x.unit) })) : null)));
    }));
  }

  function render(s) {
    root.hidden = !s.info.datasets.length;
    if (root.hidden) return;
    renderBridge(s);
    renderIncidents(s);
    renderInsights(s);
  }

  store.subscribe((s, prev) => {
    if (s.results !== prev.results || s.engine !== prev.engine) fetchBridge(s);
    if (s.view !== 'overview') return;
    if (s.view !== prev.view || s.locale !== prev.locale || s.settings !== prev.settings || s.info !== prev.info) render(s);
    else if (s.alerts !== prev.alerts) {
      renderIncidents(s);
      renderInsights(s);
    }
  });
  fetchBridge(store.get());
  render(store.get());
}

/* ---- private ---- */

function note(text) {
  return el('li', { className: 'overview-none' }, text);
}

/* The segment that contributed most to a metric's change: its first
 * dimension's first segment as the engine ranks them, with the dimension. */
function topDriver(contributions, metric) {
  const c = (contributions || []).find((x) => x.metric === metric);
  const d = c?.dimensions?.[0];
  const g = d?.segments?.[0];
  return g ? { by: d.by, segment: g.segment, change: g.change } : null;
}
