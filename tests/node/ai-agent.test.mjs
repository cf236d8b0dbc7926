// ai-agent.test.mjs: the tool loop (web/ai/agent.js) against the mock server
// in both wire formats: question → get_metric call → runTool → final text;
// the events in order; a tool that throws; too many turns; long results cut.
// And prompt.js: the context object and the system text.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startMockLlm } from '../mock/llm-server.mjs';
import { runAgent, clipToolResult, MAX_TOOL_RESULT } from '../../web/ai/agent.js';
import { buildContext, buildSystem } from '../../web/ai/prompt.js';
import { AiError } from '../../web/ai/errors.js';

let llm;
before(async () => { llm = await startMockLlm(); });
after(() => llm.close());
beforeEach(() => llm.reset());

const TOOLS = [{ name: 'get_metric', description: 'A metric.', input_schema: { type: 'object', properties: { name: { type: 'string' } } } },
  { name: 'run_sql', description: 'SQL.', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }];
const CONFIGS = {
  anthropic: () => ({ provider: 'anthropic', baseUrl: llm.url, model: 'm', key: 'sk-test-agent' }),
  openai: () => ({ provider: 'openai', baseUrl: `${llm.url}/v1`, model: 'm', key: 'sk-test-agent' }),
};
const ask = (text) => [{ role: 'user', content: [{ type: 'text', text }] }];

