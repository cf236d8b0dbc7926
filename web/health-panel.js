/* health-panel.js: the Overview's health panel: one row per key metric of
 * the rules run (store.alerts.monitor.health, core/monitor/monitor.h), its
 * colour green / amber / red / grey and a one-line reason worded here from
 * the rule's fields (the engine's English reason is not shown), each row a
 * link to the Alerts view. Rows carry data-metric, data-status and
 * data-rule for tests and readers. */
import { el } from './dom.js';
import { t, has } from './i18n/index.js';
import { formatValue, formatPeriod } from './format.js';
import { catalogMap } from './results.js';
import { currentAlerts } from './alerts-data.js';

export const STATUSES = ['red', 'amber', 'green', 'grey'];

/* The rules of a rules file's text by id ({} when it does not parse). */
export function rulesById(text) {
  try {
    const rules = JSON.parse(text || '{}').rules;
    return Object.fromEntries((Array.isArray(rules) ? rules : []).filter((r) => r && r.id).map((r) => [r.id, r]));
  } catch {
    return {};
  }
}

/* The label of a metric in the current locale (its name when unknown). */
export function metricLabel(name) {
  return has(`metric.${name}.label`) ? t(`metric.${name}.label`) : String(name ?? '');
}

/* A judged period as words: "Oct 2026", "Oct 31, 2026", "week of Oct 19, 2026". */
export function periodText(period, grain) {
  if (!period) return '';
  const text = formatPeriod(period, grain);
  return grain === 'week' ? t('health.week', { date: text }) : text;
}

/* The one-line reason of a health row: {key, vars} for t(). h: the health
 * row; run: its rule in the run (rules[]); def: the rule as written; alert:
 * its firing alert or undefined; unit: the metric's unit. */
export function healthReason(h, run, def, alert, unit) {
  const v = (x) => formatValue(typeof x === 'number' ? x : NaN, unit);
  const vars = {
    value: v(run?.value), threshold: v(run?.threshold ?? def?.value),
    lo: v(run?.expected_lo), hi: v(run?.expected_hi),
    period: periodText(run?.period, run?.grain),
  };
  if (!run) return { key: 'health.reason.none', vars };
  const status = run.status;
  if (status === 'no_data') return { key: 'health.reason.noData', vars };
  if (status === 'low_volume') return { key: 'health.reason.lowVolume', vars };
  if (status === 'error') return { key: 'health.reason.error', vars };
  if (status === 'suppressed') return { key: 'health.reason.suppressed', vars };
  const type = run.type || def?.type;
  if (type === 'change') {
    const prev = alert?.previous;
    const pct = typeof prev === 'number' && prev !== 0 && typeof run.value === 'number'
      ? formatValue((run.value - prev) / Math.abs(prev), 'ratio') : '';
    return { key: status === 'firing' ? 'health.reason.changeFiring' : 'health.reason.changeOk', vars: { ...vars, change: pct } };
  }
  if (type === 'anomaly') return { key: status === 'firing' ? 'health.reason.anomalyFiring' : 'health.reason.anomalyOk', vars };
  const op = def?.op === 'above' ? 'above' : 'below';
  if (status === 'firing') return { key: `health.reason.${op}`, vars };
  if (h.status === 'amber') return { key: `health.reason.near.${op}`, vars };
  return { key: `health.reason.ok.${op}`, vars };
}

export function mountHealthPanel(root, store, actions) {
  const title = el('h2', { className: 'card-title', id: 'health-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const link = el('a', { className: 'health-all', href: '#view=alerts' });
  const list = el('ul', { className: 'health-list', dataset: { health: 'list' } });
  const note = el('p', { className: 'health-note' });
  root.append(el('header', { className: 'card-header' }, el('div', {}, title, sub), link), note, list);
  const open = (e) => {
    e.preventDefault();
    actions.showView('alerts');
  };
  link.addEventListener('click', open);

  function render(s) {
    title.textContent = t('health.title');
    link.textContent = t('health.all');
    const a = currentAlerts(s); // loading while the run is another workspace's
    const m = a?.monitor;
    root.hidden = !s.info.datasets.length;
    root.dataset.state = m ? 'drawn' : a?.error ? 'error' : 'loading';
    sub.textContent = m?.at ? t('health.subtitle', { at: formatPeriod(m.at, 'day') }) : '';
    note.textContent = a?.error ? t('health.error', { message: a.error })
      : !m ? t('alerts.loading') : !m.health?.length ? t('health.empty') : '';
    note.hidden = !note.textContent;
    if (!m) return list.replaceChildren();
    const catalog = s.engine ? catalogMap(s.engine) : new Map();
    const defs = rulesById(a.rules);
    const runs = Object.fromEntries((m.rules || []).map((r) => [r.id, r]));
    const rows = [...(m.health || [])].sort((x, y) => STATUSES.indexOf(x.status) - STATUSES.indexOf(y.status));
    list.replaceChildren(...rows.map((h) => {
      const run = runs[h.rule];
      const alert = (m.alerts || []).find((x) => x.rule === h.rule);
      const r = healthReason(h, run, defs[h.rule], alert, catalog.get(h.metric)?.unit);
      const status = STATUSES.includes(h.status) ? h.status : 'grey';
      const prop = defs[h.rule]?.property;
      const row = el('a', { className: 'health-row', href: '#view=alerts', dataset: { metric: h.metric, status, rule: h.rule || '' } },
        el('span', { className: `health-dot health-${status}`, title: t(`health.status.${status}`) }),
        el('span', { className: 'health-head' },
          el('span', { className: 'health-metric' }, prop ? `${metricLabel(h.metric)} · ${prop}` : metricLabel(h.metric)),
          el('span', { className: `health-status health-status-${status}` }, t(`health.status.${status}`))),
        el('span', { className: 'health-reason' }, t(r.key, r.vars)));
      row.addEventListener('click', open);
      return el('li', {}, row);
    }));
  }
  store.subscribe((s, prev) => {
    if (s.alerts !== prev.alerts || s.locale !== prev.locale || s.info !== prev.info) render(s);
  });
  render(store.get());
}
