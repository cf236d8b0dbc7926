// assistant-markdown.test.mjs: the model's markdown read into blocks
// (web/assistant-markdown.js parseMarkdown; the DOM side is built from these
// with textContent only, checked in tests/browser/assistant.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const { parseMarkdown, parseInline } = await import(join(ROOT, 'web', 'assistant-markdown.js'));
const txt = (text) => ({ type: 'text', text });

test('inline marks: bold, italic and code; an unclosed marker stays text', () => {
  assert.deepEqual(parseInline('MRR is **$48,214** (`mrr`), *up* 2%'),
    [txt('MRR is '), { type: 'strong', text: '$48,214' }, txt(' ('), { type: 'code', text: 'mrr' }, txt('), '),
      { type: 'em', text: 'up' }, txt(' 2%')]);
  assert.deepEqual(parseInline('2 * 3 = 6 and **open'), [txt('2 * 3 = 6 and **open')]);
  assert.deepEqual(parseInline('snake_case_name stays'), [txt('snake_case_name stays')]);
});

test('paragraphs split on blank lines; a single newline is a line break', () => {
  assert.deepEqual(parseMarkdown('one\ntwo\n\nthree'), [
    { type: 'p', lines: [[txt('one')], [txt('two')]] },
    { type: 'p', lines: [[txt('three')]] }]);
});

test('bullet and numbered lists, a wrapped item joined to its item', () => {
  assert.deepEqual(parseMarkdown('Movers:\n- MRR up\n  by 3%\n- churn down\n\n1. first\n2) second'), [
    { type: 'p', lines: [[txt('Movers:')]] },
    { type: 'ul', items: [[txt('MRR up by 3%')], [txt('churn down')]] },
    { type: 'ol', items: [[txt('first')], [txt('second')]] }]);
});

test('a table needs its separator line; rows padded to the header', () => {
  assert.deepEqual(parseMarkdown('| plan | MRR |\n|---|--:|\n| pro | **10** |\n| basic |'), [
    { type: 'table', head: [[txt('plan')], [txt('MRR')]],
      rows: [[[txt('pro')], [{ type: 'strong', text: '10' }]], [[txt('basic')], []]] }]);
  // still streaming: no separator yet, so it is a paragraph
  assert.equal(parseMarkdown('| plan | MRR |')[0].type, 'p');
});

test('headings and fenced code (an unclosed fence runs to the end)', () => {
  assert.deepEqual(parseMarkdown('## Summary\n```sql\nSELECT <b>1</b>\n```\nafter'), [
    { type: 'h', level: 2, inline: [txt('Summary')] },
    { type: 'code', text: 'SELECT <b>1</b>' },
    { type: 'p', lines: [[txt('after')]] }]);
  assert.deepEqual(parseMarkdown('```\nstill'), [{ type: 'code', text: 'still' }]);
});
