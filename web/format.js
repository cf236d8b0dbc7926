/* format.js: numbers, money, percentages and periods through Intl, in the
 * current locale. Formatters are cached per locale and options.
 *
 *   formatValue(48213.5, 'currency')            // "$48,214"
 *   formatValue(48213.5, 'currency', {compact}) // "$48K"
 *   formatValue(0.0418, 'ratio')                // "4.2%"  (a ratio is a fraction: 1 = 100%)
 *   formatValue(7.26, 'months')                 // "7.3 months", compact "7.3m"
 *   formatValue(4.4, 'multiple')                // "4.4×" (LTV:CAC, quick ratio)
 *   formatValue(750, 'seconds')                 // "750 seconds", compact "750s" (session durations)
 *   formatPeriod('2025-11', 'month')            // "Nov 2025"
 *   formatPeriod('2025-Q4')                     // "Q4 2025" (zh-CN "2025年第4季度")
 * The catalog's units are "currency", "count", "ratio", "multiple", "months" and "seconds"; any other
 * unit formats as a plain number.
 * NaN and ±Infinity format as an em dash. Periods and dates are shown in UTC:
 * the engine has already placed them in the workspace time zone. */
import { getLocale, t } from './i18n/index.js';

export const DEFAULT_CURRENCY = 'USD';
const DASH = '—';
const cache = new Map();
let shown = DEFAULT_CURRENCY; // the reporting currency money is shown in

/* ---- API ---- */

/* Show money in this currency from now on (the `currency` setting; empty or
 * not a three-letter code: the default). */
export function setDisplayCurrency(code) {
  shown = /^[A-Za-z]{3}$/.test(String(code ?? '')) ? String(code).toUpperCase() : DEFAULT_CURRENCY;
}

export function formatValue(v, unit, { compact = false, currency = shown } = {}) {
  if (!Number.isFinite(v)) return DASH;
  if (unit === 'currency') return formatCurrency(v, { compact, currency });
  if (unit === 'ratio') return formatRatio(v);
  if (unit === 'months') return formatMonths(v, { compact });
  if (unit === 'seconds') return formatSeconds(v, { compact });
  if (unit === 'multiple') return `${fmt({ maximumFractionDigits: 1 }).format(v)}×`;
  return formatNumber(v, { compact });
}

