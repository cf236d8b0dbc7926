/* assistant-offline.js: the answer without a model: the ask op's JSON
 * (core/assist/offline.h) worded in the page's locale: the metric and its
 * definition, its latest value and change (good or bad news by the
 * catalog's lower_is_better), the segments of the dimension asked about,
 * what the monitoring rules say, the top movers, and a line saying a key
 * gives free-form answers. The series comes back as a chart spec for the
 * conversation to draw (assistant-chat.js).
 *
 *   const {node, chart, more} = offlineAnswer(answer);  // the chart goes between the two
 * node (.ai-offline: the metric, its value and change) carries data-metric
 * (the matched metric, '' when none) and data-value (String of the latest
 * value) for the tests; more: the segments, the rules, the movers, the note. */
import { el } from './dom.js';
import { t, has } from './i18n/index.js';
import { formatValue, formatPeriod, formatPercentChange, formatPointChange } from './format.js';
import { metricLabel, metricDescription } from './labels.js';

const SEGMENTS = 8;

export function offlineAnswer(a) {
  const metric = a && typeof a.metric === 'string' ? a.metric : '';
  const node = el('div', { className: 'ai-offline', dataset: { metric } });
  const more = el('div', { className: 'ai-offline ai-offline-more' });
  if (!metric) {
    node.append(el('p', {}, t('ai.answer.noMatch')),
      el('ul', { className: 'ai-suggest' }, ...(a?.suggestions || []).slice(0, 12).map((m) => el('li', {}, metricLabel(m)))));
    if (a?.movers?.length) more.append(...movers(a.movers));
    more.append(el('p', { className: 'ai-keynote' }, t('ai.answer.keyNote')));
    return { node, chart: null, more };
  }
  const unit = a.unit || 'number';
  const name = metricLabel(metric, a.title);
  node.append(el('h3', { className: 'ai-offline-title' }, name),
    el('p', { className: 'ai-offline-def' }, metricDescription(metric, a.description)));
  if (a.available === false) node.append(el('p', { className: 'ai-offline-note' }, t('ai.answer.unavailable')));
  const l = a.latest;
  if (l && typeof l.value === 'number') {
    node.dataset.value = String(l.value);
    node.append(el('p', { className: 'ai-offline-value' },
      el('span', { className: 'ai-offline-period' }, `${formatPeriod(l.period, a.grain)} `),
      el('strong', {}, formatValue(l.value, unit))));
    const ch = changeOf(l, unit);
    if (ch) {
      node.append(el('p', { className: `ai-offline-change ${ch.cls}` },
        t('ai.answer.change', { change: ch.text, period: formatPeriod(l.previous_period, a.grain) }), ' ', t(ch.verdict)));
    }
  } else if (a.available !== false) {
    node.append(el('p', { className: 'ai-offline-note' }, t('ai.answer.noValue')));
  }
  if (a.by && a.segments?.length) {
    more.append(el('p', { className: 'ai-label' }, t('ai.answer.segments', { by: String(a.by), period: formatPeriod(l?.period, a.grain) })),
      el('div', { className: 'table-wrap' }, el('table', { className: 'ai-table' }, el('tbody', {},
        ...a.segments.slice(0, SEGMENTS).map((s) => el('tr', {}, el('td', {}, String(s.label ?? '')),
          el('td', { className: 'num' }, formatValue(typeof s.value === 'number' ? s.value : NaN, unit))))))));
  }
  more.append(...rules(a.rules || []));
  if (a.movers?.length) more.append(...movers(a.movers));
  more.append(el('p', { className: 'ai-keynote' }, t('ai.answer.keyNote')));
  const s = a.series;
  const chart = s && Array.isArray(s.periods) && s.periods.length > 1
    ? { type: 'line', title: name, unit, grain: a.grain, periods: s.periods, series: [{ label: name, values: s.values }] }
    : null;
  return { node, chart, more };
}

/* ---- private ---- */

/* The change of the latest value: its text, and whether it is good news. */
function changeOf(l, unit) {
  if (typeof l.previous !== 'number' || !Number.isFinite(l.previous)) return null;
  const diff = l.value - l.previous;
  let text;
  if (unit === 'ratio') text = formatPointChange(diff);
  else if (l.previous !== 0) text = formatPercentChange(diff / Math.abs(l.previous));
  else return null;
  const up = diff > 0;
  const flat = Math.abs(diff) <= 1e-12 * Math.max(1, Math.abs(l.previous));
  const good = flat ? null : up !== !!l.lower_is_better;
  return { text, cls: good == null ? 'is-flat' : good ? 'is-good' : 'is-bad',
    verdict: good == null ? 'ai.answer.steady' : good ? 'ai.answer.better' : 'ai.answer.worse' };
}

function rules(list) {
  const title = el('p', { className: 'ai-label' }, t('ai.answer.rules'));
  if (!list.length) return [title, el('p', { className: 'ai-offline-note' }, t('ai.answer.noRules'))];
  const firing = list.filter((r) => r.status === 'firing' || r.status === 'red').length;
  return [title,
    el('p', { className: firing ? 'ai-offline-worry' : 'ai-offline-calm' }, firing ? t('ai.answer.worry', { n: firing }) : t('ai.answer.calm')),
    el('ul', { className: 'ai-rules' }, ...list.map((r) => el('li', { dataset: { rule: String(r.id ?? ''), status: String(r.status ?? '') } },
      el('span', { className: `sev sev-${/^P[012]$/.test(r.severity) ? r.severity : 'P2'}` }, String(r.severity ?? '')), ' ',
      el('code', {}, String(r.id ?? '')), ' ',
      el('span', { className: 'ai-rule-status' }, has(`ai.rule.status.${r.status}`) ? t(`ai.rule.status.${r.status}`) : String(r.status ?? '')),
      r.message ? el('span', { className: 'ai-rule-msg' }, ` — ${r.message}`) : null)))];
}

function movers(list) {
  return [el('p', { className: 'ai-label' }, t('ai.answer.movers')),
    el('ul', { className: 'ai-movers' }, ...list.slice(0, 3).map((m) => {
      const ch = changeOf({ value: m.value, previous: m.previous, lower_is_better: m.lower_is_better }, m.unit);
      return el('li', { dataset: { metric: String(m.metric ?? '') } },
        el('strong', {}, metricLabel(m.metric)), ` ${formatPeriod(m.period, m.grain)}: ${formatValue(m.value ?? NaN, m.unit || 'number')}`,
        ch ? el('span', { className: `ai-offline-change ${ch.cls}` }, ` (${ch.text})`) : null);
    }))];
}
