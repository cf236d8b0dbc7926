/* assistant-preview.js: the "what will be sent" panel. Before the first
 * request of a conversation it shows exactly what goes to the provider: the
 * system text with the context JSON in it, the names of the tools, the
 * question; a checkbox adds sample rows (the caller builds the new system
 * text). Nothing is sent until the user confirms.
 *
 *   const preview = mountPreview(panel);
 *   const sent = await preview.ask({provider, url, system, tools, question,
 *                                   rows: false, onRows: async (on) => systemText});
 *   // sent: the data as confirmed ({…, rows, system} after the checkbox), or null
 *   preview.cancel();  // a pending ask resolves null
 * Hooks: data-testid ai-preview (the panel), ai-rows, ai-preview-confirm. */
import { el } from './dom.js';
import { t } from './i18n/index.js';
import { formatInteger } from './format.js';

export function mountPreview(panel) {
  panel.dataset.testid = 'ai-preview';
  panel.hidden = true;
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const sysLabel = el('p', { className: 'ai-label' });
  const system = el('pre', { className: 'ai-preview-text', tabindex: '0', dataset: { preview: 'system' } });
  const toolsLabel = el('p', { className: 'ai-label' });
  const tools = el('ul', { className: 'ai-preview-tools', dataset: { preview: 'tools' } });
  const qLabel = el('p', { className: 'ai-label' });
  const question = el('p', { className: 'ai-preview-question', dataset: { preview: 'question' } });
  const rows = el('input', { type: 'checkbox', id: 'ai-rows', dataset: { testid: 'ai-rows' } });
  const rowsLabel = el('span', {});
  const rowsNote = el('p', { className: 'ai-note' });
  const confirm = el('button', { type: 'button', className: 'btn btn-primary', dataset: { testid: 'ai-preview-confirm' } });
  const cancelBtn = el('button', { type: 'button', className: 'btn' });
  panel.append(
    el('header', { className: 'card-header' }, el('div', {}, title, sub)),
    el('div', { className: 'ai-preview-body' },
      qLabel, question, sysLabel, system, toolsLabel, tools,
      el('label', { className: 'ai-check', for: rows.id }, rows, rowsLabel), rowsNote,
      el('div', { className: 'ai-preview-actions' }, confirm, cancelBtn)));

  let pending = null; // {data, resolve}

  function render() {
    if (!pending) return;
    const d = pending.data;
    title.textContent = t('ai.preview.title');
    sub.textContent = t('ai.preview.subtitle', { provider: d.provider, url: d.url });
    sysLabel.textContent = t('ai.preview.system', { n: formatInteger(d.system.length) });
    system.textContent = d.system;
    toolsLabel.textContent = t('ai.preview.tools');
    tools.replaceChildren(...d.tools.map((name) => el('li', {}, el('code', {}, name))));
    qLabel.textContent = t('ai.preview.question');
    question.textContent = d.question;
    rows.checked = !!d.rows;
    rowsLabel.textContent = t('ai.preview.rows');
    rowsNote.textContent = t(d.rows ? 'ai.preview.withRows' : 'ai.preview.noRows');
    confirm.textContent = t('ai.preview.confirm');
    cancelBtn.textContent = t('ai.preview.cancel');
  }

  function close(answer) {
    const p = pending;
    pending = null;
    panel.hidden = true;
    delete panel.dataset.state;
    if (p) p.resolve(answer ? p.data : null);
  }

  rows.addEventListener('change', async () => {
    const p = pending;
    if (!p) return;
    const on = rows.checked;
    confirm.disabled = rows.disabled = true;
    panel.dataset.state = 'preparing';
    try {
      const text = await p.data.onRows(on);
      if (pending !== p) return;
      p.data = { ...p.data, rows: on, system: text };
    } finally {
      if (pending === p) {
        confirm.disabled = rows.disabled = false;
        panel.dataset.state = 'ready';
        render();
      }
    }
  });
  confirm.addEventListener('click', () => close(true));
  cancelBtn.addEventListener('click', () => close(false));

  return {
    ask(data) {
      close(false);
      return new Promise((resolve) => {
        pending = { data, resolve };
        confirm.disabled = rows.disabled = false;
        panel.dataset.state = 'ready';
        render();
        panel.hidden = false;
        panel.scrollIntoView?.({ block: 'nearest' });
        confirm.focus({ preventScroll: true });
      });
    },
    cancel: () => close(false),
    get open() { return !!pending; },
    /* the data the panel holds now (rows may have changed the system text) */
    current: () => pending?.data || null,
    render,
  };
}
