/* openai.js: the OpenAI Chat Completions wire format (also spoken by Ollama,
 * LM Studio, vLLM, DeepSeek, DashScope, Moonshot…) ↔ the neutral form of
 * providers.js (see anthropic.js for it). Pure conversions and a stream
 * reader; no fetch, no DOM.
 *
 * Chat Completions has no error flag on a tool result: an error result goes
 * out as "Tool error: " + its text, and fromWire reads that prefix back. */
import { AiError, errorFromStream, parseToolArgs } from './errors.js';

const ERROR_PREFIX = 'Tool error: ';
const STOP_REASONS = { stop: 'end_turn', tool_calls: 'tool_use', function_call: 'tool_use', length: 'max_tokens' };

/* Neutral messages → Chat Completions messages (the system text first when
 * given). A user turn's tool results become role 'tool' messages, placed
 * before the turn's own text (they answer the assistant's calls just above). */
export function toWire(messages, system) {
  const out = system ? [{ role: 'system', content: system }] : [];
  for (const m of messages) {
    const texts = m.content.filter((b) => b.type === 'text' && b.text).map((b) => b.text);
    if (m.role === 'assistant') {
      const calls = m.content.filter((b) => b.type === 'tool_call').map((b) => ({
        id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.args ?? {}) } }));
      if (!texts.length && !calls.length) continue;
      const msg = { role: 'assistant', content: texts.length ? texts.join('\n\n') : null };
      if (calls.length) msg.tool_calls = calls;
      out.push(msg);
    } else {
      for (const b of m.content) {
        if (b.type !== 'tool_result') continue;
        const content = String(b.content ?? '');
        out.push({ role: 'tool', tool_call_id: b.id, content: b.isError ? ERROR_PREFIX + content : content });
      }
      if (texts.length) out.push({ role: 'user', content: texts.join('\n\n') });
    }
  }
  return out;
}

function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : p.text || '')).join('');
  return '';
}

/* Chat Completions messages → neutral messages (system messages left out:
 * the neutral form carries the system text apart). Role 'tool' messages join
 * the user turn after them, as one neutral user message. */
export function fromWire(messages) {
  const out = [];
  let pending = null; // the neutral user message the tool results go into
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'developer') continue;
    if (m.role === 'tool') {
      const text = textOf(m.content);
      const isError = text.startsWith(ERROR_PREFIX);
      if (!pending) { pending = { role: 'user', content: [] }; out.push(pending); }
      pending.content.push({ type: 'tool_result', id: m.tool_call_id, content: isError ? text.slice(ERROR_PREFIX.length) : text, isError });
      continue;
    }
    const content = [];
    const text = textOf(m.content);
    if (text) content.push({ type: 'text', text });
    for (const c of m.tool_calls || []) {
      content.push({ type: 'tool_call', id: c.id, name: c.function.name, args: parseToolArgs(c.function.arguments, c.function.name) });
    }
    if (m.role === 'user' && pending) pending.content.push(...content);
    else out.push({ role: m.role, content });
    pending = null;
  }
  return out;
}

/* Neutral tools → [{type: 'function', function: {name, description, parameters}}]. */
export function toolsToWire(tools) {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description ?? '', parameters: t.input_schema } }));
}

/* 'auto' | 'any' | 'none' | {name} → tool_choice. */
export function toolChoiceToWire(choice) {
  if (choice == null) return undefined;
  if (typeof choice === 'object') return { type: 'function', function: { name: choice.name } };
  return choice === 'any' ? 'required' : choice;
}

/* The request: {url, headers, body}. official: api.openai.com (asks for the
 * usage in the stream; max_completion_tokens). */
export function buildRequest({ base, model, key, system, messages, tools, toolChoice, maxTokens, stream = true, official = false }) {
  const headers = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const body = { model, stream, messages: toWire(messages, system) };
  if (stream && official) body.stream_options = { include_usage: true };
  if (maxTokens) body[official ? 'max_completion_tokens' : 'max_tokens'] = maxTokens;
  if (tools && tools.length) {
    body.tools = toolsToWire(tools);
    const choice = toolChoiceToWire(toolChoice);
    if (choice) body.tool_choice = choice;
  }
  return { url: `${base}/chat/completions`, headers, body };
}


function usageOf(u) {
  return { inputTokens: u && u.prompt_tokens != null ? u.prompt_tokens : null, outputTokens: u && u.completion_tokens != null ? u.completion_tokens : null };
}

/* A plain (non-streamed) response → {text, toolCalls, stopReason, usage}. */
export function fromPlain(json) {
  const choice = json && Array.isArray(json.choices) ? json.choices[0] : null;
  if (!choice || !choice.message) throw new AiError('bad_response', 'the response has no choices[0].message');
  const m = choice.message;
  const toolCalls = (m.tool_calls || []).map((c) => ({ id: c.id, name: c.function.name, args: parseToolArgs(c.function.arguments, c.function.name) }));
  return { text: textOf(m.content), toolCalls, stopReason: STOP_REASONS[choice.finish_reason] ?? choice.finish_reason ?? null, usage: usageOf(json.usage) };
}

/* A reader of the SSE events of one streamed reply (see anthropic.js). Done
 * at "data: [DONE]"; a stream that ends after a finish_reason but without
 * [DONE] is accepted (some compatible servers end so). */
export function createStream(onText, key) {
  const calls = []; // by index: {id, name, json}
  let text = '';
  let finish = null;
  let done = false;
  let usage = { inputTokens: null, outputTokens: null };

  function event({ data }) {
    if (data.trim() === '[DONE]') { done = true; return true; }
    let chunk;
    try { chunk = JSON.parse(data); } catch { throw new AiError('bad_response', 'a stream chunk is not JSON'); }
    if (chunk.error) throw errorFromStream(chunk.error, key);
    if (chunk.usage) usage = usageOf(chunk.usage);
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : null;
    if (!choice) return false;
    const d = choice.delta || {};
    if (typeof d.content === 'string' && d.content) { text += d.content; onText(d.content); }
    (d.tool_calls || []).forEach((c, pos) => {
      const i = Number.isInteger(c.index) ? c.index : pos;
      const slot = calls[i] || (calls[i] = { id: null, name: '', json: '' });
      if (c.id) slot.id = c.id;
      const f = c.function || {};
      if (f.name) slot.name += f.name;
      if (f.arguments != null) slot.json += typeof f.arguments === 'string' ? f.arguments : JSON.stringify(f.arguments);
    });
    if (choice.finish_reason) finish = choice.finish_reason;
    return false;
  }

  function result() {
    if (!done && !finish) throw new AiError('bad_response', 'the stream ended before a finish_reason or [DONE]');
    const toolCalls = calls.filter(Boolean).map((c, i) => {
      if (!c.name) throw new AiError('bad_response', 'a tool call without a name');
      return { id: c.id || `call_${i}`, name: c.name, args: parseToolArgs(c.json, c.name) };
    });
    return { text, toolCalls, stopReason: STOP_REASONS[finish] ?? finish, usage };
  }

  return { event, result };
}
