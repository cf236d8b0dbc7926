/* reviews-llm.js: "Classify with AI" in the Reviews view. The negative
 * reviews go to the user's own model (web/ai/providers.js chatTurn, the key
 * from web/ai/keystore.js, the provider the Assistant's settings saved) in
 * batches of BATCH, each with the one tool submit_labels forced:
 *   {labels: [{row, category: logistics|product_quality|other, reason, evidence}]}
 * Before anything is sent the panel shows what will be: the count of
 * reviews, the batches, where they go, and the texts; Send goes out only
 * after the user confirms. Progress per batch; at the end the labels go to
 * the view (apply), which runs the reviews op again with them.
 * Without a key: "Set up a key in the Assistant" (a link to #view=assistant).
 * The functions above mountReviewsAi use no DOM (Node tests can import them).
 * Hooks: data-reviews="ai" (the card, data-state idle|preview|running|done|
 * error), ai-classify, ai-setup, ai-confirm, ai-cancel, ai-progress
 * (data-batch, data-batches), ai-status. */
import { el } from './dom.js';
import { t, has } from './i18n/index.js';
import { formatInteger } from './format.js';
import { chatTurn, PROVIDERS } from './ai/providers.js';
import { getKey, loadConfig } from './ai/keystore.js';

export const BATCH = 40;
export const LABEL_CATEGORIES = ['logistics', 'product_quality', 'other'];
const MAX_FIELD = 300; // characters kept of a label's reason and evidence

export const SUBMIT_LABELS = {
  name: 'submit_labels',
  description: 'Submit the category of every review in the batch, one label per row, all rows at once. ' +
    'category: "logistics" when the complaint is about delivery (late, lost, damaged in transit, courier, ' +
    'wrong address): the seller can appeal these to the platform; "product_quality" when it is about the ' +
    'product itself (defective, broken, fake, not as described, poor quality); "other" for anything else ' +
    '(price, service, unclear). reason: one short sentence in the review\'s language. evidence: the words ' +
    'of the review that show it, copied exactly from its text.',
  input_schema: {
    type: 'object',
    properties: {
      labels: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            row: { type: 'integer', description: 'the row number given with the review' },
            category: { type: 'string', enum: LABEL_CATEGORIES },
            reason: { type: 'string' },
            evidence: { type: 'string', description: 'an exact quote from the review text' },
          },
          required: ['row', 'category', 'reason', 'evidence'],
        },
      },
    },
    required: ['labels'],
  },
};

export const SYSTEM = 'You triage negative customer reviews (rating 1 or 2) of an online shop so the seller ' +
  'can appeal the ones caused by delivery. The user message is JSON: {"reviews": [{"row", "text"}]}. ' +
  'Classify every review and call submit_labels once with one label per row, using the row numbers given. ' +
  'Reviews may be in English or Chinese; keep the evidence in the review\'s own words.';

