/* labels.js: the engine's names (kinds, roles, formats, types, encodings)
 * as text in the current locale. A name the catalog does not know is shown
 * as it is. */
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

/* "utf-8" → "UTF-8", "gb18030" → "GB18030", "utf-16le" → "UTF-16LE". */
export function encodingLabel(name) {
  return String(name ?? '').toUpperCase();
}

function known(key, fallback) {
  return has(key) ? t(key) : String(fallback ?? '');
}