/* A difference of ratios in percentage points: 0.012 → "+1.2 pp". */
export function formatPointChange(diff) {
  if (!Number.isFinite(diff)) return DASH;
  const points = fmt({ signDisplay: 'exceptZero', maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(diff * 100);
  return t('format.points', { points });
}

/* A ratio (a fraction) as a percentage with one decimal at most: 0.0418 →
 * "4.2%", 1.181 → "118.1%". */
export function formatRatio(ratio) {
  if (!Number.isFinite(ratio)) return DASH;
  return fmt({ style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/* A number of months: "7.3 months" (zh: "7.3个月"); compact "7.3m" for axes. */
export function formatMonths(v, { compact = false } = {}) {
  if (!Number.isFinite(v)) return DASH;
  return fmt({ style: 'unit', unit: 'month', unitDisplay: compact ? 'narrow' : 'long', maximumFractionDigits: 1 }).format(v);
}

/* A number of seconds: "750 seconds" (zh: "750秒"); compact "750s" for axes. */
export function formatSeconds(v, { compact = false } = {}) {
  if (!Number.isFinite(v)) return DASH;
  return fmt({ style: 'unit', unit: 'second', unitDisplay: compact ? 'narrow' : 'long',
    maximumFractionDigits: Math.abs(v) < 10 ? 1 : 0 }).format(v);
}

export function formatNumber(v, { compact = false, digits } = {}) {
  if (!Number.isFinite(v)) return DASH;
  // a fraction below 1 keeps two significant digits (0.034 events per second, not 0)
  const small = digits == null && v !== 0 && Math.abs(v) < 1;
  const opts = small ? { maximumSignificantDigits: 2 }
    : compact
      ? { notation: 'compact', maximumFractionDigits: 1 }
      : { maximumFractionDigits: digits ?? (Number.isInteger(v) ? 0 : Math.abs(v) < 100 ? 2 : 0) };
  return fmt(opts).format(v);
}

export function formatCurrency(v, { compact = false, currency = shown } = {}) {
  if (!Number.isFinite(v)) return DASH;
  const opts = { style: 'currency', currency, currencyDisplay: 'narrowSymbol' };
  if (compact) {
    opts.notation = 'compact';
    opts.maximumFractionDigits = 1;
  } else {
    const small = Math.abs(v) < 1000 && !Number.isInteger(v);
    opts.minimumFractionDigits = small ? 2 : 0;
    opts.maximumFractionDigits = small ? 2 : 0;
  }
  return fmt(opts).format(v);
}

/* Change as a signed percentage: 0.042 → "+4.2%". */
export function formatPercentChange(ratio) {
  if (!Number.isFinite(ratio)) return DASH;
  const digits = Math.abs(ratio) < 0.1 && ratio !== 0 ? 1 : 0;
  return fmt({ style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(ratio);
}

/* A ratio as a percentage: 0.42 → "42%". */
export function formatPercent(ratio) {
  if (!Number.isFinite(ratio)) return DASH;
  return fmt({ style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

export function formatInteger(v) {
  return Number.isFinite(v) ? fmt({ maximumFractionDigits: 0 }).format(v) : DASH;
}

/* A unix time (seconds) as a date: style 'day' (Nov 3, 2025), 'month' (Nov 2025),
 * 'dayShort' (Nov 3), 'monthShort' (Nov), 'year' (2025). */
export function formatDate(sec, style = 'day') {
  if (!Number.isFinite(sec)) return DASH;
  const opts = {
    day: { year: 'numeric', month: 'short', day: 'numeric' },
    month: { year: 'numeric', month: 'short' },
    dayShort: { month: 'short', day: 'numeric' },
    monthShort: { month: 'short' },
    year: { year: 'numeric' },
  }[style] || { year: 'numeric', month: 'short', day: 'numeric' };
  return dtf({ ...opts, timeZone: 'UTC' }).format(new Date(sec * 1000));
}

/* An engine period label ('2025', '2025-Q4', '2025-11', '2025-W45', '2025-11-03')
 * in the current locale. Falls back to the label itself. */
export function formatPeriod(period, grain) {
  const s = String(period ?? '');
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    const sec = Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000;
    return grain === 'month' ? formatDate(sec, 'month') : formatDate(sec, 'day');
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) return formatDate(Date.UTC(+m[1], +m[2] - 1, 1) / 1000, 'month');
  if ((m = /^(\d{4})-W(\d{2})$/.exec(s))) {
    return formatDate(isoWeekStart(+m[1], +m[2]), 'day');
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) return t('format.quarter', { year: m[1], q: m[2] });
  if (/^\d{4}$/.test(s)) return s;
  return s;
}

/* The first day of an engine period label as unix seconds of that calendar
 * day at 00:00 UTC: the period's wall-clock start in the workspace zone,
 * placed on a UTC axis so every label reads as the engine named the period.
 * NaN for a label of another shape. */
export function periodStart(period) {
  const s = String(period ?? '');
  let m;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000;
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) return Date.UTC(+m[1], +m[2] - 1, 1) / 1000;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(s))) return isoWeekStart(+m[1], +m[2]);
  if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) return Date.UTC(+m[1], (+m[2] - 1) * 3, 1) / 1000;
  if ((m = /^(\d{4})$/.exec(s))) return Date.UTC(+m[1], 0, 1) / 1000;
  return NaN;
}

/* ---- private ---- */

function fmt(opts) {
  const key = `n|${getLocale()}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(getLocale(), opts);
    cache.set(key, f);
  }
  return f;
}

function dtf(opts) {
  const key = `d|${getLocale()}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(getLocale(), opts);
    cache.set(key, f);
  }
  return f;
}

/* Monday of ISO week w of year y, unix seconds. */
function isoWeekStart(y, w) {
  const jan4 = Date.UTC(y, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return (jan4 - dow * 86400000 + (w - 1) * 7 * 86400000) / 1000;
}
