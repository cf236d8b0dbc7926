/* rules-editor.js: the rules file of the workspace, edited in a form or as
 * JSON text, validated by the engine (the monitor op refuses a bad file
 * whole, naming the rule: 'rules[3] (id "mrr-drop"): unknown op "drop"'),
 * the message shown beside the field (form) or the line (text). A valid
 * file is saved with the workspace (alerts-data.js) and run. Also: back to
 * the default rules, download as rules.json, and open or drop a rules .json
 * file on the card. The form edits threshold, change, anomaly and entity
 * rules; other keys and other rule types (reconcile) are kept as written. */
import { el, option } from './dom.js';
import { t } from './i18n/index.js';
import { catalogMap } from './results.js';
import { errorTarget, ruleLine, syntaxLine, SEVERITIES } from './alerts-data.js';
import { metricLabel } from './health-panel.js';

export const TYPES = ['threshold', 'change', 'anomaly', 'entity'];
const GRAINS = ['', 'day', 'week', 'month'];
/* The form's fields per type: [key, kind, choices] (kind: text, number, choice). */
const SHAPE = {
  threshold: [['metric', 'metric'], ['property', 'text'], ['grain', 'choice', GRAINS], ['op', 'choice', ['below', 'above']],
    ['value', 'number'], ['min_volume', 'number']],
  change: [['metric', 'metric'], ['property', 'text'], ['grain', 'choice', GRAINS], ['op', 'choice', ['fall', 'rise', 'move']],
    ['value', 'number'], ['unit', 'choice', ['percent', 'amount']], ['min_volume', 'number']],
  anomaly: [['metric', 'metric'], ['property', 'text'], ['grain', 'choice', GRAINS], ['detector', 'choice', ['mad', 'ewma', 'seasonal']],
    ['direction', 'choice', ['both', 'up', 'down']], ['threshold', 'number'], ['min_volume', 'number']],
  entity: [['dataset', 'text'], ['entity', 'text'], ['at', 'choice', ['latest', 'hourly']], ['rank_by', 'text'], ['conditions', 'conditions']],
};
export const FIELDS = ['id', 'type', 'severity', 'metric', 'property', 'grain', 'op', 'value', 'unit', 'detector', 'direction',
  'threshold', 'min_volume', 'dataset', 'entity', 'at', 'rank_by', 'conditions', 'where', 'event', 'window', 'alpha'];

/* Entity conditions as lines "P0 | score < 3.5 | action" and back. */
export function conditionsText(conds) {
  return (conds || []).map((c) => [c.severity || 'P2', c.if || '', c.action || ''].filter((x, i) => i < 2 || x).join(' | ')).join('\n');
}
export function parseConditions(text) {
  return String(text || '').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [a, b, c] = l.split('|').map((x) => x.trim());
    const sev = SEVERITIES.includes(a) && b !== undefined;
    const out = { if: sev ? b : a, severity: sev ? a : 'P2' };
    if (sev && c) out.action = c;
    return out;
  });
}

/* A new rule of type with an id not in doc. */
export function newRule(type, doc, firstMetric) {
  const ids = new Set((doc.rules || []).map((r) => r.id));
  let n = (doc.rules || []).length + 1;
  while (ids.has(`${type}-${n}`)) n++;
  const id = `${type}-${n}`;
  if (type === 'entity') return { id, type, severity: 'P2', dataset: '', entity: '', at: 'latest', conditions: [{ if: '', severity: 'P2' }] };
  const base = { id, type, metric: firstMetric, severity: 'P2' };
  if (type === 'threshold') return { ...base, op: 'below', value: 0 };
  if (type === 'change') return { ...base, op: 'fall', value: 10, unit: 'percent' };
  return { ...base, detector: 'mad', direction: 'both' };
}

