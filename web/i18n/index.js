/* i18n/index.js: message keys → text in the current locale.
 *
 *   t('kpi.vs', {period: 'Oct 2025'})   // "vs Oct 2025"
 *   setLocale('zh-CN'); onLocaleChange(fn); translate(root)  // fills [data-i18n] elements
 *
 * A key missing from a locale falls back to English, then to the key itself.
 * {name} placeholders are replaced with the given values as plain text. */
import en from './en.js';
import zhCN from './zh-CN.js';
import zhTW from './zh-TW.js';

export const LOCALES = [
  { code: 'en', name: 'English', messages: en },
  { code: 'zh-CN', name: '简体中文', messages: zhCN },
  { code: 'zh-TW', name: '繁體中文', messages: zhTW },
];

const STORAGE_KEY = 'lodestar.locale';
const listeners = new Set();
let current = pickInitial();

/* ---- API ---- */

export function t(key, vars) {
  const messages = find(current).messages;
  let s = messages[key] ?? en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/* True when key exists in English (the reference locale). */
export function has(key) {
  return key in en;
}

export function getLocale() {
  return current;
}

export function setLocale(code) {
  const next = find(code).code;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* private mode */ }
  if (next === current) return;
  current = next;
  document.documentElement.lang = current;
  for (const fn of listeners) fn(current);
}

export function onLocaleChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/* Fill every element under root carrying data-i18n="key" (its text) or
 * data-i18n-attr="attr:key;attr:key" (its attributes). */
export function translate(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

/* ---- private ---- */

function find(code) {
  return LOCALES.find((l) => l.code === code) || LOCALES[0];
}

/* The stored choice, else the browser's: zh-TW / zh-HK / zh-Hant → zh-TW,
 * other zh → zh-CN, anything else English. */
function pickInitial() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && LOCALES.some((l) => l.code === saved)) return saved;
  } catch { /* private mode */ }
  const langs = (typeof navigator !== 'undefined' && (navigator.languages || [navigator.language])) || [];
  for (const raw of langs) {
    const l = String(raw || '').toLowerCase();
    if (/^zh-(tw|hk|mo|hant)/.test(l)) return 'zh-TW';
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}
