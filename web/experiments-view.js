/* experiments-view.js: the Experiments view, an A/B test read the way
 * PostHog reads one, every number from the worker's experiment op
 * (experiments-data.js builds the spec; docs/experiments.md):
 *   - the setup: the variant property (ab_bucket first when there), the goal
 *     (a conversion event, or the mean of a numeric property), the control,
 *     the exposure event, CUPED on or off;
 *   - banners for a sample-ratio mismatch and a sample too small to call;
 *   - per variant a table: exposures, conversions, rate or mean with its 95%
 *     interval, lift against the control, chance to win; and the intervals
 *     drawn (SVG, role=img with a text summary).
 * Hooks: <section data-state="loading|drawn|error|empty">; rows
 * tr[data-variant][data-exposures][data-conversions][data-chance];
 * [data-exp=srm], [data-exp=insufficient], [data-exp=cuped], table[data-spec]
 * (the spec the numbers answer). actions.ask(op, args) asks the worker. */
import { el, option } from './dom.js';
import { t, getLocale } from './i18n/index.js';
import { formatInteger, formatNumber, formatPercentChange } from './format.js';
import { icon } from './icons.js';
import { messageBlock, renderEmpty } from './hints.js';
import { scopeSpec } from './filter-bar.js';
import { variantColumns, numberColumns, defaultExperiment, experimentSpec, sameSpec, ciScale } from './experiments-data.js';

const SVG = 'http://www.w3.org/2000/svg';

export function mountExperimentsView(root, store, actions) {
  const title = el('h1', { className: 'view-title', id: 'experiments-title' });
  const sub = el('p', { className: 'view-sub' });
  const empty = el('div', { className: 'card revenue-empty exp-empty' });
  const form = el('form', { className: 'card exp-setup', 'aria-labelledby': 'exp-setup-title' });
  form.addEventListener('submit', (e) => e.preventDefault());
  const banners = el('div', { className: 'exp-banners' });
  const resultTitle = el('h2', { className: 'card-title', id: 'exp-result-title' });
  const verdict = el('p', { className: 'exp-verdict', 'aria-live': 'polite' });
  const message = el('div', { className: 'exp-message' });
  const table = el('table', { className: 'exp-table' });
  const chart = el('figure', { className: 'exp-chart' });
  const notes = el('div', { className: 'exp-notes' });
  const card = el('article', { className: 'card exp-card', 'aria-labelledby': 'exp-result-title' },
    el('header', { className: 'card-header' }, el('div', { className: 'card-heading' }, resultTitle, verdict)),
    message, el('div', { className: 'table-wrap' }, table), chart, notes);
  const body = el('div', { className: 'exp-body' }, form, banners, card);
  root.append(el('header', { className: 'view-head' }, el('div', {}, title, sub)), empty, body);

  // the experiment shown, the event names and variant values offered, and
  // the last answer of the op with the spec it answers
  const my = { def: null, names: null, namesFor: null, noEvents: false, values: {}, asked: null, answer: null };

  const setDef = (def) => {
    my.def = def;
    update(store.get());
  };

  async function update(s) {
    if (s.view !== 'experiments') return;
    render(s);
    if (!s.engine) return;
    if (my.namesFor !== s.info) {
      my.namesFor = s.info;
      my.values = {};
      try {
        my.names = (await actions.ask('eventNames')).names;
        my.noEvents = false;
      } catch (err) {
        my.names = [];
        my.noEvents = err.status === 'LS_ENODATA';
      }
      const cols = variantColumns(s.info);
      if (!my.def || !cols.includes(my.def.variant)) my.def = defaultExperiment(s.info, my.names);
    }
    if (my.def && !(my.def.variant in my.values)) {
      const column = my.def.variant;
      try {
        const r = await actions.ask('values', { column, kind: 'events', max: 20 });
        my.values[column] = r.more ? [] : r.values.filter((v) => v !== '');
      } catch {
        my.values[column] = [];
      }
    }
    const now = store.get();
    const spec = my.def && !my.noEvents ? experimentSpec(my.def, scopeSpec(now)) : null;
    if (spec && !(my.asked && my.asked.info === now.info && sameSpec(spec, my.asked.spec))) {
      const asked = { spec, info: now.info };
      my.asked = asked;
      render(store.get());
      let answer;
      try {
        answer = { ...asked, result: await actions.ask('experiment', spec), error: null };
      } catch (err) {
        answer = { ...asked, result: null, error: err.message };
      }
      if (my.asked === asked) my.answer = answer; // a later question may have overtaken this one
    }
    render(store.get());
  }

  function render(s) {
    title.textContent = t('views.experiments');
    sub.textContent = t('exp.subtitle');
    const none = !!s.engine && (my.noEvents || (my.names && !my.def));
    empty.hidden = !none;
    body.hidden = none;
    if (none) {
      root.dataset.state = 'empty';
      return renderEmpty(empty, actions, 'exp');
    }
    renderSetup(form, my, s, setDef);
    resultTitle.textContent = t('exp.result.title');
    const spec = my.def ? experimentSpec(my.def, scopeSpec(s)) : null;
    const a = my.answer && spec && sameSpec(my.answer.spec, spec) ? my.answer : null;
    const r = a && a.result;
    root.dataset.state = !a ? 'loading' : a.error ? 'error' : 'drawn';
    message.replaceChildren(a && a.error ? messageBlock(t('exp.error'), a.error) : '');
    renderBanners(banners, r);
    verdict.textContent = r ? verdictText(r) : '';
    renderTable(table, r);
    table.dataset.spec = a ? JSON.stringify(a.spec) : '';
    renderChart(chart, r);
    renderNotes(notes, r);
  }

  store.subscribe((s, prev) => {
    if (s.view !== 'experiments') return;
    if (s.view !== prev.view || s.info !== prev.info || s.engine !== prev.engine || s.range !== prev.range
      || s.filters !== prev.filters) update(s);
    else if (s.locale !== prev.locale) render(s);
  });
  update(store.get());
}