export function mountRulesEditor(parent, store, actions) {
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  // two toggle buttons (aria-pressed), not a tab widget: the panes are parts of one card
  const tabForm = el('button', { type: 'button', className: 'rules-tab', dataset: { rulesTab: 'form' } });
  const tabText = el('button', { type: 'button', className: 'rules-tab', dataset: { rulesTab: 'text' } });
  const form = el('div', { className: 'rules-form', dataset: { rules: 'form' } });
  const addType = el('select', { className: 'event-select', dataset: { rules: 'add-type' } });
  const addBtn = el('button', { type: 'button', className: 'btn', dataset: { rules: 'add' } });
  const gutter = el('pre', { className: 'rules-gutter', 'aria-hidden': 'true' });
  const area = el('textarea', { className: 'rules-text', spellcheck: 'false', dataset: { rules: 'text' } });
  const textPane = el('div', { className: 'rules-textpane', hidden: true }, gutter, area);
  const error = el('p', { className: 'rules-error', role: 'alert', dataset: { rules: 'error' }, hidden: true });
  const save = el('button', { type: 'button', className: 'btn btn-primary', dataset: { rules: 'save' } });
  const reset = el('button', { type: 'button', className: 'btn', dataset: { rules: 'reset' } });
  const dl = el('a', { className: 'btn', dataset: { rules: 'download' }, download: 'rules.json', href: '#' });
  const fileIn = el('input', { type: 'file', accept: '.json,application/json', className: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  const open = el('button', { type: 'button', className: 'btn', dataset: { rules: 'open' } });
  const drop = el('p', { className: 'rules-drop' });
  const card = el('article', { className: 'card rules-card', dataset: { card: 'rules' } },
    el('header', { className: 'card-header' }, el('div', {}, title, sub)),
    el('div', { className: 'rules-tabs', role: 'group' }, tabForm, tabText),
    form, el('div', { className: 'rules-add' }, addType, addBtn), textPane, error,
    el('div', { className: 'rules-actions' }, save, reset, dl, open, fileIn), drop);
  parent.append(card);

  const my = { tab: 'form', doc: { rules: [] }, text: '', from: null, key: null, err: null };

  const setDoc = (doc) => { my.doc = doc; my.text = JSON.stringify(doc, null, 2); };
  const load = (text) => {
    my.text = text;
    try {
      const d = JSON.parse(text);
      my.doc = d && typeof d === 'object' && !Array.isArray(d) ? d : { rules: [] };
      if (!Array.isArray(my.doc.rules)) my.doc.rules = [];
    } catch { my.doc = { rules: [] }; my.tab = 'text'; }
  };

  async function apply(text) {
    my.err = null;
    try {
      await actions.setRules(text);
      load(text);
    } catch (err) {
      const target = errorTarget(err.message, FIELDS);
      const line = target ? ruleLine(text, target.index) : syntaxLine(err.message, text);
      my.err = { message: err.message, target, line };
      my.text = text;
    }
    render(store.get());
  }

  /* To the form: only with text that parses as a rules object; else the text
   * tab stays, what was typed kept, with the syntax error at its line. */
  tabForm.addEventListener('click', () => {
    if (my.tab === 'text') {
      const text = area.value;
      let message = null;
      try {
        const d = JSON.parse(text);
        if (!d || typeof d !== 'object' || Array.isArray(d) || (d.rules !== undefined && !Array.isArray(d.rules))) message = t('rules.notObject');
      } catch (err) {
        message = err.message;
      }
      my.text = text;
      if (message) {
        my.err = { message, target: null, line: syntaxLine(message, text) };
        return render(store.get());
      }
      if (my.err && !my.err.target) my.err = null; // the syntax error it had is gone
      load(text);
    }
    my.tab = 'form';
    render(store.get());
  });
  tabText.addEventListener('click', () => { my.tab = 'text'; render(store.get()); });
  area.addEventListener('input', () => { my.text = area.value; paintGutter(); });
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  save.addEventListener('click', () => apply(my.tab === 'text' ? area.value : JSON.stringify(my.doc, null, 2)));
  // rules.json is what the editor holds when clicked
  dl.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([my.tab === 'text' ? area.value : my.text], { type: 'application/json' }));
    dl.href = url;
    setTimeout(() => { URL.revokeObjectURL(url); dl.href = '#'; }, 1000);
  });
  reset.addEventListener('click', async () => { my.err = null; my.from = null; await actions.resetRules(); });
  open.addEventListener('click', () => fileIn.click());
  const readFile = async (file) => {
    if (!file) return;
    my.tab = 'text';
    await apply(await file.text());
  };
  fileIn.addEventListener('change', () => { readFile(fileIn.files[0]); fileIn.value = ''; });
  // a rules file dropped on the card is the rules, not data for the workspace
  for (const type of ['dragenter', 'dragover']) card.addEventListener(type, (e) => { e.preventDefault(); e.stopPropagation(); });
  card.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    readFile(e.dataTransfer?.files?.[0]);
  });
  addBtn.addEventListener('click', () => {
    const s = store.get();
    const first = s.engine ? [...catalogMap(s.engine).keys()][0] : 'mrr';
    my.doc.rules.push(newRule(addType.value, my.doc, first));
    setDoc(my.doc);
    render(s);
  });

  function paintGutter() {
    const n = my.text.split('\n').length;
    const bad = my.err?.line;
    gutter.replaceChildren(...Array.from({ length: n }, (_, i) =>
      el('span', { className: i + 1 === bad ? 'rules-line bad' : 'rules-line', dataset: { line: String(i + 1) } }, `${i + 1}`)));
  }

  /* One field of rule r (index i) with its error beside it. */
  function field(r, i, [key, kind, choices], metrics) {
    let input;
    const setKey = (v) => {
      if (v === '' || v == null || (typeof v === 'number' && !Number.isFinite(v))) delete r[key];
      else r[key] = v;
      my.text = JSON.stringify(my.doc, null, 2);
    };
    if (kind === 'metric' || kind === 'choice') {
      const list = kind === 'metric' ? metrics : choices;
      const cur = r[key] ?? '';
      input = el('select', { className: 'event-select' }, ...list.map((v) =>
        option(v, v === '' ? t('rules.default') : kind === 'metric' ? metricLabel(v) : t(`rules.choice.${v}`), v === cur)));
      if (cur !== '' && !list.includes(cur)) input.prepend(option(cur, String(cur), true));
      input.addEventListener('change', () => setKey(input.value));
    } else if (kind === 'conditions') {
      input = el('textarea', { className: 'rules-conds', rows: '3', spellcheck: 'false', placeholder: 'P0 | score < 3.5' });
      input.value = conditionsText(r.conditions);
      input.addEventListener('input', () => setKey(parseConditions(input.value)));
    } else {
      input = el('input', { type: kind === 'number' ? 'number' : 'text', step: 'any', className: 'rules-input' });
      input.value = r[key] == null ? '' : String(r[key]);
      input.addEventListener('input', () => setKey(kind === 'number' ? (input.value === '' ? '' : Number(input.value)) : input.value));
    }
    input.dataset.field = key;
    const e = my.err?.target;
    const msg = e && e.index === i && e.field === key ? my.err.message : '';
    return el('label', { className: 'rules-field', dataset: { field: key } },
      el('span', { className: 'switch-label' }, t(`rules.field.${key}`)), input,
      msg ? el('span', { className: 'rules-field-error', role: 'alert', dataset: { error: key } }, msg) : null);
  }

  function ruleCard(r, i, metrics) {
    const editable = TYPES.includes(r.type);
    const remove = el('button', { type: 'button', className: 'btn btn-small', dataset: { rules: 'remove' } }, t('rules.remove'));
    remove.addEventListener('click', () => { my.doc.rules.splice(i, 1); setDoc(my.doc); my.err = null; render(store.get()); });
    const common = [field(r, i, ['id', 'text'], metrics), field(r, i, ['severity', 'choice', SEVERITIES], metrics)];
    const e = my.err?.target;
    const own = e && e.index === i && !(e.field && (SHAPE[r.type] || []).concat([['id'], ['severity']]).some(([k]) => k === e.field));
    return el('fieldset', { className: 'rules-rule', dataset: { index: String(i), type: String(r.type ?? '') } },
      el('legend', {}, t(editable ? `rules.type.${r.type}` : 'rules.type.other', { type: String(r.type ?? '') })),
      el('div', { className: 'rules-fields' }, ...common, ...(editable ? SHAPE[r.type].map((f) => field(r, i, f, metrics)) : []), remove),
      editable ? null : el('p', { className: 'rules-note' }, t('rules.jsonOnly')),
      own ? el('p', { className: 'rules-field-error', role: 'alert', dataset: { error: 'rule' } }, my.err.message) : null);
  }

  function render(s) {
    const a = s.alerts;
    if (a && a.key !== my.key) { // another workspace: an error of the one before does not hold its rules back
      my.key = a.key;
      my.err = null;
      my.from = null; // and its rules are loaded, even when the text is the same
    }
    if (a?.rules && a.rules !== my.from) { // the workspace's rules changed under the editor
      my.from = a.rules;
      if (!my.err) load(a.rules);
    }
    title.textContent = t('rules.title');
    sub.textContent = a ? t(`rules.source.${a.source || 'default'}`) : '';
    tabForm.textContent = t('rules.tab.form');
    tabText.textContent = t('rules.tab.text');
    for (const [b, on] of [[tabForm, my.tab === 'form'], [tabText, my.tab === 'text']]) b.setAttribute('aria-pressed', on ? 'true' : 'false');
    addType.setAttribute('aria-label', t('rules.addType'));
    area.setAttribute('aria-label', t('rules.textLabel'));
    form.hidden = addType.parentNode.hidden = my.tab !== 'form';
    textPane.hidden = my.tab !== 'text';
    const metrics = s.engine ? [...catalogMap(s.engine).keys()] : [];
    if (my.tab === 'form') form.replaceChildren(...my.doc.rules.map((r, i) => ruleCard(r, i, metrics)));
    else {
      if (area.value !== my.text) area.value = my.text;
      paintGutter();
    }
    addType.replaceChildren(...TYPES.map((ty) => option(ty, t(`rules.type.${ty}`))));
    addBtn.textContent = t('rules.add');
    const where = my.err && (my.tab === 'text' && my.err.line ? t('rules.atLine', { line: my.err.line }) : my.err.target ? t('rules.atRule', { n: my.err.target.index + 1 }) : '');
    error.textContent = my.err ? [where, my.err.message].filter(Boolean).join(' ') : '';
    error.hidden = !my.err;
    card.dataset.state = my.err ? 'invalid' : 'valid';
    save.textContent = t('rules.save');
    reset.textContent = t('rules.reset');
    open.textContent = t('rules.open');
    dl.textContent = t('rules.downloadJson');
    drop.textContent = t('rules.drop');
  }
  store.subscribe((s, prev) => { if (s.alerts !== prev.alerts || s.locale !== prev.locale || s.engine !== prev.engine) render(s); });
  render(store.get());
}