/* items [{row, text, …}] in batches of size: [[{row, text}]]. */
export function batchesOf(items, size = BATCH) {
  const rows = items.map((x) => ({ row: x.row, text: String(x.text ?? '') }));
  const out = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/* The conversation of one batch (neutral messages of providers.js). */
export function batchMessages(batch) {
  return [{ role: 'user', content: [{ type: 'text', text: JSON.stringify({ reviews: batch }) }] }];
}

/* The labels of a turn's submit_labels calls for the rows of batch: each row
 * once (the first label), a known category, reason and evidence as text. */
export function readLabels(toolCalls, batch) {
  const rows = new Set(batch.map((b) => b.row));
  const out = new Map();
  for (const call of toolCalls || []) {
    if (call.name !== SUBMIT_LABELS.name) continue;
    for (const l of Array.isArray(call.args?.labels) ? call.args.labels : []) {
      const row = typeof l?.row === 'string' && /^\d+$/.test(l.row) ? Number(l.row) : l?.row;
      if (!rows.has(row) || out.has(row) || !LABEL_CATEGORIES.includes(l.category)) continue;
      out.set(row, { row, category: l.category, reason: String(l.reason ?? '').slice(0, MAX_FIELD),
        evidence: String(l.evidence ?? '').slice(0, MAX_FIELD) });
    }
  }
  return [...out.values()];
}

/* The provider settings and key the Assistant keeps, or null without a key. */
export function currentConfig() {
  const saved = loadConfig() || {};
  const provider = PROVIDERS[saved.provider] ? saved.provider : 'anthropic';
  const key = getKey(provider);
  if (!key) return null;
  return { provider, baseUrl: saved.baseUrl || PROVIDERS[provider].baseUrl, model: saved.model || PROVIDERS[provider].model, key };
}

/* Send items in batches, one after another: {labels, batches, unanswered}
 * (unanswered: batches whose answer held no usable label). onBatch(i, n)
 * after each. A provider error (AiError) ends the run: it is thrown with
 * err.labels, the labels got before it. */
export async function classifyReviews({ config, items, signal, onBatch, turn = chatTurn }) {
  const batches = batchesOf(items);
  const labels = [];
  let unanswered = 0;
  for (let i = 0; i < batches.length; i++) {
    try {
      const r = await turn({ ...config, system: SYSTEM, messages: batchMessages(batches[i]), tools: [SUBMIT_LABELS],
        toolChoice: { name: SUBMIT_LABELS.name }, maxTokens: 8192, signal, onText: () => {} });
      const got = readLabels(r.toolCalls, batches[i]);
      if (!got.length) unanswered++;
      labels.push(...got);
    } catch (err) {
      err.labels = labels;
      throw err;
    }
    if (onBatch) onBatch(i + 1, batches.length);
  }
  return { labels, batches: batches.length, unanswered };
}

/* ---- the panel ---- */

/* An AiError in the Assistant's words for its kind (ai.error.*), else its message. */
function errorText(err) {
  let key = err.kind ? `ai.error.${err.kind}` : '';
  if (err.kind === 'rate_limit' && !(err.retryAfter > 0)) key = 'ai.error.rate_limit_now';
  if (!key || !has(key)) return String(err.message || err);
  return t(key, { seconds: formatInteger(err.retryAfter), detail: String(err.detail ?? ''), message: String(err.message ?? '') });
}

/* hooks: {items() → the op's negative items, apply(labels) → promise,
 * openAssistant()}. Returns {render(result)}. */
export function mountReviewsAi(parent, hooks) {
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const classify = el('button', { type: 'button', className: 'btn btn-primary', dataset: { reviews: 'ai-classify' } });
  const setup = el('a', { href: '#view=assistant', className: 'btn-link', dataset: { reviews: 'ai-setup' } });
  const preview = el('div', { className: 'reviews-ai-preview', dataset: { reviews: 'ai-preview' }, hidden: true });
  const bar = el('progress', { className: 'reviews-ai-bar', max: '1', value: '0' });
  const progressText = el('span', {});
  const cancelRun = el('button', { type: 'button', className: 'btn btn-small', dataset: { reviews: 'ai-stop' } });
  const progress = el('div', { className: 'reviews-ai-progress', dataset: { reviews: 'ai-progress' }, hidden: true }, bar, progressText, cancelRun);
  const status = el('p', { className: 'reviews-ai-status', role: 'status', dataset: { reviews: 'ai-status' } });
  const card = el('article', { className: 'card reviews-card reviews-ai', dataset: { reviews: 'ai', state: 'idle' } },
    el('header', { className: 'card-header' }, el('div', {}, title, sub), el('div', { className: 'card-tools' }, setup, classify)),
    preview, progress, status);
  parent.append(card);
  let result = null;
  let ctl = null;
  let said = null; // {key, vars} of the status line

  setup.addEventListener('click', (e) => { e.preventDefault(); hooks.openAssistant(); });
  classify.addEventListener('click', () => showPreview());
  cancelRun.addEventListener('click', () => ctl?.abort());

  const setState = (state) => { card.dataset.state = state; };
  const say = (key, vars) => { said = key ? { key, vars } : null; status.textContent = key ? t(key, vars) : ''; };

  function showPreview() {
    const config = currentConfig();
    const items = hooks.items();
    if (!config || !items.length) return;
    const batches = batchesOf(items);
    const confirm = el('button', { type: 'button', className: 'btn btn-primary', dataset: { reviews: 'ai-confirm' } }, t('reviews.ai.send'));
    const cancel = el('button', { type: 'button', className: 'btn', dataset: { reviews: 'ai-cancel' } }, t('reviews.ai.cancel'));
    confirm.addEventListener('click', () => run(config, items));
    cancel.addEventListener('click', () => { preview.hidden = true; preview.replaceChildren(); setState('idle'); classify.disabled = false; });
    preview.replaceChildren(
      el('p', { className: 'reviews-ai-what' }, t('reviews.ai.preview', { n: formatInteger(items.length), batches: formatInteger(batches.length),
        size: formatInteger(BATCH), provider: PROVIDERS[config.provider].label || config.provider, model: config.model, url: config.baseUrl })),
      el('p', { className: 'reviews-ai-note' }, t('reviews.ai.previewNote')),
      el('ol', { className: 'reviews-ai-texts', dataset: { reviews: 'ai-texts' } },
        ...batches.flat().map((b) => el('li', { dataset: { row: String(b.row) } }, b.text))),
      el('div', { className: 'reviews-ai-actions' }, confirm, cancel));
    preview.hidden = false;
    preview.scrollIntoView?.({ block: 'nearest' });
    classify.disabled = true;
    say(null);
    setState('preview');
  }

  async function run(config, items) {
    preview.hidden = true;
    preview.replaceChildren();
    ctl = new AbortController();
    const n = Math.ceil(items.length / BATCH);
    const step = (i) => {
      bar.max = n;
      bar.value = i;
      progress.dataset.batch = String(i);
      progress.dataset.batches = String(n);
      progressText.textContent = t('reviews.ai.progress', { i: formatInteger(i), n: formatInteger(n) });
    };
    step(0);
    progress.hidden = false;
    say(null);
    setState('running');
    let labels = [];
    let failure = null;
    let unanswered = 0;
    try {
      ({ labels, unanswered } = await classifyReviews({ config, items, signal: ctl.signal, onBatch: step }));
    } catch (err) {
      labels = err.labels || [];
      failure = err;
    }
    ctl = null;
    progress.hidden = true;
    if (labels.length) {
      try {
        await hooks.apply(labels);
      } catch (err) {
        failure = failure || err;
      }
    }
    classify.disabled = false;
    if (failure?.kind === 'aborted') {
      say('reviews.ai.stopped', { n: formatInteger(labels.length) });
      setState('done');
    } else if (failure) {
      say('reviews.ai.failed', { n: formatInteger(labels.length), message: errorText(failure) });
      setState('error');
    } else {
      say(unanswered ? 'reviews.ai.partly' : 'reviews.ai.done', { n: formatInteger(labels.length), batches: formatInteger(unanswered) });
      setState('done');
    }
  }

  function render(r) {
    result = r;
    const config = currentConfig();
    const n = result?.items?.length || 0;
    title.textContent = t('reviews.ai.title');
    sub.textContent = config ? t('reviews.ai.ready', { n: formatInteger(n), provider: PROVIDERS[config.provider].label || config.provider, model: config.model })
      : t('reviews.ai.nokey');
    classify.textContent = t('reviews.ai.classify');
    classify.hidden = !config;
    if (card.dataset.state !== 'running' && card.dataset.state !== 'preview') classify.disabled = !n;
    setup.textContent = t('reviews.ai.setup');
    setup.hidden = !!config;
    cancelRun.textContent = t('reviews.ai.stop');
    if (said) status.textContent = t(said.key, said.vars);
  }
  return { render };
}
