// ai-providers.test.mjs: chatTurn (web/ai/providers.js) against the mock
// server (tests/mock/llm-server.mjs), for both wire formats: what goes out
// (headers, body) and what comes back (text in chunks, a tool call), and each
// failure as its AiError kind: 401, 429, a server that is down, insecure http,
// a broken stream, a stop by the user; the cors/network rule on its own.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startMockLlm } from '../mock/llm-server.mjs';
import { chatTurn, PROVIDERS } from '../../web/ai/providers.js';
import { AiError, errorFromFetchFailure, failureKind, parseRetryAfter, errorFromResponse } from '../../web/ai/errors.js';

let llm;
before(async () => { llm = await startMockLlm(); });
after(() => llm.close());
beforeEach(() => llm.reset());

const KEY = 'sk-test-abcdef123456';
const TOOLS = [
  { name: 'get_metric', description: 'A metric.', input_schema: { type: 'object', properties: { name: { type: 'string' } } } },
  { name: 'run_sql', description: 'SQL.', input_schema: { type: 'object', properties: { query: { type: 'string' } } } },
];
const ask = (text) => [{ role: 'user', content: [{ type: 'text', text }] }];

const WIRES = [
  { provider: 'anthropic', base: () => llm.url, path: '/v1/messages' },
  { provider: 'openai', base: () => `${llm.url}/v1`, path: '/v1/chat/completions' },
];

/* chatTurn on the mock; → {result, chunks}. */
async function turn(w, { key = KEY, messages, tools, ...rest }) {
  const chunks = [];
  const result = await chatTurn({ provider: w.provider, baseUrl: w.base(), model: 'test-model', key, system: 'You are a test.',
    messages, tools, onText: (d) => chunks.push(d), ...rest });
  return { result, chunks };
}

