// ai-wire.test.mjs: the two adapters (web/ai/anthropic.js, web/ai/openai.js)
// on fixed inputs, without a server: neutral messages and tools → each wire
// format and back, the request each builds, and each stream reader fed a
// fixed event sequence (text deltas, tool arguments in fragments, errors, a
// stream cut short).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as A from '../../web/ai/anthropic.js';
import * as O from '../../web/ai/openai.js';
import { AiError } from '../../web/ai/errors.js';
import { buildTurnRequest } from '../../web/ai/providers.js';

const TOOLS = [
  { name: 'get_metric', description: 'A metric series.', input_schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
  { name: 'run_sql', description: 'Read-only SQLite.', input_schema: { type: 'object', properties: { query: { type: 'string' } } } },
];

// A conversation with every kind of block: a question, an answer with text and
// two tool calls, their results (one an error), and a follow-up question.
const NEUTRAL = [
  { role: 'user', content: [{ type: 'text', text: 'What is our MRR?' }] },
  { role: 'assistant', content: [
    { type: 'text', text: 'Let me look.' },
    { type: 'tool_call', id: 'c1', name: 'get_metric', args: { name: 'mrr' } },
    { type: 'tool_call', id: 'c2', name: 'run_sql', args: { query: 'SELECT 1' } },
  ] },
  { role: 'user', content: [
    { type: 'tool_result', id: 'c1', content: '{"latest":{"value":5}}', isError: false },
    { type: 'tool_result', id: 'c2', content: 'no such table', isError: true },
  ] },
  { role: 'assistant', content: [{ type: 'text', text: 'MRR is 5.' }] },
  { role: 'user', content: [{ type: 'text', text: 'And churn?' }] },
];

const ANTHROPIC = [
  { role: 'user', content: [{ type: 'text', text: 'What is our MRR?' }] },
  { role: 'assistant', content: [
    { type: 'text', text: 'Let me look.' },
    { type: 'tool_use', id: 'c1', name: 'get_metric', input: { name: 'mrr' } },
    { type: 'tool_use', id: 'c2', name: 'run_sql', input: { query: 'SELECT 1' } },
  ] },
  { role: 'user', content: [
    { type: 'tool_result', tool_use_id: 'c1', content: '{"latest":{"value":5}}' },
    { type: 'tool_result', tool_use_id: 'c2', content: 'no such table', is_error: true },
  ] },
  { role: 'assistant', content: [{ type: 'text', text: 'MRR is 5.' }] },
  { role: 'user', content: [{ type: 'text', text: 'And churn?' }] },
];

const OPENAI = [
  { role: 'system', content: 'SYS' },
  { role: 'user', content: 'What is our MRR?' },
  { role: 'assistant', content: 'Let me look.', tool_calls: [
    { id: 'c1', type: 'function', function: { name: 'get_metric', arguments: '{"name":"mrr"}' } },
    { id: 'c2', type: 'function', function: { name: 'run_sql', arguments: '{"query":"SELECT 1"}' } },
  ] },
  { role: 'tool', tool_call_id: 'c1', content: '{"latest":{"value":5}}' },
  { role: 'tool', tool_call_id: 'c2', content: 'Tool error: no such table' },
  { role: 'assistant', content: 'MRR is 5.' },
  { role: 'user', content: 'And churn?' },
];

test('anthropic: neutral messages → tool_use and tool_result blocks, and back', () => {
  assert.deepEqual(A.toWire(NEUTRAL), ANTHROPIC);
  assert.deepEqual(A.fromWire(ANTHROPIC), NEUTRAL);
});

test('anthropic: empty text blocks and empty messages are dropped; string content and block-array results read back', () => {
  assert.deepEqual(A.toWire([{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content: [{ type: 'text', text: '' }] }]),
    [{ role: 'user', content: [{ type: 'text', text: 'q' }] }]);
  assert.deepEqual(A.fromWire([{ role: 'user', content: 'hi' }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] }]),
    [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'user', content: [{ type: 'tool_result', id: 'x', content: 'ab', isError: false }] }]);
});