/* ---- private ---- */

const pct = (v, digits = 1) => (Number.isFinite(v) ? t('exp.percent', { n: formatNumber(v * 100, { digits }) }) : '—');

/* a p-value: four decimals, or two significant digits in scientific notation below 0.0001 */
function pText(p) {
  if (!Number.isFinite(p) || p === 0 || p >= 1e-4) return formatNumber(p, { digits: 4 });
  return new Intl.NumberFormat(getLocale(), { notation: 'scientific', maximumSignificantDigits: 2 }).format(p);
}

/* a rate (conversion) or a mean in the result's terms */
function valueText(r, v) {
  if (!Number.isFinite(v)) return '—';
  return r.kind === 'conversion' ? pct(v, 2) : formatNumber(v, { digits: 2 });
}

function verdictText(r) {
  if (r.insufficient) return t('exp.verdict.insufficient');
  if (r.winner) {
    const w = r.variants.find((v) => v.name === r.winner);
    return t('exp.verdict.winner', { variant: r.winner, chance: pct(w.chance) });
  }
  return t('exp.verdict.none');
}

function banner(kind, text, detail) {
  return el('div', { className: `exp-banner exp-banner-${kind}`, role: 'status', dataset: { exp: kind } },
    icon('alert', 'icon'), el('div', {}, el('strong', {}, text), detail ? el('p', {}, detail) : ''));
}

function renderBanners(root, r) {
  const out = [];
  if (r && r.srm) {
    out.push(banner('srm', t('exp.srm.title'), t('exp.srm.text', {
      split: r.variants.map((v) => `${v.name} ${formatInteger(v.exposures)}`).join(' / '),
      p: pText(r.srm_test.p) })));
  }
  if (r && r.insufficient) {
    const why = r.reason || {};
    out.push(banner('insufficient', t('exp.insufficient.title'), t(`exp.insufficient.${why.code}`, {
      variant: why.variant ?? '', count: formatInteger(why.count), min: formatInteger(why.min) })));
  }
  root.replaceChildren(...out);
  root.hidden = !out.length;
}

