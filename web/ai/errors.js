/* errors.js: what went wrong with a call to an LLM provider, as one kind the
 * page can explain (t('ai.error.' + kind)). No DOM; no fetch of its own
 * except the no-cors probe, through the fetch it is given.
 *
 * Kinds: auth (401/403), rate_limit (429; retryAfter in seconds from the
 * retry-after header), not_found (404: the model or the URL), bad_request
 * (400/413/422 and other 4xx; the provider's own message in detail), server
 * (5xx, 529 overloaded), cors (the call threw but a no-cors probe of the same
 * URL got an answer: the server is up and refuses browser pages), network
 * (both threw), insecure (plain http to a host other than localhost or
 * 127.0.0.1: refused before sending, the page's CSP would block it),
 * aborted (the user stopped it), bad_response (a reply that breaks the wire
 * format). `message` is English, for logs. A key never appears in a message
 * or a detail: provider texts pass through redact() first. */

export const AI_ERROR_KINDS = ['auth', 'rate_limit', 'not_found', 'bad_request', 'server', 'cors', 'network', 'insecure',
  'aborted', 'bad_response'];

export class AiError extends Error {
  /* kind one of AI_ERROR_KINDS; opts {status, detail, retryAfter, cause}. */
  constructor(kind, message, { status = null, detail = '', retryAfter = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AiError';
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }
}

/* The plain-http hosts the page's CSP (connect-src) lets it call. Not [::1]:
 * Chromium refuses an IPv6 literal in a CSP source list, so the page cannot
 * allow it; such a URL is 'insecure' here, with a pointer to 127.0.0.1. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/* The parsed URL when a request may go there; throws AiError 'insecure' for
 * plain http to another host, 'bad_request' for a URL that is not http(s). */
export function checkUrl(text) {
  let url;
  try { url = new URL(text); } catch {
    throw new AiError('bad_request', 'the base URL is not a valid URL', { detail: 'the base URL is not a valid URL' });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (LOCAL_HOSTS.has(url.hostname)) return url;
    throw new AiError('insecure', `plain http to ${url.host} is refused: use https, or a server on localhost or 127.0.0.1`,
      { detail: url.host });
  }
  throw new AiError('bad_request', `the base URL must start with https:// (${url.protocol} given)`,
    { detail: `the base URL must start with https:// (${url.protocol} given)` });
}

/* text with key, and anything shaped like an API key, replaced by "…". */
export function redact(text, key) {
  let s = String(text ?? '');
  if (key && key.length >= 4) s = s.split(key).join('…');
  return s.replace(/\b(sk|pk|key)-[A-Za-z0-9_*.-]{6,}/g, '$1-…');
}

/* Seconds from a retry-after header value (seconds, or an HTTP date); null
 * when absent or unreadable. now: ms since the epoch (for tests). */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value === '') return null;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text));
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/* The kind of an HTTP status that is not ok. */
export function kindOfStatus(status) {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/* The provider's own message in an error body: {error: {message}} (Anthropic,
 * OpenAI), {error: "text"}, {message} or {detail} (vLLM, FastAPI servers), or
 * the start of the text. */
export function providerMessage(bodyText) {
  let json = null;
  try { json = JSON.parse(bodyText); } catch { /* plain text */ }
  const pick = (v) => (typeof v === 'string' ? v : v && typeof v.message === 'string' ? v.message : null);
  const found = json && typeof json === 'object'
    ? pick(json.error) || pick(json) || (typeof json.detail === 'string' ? json.detail : json.detail ? JSON.stringify(json.detail) : null)
    : null;
  return (found || String(bodyText || '')).trim().slice(0, 500);
}

/* AiError for a response that is not ok (status, headers, body text). */
export function errorFromResponse(status, headers, bodyText, key) {
  const kind = kindOfStatus(status);
  const detail = redact(providerMessage(bodyText), key);
  const retryAfter = kind === 'rate_limit' ? parseRetryAfter(headers && headers.get ? headers.get('retry-after') : null) : null;
  return new AiError(kind, `the provider answered ${status}${detail ? `: ${detail}` : ''}`, { status, detail, retryAfter });
}

/* Anthropic's error types (also in a stream's error event) → kinds. */
const TYPE_KINDS = {
  authentication_error: 'auth', permission_error: 'auth', rate_limit_error: 'rate_limit', not_found_error: 'not_found',
  invalid_request_error: 'bad_request', request_too_large: 'bad_request', overloaded_error: 'server', api_error: 'server',
  insufficient_quota: 'rate_limit', invalid_api_key: 'auth', rate_limit_exceeded: 'rate_limit',
};

/* AiError for an error object sent inside a 200 stream ({type, code, message}). */
export function errorFromStream(error, key) {
  const e = error && typeof error === 'object' ? error : { message: String(error) };
  const kind = TYPE_KINDS[e.type] || TYPE_KINDS[e.code] || 'server';
  const detail = redact(typeof e.message === 'string' ? e.message : JSON.stringify(e), key).slice(0, 500);
  return new AiError(kind, `the provider sent an error in the stream: ${detail}`, { detail });
}

/* The kind of a fetch that threw: aborted when the signal was; else cors
 * when the no-cors probe got any response (opaque in a browser: the server
 * is there and refuses cross-origin calls), network when it threw too. */
export function failureKind({ aborted = false, probe }) {
  if (aborted) return 'aborted';
  return probe === 'opaque' || probe === 'response' ? 'cors' : 'network';
}

/* AiError for a fetch of url that threw err: probes url with mode 'no-cors'
 * (no headers, no body, so no key) through fetchImpl to tell cors from network. */
export async function errorFromFetchFailure(err, { url, fetchImpl, signal }) {
  const aborted = Boolean(signal && signal.aborted) || (err && err.name === 'AbortError');
  let probe = 'threw';
  if (!aborted) {
    try {
      const r = await fetchImpl(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal });
      probe = r.type === 'opaque' ? 'opaque' : 'response';
    } catch { probe = 'threw'; }
  }
  const kind = failureKind({ aborted, probe });
  const host = (() => { try { return new URL(url).host; } catch { return ''; } })();
  const message = {
    aborted: 'the request was stopped',
    cors: `${host} is up but does not accept calls from a browser page (CORS)`,
    network: `${host} could not be reached`,
  }[kind];
  return new AiError(kind, message, { detail: host, cause: err });
}

/* A tool call's arguments (JSON text; an object as some compatible servers
 * send; empty text as {}) → an object; bad_response for anything else. */
export function parseToolArgs(json, name) {
  if (json == null || (typeof json === 'string' && json.trim() === '')) return {};
  let args = json;
  if (typeof json === 'string') {
    try { args = JSON.parse(json); } catch { args = null; }
  }
  if (args && typeof args === 'object' && !Array.isArray(args)) return args;
  throw new AiError('bad_response', `the arguments of the ${name} tool call are not a JSON object`);
}