test('openai: neutral messages → system, tool_calls with JSON arguments, role tool messages, and back', () => {
  assert.deepEqual(O.toWire(NEUTRAL, 'SYS'), OPENAI);
  assert.deepEqual(O.fromWire(OPENAI), NEUTRAL);
});

test('openai: a user turn with tool results and text puts the tool messages first, and reads back as one turn', () => {
  const turn = [{ role: 'assistant', content: [{ type: 'tool_call', id: 'k', name: 'run_sql', args: {} }] },
    { role: 'user', content: [{ type: 'tool_result', id: 'k', content: '3', isError: false }, { type: 'text', text: 'thanks; and 2025?' }] }];
  const wire = O.toWire(turn);
  assert.deepEqual(wire, [{ role: 'assistant', content: null, tool_calls: [{ id: 'k', type: 'function', function: { name: 'run_sql', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'k', content: '3' }, { role: 'user', content: 'thanks; and 2025?' }]);
  assert.deepEqual(O.fromWire(wire), turn);
});

test('tools: the C definitions go to Anthropic as they are and to OpenAI as functions', () => {
  assert.deepEqual(A.toolsToWire(TOOLS), TOOLS);
  assert.deepEqual(O.toolsToWire(TOOLS), [
    { type: 'function', function: { name: 'get_metric', description: 'A metric series.', parameters: TOOLS[0].input_schema } },
    { type: 'function', function: { name: 'run_sql', description: 'Read-only SQLite.', parameters: TOOLS[1].input_schema } },
  ]);
});

test('tool choice: auto, any, none and a named tool in each format', () => {
  assert.deepEqual(['auto', 'any', 'none', { name: 'submit_labels' }].map(A.toolChoiceToWire),
    [{ type: 'auto' }, { type: 'any' }, { type: 'none' }, { type: 'tool', name: 'submit_labels' }]);
  assert.deepEqual(['auto', 'any', 'none', { name: 'submit_labels' }].map(O.toolChoiceToWire),
    ['auto', 'required', 'none', { type: 'function', function: { name: 'submit_labels' } }]);
});

test('requests: URL, headers and body of each provider; the key only in a header', () => {
  const common = { model: 'm1', key: 'sk-secret-123456', system: 'SYS', messages: NEUTRAL.slice(0, 1), tools: TOOLS, toolChoice: 'auto' };
  const a = buildTurnRequest({ provider: 'anthropic', ...common });
  assert.equal(a.url, 'https://api.anthropic.com/v1/messages');
  assert.deepEqual(a.headers, { 'content-type': 'application/json', 'anthropic-version': '2023-06-01',
    'anthropic-dangerous-direct-browser-access': 'true', 'x-api-key': 'sk-secret-123456' });
  assert.deepEqual(a.body, { model: 'm1', max_tokens: 4096, stream: true, system: 'SYS', messages: ANTHROPIC.slice(0, 1),
    tools: TOOLS, tool_choice: { type: 'auto' } });

  const o = buildTurnRequest({ provider: 'openai', ...common, maxTokens: 500 });
  assert.equal(o.url, 'https://api.openai.com/v1/chat/completions');
  assert.deepEqual(o.headers, { 'content-type': 'application/json', authorization: 'Bearer sk-secret-123456' });
  assert.deepEqual(o.body, { model: 'm1', stream: true, stream_options: { include_usage: true }, max_completion_tokens: 500,
    messages: OPENAI.slice(0, 2), tools: O.toolsToWire(TOOLS), tool_choice: 'auto' });

  const c = buildTurnRequest({ provider: 'compatible', baseUrl: 'http://localhost:11434/v1/', model: '', key: '', messages: NEUTRAL.slice(0, 1), maxTokens: 300 });
  assert.equal(c.url, 'http://localhost:11434/v1/chat/completions');
  assert.deepEqual(c.headers, { 'content-type': 'application/json' }, 'no key: no authorization header');
  assert.deepEqual(c.body, { model: 'qwen2.5', stream: true, max_tokens: 300, messages: [{ role: 'user', content: 'What is our MRR?' }] });

  for (const r of [a, o]) assert.ok(!r.url.includes('sk-secret'));
  assert.equal(buildTurnRequest({ provider: 'anthropic', baseUrl: 'https://proxy.example/v1', messages: [] }).url, 'https://proxy.example/v1/messages');
  // A pasted key keeps no spaces or line end; one with a character no header can hold is refused as a bad key.
  assert.equal(buildTurnRequest({ provider: 'openai', key: '  sk-abc\n', messages: [] }).headers.authorization, 'Bearer sk-abc');
  assert.throws(() => buildTurnRequest({ provider: 'openai', key: 'sk-ab c', messages: [] }), (e) => e.kind === 'auth' && !e.message.includes('sk-ab'));
  assert.throws(() => buildTurnRequest({ provider: 'anthropic', key: 'sk-密钥', messages: [] }), (e) => e.kind === 'auth');
});

test('requests: plain http to a LAN host or [::1] is refused before sending; localhost and 127.0.0.1 are fine', () => {
  // [::1] too: Chromium cannot allow an IPv6 literal in the page's CSP, so the call would be blocked.
  for (const base of ['http://192.168.1.5:8000', 'http://ollama.lan:11434/v1', 'http://10.0.0.2/v1', 'http://[::1]:8000/v1']) {
    assert.throws(() => buildTurnRequest({ provider: 'compatible', baseUrl: base, messages: [] }), (e) => e instanceof AiError && e.kind === 'insecure', base);
  }
  for (const base of ['http://localhost:1234/v1', 'http://127.0.0.1:8000/v1', 'https://10.0.0.2/v1', 'https://[::1]:8443/v1']) {
    assert.doesNotThrow(() => buildTurnRequest({ provider: 'compatible', baseUrl: base, messages: [] }), base);
  }
  assert.throws(() => buildTurnRequest({ provider: 'compatible', baseUrl: 'ftp://x', messages: [] }), (e) => e.kind === 'bad_request');
  assert.throws(() => buildTurnRequest({ provider: 'nope', messages: [] }), (e) => e.kind === 'bad_request');
});

/* Feed a stream reader fixed events; → {result, texts}. */
function feed(wire, events) {
  const texts = [];
  const s = wire.createStream((d) => texts.push(d), 'sk-secret-123456');
  for (const ev of events) if (s.event(ev)) break;
  return { result: s.result(), texts };
}
const aev = (type, data) => ({ event: type, data: JSON.stringify({ type, ...data }) });
const oev = (delta, finish = null) => ({ event: 'message', data: JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] }) });

