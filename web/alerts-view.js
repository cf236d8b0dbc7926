/* alerts-view.js: the Alerts view (tab `alerts`), everything from the rules
 * run of the workspace (store.alerts, alerts-data.js; the JSON of
 * core/monitor/monitor.h) and the insights op:
 *   - the firing alerts, P0 first, each worded here from its fields;
 *   - the incidents (start, peak, end or ongoing, a suppressed note);
 *   - the chart of a rule's series (alerts-chart.js);
 *   - the entities of entity rules, ranked as the engine ranks them and
 *     filterable by rule, region, status and a value range;
 *   - the reconciliation results; the top movers and their contributors;
 *   - the webhook payload and browser notifications (notify-panel.js), the
 *     rules editor (rules-editor.js) and a link to the report, which the
 *     Reports view previews and downloads (reports-view.js): a[data-report=open].
 * All text from data goes in with textContent (dom.js). Sections carry
 * data-alerts="firing|incidents|entities|reconcile|movers|contrib". */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { formatValue, formatPeriod, formatInteger, formatNumber, formatPercentChange, formatPointChange, formatRatio } from './format.js';
import { catalogMap } from './results.js';
import { renderEmpty } from './hints.js';
import { sortAlerts, entityChoices, valueColumns, filterEntities, currentAlerts } from './alerts-data.js';
import { metricLabel } from './health-panel.js';
import { mountAlertsChart } from './alerts-chart.js';
import { mountNotifyPanel } from './notify-panel.js';
import { mountRulesEditor } from './rules-editor.js';

const ENTITY_ROWS = 200;
const INCIDENTS = 10;
const DIMS = 3; // dimensions shown per contribution
const SEGMENTS = 3; // segments shown per dimension
const EXAMPLES = 5;
const KINDS = ['threshold', 'change', 'anomaly', 'entity', 'reconcile'];

/* The words of an alert: {key, vars} for t(); unit: its metric's. */
export function alertWords(a, unit) {
  const v = (x) => formatValue(typeof x === 'number' ? x : NaN, unit || 'number');
  const vars = { value: v(a.value), threshold: v(a.threshold), previous: v(a.previous), lo: v(a.expected_lo), hi: v(a.expected_hi),
    score: typeof a.score === 'number' ? formatNumber(a.score, { digits: 1 }) : '—', entity: String(a.entity ?? ''),
    condition: String(a.condition ?? ''), n: formatInteger(a.problems), action: String(a.action ?? '') };
  if (a.kind === 'threshold') return { key: a.value > a.threshold ? 'alerts.text.above' : 'alerts.text.below', vars };
  if (a.kind === 'change') {
    const ok = typeof a.previous === 'number' && a.previous !== 0 && typeof a.value === 'number';
    return { key: 'alerts.text.change', vars: { ...vars, change: ok ? formatPercentChange((a.value - a.previous) / Math.abs(a.previous)) : '—' } };
  }
  if (a.kind === 'anomaly') return { key: 'alerts.text.anomaly', vars };
  if (a.kind === 'entity') {
    // the values the condition names, as the engine judged them: "roas 0.82, spend_velocity 3.1"
    const named = Object.entries(a.values || {}).filter(([k, x]) => typeof x === 'number' &&
      new RegExp(`(^|[^\\w.])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w.]|$)`).test(vars.condition));
    const values = named.map(([k, x]) => `${k} ${formatNumber(x, { digits: 2 })}`).join(', ');
    return { key: a.action ? 'alerts.text.entityAction' : 'alerts.text.entity', vars: { ...vars, values: values || '—' } };
  }
  if (a.kind === 'reconcile') return { key: 'alerts.text.reconcile', vars };
  return { key: 'alerts.text.other', vars: { ...vars, text: String(a.text ?? '') } };
}

/* A mover's relative change (NaN without a previous value) and whether it
 * is good news (null when flat or unknown): the Overview's insights too. */
export function moverChange(x) {
  const ch = typeof x.previous === 'number' && x.previous !== 0 ? (x.value - x.previous) / Math.abs(x.previous) : NaN;
  return { ch, good: Number.isFinite(ch) && ch !== 0 ? (ch > 0) !== !!x.lower_is_better : null };
}

