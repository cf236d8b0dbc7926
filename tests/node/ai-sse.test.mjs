// ai-sse.test.mjs: web/ai/sse.js, the event-stream parser the two wire
// formats are read with: line ends, chunk boundaries (inside a line, inside
// a CRLF, inside a UTF-8 character), comments, multi-line data, a stream
// without its last blank line, and readSse over a real fetch Response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser, readSse } from '../../web/ai/sse.js';

const enc = new TextEncoder();

/* The events of a stream sent as the given chunks (strings or bytes). */
function parseChunks(chunks) {
  const p = createSseParser();
  const out = [];
  for (const c of chunks) out.push(...p.push(typeof c === 'string' ? enc.encode(c) : c));
  out.push(...p.end());
  return out;
}

/* A Response whose body arrives as the given byte chunks. */
function responseOf(chunks) {
  const body = new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? enc.encode(c) : c);
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function collect(response) {
  const out = [];
  for await (const ev of readSse(response)) out.push(ev);
  return out;
}

test('events with and without a name; the default name is message', () => {
  assert.deepEqual(parseChunks(['event: ping\ndata: {}\n\ndata: hello\n\n']),
    [{ event: 'ping', data: '{}' }, { event: 'message', data: 'hello' }]);
});

test('CRLF, lone CR and LF line ends read alike', () => {
  const expected = [{ event: 'a', data: '1' }, { event: 'b', data: '2' }, { event: 'c', data: '3' }];
  assert.deepEqual(parseChunks(['event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\revent: c\ndata: 3\n\n']), expected);
});

test('a CRLF split between two chunks is one line end, not an empty line between', () => {
  // If the CR and the LF were read as two line ends, the empty line would end the
  // event after "event: x" with no data, and "data: 1" would come out as "message".
  assert.deepEqual(parseChunks(['event: x\r', '\ndata: 1\r', '\n\r', '\n']), [{ event: 'x', data: '1' }]);
});

test('a chunk boundary inside a line, inside a field name and inside the blank line', () => {
  const text = 'event: content_block_delta\ndata: {"text":"abc"}\n\n';
  for (let cut = 1; cut < text.length; cut++) {
    assert.deepEqual(parseChunks([text.slice(0, cut), text.slice(cut)]), [{ event: 'content_block_delta', data: '{"text":"abc"}' }],
      `cut at ${cut}`);
  }
});

test('a UTF-8 character split between chunks comes out whole', () => {
  const bytes = enc.encode('data: 流失率 📉\n\n');
  // "流" is 3 bytes starting at offset 6; "📉" 4 bytes. Cut inside each, byte by byte.
  for (let cut = 6; cut < bytes.length - 2; cut++) {
    assert.deepEqual(parseChunks([bytes.slice(0, cut), bytes.slice(cut)]), [{ event: 'message', data: '流失率 📉' }], `cut at ${cut}`);
  }
  // One byte per chunk.
  assert.deepEqual(parseChunks([...bytes].map((b) => Uint8Array.of(b))), [{ event: 'message', data: '流失率 📉' }]);
});

test('comments are skipped, also between the lines of one event', () => {
  assert.deepEqual(parseChunks([': keep-alive\n\nevent: e\n: OPENROUTER PROCESSING\ndata: x\n\n']), [{ event: 'e', data: 'x' }]);
});

test('data lines of one event are joined with a newline; only one leading space is dropped', () => {
  assert.deepEqual(parseChunks(['data: line one\ndata:line two\ndata:  two spaces\ndata\n\n']),
    [{ event: 'message', data: 'line one\nline two\n two spaces\n' }]);
});

test('an event without data is not reported, and its name does not leak into the next', () => {
  assert.deepEqual(parseChunks(['event: lonely\n\ndata: 1\n\n']), [{ event: 'message', data: '1' }]);
});

test('id and retry fields are ignored', () => {
  assert.deepEqual(parseChunks(['id: 7\nretry: 100\ndata: x\n\n']), [{ event: 'message', data: 'x' }]);
});

test('the last event is reported when the stream ends without a blank line or a newline', () => {
  assert.deepEqual(parseChunks(['data: a\n\ndata: [DONE]']), [{ event: 'message', data: 'a' }, { event: 'message', data: '[DONE]' }]);
  assert.deepEqual(parseChunks(['data: a\n\ndata: b\n']), [{ event: 'message', data: 'a' }, { event: 'message', data: 'b' }]);
  assert.deepEqual(parseChunks(['data: a\r']), [{ event: 'message', data: 'a' }]);
  assert.deepEqual(parseChunks(['']), []);
});

test('readSse reads a Response body chunk by chunk', async () => {
  const tail = enc.encode('data: éé\n\n'); // é is 2 bytes: cut inside the first (at 7) and the second (at 9)
  const events = await collect(responseOf(['event: a\r\nda', 'ta: 1\r', '\n\r\n', tail.slice(0, 7), tail.slice(7, 9), tail.slice(9)]));
  assert.deepEqual(events, [{ event: 'a', data: '1' }, { event: 'message', data: 'éé' }]);
});

test('leaving the loop early cancels the body', async () => {
  let cancelled = false;
  const body = new ReadableStream({
    pull(controller) { controller.enqueue(enc.encode('data: tick\n\n')); },
    cancel() { cancelled = true; },
  });
  for await (const ev of readSse(new Response(body))) {
    assert.equal(ev.data, 'tick');
    break;
  }
  assert.equal(cancelled, true);
});

test('a body that fails throws out of the loop', async () => {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(enc.encode('data: 1\n\n'));
      controller.error(new Error('connection reset'));
    },
  });
  await assert.rejects(collect(new Response(body)), /connection reset/);
});
