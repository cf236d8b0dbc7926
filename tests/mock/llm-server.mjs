// llm-server.mjs: a local stand-in for an LLM provider, for the Node and
// browser tests. It speaks both wire formats the page uses: Anthropic's
// Messages API (POST /v1/messages) and OpenAI's Chat Completions (POST
// /v1/chat/completions), streamed (SSE) when the body says stream: true,
// otherwise a plain JSON response. Base URLs for the page: Anthropic `url`,
// OpenAI-style `url + '/v1'`.
//
//   const llm = await startMockLlm({ cors: true });  // 127.0.0.1, a free port
//   llm.url          'http://127.0.0.1:PORT' (no trailing slash)
//   llm.requests     every POST as {path, headers, body} (headers lower-case,
//                    body the parsed JSON, or the raw text when it is not JSON)
//   llm.reset()      empties requests (and ends a hold);  await llm.close()
//   llm.hold(n)      answers the next n requests, then keeps every later one
//                    waiting until llm.release(): a test can act while a
//                    request is under way without racing a fast mock
//
// Keys (x-api-key for Anthropic, "Authorization: Bearer" for OpenAI) must
// start with "sk-test", else 401 in the provider's error JSON. sk-test-429:
// 429 with retry-after: 7. Two extra keys for the error paths: sk-test-529:
// 529 overloaded; sk-test-broken: a 200 stream that breaks the wire format.
// A body the provider would refuse (no model, no messages, Anthropic without
// max_tokens or anthropic-version, a tool result answering no tool call) is
// a 400 naming the problem.
//
// What it answers, by the state of the conversation:
//   - the last user turn holds tool results: a final text naming each, e.g.
//     "From get_metric: mrr latest value 1234.5." (latest.value of the
//     result's JSON when there is one, else its first 60 characters quoted);
//   - a tool named submit_labels is offered: a submit_labels call labelling
//     every {row, text} in the user message's JSON (logistics / product_quality
//     / other by keywords; reason "mock"; evidence the first 20 characters);
//   - tools are offered: run_sql {query: "SELECT COUNT(*) AS n FROM events"}
//     when the question mentions sql, else get_metric {name} with
//     customer_churn_rate for churn / 流失, else mrr;
//   - else the text "Hello from the mock."
// Streams come in at least 3 chunks, 30 ms apart.
// cors: true adds Access-Control-Allow-Origin: * to every response and answers
// preflights; cors: false sends no CORS header at all, on any response.
import { createServer } from 'node:http';

const PAUSE_MS = 30;
const ALLOW_HEADERS = 'content-type, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access, authorization';
const MODEL_FALLBACK = 'mock-model';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/* ---- the conversation, in neutral form ---- */

/* Anthropic request → {question, toolNames, results: [{name, args, content}] | null}. */
function readAnthropic(body) {
  const msgs = body.messages;
  const calls = new Map(); // tool_use id → {name, args}
  for (const m of msgs) {
    if (m.role === 'assistant' && Array.isArray(m.content)) {
      for (const b of m.content) if (b.type === 'tool_use') calls.set(b.id, { name: b.name, args: b.input });
    }
  }
  const last = msgs[msgs.length - 1];
  const blocks = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
  const texts = blocks.filter((b) => b.type === 'text').map((b) => b.text);
  const tr = blocks.filter((b) => b.type === 'tool_result');
  let results = null;
  if (last.role === 'user' && tr.length) {
    results = tr.map((b) => {
      const call = calls.get(b.tool_use_id);
      if (!call) throw new BadRequest(`tool_result block references unknown tool_use id ${b.tool_use_id}`);
      const content = typeof b.content === 'string' ? b.content
        : (b.content || []).filter((c) => c.type === 'text').map((c) => c.text).join('');
      return { ...call, content };
    });
  }
  const toolNames = (body.tools || []).map((t) => t.name);
  return { question: texts.join('\n'), toolNames, results };
}

/* OpenAI request → the same neutral summary. */
function readOpenai(body) {
  const msgs = body.messages;
  const calls = new Map();
  for (const m of msgs) {
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls) {
        let args;
        try { args = JSON.parse(c.function.arguments); } catch { throw new BadRequest(`tool call ${c.id}: arguments are not JSON`); }
        calls.set(c.id, { name: c.function.name, args });
      }
    }
    if (m.role === 'tool' && !calls.has(m.tool_call_id)) {
      throw new BadRequest(`messages with role 'tool' must be a response to a preceding message with 'tool_calls' (${m.tool_call_id})`);
    }
  }
  let i = msgs.length;
  while (i > 0 && msgs[i - 1].role === 'tool') i--;
  const trailing = msgs.slice(i);
  const results = trailing.length ? trailing.map((m) => ({ ...calls.get(m.tool_call_id), content: textOf(m.content) })) : null;
  const lastUser = [...msgs].reverse().find((m) => m.role === 'user');
  const toolNames = (body.tools || []).map((t) => t.function && t.function.name);
  return { question: lastUser ? textOf(lastUser.content) : '', toolNames, results };
}

function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : p.text || '')).join('');
  return '';
}

