/* labels.js: the engine's names (kinds, roles, formats, types, encodings,
 * metrics, settings and their choices) as text in the current locale. A name
 * the message catalog does not know is shown as it is (a metric or setting
 * by its English title or description from the engine, when given). */
import { t, has } from './i18n/index.js';

export const TYPES = ['int', 'float', 'timestamp', 'date', 'bool', 'string'];

export function kindLabel(kind) {
  return known(`kind.${kind}`, kind);
}

export function roleLabel(role) {
  return known(`role.${role}`, role);
}

export function formatLabel(format) {
  return known(`format.${format}`, format);
}

export function typeLabel(type) {
  return known(`type.${type}`, type);
}

export function metricLabel(metric, title) {
  return known(`metric.${metric}.label`, title ?? metric);
}

/* The metric's definition: the locale's text, else the catalog's (English). */
export function metricDescription(metric, description) {
  return known(`metric.${metric}.description`, description ?? '');
}

export function settingLabel(name) {
  return known(`setting.${name}.label`, name);
}

export function settingDescription(name, description) {
  return known(`setting.${name}.description`, description ?? '');
}

export function settingChoiceLabel(name, choice) {
  return known(`setting.${name}.choice.${choice}`, choice);
}

/* "utf-8" → "UTF-8", "gb18030" → "GB18030", "utf-16le" → "UTF-16LE". */
export function encodingLabel(name) {
  return String(name ?? '').toUpperCase();
}

function known(key, fallback) {
  return has(key) ? t(key) : String(fallback ?? '');
}