test('anthropic stream: text deltas, then a tool call whose JSON arrives in fragments', () => {
  const { result, texts } = feed(A, [
    aev('message_start', { message: { usage: { input_tokens: 11, output_tokens: 1 } } }),
    aev('ping', {}),
    aev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    aev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Checking ' } }),
    aev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'MRR.' } }),
    aev('content_block_stop', { index: 0 }),
    aev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'tu1', name: 'get_metric', input: {} } }),
    aev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '' } }),
    aev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"name": "m' } }),
    aev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: 'rr", "grain"' } }),
    aev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: ': "month"}' } }),
    aev('content_block_stop', { index: 1 }),
    aev('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'tu2', name: 'list_datasets', input: {} } }),
    aev('content_block_stop', { index: 2 }),
    aev('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40 } }),
    aev('message_stop', {}),
  ]);
  assert.deepEqual(texts, ['Checking ', 'MRR.']);
  assert.deepEqual(result, { text: 'Checking MRR.', stopReason: 'tool_use', usage: { inputTokens: 11, outputTokens: 40 },
    toolCalls: [{ id: 'tu1', name: 'get_metric', args: { name: 'mrr', grain: 'month' } }, { id: 'tu2', name: 'list_datasets', args: {} }] });
});

test('anthropic stream: an error event, a cut stream and broken tool JSON are AiErrors of the right kind', () => {
  assert.throws(() => feed(A, [aev('message_start', { message: {} }), aev('error', { error: { type: 'overloaded_error', message: 'Overloaded' } })]),
    (e) => e.kind === 'server' && e.detail === 'Overloaded');
  assert.throws(() => feed(A, [aev('message_start', { message: {} }), aev('content_block_start', { index: 0, content_block: { type: 'text' } })]),
    (e) => e.kind === 'bad_response' && /message_stop/.test(e.message));
  assert.throws(() => feed(A, [aev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't', name: 'x' } }),
    aev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":' } }), aev('message_stop', {})]),
  (e) => e.kind === 'bad_response' && /arguments of the x tool call/.test(e.message));
  assert.throws(() => feed(A, [{ event: 'message_start', data: '{"type":"mess' }]), (e) => e.kind === 'bad_response');
});

