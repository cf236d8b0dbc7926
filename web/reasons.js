/* reasons.js: why the engine read a file as it did, as sentences in the
 * current locale, composed from the structured fields of its info (the
 * engine's own reasons are English, for the CLI; the page never shows them).
 *
 *   encodingReason(d.source.encoding)   // "valid UTF-8", "由字节顺序标记判定"
 *   dialectReason(d.source.dialect, n)  // "comma-separated, double quotes, …"
 *   detectionReason(d)                  // "Stripe subscriptions: matched 14 of 26 columns"
 *
 * Each returns "" when the info holds nothing it knows how to word. */
import { t, has } from './i18n/index.js';
import { formatInteger } from './format.js';
import { formatLabel, kindLabel, roleLabel, typeLabel } from './labels.js';

/* The rule that chose the encoding (source.encoding.code). */
export function encodingReason(enc) {
  const code = enc && enc.code;
  return code && has(`reason.enc.${code}`) ? t(`reason.enc.${code}`) : '';
}

/* How the CSV dialect was found (source.dialect); dropped is the number of
 * summary rows after the data that were dropped (quality.repaired). */
export function dialectReason(dl, dropped = 0) {
  if (!dl) return '';
  const quote = !dl.quote ? t('reason.quote.none')
    : t(dl.quote === "'" ? 'reason.quote.single' : 'reason.quote.double')
      + (dl.escape === 'backslash' ? t('reason.comma') + t('reason.backslash') : '');
  const rows = formatInteger(dl.sampled_rows ?? 0);
  const parts = [Number(dl.columns) > 1
    ? t('reason.shape', { delimiter: delimiterText(dl.delimiter), quote, columns: formatInteger(dl.columns), rows })
    : t('reason.oneColumn', { quote, rows })];
  const head = dl.forced ? t(dl.header ? 'reason.header.user_yes' : 'reason.header.user_no') : headerText(dl);
  if (head) parts.push(head);
  if (dl.forced) parts.push(t('reason.forced'));
  if (dl.skipped_lines) parts.push(counted('reason.skipped', dl.skipped_lines));
  if (dropped) parts.push(counted('reason.dropped', dropped));
  if (dl.ragged_rows) parts.push(counted('reason.ragged', dl.ragged_rows));
  return parts.join(t('reason.sep'));
}

/* What the dataset was detected as, and from what. */
export function detectionReason(d) {
  if (d.manual) return t('reason.detect.manual', { kind: kindLabel(d.kind) });
  if (d.listed) {
    const vars = { format: formatLabel(d.format), matched: formatInteger(d.matched ?? 0), listed: formatInteger(d.listed) };
    return t(d.kind === 'unknown' ? 'reason.detect.formatMissing' : 'reason.detect.format', vars);
  }
  const roles = (d.columns || []).filter((c) => c.role).map((c) => roleLabel(c.role)).join(t('reason.comma'));
  if (d.kind && d.kind !== 'unknown') return t('reason.detect.generic', { kind: kindLabel(d.kind), roles });
  return roles ? t('reason.detect.unknownRoles', { roles }) : t('reason.detect.unknown');
}

/* ---- private ---- */

const DELIMITERS = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function delimiterText(d) {
  const name = DELIMITERS[d];
  return name ? t(`reason.delim.${name}`) : t('reason.delim.other', { char: String(d ?? '') });
}

function headerText(dl) {
  const why = dl.header_reason;
  if (why === 'by_types') {
    return t('reason.header.by_types', { column: String(dl.header_column ?? ''), type: typeLabel(dl.header_type) });
  }
  return why && has(`reason.header.${why}`) ? t(`reason.header.${why}`) : '';
}

/* key.one for exactly one (when the locale's English has it), else key. */
function counted(key, n) {
  const k = n === 1 && has(`${key}.one`) ? `${key}.one` : key;
  return t(k, { count: formatInteger(n) });
}