/* Incidents ongoing first, then the latest start first (the engine's order
 * within a tie): the Overview's latest incidents too. */
export function sortIncidents(all) {
  return (all || []).map((x, i) => [x, i]).sort(([a, i], [b, j]) => (b.ongoing - a.ongoing) ||
    String(b.start).localeCompare(String(a.start)) || i - j).map(([x]) => x);
}

/* A period of the run: a day, week or month label, or an ISO time (entity
 * rules judged hourly: "2026-01-02T13:00:00Z" → the day and HH:MM UTC). */
export function periodLabel(p) {
  const s = String(p ?? '');
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(s);
  return m ? `${formatPeriod(m[1], 'day')} ${m[2]}` : formatPeriod(s, 'day');
}

/* A change in the metric's unit, signed: ratios in percentage points. */
export function changeText(v, unit) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  if (unit === 'ratio') return formatPointChange(v);
  const text = formatValue(Math.abs(v), unit);
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : text;
}

const td = (text, className) => el('td', className ? { className } : {}, text);
const th = (text, className) => el('th', { scope: 'col', ...(className ? { className } : {}) }, text);
const sev = (s) => el('span', { className: `sev sev-${/^P[012]$/.test(s) ? s : 'P2'}` }, String(s ?? ''));

function card(name, ...children) {
  return el('article', { className: 'card alerts-card', dataset: { alerts: name } }, ...children);
}

