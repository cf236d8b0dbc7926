/* theme.js: the light and dark themes.
 *
 * The page follows the system (prefers-color-scheme) until the topbar's select
 * (data-testid="theme": system, light, dark) pins a theme; the choice is kept in
 * localStorage. <html data-theme="light|dark"> names the theme shown and
 * <meta name="color-scheme"> follows it; style.css's colours are light-dark()
 * pairs, decided by the root's color-scheme. Canvas charts read their colours
 * at draw time (chart-kit.js cssColor/paint) and redraw on onThemeChange.
 * Printing is light: the page switches to light for the print and back.
 *
 *   mountThemeSwitch(select); currentTheme() → 'light' | 'dark';
 *   setThemeChoice('dark'); onThemeChange((theme) => redraw()) → unsubscribe */
import { t, onLocaleChange } from './i18n/index.js';

export const THEME_CHOICES = ['system', 'light', 'dark'];
const STORAGE_KEY = 'lodestar.theme';
const listeners = new Set();
const system = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
let choice = readChoice();
let shown = null;
let printing = false; // printed light whatever the screen shows (style.css @media print)

/* ---- API ---- */

export function getThemeChoice() {
  return choice;
}

/* 'light' or 'dark': the theme shown now. */
export function currentTheme() {
  if (printing) return 'light';
  return choice === 'system' ? (system && system.matches ? 'dark' : 'light') : choice;
}

export function setThemeChoice(next) {
  choice = THEME_CHOICES.includes(next) ? next : 'system';
  try { localStorage.setItem(STORAGE_KEY, choice); } catch { /* private mode */ }
  apply();
}

export function onThemeChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/* The topbar's select: its options in the current language, the stored choice. */
export function mountThemeSwitch(select) {
  const render = () => {
    select.replaceChildren(...THEME_CHOICES.map((c) => {
      const opt = document.createElement('option');
      opt.value = c;
      opt.textContent = t(`theme.${c}`);
      return opt;
    }));
    select.value = choice;
    select.setAttribute('aria-label', t('theme.label'));
  };
  render();
  select.addEventListener('change', () => setThemeChoice(select.value));
  onLocaleChange(render);
}

/* ---- private ---- */

function readChoice() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (THEME_CHOICES.includes(saved)) return saved;
  } catch { /* private mode */ }
  return 'system';
}

function apply() {
  const theme = currentTheme();
  const root = document.documentElement;
  root.dataset.theme = theme;
  const meta = document.querySelector('meta[name="color-scheme"]');
  if (meta) meta.content = theme;
  if (theme === shown) return;
  const first = shown === null;
  shown = theme;
  if (!first) for (const fn of [...listeners]) fn(theme);
}

if (typeof document !== 'undefined') {
  apply();
  if (system) system.addEventListener('change', () => { if (choice === 'system') apply(); });
  // the charts are drawn again in light colours for paper, and back after
  addEventListener('beforeprint', () => { printing = true; apply(); });
  addEventListener('afterprint', () => { printing = false; apply(); });
}