async function rejectsWith(promise, kind) {
  try { await promise; } catch (e) {
    assert.ok(e instanceof AiError, `an AiError, not ${e}`);
    assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail(`expected AiError ${kind}`);
}

for (const w of WIRES) {
  test(`${w.provider}: headers carry the key (never the URL) and the body is the converted request`, async () => {
    await turn(w, { messages: ask('What is MRR?'), tools: TOOLS });
    assert.equal(llm.requests.length, 1);
    const { path, headers, body } = llm.requests[0];
    assert.equal(path, w.path, 'no query string: no key in the URL');
    assert.equal(headers['content-type'], 'application/json');
    if (w.provider === 'anthropic') {
      assert.equal(headers['x-api-key'], KEY);
      assert.equal(headers['anthropic-version'], '2023-06-01');
      assert.equal(headers['anthropic-dangerous-direct-browser-access'], 'true');
      assert.equal(headers.authorization, undefined);
      assert.deepEqual(body, { model: 'test-model', max_tokens: 4096, stream: true, system: 'You are a test.',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is MRR?' }] }], tools: TOOLS });
    } else {
      assert.equal(headers.authorization, `Bearer ${KEY}`);
      assert.equal(headers['x-api-key'], undefined);
      assert.deepEqual(body, { model: 'test-model', stream: true, stream_options: { include_usage: true },
        messages: [{ role: 'system', content: 'You are a test.' }, { role: 'user', content: 'What is MRR?' }],
        tools: TOOLS.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.input_schema } })) });
    }
  });

  test(`${w.provider}: text streams in chunks, onText called as they arrive`, async () => {
    const { result, chunks } = await turn(w, { messages: ask('hello') });
    assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
    assert.equal(chunks.join(''), 'Hello from the mock.');
    assert.equal(result.text, 'Hello from the mock.');
    assert.deepEqual(result.toolCalls, []);
    assert.equal(result.stopReason, 'end_turn');
  });

  test(`${w.provider}: a tool call parsed from argument fragments`, async () => {
    let r = (await turn(w, { messages: ask('Is our churn bad?'), tools: TOOLS })).result;
    assert.equal(r.stopReason, 'tool_use');
    assert.equal(r.toolCalls.length, 1);
    assert.equal(r.toolCalls[0].name, 'get_metric');
    assert.deepEqual(r.toolCalls[0].args, { name: 'customer_churn_rate' });
    assert.ok(r.toolCalls[0].id);
    r = (await turn(w, { messages: ask('count events with SQL'), tools: TOOLS })).result;
    assert.deepEqual(r.toolCalls.map((c) => [c.name, c.args]), [['run_sql', { query: 'SELECT COUNT(*) AS n FROM events' }]]);
  });

  test(`${w.provider}: tool results go back in the provider's shape and the answer names them`, async () => {
    const messages = [...ask('MRR?'),
      { role: 'assistant', content: [{ type: 'tool_call', id: 'call_1', name: 'get_metric', args: { name: 'mrr' } }] },
      { role: 'user', content: [{ type: 'tool_result', id: 'call_1', content: '{"metric":"mrr","latest":{"value":1234.5}}', isError: false }] }];
    const { result } = await turn(w, { messages, tools: TOOLS });
    assert.equal(result.text, 'From get_metric: mrr latest value 1234.5.');
    const sent = llm.requests[0].body.messages;
    if (w.provider === 'anthropic') {
      assert.deepEqual(sent.slice(1), [
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_metric', input: { name: 'mrr' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '{"metric":"mrr","latest":{"value":1234.5}}' }] }]);
    } else {
      assert.deepEqual(sent.slice(2), [
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_metric', arguments: '{"name":"mrr"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"metric":"mrr","latest":{"value":1234.5}}' }]);
    }
  });

  test(`${w.provider}: a wrong key is 'auth' (401), without the key in the message`, async () => {
    const e = await rejectsWith(turn(w, { key: 'wrong-key-0123456789', messages: ask('hi') }), 'auth');
    assert.equal(e.status, 401);
    assert.ok(!e.message.includes('wrong-key-0123456789') && !e.detail.includes('wrong-key-0123456789'));
  });

  test(`${w.provider}: 429 is 'rate_limit' with retryAfter 7`, async () => {
    const e = await rejectsWith(turn(w, { key: 'sk-test-429', messages: ask('hi') }), 'rate_limit');
    assert.equal(e.status, 429);
    assert.equal(e.retryAfter, 7);
  });

  test(`${w.provider}: 529 overloaded is 'server'; a stream that breaks the wire format is 'bad_response'`, async () => {
    assert.equal((await rejectsWith(turn(w, { key: 'sk-test-529', messages: ask('hi') }), 'server')).status, 529);
    await rejectsWith(turn(w, { key: 'sk-test-broken', messages: ask('hi') }), 'bad_response');
  });

  test(`${w.provider}: a request the provider refuses is 'bad_request' with its message`, async () => {
    // An orphan tool result: both providers refuse it (the mock as they do).
    const e = await rejectsWith(turn(w, { messages: [{ role: 'user', content: [{ type: 'tool_result', id: 'ghost', content: 'x', isError: false }] }] }), 'bad_request');
    assert.equal(e.status, 400);
    assert.match(e.detail, /ghost|tool/);
  });

  test(`${w.provider}: stopping mid-stream is 'aborted'`, async () => {
    const ctl = new AbortController();
    const p = turn(w, { messages: ask('hello'), signal: ctl.signal, onText: () => ctl.abort() });
    await rejectsWith(p, 'aborted');
    const stopped = new AbortController();
    stopped.abort();
    await rejectsWith(turn(w, { messages: ask('hello'), signal: stopped.signal }), 'aborted');
  });
}

/* A port nothing listens on: bound, then closed. */
async function deadPort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

test("a server that is down is 'network' (the no-cors probe fails too)", async () => {
  const port = await deadPort();
  for (const provider of ['anthropic', 'compatible']) {
    const e = await rejectsWith(chatTurn({ provider, baseUrl: `http://127.0.0.1:${port}/v1`, key: KEY, messages: ask('hi') }), 'network');
    assert.ok(!e.message.includes(KEY));
  }
});

test("plain http to a LAN address is 'insecure' and nothing is sent", async () => {
  let calls = 0;
  const fetchSpy = async () => { calls++; throw new TypeError('fetch failed'); };
  await rejectsWith(chatTurn({ provider: 'compatible', baseUrl: 'http://192.168.1.5:8000', key: KEY, messages: ask('hi'), fetch: fetchSpy }), 'insecure');
  assert.equal(calls, 0);
});

test("cors: fetch threw but the no-cors probe got an opaque answer → 'cors'; both threw → 'network'", async () => {
  assert.equal(failureKind({ probe: 'opaque' }), 'cors');
  assert.equal(failureKind({ probe: 'threw' }), 'network');
  assert.equal(failureKind({ aborted: true, probe: 'opaque' }), 'aborted');
  // The probe as a browser makes it: mode no-cors, no key header, no body.
  const seen = [];
  const browserLike = async (url, init) => {
    seen.push(init);
    if (init.mode !== 'no-cors') throw new TypeError('Failed to fetch');
    return { type: 'opaque', ok: false, status: 0 };
  };
  const e = await rejectsWith(chatTurn({ provider: 'anthropic', baseUrl: llm.url, key: KEY, messages: ask('hi'), fetch: browserLike }), 'cors');
  assert.equal(seen.length, 2);
  assert.equal(seen[1].mode, 'no-cors');
  assert.equal(seen[1].headers, undefined);
  assert.equal(seen[1].body, undefined);
  assert.match(e.message, /CORS/);
  const down = async () => { throw new TypeError('Failed to fetch'); };
  assert.equal((await errorFromFetchFailure(new TypeError('x'), { url: 'https://a.example/v1', fetchImpl: down })).kind, 'network');
});

test('retry-after: seconds, an HTTP date, or nothing', () => {
  assert.equal(parseRetryAfter('7'), 7);
  assert.equal(parseRetryAfter('2.5'), 3);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 30);
  assert.equal(parseRetryAfter(null), null);
  assert.equal(parseRetryAfter('soon'), null);
});

test('status → kind: 401/403 auth, 404 not_found, 400/422 bad_request with the provider message, 5xx server', () => {
  const h = new Headers();
  const kinds = [401, 403, 404, 400, 422, 500, 503, 529].map((s) => errorFromResponse(s, h, '{"error":{"message":"m"}}', KEY).kind);
  assert.deepEqual(kinds, ['auth', 'auth', 'not_found', 'bad_request', 'bad_request', 'server', 'server', 'server']);
  assert.equal(errorFromResponse(422, h, '{"detail":"model not loaded"}').detail, 'model not loaded');
  assert.equal(errorFromResponse(400, h, `{"error":"bad key ${KEY}"}`, KEY).detail, 'bad key …');
  assert.equal(errorFromResponse(400, h, 'plain words').detail, 'plain words');
});

test('PROVIDERS: the three presets', () => {
  assert.deepEqual(Object.fromEntries(Object.entries(PROVIDERS).map(([k, p]) => [k, [p.baseUrl, p.model, p.wire]])), {
    anthropic: ['https://api.anthropic.com', 'claude-sonnet-4-5', 'anthropic'],
    openai: ['https://api.openai.com/v1', 'gpt-4o-mini', 'openai'],
    compatible: ['http://localhost:11434/v1', 'qwen2.5', 'openai'],
  });
  for (const p of Object.values(PROVIDERS)) assert.ok(p.label);
});