class BadRequest extends Error {}

/* ---- the script ---- */

function describeResult(r) {
  let value;
  try {
    const json = JSON.parse(r.content);
    if (json && json.latest && json.latest.value !== undefined && json.latest.value !== null) {
      const metric = json.metric || (r.args && r.args.name) || '';
      value = `${metric} latest value ${json.latest.value}`;
    }
  } catch { /* not JSON: quoted below */ }
  if (value === undefined) value = `"${r.content.slice(0, 60)}"`;
  return `From ${r.name}: ${value}.`;
}

function category(text) {
  const t = text.toLowerCase();
  if (/deliver|ship|courier|快递|物流/.test(t)) return 'logistics';
  if (/broke|defect|质量|坏/.test(t)) return 'product_quality';
  return 'other';
}

/* Every {row, text} object inside the JSON of a user message. */
function reviewRows(question) {
  let json = null;
  try { json = JSON.parse(question); } catch {
    const a = question.search(/[[{]/);
    const b = Math.max(question.lastIndexOf(']'), question.lastIndexOf('}'));
    if (a >= 0 && b > a) { try { json = JSON.parse(question.slice(a, b + 1)); } catch { json = null; } }
  }
  const rows = [];
  (function walk(v) {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ('row' in v && typeof v.text === 'string') rows.push(v);
      else Object.values(v).forEach(walk);
    }
  })(json);
  return rows;
}

/* Neutral state → {text} or {tool: {name, args}}. */
function script({ question, toolNames, results }) {
  if (results) return { text: results.map(describeResult).join(' ') };
  if (toolNames.includes('submit_labels')) {
    const labels = reviewRows(question).map((r) => ({
      row: r.row, category: category(r.text), reason: 'mock', evidence: [...r.text].slice(0, 20).join(''),
    }));
    return { tool: { name: 'submit_labels', args: { labels } } };
  }
  if (toolNames.length) {
    if (/sql/i.test(question)) return { tool: { name: 'run_sql', args: { query: 'SELECT COUNT(*) AS n FROM events' } } };
    const name = /churn|流失/i.test(question) ? 'customer_churn_rate' : 'mrr';
    return { tool: { name: 'get_metric', args: { name } } };
  }
  return { text: 'Hello from the mock.' };
}

/* A text in n pieces (by characters, so no piece splits one). */
function pieces(text, n) {
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / n));
  const out = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  while (out.length < n) out.push('');
  return out;
}

/* ---- the two wire formats ---- */

let serial = 0;
const newId = (prefix) => `${prefix}${Date.now().toString(36)}${(++serial).toString(36)}`;

const anthropic = {
  key: (h) => h['x-api-key'] || '',
  check(body, headers) {
    if (!headers['anthropic-version']) return 'anthropic-version: header is required';
    if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
    if (!Number.isInteger(body.max_tokens)) return 'max_tokens: Field required';
    if (!Array.isArray(body.messages) || !body.messages.length) return 'messages: Field required';
    if (body.messages[0].role !== 'user') return 'messages: first message must use the "user" role';
    for (const t of body.tools || []) if (!t.name || !t.input_schema) return 'tools: each tool needs name and input_schema';
    return null;
  },
  read: readAnthropic,
  error(status, message) {
    const type = { 400: 'invalid_request_error', 401: 'authentication_error', 429: 'rate_limit_error', 529: 'overloaded_error' }[status] || 'api_error';
    return { type: 'error', error: { type, message } };
  },
  plain(model, answer) {
    const content = answer.tool
      ? [{ type: 'tool_use', id: newId('toolu_'), name: answer.tool.name, input: answer.tool.args }]
      : [{ type: 'text', text: answer.text }];
    return { id: newId('msg_'), type: 'message', role: 'assistant', model, content,
      stop_reason: answer.tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: 42, output_tokens: 17 } };
  },
  stream(model, answer) {
    const ev = (event, data) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
    const out = [ev('message_start', { message: { id: newId('msg_'), type: 'message', role: 'assistant', model, content: [],
      stop_reason: null, stop_sequence: null, usage: { input_tokens: 42, output_tokens: 1 } } }), ev('ping', {})];
    if (answer.tool) {
      out.push(ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: newId('toolu_'), name: answer.tool.name, input: {} } }));
      for (const p of pieces(JSON.stringify(answer.tool.args), 3)) {
        out.push(ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: p } }));
      }
    } else {
      out.push(ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
      for (const p of pieces(answer.text, 3)) out.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } }));
    }
    out.push(ev('content_block_stop', { index: 0 }));
    out.push(ev('message_delta', { delta: { stop_reason: answer.tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 17 } }));
    out.push(ev('message_stop', {}));
    return out;
  },
  broken: () => ['event: message_start\ndata: {"type":"message_start","message":{"id":"msg_x"\n\n'],
};

