/* anthropic.js: the Anthropic Messages API wire format ↔ the neutral form
 * of providers.js. Pure conversions and a stream reader; no fetch, no DOM.
 *
 * Neutral messages: [{role: 'user'|'assistant', content: [{type: 'text', text}
 * | {type: 'tool_call', id, name, args} | {type: 'tool_result', id, content,
 * isError}]}]; neutral tools: [{name, description, input_schema}] (the C
 * definitions, which are already Anthropic's shape). */
import { AiError, errorFromStream, parseToolArgs } from './errors.js';

export const ANTHROPIC_VERSION = '2023-06-01';
const DEFAULT_MAX_TOKENS = 4096;

/* Neutral messages → Anthropic messages. Empty text blocks and messages left
 * without content are dropped (the API refuses both). */
export function toWire(messages) {
  const out = [];
  for (const m of messages) {
    const content = [];
    for (const b of m.content) {
      if (b.type === 'text') { if (b.text) content.push({ type: 'text', text: b.text }); }
      else if (b.type === 'tool_call') content.push({ type: 'tool_use', id: b.id, name: b.name, input: b.args ?? {} });
      else if (b.type === 'tool_result') {
        const block = { type: 'tool_result', tool_use_id: b.id, content: String(b.content ?? '') };
        if (b.isError) block.is_error = true;
        content.push(block);
      }
    }
    if (content.length) out.push({ role: m.role, content });
  }
  return out;
}

/* Anthropic messages (content a string or blocks) → neutral messages. */
export function fromWire(messages) {
  return messages.map((m) => {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    const content = [];
    for (const b of blocks) {
      if (b.type === 'text') content.push({ type: 'text', text: b.text });
      else if (b.type === 'tool_use') content.push({ type: 'tool_call', id: b.id, name: b.name, args: b.input ?? {} });
      else if (b.type === 'tool_result') {
        const text = typeof b.content === 'string' ? b.content
          : (b.content || []).filter((c) => c.type === 'text').map((c) => c.text).join('');
        content.push({ type: 'tool_result', id: b.tool_use_id, content: text, isError: Boolean(b.is_error) });
      }
    }
    return { role: m.role, content };
  });
}

/* Neutral tools → Anthropic tools (the same fields, copied). */
export function toolsToWire(tools) {
  return tools.map((t) => ({ name: t.name, description: t.description ?? '', input_schema: t.input_schema }));
}

/* 'auto' | 'any' | 'none' | {name} → Anthropic's tool_choice. */
export function toolChoiceToWire(choice) {
  if (choice == null) return undefined;
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  return { type: choice };
}

/* The request: {url, headers, body}. base has no trailing slash; a base
 * ending in /v1 is taken as meant. */
export function buildRequest({ base, model, key, system, messages, tools, toolChoice, maxTokens, stream = true }) {
  const url = /\/v1$/.test(base) ? `${base}/messages` : `${base}/v1/messages`;
  const headers = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    'anthropic-dangerous-direct-browser-access': 'true',
  };
  if (key) headers['x-api-key'] = key;
  const body = { model, max_tokens: maxTokens || DEFAULT_MAX_TOKENS, stream, messages: toWire(messages) };
  if (system) body.system = system;
  if (tools && tools.length) {
    body.tools = toolsToWire(tools);
    const choice = toolChoiceToWire(toolChoice);
    if (choice) body.tool_choice = choice;
  }
  return { url, headers, body };
}


/* A plain (non-streamed) response → {text, toolCalls, stopReason, usage}. */
export function fromPlain(json) {
  if (!json || !Array.isArray(json.content)) throw new AiError('bad_response', 'the response has no content array');
  const text = json.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
  const toolCalls = json.content.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, args: b.input ?? {} }));
  const u = json.usage || {};
  return { text, toolCalls, stopReason: json.stop_reason ?? null,
    usage: { inputTokens: u.input_tokens ?? null, outputTokens: u.output_tokens ?? null } };
}

/* A reader of the SSE events of one streamed reply. event({event, data})
 * returns true once message_stop came; result() gives {text, toolCalls,
 * stopReason, usage}, or throws bad_response when the stream ended early.
 * onText(delta) gets each text delta as it comes. */
export function createStream(onText, key) {
  const blocks = []; // by index: {type, text} | {type: 'tool_use', id, name, json}
  let text = '';
  let stopReason = null;
  let stopped = false;
  const usage = { inputTokens: null, outputTokens: null };

  function parse(data) {
    try { return JSON.parse(data); } catch {
      throw new AiError('bad_response', 'a stream event is not JSON');
    }
  }

  function event({ event: name, data }) {
    if (name === 'ping') return false;
    const ev = parse(data);
    const type = ev.type || name;
    if (type === 'error') throw errorFromStream(ev.error, key);
    if (type === 'message_start') {
      const u = (ev.message && ev.message.usage) || {};
      usage.inputTokens = u.input_tokens ?? null;
      usage.outputTokens = u.output_tokens ?? null;
    } else if (type === 'content_block_start') {
      const b = ev.content_block || {};
      blocks[ev.index] = b.type === 'tool_use' ? { type: 'tool_use', id: b.id, name: b.name, json: '' } : { type: b.type, text: '' };
      if (b.type === 'text' && b.text) { blocks[ev.index].text = b.text; text += b.text; onText(b.text); }
    } else if (type === 'content_block_delta') {
      const block = blocks[ev.index];
      const d = ev.delta || {};
      if (!block) throw new AiError('bad_response', `a delta for content block ${ev.index}, which never started`);
      if (d.type === 'text_delta') { block.text += d.text; text += d.text; onText(d.text); }
      else if (d.type === 'input_json_delta') {
        if (block.type !== 'tool_use') throw new AiError('bad_response', 'tool input for a block that is not a tool call');
        block.json += d.partial_json;
      } // thinking and signature deltas are not shown
    } else if (type === 'message_delta') {
      if (ev.delta && ev.delta.stop_reason) stopReason = ev.delta.stop_reason;
      if (ev.usage && ev.usage.output_tokens != null) usage.outputTokens = ev.usage.output_tokens;
    } else if (type === 'message_stop') {
      stopped = true;
      return true;
    } // content_block_stop, and event types added later, need nothing
    return false;
  }

  function result() {
    if (!stopped) throw new AiError('bad_response', 'the stream ended before message_stop');
    const toolCalls = blocks.filter((b) => b && b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, args: parseToolArgs(b.json, b.name) }));
    return { text, toolCalls, stopReason, usage };
  }

  return { event, result };
}