function renderTable(table, r) {
  const conv = !r || r.kind === 'conversion';
  const cols = ['variant', 'exposures', 'conversions', conv ? 'rate' : 'mean', 'ci', 'lift', 'chance'];
  const head = el('tr', {}, ...cols.map((c, i) => el('th', { scope: 'col', className: i ? 'num' : '' }, t(`exp.col.${c}`))));
  const rows = (r ? r.variants : []).map((v) => {
    const control = v.name === r.control;
    const cell = (text, key, value) => el('td', { className: 'num', dataset: { key, value: value == null ? '' : String(value) } }, text);
    return el('tr', { dataset: { variant: v.name, exposures: String(v.exposures), conversions: v.conversions == null ? '' : String(v.conversions),
      chance: v.chance == null ? '' : String(v.chance), significant: String(v.significant) }, className: v.significant ? 'exp-win' : '' },
    el('th', { scope: 'row', className: 'exp-name' }, v.name, control ? el('span', { className: 'exp-badge' }, t('exp.control')) : ''),
    cell(formatInteger(v.exposures), 'exposures', v.exposures),
    cell(v.conversions == null ? '—' : formatInteger(v.conversions), 'conversions', v.conversions),
    cell(valueText(r, v.value), 'value', v.value),
    cell(v.ci && Number.isFinite(v.ci[0]) ? t('exp.range', { lo: valueText(r, v.ci[0]), hi: valueText(r, v.ci[1]) }) : '—', 'ci',
      v.ci ? v.ci.join(',') : null),
    cell(control ? '—' : formatPercentChange(v.lift), 'lift', v.lift),
    cell(pct(v.chance), 'chance', v.chance));
  });
  table.replaceChildren(el('caption', { className: 'visually-hidden' }, t('exp.result.title')),
    el('thead', {}, head), el('tbody', {}, ...rows));
}

function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text != null) n.textContent = text;
  return n;
}

/* each variant's 95% interval as a bar with its value as a dot, the
 * control's value as a dashed line across */
function renderChart(fig, r) {
  const vs = r ? r.variants.filter((v) => v.ci && Number.isFinite(v.ci[0])) : [];
  if (!vs.length) {
    fig.replaceChildren();
    fig.hidden = true;
    return;
  }
  fig.hidden = false;
  const { min, max } = ciScale(vs);
  const W = 640, left = 120, right = 24, rowH = 34, top = 12, H = top + vs.length * rowH + 28;
  const x = (v) => left + ((v - min) / (max - min)) * (W - left - right);
  const summary = t('exp.chart.summary', { items: vs.map((v) => t('exp.chart.item', {
    variant: v.name, value: valueText(r, v.value), lo: valueText(r, v.ci[0]), hi: valueText(r, v.ci[1]) })).join('; ') });
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, class: 'exp-svg' });
  for (let k = 0; k <= 4; k++) {
    const v = min + ((max - min) * k) / 4;
    s.append(svg('line', { x1: x(v), x2: x(v), y1: top - 4, y2: H - 24, class: 'exp-gridline' }),
      svg('text', { x: x(v), y: H - 8, 'text-anchor': 'middle', class: 'exp-tick' }, valueText(r, v)));
  }
  const control = vs.find((v) => v.name === r.control);
  if (control) s.append(svg('line', { x1: x(control.value), x2: x(control.value), y1: top - 4, y2: H - 24, class: 'exp-ref' }));
  vs.forEach((v, i) => {
    const y = top + i * rowH + rowH / 2;
    const cls = v.significant ? 'exp-int exp-int-win' : v.name === r.control ? 'exp-int exp-int-control' : 'exp-int';
    s.append(svg('text', { x: left - 10, y: y + 4, 'text-anchor': 'end', class: 'exp-label' }, v.name),
      svg('line', { x1: x(v.ci[0]), x2: x(v.ci[1]), y1: y, y2: y, class: cls }),
      svg('line', { x1: x(v.ci[0]), x2: x(v.ci[0]), y1: y - 6, y2: y + 6, class: cls }),
      svg('line', { x1: x(v.ci[1]), x2: x(v.ci[1]), y1: y - 6, y2: y + 6, class: cls }),
      svg('circle', { cx: x(v.value), cy: y, r: 5, class: `${cls} exp-dot` }));
  });
  fig.replaceChildren(s, el('figcaption', { className: 'exp-caption' }, t('exp.chart.caption')));
}

