/* notify-panel.js: the Alerts view's notifications: the Slack / Feishu /
 * DingTalk incoming-webhook body of the current run (the worker's notify op,
 * core/monitor/notify.h, in the page's language) with a copy button, and
 * browser notifications: permission is asked only when the user clicks the
 * button; once granted, a run with a P0 alert the page has not told of yet
 * raises one Notification while the page is open. */
import { el, option } from './dom.js';
import { t, getLocale } from './i18n/index.js';
import { sortAlerts, currentAlerts } from './alerts-data.js';

export const TARGETS = ['slack', 'feishu', 'dingtalk'];

/* The key of a run's P0 alerts ('' when none): a notification is raised
 * once per key. */
export function p0Key(monitor) {
  const p0 = (monitor?.alerts || []).filter((a) => a.severity === 'P0');
  return p0.map((a) => `${a.rule}@${a.period ?? ''}@${a.entity ?? ''}`).sort().join('|');
}

export function mountNotifyPanel(parent, store, actions) {
  const title = el('h2', { className: 'card-title' });
  const sub = el('p', { className: 'card-subtitle' });
  const target = el('select', { className: 'event-select', dataset: { notify: 'target' } });
  const copy = el('button', { type: 'button', className: 'btn', dataset: { notify: 'copy' } });
  const copied = el('span', { className: 'notify-copied', role: 'status' });
  const payload = el('pre', { className: 'notify-payload', tabindex: '0', dataset: { notify: 'payload' } });
  const ask = el('button', { type: 'button', className: 'btn', dataset: { notify: 'permission' } });
  const perm = el('span', { className: 'notify-perm' });
  parent.append(el('article', { className: 'card notify-card', dataset: { card: 'notify' } },
    el('header', { className: 'card-header' }, el('div', {}, title, sub)),
    el('div', { className: 'notify-controls' }, target, copy, copied), payload,
    el('div', { className: 'notify-controls' }, ask, perm)));
  const my = { target: 'slack', key: '', run: null, told: '' };
  target.addEventListener('change', () => { my.target = target.value; my.key = ''; update(store.get()); });

  copy.addEventListener('click', async () => {
    const text = payload.textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const range = document.createRange(); // no clipboard access: select it for Ctrl+C
      range.selectNodeContents(payload);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      document.execCommand?.('copy');
    }
    copied.textContent = t('notify.copied');
    setTimeout(() => { copied.textContent = ''; }, 2000);
  });

  ask.addEventListener('click', async () => {
    if (typeof Notification === 'undefined') return;
    await Notification.requestPermission();
    renderPermission();
    tell(store.get());
  });

  function renderPermission() {
    const state = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
    perm.textContent = t(`notify.permission.${state}`);
    ask.hidden = state !== 'default';
    ask.textContent = t('notify.enable');
  }

  /* A browser notification for new P0 alerts of the current workspace's
   * run (never for a run of the workspace before), when allowed. */
  function tell(s) {
    const m = currentAlerts(s)?.monitor;
    const key = p0Key(m);
    if (!key || key === my.told || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    my.told = key;
    const p0 = sortAlerts(m.alerts).filter((a) => a.severity === 'P0');
    const n = new Notification(t('notify.title', { n: p0.length }), { body: p0.map((a) => a.rule).join(', '), tag: 'lodestar-p0' });
    n.onclick = () => { window.focus(); actions.showView('alerts'); };
  }

  async function update(s) {
    title.textContent = t('notify.heading');
    sub.textContent = t('notify.subtitle');
    copy.textContent = t('notify.copy');
    target.replaceChildren(...TARGETS.map((x) => option(x, t(`notify.target.${x}`), x === my.target)));
    renderPermission();
    target.setAttribute('aria-label', t('notify.target.label'));
    tell(s);
    const m = currentAlerts(s)?.monitor;
    if (s.view !== 'alerts' || !m) return;
    const key = `${my.target}|${getLocale()}`;
    if (key === my.key && my.run === m) return;
    my.key = key;
    my.run = m;
    try {
      const body = await actions.ask('notify', { monitor: m, target: my.target, lang: getLocale() });
      if (my.key === key && my.run === m) payload.textContent = JSON.stringify(body, null, 2);
    } catch (err) {
      if (my.key === key && my.run === m) payload.textContent = t('notify.error', { message: err.message });
    }
  }
  store.subscribe((s, prev) => {
    if (s.alerts !== prev.alerts || s.locale !== prev.locale || s.view !== prev.view || s.info !== prev.info) update(s);
  });
  update(store.get());
}
