/* providers.js: one streamed model turn against the user's LLM provider,
 * straight from the page (no server of ours in between). No DOM; fetch is
 * read when a call is made (or passed in), so Node 20 imports this too.
 *
 *   const r = await chatTurn({provider: 'anthropic', baseUrl, model, key,
 *     system, messages, tools, signal, onText: (d) => …});
 *   r → {text, toolCalls: [{id, name, args}], stopReason, usage}
 *
 * Messages and tools are neutral (anthropic.js has the shape); the adapters
 * anthropic.js and openai.js convert both ways. stopReason: 'end_turn',
 * 'tool_use', 'max_tokens' or the provider's own word; usage {inputTokens,
 * outputTokens} (null when not sent). Failures are AiError (errors.js). The
 * key goes in a header only, never in the URL, a message or a detail. */
import * as anthropicWire from './anthropic.js';
import * as openaiWire from './openai.js';
import { AiError, checkUrl, errorFromFetchFailure, errorFromResponse } from './errors.js';
import { readSse } from './sse.js';

export const PROVIDERS = {
  anthropic: { label: 'Anthropic', baseUrl: 'https://api.anthropic.com', model: 'claude-sonnet-4-5', wire: 'anthropic' },
  openai: { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', wire: 'openai' },
  compatible: { label: 'OpenAI-compatible', baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5', wire: 'openai' },
};

export const WIRES = { anthropic: anthropicWire, openai: openaiWire };

/* The key as a header can carry it: pasted spaces and line ends trimmed; a
 * character no header may hold (fetch would throw, which would read as a
 * network failure) is AiError 'auth'. */
function cleanKey(key) {
  const k = String(key ?? '').trim();
  if (/[^\x21-\x7e]/.test(k)) throw new AiError('auth', 'the key contains characters an API key cannot have (spaces or non-ASCII)');
  return k;
}

/* {url, headers, body, wire} of a chatTurn call, without sending it (the
 * page's preview and the tests read it). Throws AiError for an unknown
 * provider ('bad_request'), a URL the page may not call ('insecure') and a
 * key no header can carry ('auth'). */
export function buildTurnRequest({ provider, baseUrl, model, key, system, messages, tools, toolChoice, maxTokens, stream = true }) {
  const p = PROVIDERS[provider];
  if (!p) throw new AiError('bad_request', `unknown provider ${provider}`, { detail: `unknown provider ${provider}` });
  const base = String(baseUrl || p.baseUrl).trim().replace(/\/+$/, '');
  checkUrl(base);
  const wire = WIRES[p.wire];
  const req = wire.buildRequest({ base, model: model || p.model, key: cleanKey(key), system, messages, tools: tools || [], toolChoice,
    maxTokens, stream, official: provider === 'openai' });
  return { ...req, wire };
}

/* One model turn, streamed: text deltas go to onText as they arrive. A
 * server that answers a stream request with plain JSON is read too. */
export async function chatTurn({ provider, baseUrl, model, key, system, messages, tools, toolChoice, maxTokens, signal,
  onText = () => {}, fetch: fetchImpl = globalThis.fetch }) {
  const { url, headers, body, wire } = buildTurnRequest({ provider, baseUrl, model, key, system, messages, tools, toolChoice, maxTokens });
  if (signal && signal.aborted) throw new AiError('aborted', 'the request was stopped');

  let response;
  try {
    response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(body), signal, credentials: 'omit', cache: 'no-store' });
  } catch (err) {
    throw await errorFromFetchFailure(err, { url, fetchImpl, signal });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw errorFromResponse(response.status, response.headers, text, key);
  }

  const type = (response.headers.get('content-type') || '').toLowerCase();
  try {
    if (type.includes('application/json')) {
      const result = wire.fromPlain(await response.json());
      if (result.text) onText(result.text);
      return result;
    }
    const stream = wire.createStream(onText, key);
    for await (const ev of readSse(response)) {
      if (stream.event(ev)) break;
    }
    return stream.result();
  } catch (err) {
    if (err instanceof AiError) throw err;
    if ((signal && signal.aborted) || (err && err.name === 'AbortError')) throw new AiError('aborted', 'the request was stopped', { cause: err });
    if (err instanceof SyntaxError) throw new AiError('bad_response', 'the response is not valid JSON', { cause: err });
    throw new AiError('network', 'the connection broke while the answer was streaming', { cause: err });
  }
}
