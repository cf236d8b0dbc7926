/* report-download.js: "Download report": the daily, weekly or monthly
 * report (core/report/report.h, the worker's report op) as HTML or
 * Markdown, in the page's language and with the workspace's rules, handed
 * to the browser as a Blob through a download link (the link stays, so it
 * can be opened again; it is replaced by the next report). */
import { el, option } from './dom.js';
import { t, getLocale } from './i18n/index.js';
import { currentAlerts, currentRules } from './alerts-data.js';

export const PERIODS = ['weekly', 'daily', 'monthly'];
export const FORMATS = ['html', 'md'];
const TYPES = { html: 'text/html;charset=utf-8', md: 'text/markdown;charset=utf-8' };

/* The file name of a report: lodestar-weekly-2026-01-31.html. */
export function reportName(period, format, at) {
  return `lodestar-${period}-${at || 'report'}.${format === 'md' ? 'md' : 'html'}`;
}

export function mountReportDownload(parent, store, actions) {
  const period = el('select', { className: 'event-select', dataset: { report: 'period' } });
  const format = el('select', { className: 'event-select', dataset: { report: 'format' } });
  const button = el('button', { type: 'button', className: 'btn btn-primary', dataset: { report: 'download' } });
  const link = el('a', { className: 'report-link', dataset: { report: 'link' }, hidden: true });
  const status = el('span', { className: 'report-status', role: 'status' });
  const labels = [el('span', { className: 'switch-label' }), el('span', { className: 'switch-label' })];
  const box = el('div', { className: 'report-download', dataset: { report: 'box' } },
    el('label', { className: 'switch event-pick' }, labels[0], period),
    el('label', { className: 'switch event-pick' }, labels[1], format), button, link, status);
  parent.append(box);
  const my = { period: 'weekly', format: 'html', url: null };
  period.addEventListener('change', () => { my.period = period.value; });
  format.addEventListener('change', () => { my.format = format.value; });

  button.addEventListener('click', async () => {
    const s = store.get();
    button.disabled = true;
    status.textContent = t('report.making');
    try {
      const text = await actions.ask('report', {
        period: my.period, format: my.format, lang: getLocale(), rules: currentRules(s), // the current workspace's, never the run before's
      });
      if (my.url) URL.revokeObjectURL(my.url);
      my.url = URL.createObjectURL(new Blob([text], { type: TYPES[my.format] }));
      link.href = my.url;
      link.download = reportName(my.period, my.format, currentAlerts(s)?.monitor?.at);
      link.textContent = t('report.link', { name: link.download });
      link.dataset.bytes = String(text.length);
      link.hidden = false;
      status.textContent = '';
      link.click();
    } catch (err) {
      status.textContent = t('report.error', { message: err.message });
    } finally {
      button.disabled = false;
    }
  });

  function render() {
    labels[0].textContent = t('report.period');
    labels[1].textContent = t('report.format');
    period.replaceChildren(...PERIODS.map((p) => option(p, t(`report.period.${p}`), p === my.period)));
    format.replaceChildren(...FORMATS.map((f) => option(f, t(`report.format.${f}`), f === my.format)));
    button.textContent = t('report.download');
  }
  store.subscribe((s, prev) => { if (s.locale !== prev.locale) render(); });
  render();
}
