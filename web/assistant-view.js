/* assistant-view.js: the Assistant view (tab `assistant`): a conversation
 * about the loaded data with the user's own model, or offline without a key.
 *
 *   - the model form (assistant-settings.js) beside the conversation
 *     (assistant-chat.js) and the question box with its built-in prompts:
 *     "Generate insights", examples, and "Explain this metric" from any KPI
 *     card (kpis.js dispatches `lodestar:explain` {metric} on the document);
 *   - with a key, the first question of a conversation opens the "what will
 *     be sent" panel (assistant-preview.js): the system text with the context
 *     (web/ai/prompt.js: schema, metric names, aggregates; sample rows only
 *     when switched on; for "Generate insights" also the movers and the
 *     alerts), the tool names and the question. Only its confirmation sends.
 *     Then web/ai/agent.js loops: the model's tool calls run here
 *     (assistant-tools.js) until it answers; text streams into the answer;
 *   - without a key (or with "Offline answer" checked) the ask op answers
 *     (assistant-offline.js), with a chart and a note that a key gives
 *     free-form answers.
 * No request leaves the page before the user confirms a question. A change
 * of provider or base URL starts a new conversation (what was shown went
 * elsewhere). Hooks: ai-question, ai-send, ai-answer (assistant-chat.js), and
 * the form's and the panel's. <section id="assistant" data-state="idle|preview|running">. */
import { el } from './dom.js';
import { t, getLocale } from './i18n/index.js';
import { renderEmpty } from './hints.js';
import { metricLabel } from './labels.js';
import { runAgent } from './ai/agent.js';
import { buildSystem, buildContext } from './ai/prompt.js';
import { mountSettings } from './assistant-settings.js';
import { mountPreview } from './assistant-preview.js';
import { createChat } from './assistant-chat.js';
import { toolRunner } from './assistant-tools.js';
import { offlineAnswer } from './assistant-offline.js';

const SAMPLE_ROWS = 20;
const EXAMPLES = ['ai.prompt.example1', 'ai.prompt.example2', 'ai.prompt.example3'];

