/* reports-view.js: the Reports view (tab `reports`): the daily, weekly or
 * monthly report of the workspace (core/report/report.h, the worker's report
 * op; docs/reports.md) previewed in the page, in the page's language and
 * with the workspace's rules, plus "Download report" (report-download.js: its
 * period select drives the preview too) and Print.
 *
 * The preview is the report's own HTML in an <iframe sandbox=""> through
 * srcdoc: no scripts, an opaque origin, so nothing in the data can reach the
 * page. Print opens the same HTML from a Blob URL in a window of its own and
 * prints it (the sandboxed frame may not print itself).
 * Hooks: [data-report=period] (the select), [data-report=preview] (the
 * iframe; data-period and data-lang name what it shows, data-state
 * 'loading' | 'drawn' | 'error'), [data-report=print]. */
import { el } from './dom.js';
import { t, getLocale } from './i18n/index.js';
import { renderEmpty } from './hints.js';
import { currentRules } from './alerts-data.js';
import { mountReportDownload } from './report-download.js';

export function mountReportsView(root, store, actions) {
  const title = el('h1', { className: 'view-title', id: 'reports-title' });
  const sub = el('p', { className: 'view-sub' });
  const empty = el('div', { className: 'card revenue-empty' });
  const tools = el('div', { className: 'reports-tools' });
  const print = el('button', { type: 'button', className: 'btn', dataset: { report: 'print' } });
  const status = el('p', { className: 'reports-status', role: 'status' });
  // made when the view first shows a report, so a page that never opens it holds no frame
  let frame = null;
  const body = el('article', { className: 'card reports-card' }, tools, status);
  root.append(el('header', { className: 'view-head' }, el('div', {}, title, sub)), empty, body);
  mountReportDownload(tools, store, actions);
  tools.append(print);
  const period = tools.querySelector('[data-report=period]');

  let shown = null; // {period, lang, info, rules, html}: what the preview holds
  let gen = 0;

  async function preview(s) {
    const want = { period: period.value || 'weekly', lang: getLocale(), info: s.info, rules: currentRules(s) };
    if (shown && ['period', 'lang', 'info', 'rules'].every((k) => shown[k] === want[k])) return;
    const mine = ++gen;
    frame.dataset.state = 'loading';
    status.textContent = t('report.making');
    try {
      const html = await actions.ask('report', { period: want.period, format: 'html', lang: want.lang, rules: want.rules });
      if (mine !== gen) return;
      shown = { ...want, html };
      frame.srcdoc = html;
      frame.dataset.period = want.period;
      frame.dataset.lang = want.lang;
      frame.dataset.state = 'drawn';
      status.textContent = '';
    } catch (err) {
      if (mine !== gen) return;
      shown = null;
      frame.removeAttribute('srcdoc');
      frame.dataset.state = 'error';
      status.textContent = t('report.error', { message: err.message });
    }
  }

  print.addEventListener('click', () => {
    if (!shown) return;
    const url = URL.createObjectURL(new Blob([shown.html], { type: 'text/html;charset=utf-8' }));
    const w = window.open(url, '_blank');
    if (!w) {
      status.textContent = t('reports.printBlocked');
      URL.revokeObjectURL(url);
      return;
    }
    w.addEventListener('load', () => {
      w.print();
      URL.revokeObjectURL(url);
    }, { once: true });
  });
  period.addEventListener('change', () => preview(store.get()));

  function render(s) {
    if (s.view !== 'reports') return;
    title.textContent = t('views.reports');
    sub.textContent = t('reports.subtitle');
    print.textContent = t('reports.print');
    const hasData = s.info.datasets.length > 0;
    empty.hidden = hasData;
    body.hidden = !hasData;
    if (!hasData) return renderEmpty(empty, actions, 'reports');
    if (!frame) body.append(frame = el('iframe', { className: 'reports-frame', sandbox: '', dataset: { report: 'preview' } }));
    frame.title = t('reports.previewLabel', { period: t(`report.period.${period.value || 'weekly'}`) });
    if (s.engine) preview(s);
  }
  store.subscribe((s, prev) => {
    if (s.view === 'reports' && (s.view !== prev.view || s.locale !== prev.locale || s.info !== prev.info
      || s.engine !== prev.engine || s.alerts !== prev.alerts || s.settings !== prev.settings)) {
      if (s.settings !== prev.settings) shown = null; // the same workspace, other numbers
      render(s);
    }
  });
  render(store.get());
}