for (const [wire, config] of Object.entries(CONFIGS)) {
  test(`${wire}: question → get_metric → runTool → the final text, with the events in order`, async () => {
    const ran = [];
    const events = [];
    const out = await runAgent({
      config: config(), system: 'S', messages: ask('What is our MRR?'), tools: TOOLS,
      runTool: async (name, args) => { ran.push([name, args]); return { content: JSON.stringify({ metric: 'mrr', latest: { value: 4321 } }), isError: false }; },
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(ran, [['get_metric', { name: 'mrr' }]]);
    assert.equal(out.text, 'From get_metric: mrr latest value 4321.');
    assert.equal(llm.requests.length, 2, 'two model turns');
    const types = events.map((e) => e.type);
    // turn 1: tool_call, tool_result, turn_end; turn 2: ≥ 3 text deltas, turn_end.
    assert.deepEqual(types.slice(0, 3), ['tool_call', 'tool_result', 'turn_end']);
    assert.ok(types.slice(3, -1).length >= 3 && types.slice(3, -1).every((t) => t === 'text'), types.join(','));
    assert.equal(types.at(-1), 'turn_end');
    const call = events[0];
    assert.equal(call.name, 'get_metric');
    assert.deepEqual(events[1], { type: 'tool_result', id: call.id, name: 'get_metric', content: '{"metric":"mrr","latest":{"value":4321}}', isError: false });
    assert.equal(events.filter((e) => e.type === 'text').map((e) => e.delta).join(''), out.text);
    assert.deepEqual(out.messages, [
      ...ask('What is our MRR?'),
      { role: 'assistant', content: [{ type: 'tool_call', id: call.id, name: 'get_metric', args: { name: 'mrr' } }] },
      { role: 'user', content: [{ type: 'tool_result', id: call.id, content: '{"metric":"mrr","latest":{"value":4321}}', isError: false }] },
      { role: 'assistant', content: [{ type: 'text', text: out.text }] },
    ]);
  });

  test(`${wire}: a tool that throws becomes an error result the model sees`, async () => {
    const events = [];
    const out = await runAgent({ config: config(), system: 'S', messages: ask('run some sql'), tools: TOOLS,
      runTool: async () => { throw new Error('no such table: events'); }, onEvent: (e) => events.push(e) });
    const result = events.find((e) => e.type === 'tool_result');
    assert.equal(result.isError, true);
    assert.equal(result.content, 'no such table: events');
    // Anthropic flags the error (is_error); Chat Completions has no flag, so the text says it.
    const sent = llm.requests[1].body.messages.at(-1);
    if (wire === 'anthropic') {
      assert.deepEqual(sent.content, [{ type: 'tool_result', tool_use_id: result.id, content: 'no such table: events', is_error: true }]);
      assert.equal(out.text, 'From run_sql: "no such table: events".');
    } else {
      assert.equal(sent.content, 'Tool error: no such table: events');
      assert.equal(out.text, 'From run_sql: "Tool error: no such table: events".');
    }
  });

  test(`${wire}: still asking for tools after maxSteps turns is bad_response "too many tool calls"`, async () => {
    // The mock asks for a tool whenever the last user turn holds no tool result;
    // a conversation ending in a question with maxSteps 1 stops after one turn.
    let ran = 0;
    await assert.rejects(runAgent({ config: config(), system: 'S', messages: ask('mrr?'), tools: TOOLS, maxSteps: 1,
      runTool: async () => { ran++; return { content: '1', isError: false }; } }),
    (e) => e instanceof AiError && e.kind === 'bad_response' && /too many tool calls/.test(e.message) && e.messages.length === 3);
    assert.equal(ran, 1);
  });
}

test('a result longer than 24000 characters is cut with a note; shorter ones pass unchanged', async () => {
  assert.equal(MAX_TOOL_RESULT, 24000);
  assert.equal(clipToolResult('x'.repeat(24000)), 'x'.repeat(24000));
  const cut = clipToolResult('y'.repeat(30000));
  assert.ok(cut.startsWith('y'.repeat(24000) + '\n[cut: the result has 30000 characters; only the first 24000'));
  // A surrogate pair straddling the cut is not split: 23999 x then an emoji (2 units).
  const pair = clipToolResult('x'.repeat(23999) + '📉' + 'z'.repeat(10));
  assert.ok(pair.startsWith('x'.repeat(23999) + '\n[cut'));
  // Through the loop: the model is sent the cut text.
  await runAgent({ config: CONFIGS.openai(), system: 'S', messages: ask('mrr?'), tools: TOOLS,
    runTool: async () => ({ content: 'z'.repeat(50000), isError: false }) });
  const sent = llm.requests[1].body.messages.at(-1).content;
  assert.ok(sent.length < 24200 && sent.includes('has 50000 characters'));
});

test('a stop while a tool runs ends the loop as aborted', async () => {
  const ctl = new AbortController();
  await assert.rejects(runAgent({ config: CONFIGS.anthropic(), system: 'S', messages: ask('mrr?'), tools: TOOLS, signal: ctl.signal,
    runTool: async () => { ctl.abort(); throw new Error('stopped'); } }), (e) => e.kind === 'aborted');
  assert.equal(llm.requests.length, 1);
});

const DATASETS = { timezone: 'UTC', through: '2025-06-30', datasets: [{ name: 'events.csv', sql_table: 'events', kind: 'events', rows: 3,
  columns: [{ name: 'user_id', type: 'text', role: 'user_id' }] }] };
const METRICS = { metrics: [{ name: 'mrr', title: 'MRR', unit: 'currency', description: 'long', needs: ['subscriptions'] },
  { name: 'dau', title: 'Daily active users', unit: 'count', description: 'long' }] };

test('buildContext: datasets and aggregates as given, metric names and titles only, no samples unless given', () => {
  const ctx = buildContext({ datasets: DATASETS, metrics: METRICS, aggregates: { rows: 3 } });
  assert.deepEqual(ctx, { datasets: DATASETS, metrics: [{ name: 'mrr', title: 'MRR' }, { name: 'dau', title: 'Daily active users' }], aggregates: { rows: 3 } });
  assert.ok(!('samples' in ctx));
  const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
  const withRows = buildContext({ datasets: DATASETS, metrics: METRICS.metrics, samples: { events: rows } });
  assert.equal(withRows.samples.events.length, 20);
  assert.deepEqual(withRows.samples.events.at(-1), { i: 19 });
});

test('buildSystem: the analyst, the language rule, grounding, get_metric first, missing data, and the context JSON', () => {
  const ctx = buildContext({ datasets: DATASETS, metrics: METRICS, aggregates: null });
  const s = buildSystem({ context: ctx, lang: 'zh-CN' });
  assert.match(s, /Lodestar's analyst/);
  assert.match(s, /language the user's question is written in\. If that is unclear, answer in Simplified Chinese/);
  assert.match(s, /Ground every number/);
  assert.match(s, /Prefer get_metric over run_sql/);
  assert.match(s, /data needed is missing/);
  assert.ok(s.endsWith(JSON.stringify(ctx, null, 2)), 'the context exactly, at the end');
  assert.match(buildSystem({ context: ctx, lang: 'zh-TW' }), /Traditional Chinese/);
  assert.match(buildSystem({ context: ctx }), /answer in English/);
});