function renderNotes(root, r) {
  if (!r) return root.replaceChildren();
  const vr = r.cuped && r.cuped.variance_reduction;
  const cuped = r.cuped ? t('exp.cuped.on', { reduction: pct(vr, Math.abs(vr) < 0.01 ? 2 : 1), theta: formatNumber(r.cuped.theta, { digits: 4 }),
    n: formatInteger(r.users_with_pre) })
    : r.cuped_requested ? t('exp.cuped.none') : t('exp.cuped.off');
  const method = t(r.method === 'beta' ? 'exp.method.beta' : r.kind === 'mean' ? 'exp.method.normal' : 'exp.method.cuped');
  const srm = r.srm_test && Number.isFinite(r.srm_test.p) ? t('exp.srm.note', { chi2: formatNumber(r.srm_test.chi2, { digits: 3 }),
    df: r.srm_test.df, p: pText(r.srm_test.p) }) : '';
  root.replaceChildren(el('p', { dataset: { exp: 'cuped' } }, cuped), el('p', {}, method),
    srm ? el('p', {}, srm) : '', r.multiple ? el('p', {}, t('exp.multiple', { n: formatInteger(r.multiple) })) : '');
}

/* The setup's controls for my.def; rebuilt on each render, keeping the focus. */
function renderSetup(form, my, s, setDef) {
  const focused = form.contains(document.activeElement) ? document.activeElement.id : null;
  const def = my.def;
  const heading = el('h2', { className: 'card-title', id: 'exp-setup-title' }, t('exp.setup.title'));
  if (!def) return form.replaceChildren(heading);
  const change = (patch) => setDef({ ...def, ...patch });
  const names = (my.names || []).map((n) => n.name);
  const select = (id, items, value, onPick) => {
    const sel = el('select', { className: 'select', id }, ...items.map(([v, label]) => option(v, label, v === (value ?? ''))));
    sel.addEventListener('change', () => onPick(sel.value));
    return sel;
  };
  const field = (id, label, control) => el('div', { className: 'exp-field' }, el('label', { for: id }, label), control);
  const values = my.values[def.variant] || [];
  const fields = [
    field('exp-variant', t('exp.setup.variant'), select('exp-variant', variantColumns(s.info).map((c) => [c, c]), def.variant,
      (v) => change({ variant: v, control: null }))),
    field('exp-kind', t('exp.setup.kind'), select('exp-kind', [['conversion', t('exp.kind.conversion')], ['mean', t('exp.kind.mean')]],
      def.kind, (v) => change({ kind: v }))),
  ];
  if (def.kind === 'mean') {
    const metrics = numberColumns(s.info);
    fields.push(field('exp-metric', t('exp.setup.metric'), select('exp-metric', metrics.map((c) => [c, c]), def.metric,
      (v) => change({ metric: v }))),
    field('exp-metric-event', t('exp.setup.metricEvent'), select('exp-metric-event',
      [['', t('exp.setup.anyEvent')], ...names.map((n) => [n, n])], def.metricEvent, (v) => change({ metricEvent: v || null }))));
  } else {
    fields.push(field('exp-goal', t('exp.setup.goal'), select('exp-goal', names.map((n) => [n, n]), def.event,
      (v) => change({ event: v }))));
  }
  fields.push(
    field('exp-control', t('exp.setup.control'), select('exp-control', [['', t('exp.setup.auto')], ...values.map((v) => [v, v])],
      def.control, (v) => change({ control: v || null }))),
    field('exp-exposure', t('exp.setup.exposure'), select('exp-exposure', [['', t('exp.setup.firstVariant')], ...names.map((n) => [n, n])],
      def.exposure, (v) => change({ exposure: v || null }))));
  const cuped = el('input', { type: 'checkbox', id: 'exp-cuped', className: 'exp-check' });
  cuped.checked = def.cuped !== false;
  cuped.addEventListener('change', () => change({ cuped: cuped.checked }));
  fields.push(el('div', { className: 'exp-field exp-field-check' }, cuped, el('label', { for: 'exp-cuped' }, t('exp.setup.cuped'))));
  form.replaceChildren(heading, el('div', { className: 'exp-grid' }, ...fields),
    el('p', { className: 'exp-hint' }, t('exp.setup.hint')));
  if (focused) form.querySelector(`#${focused}`)?.focus();
}