test('openai stream: content deltas, then two tool calls whose arguments arrive in fragments', () => {
  const { result, texts } = feed(O, [
    oev({ role: 'assistant', content: '' }),
    oev({ content: 'One ' }), oev({ content: 'moment' }),
    oev({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_metric', arguments: '' } }] }),
    oev({ tool_calls: [{ index: 0, function: { arguments: '{"na' } }] }),
    oev({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'run_sql', arguments: '{"query":' } }] }),
    oev({ tool_calls: [{ index: 0, function: { arguments: 'me":"mrr"}' } }] }),
    oev({ tool_calls: [{ index: 1, function: { arguments: '"SELECT 1"}' } }] }),
    oev({}, 'tool_calls'),
    { event: 'message', data: JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 21 } }) },
    { event: 'message', data: '[DONE]' },
  ]);
  assert.deepEqual(texts, ['One ', 'moment']);
  assert.deepEqual(result, { text: 'One moment', stopReason: 'tool_use', usage: { inputTokens: 9, outputTokens: 21 },
    toolCalls: [{ id: 'call_a', name: 'get_metric', args: { name: 'mrr' } }, { id: 'call_b', name: 'run_sql', args: { query: 'SELECT 1' } }] });
});

test('openai stream: finish_reason without [DONE] is accepted; neither is bad_response; an error chunk has its kind', () => {
  assert.deepEqual(feed(O, [oev({ content: 'hi' }), oev({}, 'stop')]).result.stopReason, 'end_turn');
  assert.deepEqual(feed(O, [oev({ content: 'hi' }), oev({}, 'length')]).result.stopReason, 'max_tokens');
  assert.throws(() => feed(O, [oev({ content: 'hi' })]), (e) => e.kind === 'bad_response');
  assert.throws(() => feed(O, [{ event: 'message', data: JSON.stringify({ error: { message: 'Incorrect API key provided: sk-secret-123456', code: 'invalid_api_key' } }) }]),
    (e) => e.kind === 'auth' && !e.detail.includes('sk-secret') && !e.message.includes('sk-secret'));
});

test('plain JSON replies (a server that ignores stream: true) read the same in both formats', () => {
  assert.deepEqual(A.fromPlain({ content: [{ type: 'text', text: 'a' }, { type: 'tool_use', id: 't', name: 'n', input: { x: 1 } }], stop_reason: 'tool_use',
    usage: { input_tokens: 1, output_tokens: 2 } }),
  { text: 'a', toolCalls: [{ id: 't', name: 'n', args: { x: 1 } }], stopReason: 'tool_use', usage: { inputTokens: 1, outputTokens: 2 } });
  assert.deepEqual(O.fromPlain({ choices: [{ message: { content: null, tool_calls: [{ id: 't', function: { name: 'n', arguments: '{"x":1}' } }] }, finish_reason: 'tool_calls' }] }),
    { text: '', toolCalls: [{ id: 't', name: 'n', args: { x: 1 } }], stopReason: 'tool_use', usage: { inputTokens: null, outputTokens: null } });
});
