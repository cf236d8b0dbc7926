/* sse.js: server-sent events from a fetch Response, as both LLM wire formats
 * stream them. No DOM; works in the page and in Node 20.
 *
 *   for await (const { event, data } of readSse(response)) …
 *
 * Follows the HTML event-stream rules: lines end in CRLF, LF or CR (a CR at
 * the end of one chunk and the LF starting the next are one line end); bytes
 * are decoded as UTF-8 across chunk boundaries (a character split between two
 * chunks comes out whole); lines starting with ":" are comments; "data"
 * lines of one event are joined with "\n"; one space after the colon is
 * dropped; an empty line ends an event; an event with no data line is not
 * reported; event defaults to "message". Unlike a browser's EventSource, an
 * event still open when the stream ends (no trailing blank line) is
 * reported, since a reply cut there is still worth reading. */

/* {event, data} for each event of response.body. Stops reading (and cancels
 * the body) when the loop is left early. A stream that fails (an aborted
 * fetch, a dropped connection) throws its error out of the loop. */
export async function* readSse(response) {
  const reader = response.body.getReader();
  const parser = createSseParser();
  let done = false;
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) break;
      yield* parser.push(step.value);
    }
    done = true;
    yield* parser.end();
  } finally {
    if (!done) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}

/* The parser itself, fed byte chunks (Uint8Array) or strings:
 * push(chunk) → the events it completes; end() → the event left open. */
export function createSseParser() {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let event = '';
  let data = [];

  function line(text, out) {
    if (text === '') {
      if (data.length) out.push({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (text.charCodeAt(0) === 58 /* : */) return; // a comment
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    // id and retry mean nothing to a one-shot request; other fields are ignored by the standard.
  }

  function drain(out, final) {
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 13 && i === buffer.length - 1 && !final) break; // CR last: wait, an LF may follow
      line(buffer.slice(start, i), out);
      if (c === 13 && buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    buffer = buffer.slice(start);
  }

  return {
    push(chunk) {
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      const out = [];
      drain(out, false);
      return out;
    },
    end() {
      buffer += decoder.decode();
      const out = [];
      drain(out, true);
      if (buffer !== '') line(buffer, out);
      buffer = '';
      line('', out);
      return out;
    },
  };
}
