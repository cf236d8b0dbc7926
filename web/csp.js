/* csp.js: the page's network narrowed to itself and the assistant's endpoint.
 *
 * index.html's Content-Security-Policy (and the single-file build's) lets
 * connect-src reach any https: origin and the loopback, where the LLM endpoint
 * a user configures may be. Imported first by app.js, before anything of the
 * page asks the network, this module adds a second policy <meta>: a browser
 * enforces every policy, so connections are the intersection: 'self', the
 * loopback (a model served on this machine: Ollama, LM Studio) and the origin
 * of the endpoint saved in the assistant settings (web/ai/keystore.js). Data
 * can thus reach no other host. A policy cannot be widened once set: an
 * endpoint saved later on another origin is reached after a reload, which
 * askReloadFor offers once per origin.
 *
 *   connectAllowed('https://api.openai.com/v1') → false unless allowed at load
 *   askReloadFor(url, message)                  → confirm() and reload when not allowed */
import { loadConfig } from './ai/keystore.js';

const LOOPBACK = ['http://localhost:*', 'http://127.0.0.1:*'];
const asked = new Set();
let endpoint = null; // the saved endpoint's origin allowed at load, or null
let installed = false;

/* ---- API ---- */

export function connectAllowed(url) {
  if (!installed) return true;
  const o = originOf(url);
  if (!o) return true; // not a URL: the request fails on its own
  const { protocol, hostname } = new URL(o);
  return o === location.origin || o === endpoint
    || (protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1'));
}

export function askReloadFor(url, message) {
  const o = originOf(url);
  if (!o || connectAllowed(url) || asked.has(o)) return;
  asked.add(o);
  if (typeof confirm === 'function' && confirm(message.replace('{origin}', o))) location.reload();
}

/* ---- private ---- */

function originOf(url) {
  try {
    const u = new URL(String(url || ''));
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch { return null; }
}

function install() {
  const saved = loadConfig();
  const o = saved && originOf(saved.baseUrl);
  endpoint = o && o.startsWith('https:') ? o : null;
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `connect-src 'self' ${[...LOOPBACK, ...(endpoint ? [endpoint] : [])].join(' ')}`;
  meta.dataset.narrow = '';
  document.head.append(meta);
  installed = true;
}

if (typeof document !== 'undefined' && document.head) install();
