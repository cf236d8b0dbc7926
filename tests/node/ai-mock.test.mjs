// ai-mock.test.mjs: the mock LLM server itself (tests/mock/llm-server.mjs),
// which the page tests rely on: CORS headers on and off, preflights, the
// submit_labels script, GET 404, plain JSON when stream is false, the
// request log, and the 30 ms pauses that make streaming visible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startMockLlm } from '../mock/llm-server.mjs';

const A_HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-test-1', 'anthropic-version': '2023-06-01' };
const O_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-test-1' };
const post = (url, headers, body) => fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });

test('cors on: preflights answered with the allowed headers; every response has Access-Control-Allow-Origin', async () => {
  const llm = await startMockLlm();
  try {
    assert.match(llm.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const path of ['/v1/messages', '/v1/chat/completions']) {
      const r = await fetch(llm.url + path, { method: 'OPTIONS' });
      assert.equal(r.status, 204);
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      const allowed = r.headers.get('access-control-allow-headers').split(/,\s*/);
      for (const h of ['content-type', 'x-api-key', 'anthropic-version', 'anthropic-dangerous-direct-browser-access', 'authorization']) {
        assert.ok(allowed.includes(h), h);
      }
    }
    const bad = await post(`${llm.url}/v1/messages`, { ...A_HEADERS, 'x-api-key': 'nope' }, { model: 'm', max_tokens: 5, messages: [] });
    assert.equal(bad.status, 401);
    assert.equal(bad.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual((await bad.json()).error.type, 'authentication_error');
    const missing = await fetch(`${llm.url}/v1/models`);
    assert.equal(missing.status, 404);
    assert.ok((await missing.json()).error);
    assert.equal(llm.requests.length, 1, 'only POSTs are logged');
  } finally { await llm.close(); }
});

test('cors off: no CORS header on any response, preflight included', async () => {
  const llm = await startMockLlm({ cors: false });
  try {
    const responses = [
      await fetch(`${llm.url}/v1/messages`, { method: 'OPTIONS' }),
      await fetch(`${llm.url}/v1/chat/completions`, { method: 'OPTIONS' }),
      await post(`${llm.url}/v1/chat/completions`, O_HEADERS, { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      await post(`${llm.url}/v1/messages`, { ...A_HEADERS, 'x-api-key': 'bad' }, {}),
      await fetch(`${llm.url}/anything`),
    ];
    for (const r of responses) {
      await r.arrayBuffer();
      const cors = [...r.headers.keys()].filter((k) => k.startsWith('access-control-'));
      assert.deepEqual(cors, [], `${r.url} ${r.status}`);
    }
  } finally { await llm.close(); }
});

test('submit_labels: one label per {row, text}, by keywords in English and Chinese', async () => {
  const llm = await startMockLlm();
  try {
    const rows = [{ row: 4, text: 'The courier lost it for a week' }, { row: 9, text: '快递太慢了' },
      { row: 12, text: 'Arrived broken, clearly a defect' }, { row: 15, text: '质量很差' }, { row: 20, text: 'Not what I hoped for, meh' }];
    const r = await post(`${llm.url}/v1/chat/completions`, O_HEADERS, {
      model: 'm', messages: [{ role: 'user', content: `Classify these reviews:\n${JSON.stringify({ reviews: rows })}` }],
      tools: [{ type: 'function', function: { name: 'submit_labels', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'submit_labels' } },
    });
    const msg = (await r.json()).choices[0].message;
    assert.equal(msg.tool_calls[0].function.name, 'submit_labels');
    assert.deepEqual(JSON.parse(msg.tool_calls[0].function.arguments), { labels: [
      { row: 4, category: 'logistics', reason: 'mock', evidence: 'The courier lost it ' },
      { row: 9, category: 'logistics', reason: 'mock', evidence: '快递太慢了' },
      { row: 12, category: 'product_quality', reason: 'mock', evidence: 'Arrived broken, clea' },
      { row: 15, category: 'product_quality', reason: 'mock', evidence: '质量很差' },
      { row: 20, category: 'other', reason: 'mock', evidence: 'Not what I hoped for' },
    ] });
  } finally { await llm.close(); }
});

test('stream: false gives a plain Anthropic message; the log holds path, headers and body', async () => {
  const llm = await startMockLlm();
  try {
    const body = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
    const json = await (await post(`${llm.url}/v1/messages`, A_HEADERS, body)).json();
    assert.deepEqual([json.type, json.role, json.content, json.stop_reason], ['message', 'assistant', [{ type: 'text', text: 'Hello from the mock.' }], 'end_turn']);
    assert.equal(llm.requests.length, 1);
    assert.equal(llm.requests[0].path, '/v1/messages');
    assert.equal(llm.requests[0].headers['x-api-key'], 'sk-test-1');
    assert.deepEqual(llm.requests[0].body, body);
    llm.reset();
    assert.equal(llm.requests.length, 0);
    const refused = await post(`${llm.url}/v1/messages`, A_HEADERS, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(refused.status, 400, 'Anthropic needs max_tokens');
  } finally { await llm.close(); }
});

test('a stream arrives in pieces at least 30 ms apart', async () => {
  const llm = await startMockLlm();
  try {
    const r = await post(`${llm.url}/v1/chat/completions`, O_HEADERS, { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(r.headers.get('content-type'), 'text/event-stream');
    const times = [];
    const reader = r.body.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      times.push(performance.now());
    }
    // role chunk, 3 text chunks, the finish chunk, [DONE]: 6 writes with 30 ms between.
    // Under load two writes may arrive in one read, but reads of different writes
    // are at least a pause apart (1 ms of slack each for the timer).
    assert.ok(times.length >= 3, `${times.length} reads`);
    assert.ok(times.at(-1) - times[0] >= (times.length - 1) * 29, `${times.length} reads in ${times.at(-1) - times[0]} ms`);
  } finally { await llm.close(); }
});