export function mountAlertsView(root, store, actions) {
  const empty = el('div', { className: 'card revenue-empty' });
  const headTitle = el('h2', { className: 'card-title' });
  const headSub = el('p', { className: 'card-subtitle' });
  const headError = el('p', { className: 'rules-error', role: 'alert', hidden: true });
  const head = el('article', { className: 'card alerts-head' },
    el('header', { className: 'card-header' }, el('div', {}, headTitle, headSub)), headError);
  const firingTitle = el('h2', { className: 'card-title' });
  const firing = el('ul', { className: 'alerts-list' });
  const incTitle = el('h2', { className: 'card-title' });
  const incTable = el('table', { className: 'funnel-table alerts-table' });
  const incMore = el('button', { type: 'button', className: 'btn btn-small', dataset: { alerts: 'incidents-all' } });
  let showAll = false;
  incMore.addEventListener('click', () => { showAll = !showAll; renderIncidents(store.get(), currentAlerts(store.get())?.monitor || {}); });
  const entTitle = el('h2', { className: 'card-title' });
  const entFilters = el('div', { className: 'alerts-filters' });
  const entCount = el('p', { className: 'card-subtitle' });
  const entTable = el('table', { className: 'funnel-table alerts-table', dataset: { alerts: 'entity-table' } });
  const recTitle = el('h2', { className: 'card-title' });
  const recBody = el('div', { className: 'alerts-recon' });
  const movTitle = el('h2', { className: 'card-title' });
  const movTable = el('table', { className: 'funnel-table alerts-table' });
  const conTitle = el('h2', { className: 'card-title' });
  const conBody = el('div', { className: 'alerts-contrib' });
  const body = el('div', { className: 'alerts-body' });
  root.append(empty, body);
  body.append(head);
  const reportLink = el('a', { className: 'btn', href: '#view=reports', dataset: { report: 'open' } });
  reportLink.addEventListener('click', (e) => {
    e.preventDefault();
    actions.showView('reports');
  });
  head.append(el('div', { className: 'report-download' }, reportLink));
  body.append(
    card('firing', el('header', { className: 'card-header' }, firingTitle), firing),
    card('incidents', el('header', { className: 'card-header' }, incTitle), el('div', { className: 'table-wrap' }, incTable), incMore));
  mountAlertsChart(body, store);
  body.append(
    card('entities', el('header', { className: 'card-header' }, el('div', {}, entTitle, entCount)), entFilters,
      el('div', { className: 'table-wrap' }, entTable)),
    card('reconcile', el('header', { className: 'card-header' }, recTitle), recBody),
    el('div', { className: 'alerts-pair' },
      card('movers', el('header', { className: 'card-header' }, movTitle), el('div', { className: 'table-wrap' }, movTable)),
      card('contrib', el('header', { className: 'card-header' }, conTitle), conBody)));
  mountNotifyPanel(body, store, actions);
  mountRulesEditor(body, store, actions);

  const f = { rule: '', region: '', status: '', column: '', min: '', max: '' };
  const pickers = {
    rule: el('select', { className: 'event-select', dataset: { filter: 'rule' } }),
    region: el('select', { className: 'event-select', dataset: { filter: 'region' } }),
    status: el('select', { className: 'event-select', dataset: { filter: 'status' } }),
    column: el('select', { className: 'event-select', dataset: { filter: 'column' } }),
    min: el('input', { type: 'number', step: 'any', className: 'rules-input', dataset: { filter: 'min' } }),
    max: el('input', { type: 'number', step: 'any', className: 'rules-input', dataset: { filter: 'max' } }),
  };
  const pickLabels = {};
  for (const [k, node] of Object.entries(pickers)) {
    pickLabels[k] = el('span', { className: 'switch-label' });
    entFilters.append(el('label', { className: 'switch event-pick' }, pickLabels[k], node));
    node.addEventListener(node.tagName === 'INPUT' ? 'input' : 'change', () => { f[k] = node.value; renderEntities(store.get()); });
  }

  function unitOf(s, metric) {
    return (s.engine && metric ? catalogMap(s.engine).get(metric)?.unit : null) || 'number';
  }

  function renderFiring(s, m) {
    firingTitle.textContent = t('alerts.firing.title', { n: formatInteger((m.alerts || []).length) });
    const list = sortAlerts(m.alerts);
    if (!list.length) return firing.replaceChildren(el('li', { className: 'alerts-none' }, t('alerts.firing.none')));
    firing.replaceChildren(...list.map((a) => {
      const w = alertWords(a, unitOf(s, a.metric));
      return el('li', { className: 'alerts-item', dataset: { rule: String(a.rule ?? ''), severity: String(a.severity ?? ''), kind: String(a.kind ?? '') } },
        sev(a.severity), el('span', { className: 'alerts-rule', dataset: { raw: '' } }, String(a.rule ?? '')),
        el('span', { className: 'alerts-metric' }, a.metric ? metricLabel(a.metric) : t(`alerts.kind.${KINDS.includes(a.kind) ? a.kind : 'other'}`)),
        el('span', { className: 'alerts-what', dataset: { raw: '' } }, t(w.key, w.vars)), // the rule's own condition
        el('span', { className: 'alerts-period' }, a.period ? periodLabel(a.period) : ''));
    }));
  }

  function renderIncidents(s, m) {
    const all = m.incidents || [];
    const sorted = sortIncidents(all); // INCIDENTS of them until "show all"
    const inc = showAll ? sorted : sorted.slice(0, INCIDENTS);
    incTitle.textContent = t('alerts.incidents.title', { n: formatInteger(all.length) });
    incMore.hidden = all.length <= INCIDENTS;
    incMore.setAttribute('aria-expanded', showAll ? 'true' : 'false');
    incMore.textContent = showAll ? t('alerts.incidents.fewer') : t('alerts.incidents.all', { n: formatInteger(all.length) });
    incTable.replaceChildren(
      el('thead', {}, el('tr', {}, ...['severity', 'rule', 'metric', 'start', 'peak', 'end', 'periods'].map((k) => th(t(`alerts.incidents.${k}`))))),
      el('tbody', {}, ...(inc.length ? inc.map((x) => el('tr', { dataset: { rule: String(x.rule ?? ''), ongoing: String(!!x.ongoing), suppressed: String(!!x.suppressed) } },
        el('td', {}, sev(x.severity)), td(String(x.rule ?? '')), td(x.metric ? metricLabel(x.metric) : ''),
        td(formatPeriod(x.start, 'day')),
        td(t('alerts.incidents.peakAt', { value: formatValue(x.peak_value ?? NaN, unitOf(s, x.metric)), period: formatPeriod(x.peak_period, 'day') })),
        el('td', {}, x.ongoing ? el('span', { className: 'sev sev-P0' }, t('alerts.incidents.ongoing')) : formatPeriod(x.end, 'day'),
          x.suppressed ? el('span', { className: 'alerts-suppressed' }, t('alerts.incidents.suppressed')) : null),
        td(formatInteger(x.periods), 'num')))
        : [el('tr', {}, el('td', { colspan: '7', className: 'alerts-none' }, t('alerts.incidents.none')))])));
  }

  function renderEntities(s) {
    const all = currentAlerts(s)?.monitor?.entities || [];
    entTitle.textContent = t('alerts.entities.title');
    const choices = { rule: entityChoices(all, 'rule'), region: entityChoices(all, 'region'), status: entityChoices(all, 'status') };
    for (const k of ['rule', 'region', 'status']) {
      if (f[k] && !choices[k].includes(f[k])) f[k] = '';
      pickers[k].replaceChildren(option('', t('alerts.entities.any')), ...choices[k].map((v) => option(v, v, v === f[k])));
    }
    const cols = valueColumns(f.rule ? all.filter((e) => e.rule === f.rule) : all);
    if (!cols.includes(f.column)) f.column = cols[0] || '';
    pickers.column.replaceChildren(...cols.map((c) => option(c, c, c === f.column)));
    for (const k of Object.keys(pickers)) pickLabels[k].textContent = t(`alerts.entities.filter.${k}`);
    const rows = filterEntities(all, f);
    entCount.textContent = t('alerts.entities.count', { n: formatInteger(rows.length), total: formatInteger(all.length) });
    entFilters.hidden = !all.length;
    entTable.replaceChildren(
      el('thead', {}, el('tr', {}, th('#', 'num'), ...['entity', 'rule', 'region', 'status', 'severity'].map((k) => th(t(`alerts.entities.${k}`))),
        ...cols.map((c) => th(c, 'num')), th(t('alerts.entities.action')))),
      el('tbody', {}, ...(rows.length ? rows.slice(0, ENTITY_ROWS).map((e, i) => el('tr', {
        dataset: { entity: String(e.entity ?? ''), region: String(e.region ?? ''), status: String(e.status ?? ''), severity: String(e.severity ?? '') } },
      td(formatInteger(i + 1), 'num'), td(String(e.entity ?? '')), td(String(e.rule ?? '')), td(String(e.region ?? '')), td(String(e.status ?? '')),
      el('td', {}, e.severity ? sev(e.severity) : '—'),
      ...cols.map((c) => td(typeof e.values?.[c] === 'number' ? formatNumber(e.values[c], { digits: 2 }) : '—', 'num')),
      td(e.action ? t('alerts.entities.actionName', { action: String(e.action) }) : '')))
        : [el('tr', {}, el('td', { colspan: String(7 + cols.length), className: 'alerts-none' }, t('alerts.entities.none')))])));
  }

  function renderRecon(m) {
    const rs = m.reconcile || [];
    recTitle.textContent = t('alerts.recon.title');
    const keys = ['matched', 'missing_in_right', 'missing_in_left', 'duplicate_left', 'duplicate_right', 'mismatched'];
    if (!rs.length) return recBody.replaceChildren(el('p', { className: 'alerts-none' }, t('alerts.recon.none')));
    recBody.replaceChildren(...rs.map((r) => el('div', { className: 'alerts-recon-rule', dataset: { rule: String(r.rule ?? '') } },
      el('h3', { className: 'paths-h' }, t('alerts.recon.pair', { rule: String(r.rule ?? ''), left: String(r.left ?? ''), right: String(r.right ?? '') })),
      el('div', { className: 'table-wrap' }, el('table', { className: 'funnel-table alerts-table' },
        el('thead', {}, el('tr', {}, ...keys.map((k) => th(t(`alerts.recon.${k}`), 'num')), th(t('alerts.recon.amounts'), 'num'))),
        el('tbody', {}, el('tr', {}, ...keys.map((k) => td(formatInteger(r[k]), r[k] && k !== 'matched' ? 'num alerts-bad' : 'num')),
          td(`${formatNumber(r.amount_left, { digits: 2 })} / ${formatNumber(r.amount_right, { digits: 2 })}`, 'num'))))),
      (r.examples || []).length ? el('ul', { className: 'alerts-examples' }, ...r.examples.slice(0, EXAMPLES).map((x) => el('li', {},
        t(`alerts.recon.problem.${x.problem}`, { key: String(x.key ?? ''), left: formatNumber(x.left_amount, { digits: 2 }), right: formatNumber(x.right_amount, { digits: 2 }) })))) : null)));
  }

  function renderInsights(s) {
    const ins = currentAlerts(s)?.insights;
    movTitle.textContent = t('alerts.movers.title');
    conTitle.textContent = t('alerts.contrib.title');
    const movers = ins?.movers || [];
    movTable.replaceChildren(
      el('thead', {}, el('tr', {}, th(t('alerts.movers.metric')), th(t('alerts.movers.period')), th(t('alerts.movers.value'), 'num'),
        th(t('alerts.movers.previous'), 'num'), th(t('alerts.movers.change'), 'num'))),
      el('tbody', {}, ...(movers.length ? movers.map((x) => {
        const { ch, good } = moverChange(x);
        return el('tr', { dataset: { metric: String(x.metric ?? '') } }, td(metricLabel(x.metric)), td(formatPeriod(x.period, x.grain)),
          td(formatValue(x.value ?? NaN, x.unit), 'num'), td(formatValue(x.previous ?? NaN, x.unit), 'num'),
          td(formatPercentChange(ch), `num ${good == null ? '' : good ? 'alerts-good' : 'alerts-bad'}`));
      }) : [el('tr', {}, el('td', { colspan: '5', className: 'alerts-none' }, t('alerts.movers.none')))])));
    const cs = ins?.contributions || [];
    if (!cs.length) return conBody.replaceChildren(el('p', { className: 'alerts-none' }, t('alerts.contrib.none')));
    conBody.replaceChildren(...cs.map((c) => el('div', { className: 'alerts-contrib-metric', dataset: { metric: String(c.metric ?? '') } },
      el('h3', { className: 'paths-h' }, t('alerts.contrib.metric', { metric: metricLabel(c.metric), period: formatPeriod(c.period, 'day') })),
      ...(c.dimensions || []).slice(0, DIMS).map((d) => el('div', { className: 'alerts-dim' },
        el('p', { className: 'alerts-dim-by', dataset: { raw: '' } }, t('alerts.contrib.by', { by: String(d.by ?? '') })), // names a column: data
        el('ul', { className: 'alerts-segs' }, ...(d.segments || []).slice(0, SEGMENTS).map((g) => el('li', {},
          el('span', { className: 'alerts-seg', dataset: { raw: '' } }, String(g.segment ?? '')),
          el('span', { className: 'num' }, changeText(g.change, unitOf(s, c.metric))),
          el('span', { className: 'num alerts-share' }, formatRatio(Math.abs(g.share) < 5e-4 ? 0 : g.share))))))))));
  }

  function render(s) {
    if (s.view !== 'alerts') return;
    const hasData = s.info.datasets.length > 0;
    empty.hidden = hasData;
    body.hidden = !hasData;
    if (!hasData) return renderEmpty(empty, actions, 'alerts');
    const a = currentAlerts(s); // loading while the run is another workspace's
    const m = a?.monitor;
    root.dataset.state = m ? 'drawn' : a?.error ? 'error' : 'loading';
    headTitle.textContent = t('alerts.title');
    reportLink.textContent = t('reports.open');
    headSub.textContent = m ? t(m.p0 ? 'alerts.subtitle.p0' : 'alerts.subtitle', { at: formatPeriod(m.at, 'day') }) : t('alerts.loading');
    headError.textContent = a?.error ? t('alerts.error', { message: a.error }) : '';
    headError.hidden = !a?.error;
    const run = m || { alerts: [], incidents: [], entities: [], reconcile: [] };
    renderFiring(s, run);
    renderIncidents(s, run);
    renderEntities(s);
    renderRecon(run);
    renderInsights(s);
  }
  store.subscribe((s, prev) => {
    if (s.view !== 'alerts') return;
    if (s.alerts !== prev.alerts || s.locale !== prev.locale || s.view !== prev.view || s.info !== prev.info) render(s);
  });
  render(store.get());
}