const openai = {
  key: (h) => (/^Bearer (.*)$/.exec(h.authorization || '') || [])[1] || '',
  check(body) {
    if (typeof body.model !== 'string' || !body.model) return "you must provide a model parameter";
    if (!Array.isArray(body.messages) || !body.messages.length) return "'messages' is a required property";
    for (const t of body.tools || []) if (t.type !== 'function' || !t.function || !t.function.name) return "tools: each tool needs type 'function' and function.name";
    return null;
  },
  read: readOpenai,
  error(status, message) {
    const code = { 401: 'invalid_api_key', 429: 'rate_limit_exceeded' }[status] || null;
    return { error: { message, type: status === 400 ? 'invalid_request_error' : 'error', param: null, code } };
  },
  plain(model, answer) {
    const message = answer.tool
      ? { role: 'assistant', content: null, tool_calls: [{ id: newId('call_'), type: 'function',
        function: { name: answer.tool.name, arguments: JSON.stringify(answer.tool.args) } }] }
      : { role: 'assistant', content: answer.text };
    return { id: newId('chatcmpl-'), object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
      choices: [{ index: 0, message, finish_reason: answer.tool ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 42, completion_tokens: 17, total_tokens: 59 } };
  },
  stream(model, answer, body) {
    const id = newId('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta, finish = null, extra = {}) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model,
      choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
    const out = [chunk({ role: 'assistant', content: '' })];
    if (answer.tool) {
      const [first, ...rest] = pieces(JSON.stringify(answer.tool.args), 3);
      out.push(chunk({ tool_calls: [{ index: 0, id: newId('call_'), type: 'function', function: { name: answer.tool.name, arguments: first } }] }));
      for (const p of rest) out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }));
    } else {
      for (const p of pieces(answer.text, 3)) out.push(chunk({ content: p }));
    }
    out.push(chunk({}, answer.tool ? 'tool_calls' : 'stop'));
    if (body.stream_options && body.stream_options.include_usage) {
      out.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [],
        usage: { prompt_tokens: 42, completion_tokens: 17, total_tokens: 59 } })}\n\n`);
    }
    out.push('data: [DONE]\n\n');
    return out;
  },
  broken: () => ['data: {"choices":[{"delta":{"content":"Hel\n\n'],
};

const ROUTES = { '/v1/messages': anthropic, '/v1/chat/completions': openai };

/* ---- the server ---- */

export async function startMockLlm({ cors = true } = {}) {
  const requests = [];
  let holdAfter = Infinity; // requests answered before the hold begins
  const waiting = [];       // resolvers of the held requests
  const release = () => {
    holdAfter = Infinity;
    for (const resolve of waiting.splice(0)) resolve();
  };

  const corsHeaders = () => (cors ? { 'access-control-allow-origin': '*' } : {});
  const sendJson = (res, status, json, extra = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...corsHeaders(), ...extra });
    res.end(JSON.stringify(json));
  };

  async function handlePost(req, res, wire, raw) {
    let body;
    try { body = JSON.parse(raw); } catch { body = raw; }
    requests.push({ path: req.url, headers: { ...req.headers }, body });
    if (holdAfter-- <= 0) await new Promise((resolve) => waiting.push(resolve));

    const key = wire.key(req.headers);
    if (!key.startsWith('sk-test')) return sendJson(res, 401, wire.error(401, 'invalid api key'));
    if (key === 'sk-test-429') return sendJson(res, 429, wire.error(429, 'rate limit reached; retry in 7 s'), { 'retry-after': '7' });
    if (key === 'sk-test-529') return sendJson(res, 529, wire.error(529, 'Overloaded'));
    if (typeof body !== 'object' || body === null) return sendJson(res, 400, wire.error(400, 'the body is not a JSON object'));
    const problem = wire.check(body, req.headers);
    if (problem) return sendJson(res, 400, wire.error(400, problem));

    let answer;
    try { answer = script(wire.read(body)); } catch (e) {
      if (e instanceof BadRequest) return sendJson(res, 400, wire.error(400, e.message));
      throw e;
    }
    if (!body.stream) return sendJson(res, 200, wire.plain(body.model || MODEL_FALLBACK, answer));

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...corsHeaders() });
    const events = key === 'sk-test-broken' ? wire.broken() : wire.stream(body.model || MODEL_FALLBACK, answer, body);
    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return undefined;
      res.write(events[i]);
      if (i < events.length - 1) await sleep(PAUSE_MS);
    }
    res.end();
    return undefined;
  }

  const server = createServer((req, res) => {
    const path = req.url.split('?')[0];
    const wire = ROUTES[path];
    if (req.method === 'OPTIONS' && wire) {
      res.writeHead(204, cors ? { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': ALLOW_HEADERS, 'access-control-max-age': '600' } : {});
      res.end();
      return;
    }
    if (req.method === 'POST' && wire) {
      const parts = [];
      req.on('data', (c) => parts.push(c));
      req.on('end', () => {
        handlePost(req, res, wire, Buffer.concat(parts).toString('utf8')).catch((e) => {
          if (!res.headersSent) sendJson(res, 500, wire.error(500, `mock failed: ${e.message}`));
          else res.destroy();
        });
      });
      return;
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}` } });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reset() { requests.length = 0; release(); },
    hold(n) { holdAfter = n; },
    release,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