export function mountAssistantView(root, store, actions) {
  const ask = (op, ...args) => actions.ask(op, ...args);
  const empty = el('div', { className: 'card revenue-empty' });
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const newBtn = el('button', { type: 'button', className: 'btn btn-sm', dataset: { ai: 'new' } });
  const log = el('div', { className: 'ai-log', 'aria-live': 'polite' });
  const intro = el('p', { className: 'ai-intro' });
  const prompts = el('div', { className: 'ai-prompts' });
  const question = el('textarea', { className: 'ai-question', rows: '3', id: 'ai-question', dataset: { testid: 'ai-question' } });
  const qLabel = el('label', { className: 'visually-hidden', for: question.id });
  const hint = el('span', { className: 'ai-hint' });
  const offline = el('input', { type: 'checkbox', id: 'ai-offline', dataset: { testid: 'ai-offline' } });
  const offlineLabel = el('label', { className: 'ai-check ai-offline-toggle', for: offline.id }, offline, el('span', {}));
  const send = el('button', { type: 'button', className: 'btn btn-primary', dataset: { testid: 'ai-send' } });
  const stop = el('button', { type: 'button', className: 'btn', hidden: true, dataset: { ai: 'stop' } });
  const previewPanel = el('article', { className: 'card ai-preview' });
  const settingsCard = el('article', { className: 'card ai-settings-card' });
  const chatCard = el('article', { className: 'card ai-chat' },
    el('header', { className: 'card-header' }, el('div', {}, title, sub), newBtn),
    log, previewPanel,
    el('div', { className: 'ai-ask' }, prompts, qLabel, question,
      el('div', { className: 'ai-ask-row' }, hint, offlineLabel, stop, send)));
  const body = el('div', { className: 'ai-layout' }, chatCard, el('aside', { className: 'ai-side' }, settingsCard));
  root.append(empty, body);

  const chat = createChat(log);
  const preview = mountPreview(previewPanel);
  const settings = mountSettings(settingsCard, { onChange: (why) => { if (why === 'config') convo = fresh(); render(store.get()); } });
  let convo = fresh();
  let running = null; // AbortController of the answer under way

  function fresh() {
    return { system: null, tools: null, messages: [], target: '' };
  }

  function keyed() {
    return !!settings.config().key && !offline.checked;
  }

  function setState(state) {
    root.dataset.state = state;
    const busy = state !== 'idle';
    send.disabled = busy;
    question.disabled = state === 'running';
    stop.hidden = state !== 'running';
    for (const b of prompts.querySelectorAll('button')) b.disabled = busy;
  }

  /* The context the model gets: schema, metric names, aggregates, and
   * samples when rows is on; extra (the insights prompt's) merged in. */
  async function context(rows, extra) {
    const [datasets, metrics, aggregates] = await Promise.all([
      ask('tool', 'list_datasets', {}), ask('tool', 'list_metrics', {}), ask('aggregates')]);
    let samples;
    if (rows) {
      samples = {};
      for (const d of datasets.datasets || []) {
        const r = await ask('sql', `SELECT * FROM "${String(d.sql_table).replace(/"/g, '""')}" LIMIT ${SAMPLE_ROWS}`, { max_rows: SAMPLE_ROWS });
        samples[d.sql_table] = (r.rows || []).map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
      }
    }
    const ctx = buildContext({ datasets, metrics, aggregates, samples });
    return extra ? { ...ctx, ...extra } : ctx;
  }

  /* For "Generate insights": the top movers and what the rules found. */
  async function insightsExtra() {
    const [ins, mon] = await Promise.all([ask('insights', {}), ask('monitor', {})]);
    return {
      insights: { movers: ins.movers || [], contributions: (ins.contributions || []).slice(0, 3) },
      monitor: { at: mon.at, alerts: mon.alerts || [], incidents: (mon.incidents || []).filter((x) => x.ongoing).slice(0, 10),
        health: (mon.health || []).map((h) => ({ metric: h.metric, status: h.status, rule: h.rule })) },
    };
  }

  async function answerOffline(q) {
    chat.user(q);
    const turn = chat.answer();
    turn.box.dataset.mode = 'offline';
    try {
      const { node, chart, more } = offlineAnswer(await ask('ask', q));
      turn.append(node);
      if (chart) turn.chart(chart);
      turn.append(more);
      turn.done();
    } catch (err) {
      turn.error(t('ai.error.engine', { message: err.message }), 'engine');
    }
  }

  async function answerWithModel(q, kind) {
    const config = settings.config();
    const target = `${config.provider} ${config.baseUrl}`;
    if (kind === 'insights' || convo.target !== target) convo = fresh();
    if (!convo.system) {
      setState('preview');
      const extra = kind === 'insights' ? await insightsExtra() : null;
      const [ctx, tools] = await Promise.all([context(false, extra), ask('tools')]);
      const lang = getLocale();
      const sent = await preview.ask({
        provider: settings.label(), url: config.baseUrl, question: q, rows: false,
        system: buildSystem({ context: ctx, lang }), tools: tools.map((x) => x.name),
        onRows: async (on) => buildSystem({ context: await context(on, extra), lang }),
      });
      if (!sent) return false;
      convo = { system: sent.system, tools, messages: [], target };
    }
    chat.user(q);
    const turn = chat.answer();
    turn.box.dataset.mode = 'model';
    const before = convo.messages;
    const messages = [...before, { role: 'user', content: [{ type: 'text', text: q }] }];
    running = new AbortController();
    setState('running');
    const names = new Map();
    try {
      const out = await runAgent({
        config: { provider: config.provider, baseUrl: config.baseUrl, model: config.model, key: config.key },
        system: convo.system, messages, tools: convo.tools, signal: running.signal,
        runTool: toolRunner({ ask, onChart: (spec) => turn.chart(spec) }),
        onEvent: (e) => {
          if (e.type === 'text') turn.text(e.delta);
          else if (e.type === 'tool_call') { names.set(e.id, e.name); turn.toolCall(e); }
          else if (e.type === 'tool_result') turn.toolResult(e);
          else if (e.type === 'turn_end') turn.turnEnd();
        },
      });
      convo.messages = out.messages;
      turn.done();
    } catch (err) {
      convo.messages = before;
      turn.error(errorText(err), err?.kind || 'engine');
    } finally {
      running = null;
    }
    return true;
  }

  async function submit(q, kind = 'free') {
    const text = String(q ?? '').trim();
    if (!text || root.dataset.state !== 'idle') return;
    try {
      let done = true;
      if (keyed()) done = await answerWithModel(text, kind);
      else {
        setState('running');
        await answerOffline(text);
      }
      if (done && question.value.trim() === text) question.value = '';
    } catch (err) {
      preview.cancel();
      chat.answer().error(t('ai.error.engine', { message: err.message }), 'engine');
    } finally {
      setState('idle');
      render(store.get());
    }
  }

  send.addEventListener('click', () => submit(question.value));
  question.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit(question.value);
    }
  });
  stop.addEventListener('click', () => running?.abort());
  offline.addEventListener('change', () => render(store.get()));
  newBtn.addEventListener('click', () => {
    running?.abort();
    preview.cancel();
    convo = fresh();
    chat.clear();
    render(store.get());
  });
  document.addEventListener('lodestar:explain', (e) => {
    const metric = String(e.detail?.metric || '');
    if (!metric) return;
    actions.showView('assistant');
    submit(t('ai.prompt.explainText', { name: metricLabel(metric), metric }), 'explain');
  });

  function renderPrompts() {
    const insights = el('button', { type: 'button', className: 'btn btn-sm ai-prompt ai-prompt-main', dataset: { prompt: 'insights' } },
      t('ai.prompt.insights'));
    insights.addEventListener('click', () => submit(t('ai.prompt.insightsText'), 'insights'));
    const examples = EXAMPLES.map((k) => {
      const b = el('button', { type: 'button', className: 'ai-prompt', dataset: { prompt: k } }, t(k));
      b.addEventListener('click', () => { question.value = t(k); question.focus(); });
      return b;
    });
    prompts.replaceChildren(insights, ...examples);
  }

  function render(s) {
    const hasData = s.info.datasets.length > 0;
    empty.hidden = hasData;
    body.hidden = !hasData;
    if (!hasData) renderEmpty(empty, actions, 'ai');
    const c = settings.config();
    title.textContent = t('ai.title');
    sub.textContent = keyed() ? t('ai.subtitle.model', { provider: settings.label(), model: c.model }) : t('ai.subtitle.offline');
    newBtn.textContent = t('ai.new');
    intro.textContent = t('ai.intro');
    if (!log.firstChild) log.append(intro);
    qLabel.textContent = t('ai.question.label');
    question.placeholder = t('ai.question.placeholder');
    hint.textContent = t('ai.question.hint');
    offlineLabel.lastChild.textContent = t('ai.offline.toggle');
    offlineLabel.hidden = !c.key;
    send.textContent = t('ai.send');
    stop.textContent = t('ai.stop');
    renderPrompts();
    setState(root.dataset.state || 'idle');
  }

  store.subscribe((s, prev) => {
    if (s.locale !== prev.locale) { settings.render(); preview.render(); }
    if (s.locale !== prev.locale || s.info !== prev.info) render(s);
  });
  root.dataset.state = 'idle';
  render(store.get());
}

/* The message of a failure in the page's locale (web/ai/errors.js kinds). */
export function errorText(err) {
  const kind = err?.kind;
  if (!kind) return t('ai.error.engine', { message: String(err?.message || err) });
  if (kind === 'rate_limit') {
    return Number.isFinite(err.retryAfter) ? t('ai.error.rate_limit', { seconds: err.retryAfter }) : t('ai.error.rate_limit_now');
  }
  return t(`ai.error.${kind}`, { detail: String(err.detail || err.message || '') });
}
