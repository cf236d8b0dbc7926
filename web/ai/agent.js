/* agent.js: the tool loop. The model answers, asks for tools, the page runs
 * them locally (the C core through the engine client), the results go back,
 * until a turn asks for no tool. No DOM.
 *
 *   const {messages, text} = await runAgent({config: {provider, baseUrl,
 *     model, key}, system, messages, tools, runTool, onEvent, signal});
 *
 * runTool(name, args) → {content: text, isError}; a runTool that throws
 * gives the model an error result (its message, isError true) rather than ending the loop.
 * onEvent gets {type: 'text', delta}, {type: 'tool_call', id, name, args},
 * {type: 'tool_result', id, name, content, isError} and {type: 'turn_end'}
 * after each model turn and its tools. messages (neutral, providers.js) come
 * back with the model's turns and the tool results appended; text is the
 * last turn's text. After maxSteps turns that all asked for tools: AiError
 * 'bad_response' "too many tool calls" (err.messages holds the conversation). */
import { AiError } from './errors.js';
import { chatTurn } from './providers.js';

export const MAX_TOOL_RESULT = 24000;

/* content cut to MAX_TOOL_RESULT characters, with a note saying so. */
export function clipToolResult(content) {
  const text = String(content ?? '');
  if (text.length <= MAX_TOOL_RESULT) return text;
  let end = MAX_TOOL_RESULT;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // keep a surrogate pair whole
  return `${text.slice(0, end)}\n[cut: the result has ${text.length} characters; only the first ${end} are shown. ` +
    'Ask for less: fewer periods, a narrower query, or fewer rows.]';
}

async function runOne(runTool, call, signal) {
  try {
    const r = await runTool(call.name, call.args);
    return { content: clipToolResult(r && r.content), isError: Boolean(r && r.isError) };
  } catch (err) {
    if (signal && signal.aborted) throw new AiError('aborted', 'the request was stopped', { cause: err });
    return { content: err && err.message ? err.message : String(err), isError: true };
  }
}

export async function runAgent({ config, system, messages, tools, runTool, onEvent = () => {}, signal, maxSteps = 8, fetch }) {
  const conversation = [...messages];
  for (let step = 1; step <= maxSteps; step++) {
    const turn = await chatTurn({ ...config, system, messages: conversation, tools, signal, fetch,
      onText: (delta) => onEvent({ type: 'text', delta }) });
    const content = [];
    if (turn.text) content.push({ type: 'text', text: turn.text });
    for (const c of turn.toolCalls) content.push({ type: 'tool_call', id: c.id, name: c.name, args: c.args });
    conversation.push({ role: 'assistant', content });
    if (!turn.toolCalls.length) {
      onEvent({ type: 'turn_end' });
      return { messages: conversation, text: turn.text };
    }
    const results = [];
    for (const call of turn.toolCalls) {
      onEvent({ type: 'tool_call', id: call.id, name: call.name, args: call.args });
      if (signal && signal.aborted) throw new AiError('aborted', 'the request was stopped');
      const r = await runOne(runTool, call, signal);
      onEvent({ type: 'tool_result', id: call.id, name: call.name, content: r.content, isError: r.isError });
      results.push({ type: 'tool_result', id: call.id, content: r.content, isError: r.isError });
    }
    conversation.push({ role: 'user', content: results });
    onEvent({ type: 'turn_end' });
  }
  const err = new AiError('bad_response', `too many tool calls: still asking for tools after ${maxSteps} turns`,
    { detail: `too many tool calls (${maxSteps} turns)` });
  err.messages = conversation;
  throw err;
}
