// csv-export.test.mjs: web/csv-export.js: RFC 4180 quoting, CRLF, the BOM,
// Chinese, escaping against formula injection, numbers written exactly, a
// table (plain objects standing in for the DOM) to rows, and file names.
// Every expected text below is written out by hand from the rules at the
// top of csv-export.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const { toCsv, field, cellText, isPlainNumber, tableRows, nodeText, fileName, BOM } =
  await import(join(ROOT, 'web', 'csv-export.js'));

/* ---- a tiny stand-in for the DOM: text nodes and elements ---- */
const text = (data) => ({ nodeType: 3, data });
function elem(tagName, props = {}, ...children) {
  const kids = children.map((c) => (typeof c === 'string' ? text(c) : c));
  return {
    nodeType: 1, tagName, childNodes: kids, hidden: false, attrs: {}, ...props,
    getAttribute(name) { return this.attrs[name] ?? null; },
    get textContent() { return kids.map((k) => (k.nodeType === 3 ? k.data : k.textContent)).join(''); },
  };
}
const td = (content, props) => elem('TD', props, ...[].concat(content));
const tr = (cells, props) => ({ cells, hidden: false, ...props });
const table = (...rows) => ({ rows });

test('fields are quoted when they hold a comma, a quote, CR or LF, and quotes are doubled', () => {
  assert.equal(field('plain'), 'plain');
  assert.equal(field('a,b'), '"a,b"');
  assert.equal(field('say "hi"'), '"say ""hi"""');
  assert.equal(field('two\nlines'), '"two\nlines"');
  assert.equal(field('cr\rhere'), '"cr\rhere"');
  assert.equal(field(' spaced '), ' spaced ', 'spaces are data, kept and not quoted');
});

test('records end with CRLF, the last one too, and the text starts with a UTF-8 BOM', () => {
  const csv = toCsv([['Plan', 'MRR'], ['Pro', 1200.5], ['Team, annual', '$3,000']]);
  assert.equal(csv, '\uFEFFPlan,MRR\r\nPro,1200.5\r\n"Team, annual","$3,000"\r\n');
  assert.equal(csv.charCodeAt(0), 0xfeff);
  // as UTF-8 bytes the BOM is EF BB BF
  assert.deepEqual([...Buffer.from(csv, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(toCsv([['a']], { bom: false }), 'a\r\n');
  assert.equal(toCsv([]), BOM, 'no rows: the BOM alone');
});

test('Chinese text goes through unchanged and encodes as UTF-8', () => {
  const csv = toCsv([['套餐', '月经常性收入'], ['专业版', '¥1,200']]);
  assert.equal(csv, '\uFEFF套餐,月经常性收入\r\n专业版,"¥1,200"\r\n');
  // 专 is U+4E13: UTF-8 E4 B8 93
  const bytes = Buffer.from(csv, 'utf8');
  const at = bytes.indexOf(Buffer.from([0xe4, 0xb8, 0x93]));
  assert.ok(at > 0, 'U+4E13 as E4 B8 93');
  assert.equal(Buffer.from(csv, 'utf8').toString('utf8'), csv);
});

test('empty cells: empty strings, null, undefined, NaN and Infinity are empty fields', () => {
  assert.equal(toCsv([['', null, undefined, NaN, Infinity, -Infinity, 'x']], { bom: false }), ',,,,,,x\r\n');
  assert.equal(toCsv([[]], { bom: false }), '\r\n', 'an empty row is an empty record');
});

test('cells starting with = + - @ tab or CR are escaped with an apostrophe', () => {
  assert.equal(cellText('=HYPERLINK("http://evil.example","click")'), '\'=HYPERLINK("http://evil.example","click")');
  // escaped first, then quoted (it holds quotes and a comma)
  assert.equal(field('=HYPERLINK("http://evil.example","click")'), '"\'=HYPERLINK(""http://evil.example"",""click"")"');
  assert.equal(cellText('=1+1'), "'=1+1");
  assert.equal(cellText('+1.2 pp'), "'+1.2 pp");
  assert.equal(cellText('-2+3+cmd|\' /C calc\'!A0'), "'-2+3+cmd|' /C calc'!A0");
  assert.equal(cellText('@SUM(A1:A2)'), "'@SUM(A1:A2)");
  assert.equal(cellText('\t=1'), "'\t=1");
  assert.equal(field('\r=1'), '"\'\r=1"');
  assert.equal(cellText('-$1,200'), "'-$1,200", 'a currency is text, so escaped');
  // the full-width forms CJK Excel also takes for a formula
  assert.equal(cellText('＝1+1'), "'＝1+1");
  assert.equal(cellText('＋1'), "'＋1");
  assert.equal(cellText('－1'), "'－1");
  assert.equal(cellText('＠A1'), "'＠A1");
  // not at the start: left alone
  assert.equal(cellText('a=b'), 'a=b');
  assert.equal(cellText('-'), "'-", 'a lone minus is no number');
});

test('a plain number stays a number even when it starts with - or +', () => {
  for (const s of ['-12.5', '+3', '-1,234.5', '-4.2%', '-0.5', '-.5', '-1e-7', '+2E10', '-1000000'])
    assert.equal(cellText(s), s, s);
  assert.ok(isPlainNumber('-12.5'));
  assert.ok(!isPlainNumber('-1,23'), 'bad grouping is not a number');
  assert.ok(!isPlainNumber('-12.5.1'));
  assert.ok(!isPlainNumber('-2+3'));
  assert.ok(!isPlainNumber('+'));
  assert.ok(!isPlainNumber('-%'));
});

test('numbers are written as their exact shortest text', () => {
  assert.equal(cellText(0.1 + 0.2), '0.30000000000000004');
  assert.equal(cellText(1 / 3), '0.3333333333333333');
  assert.equal(cellText(-12.5), '-12.5', 'a negative number is a number: not escaped');
  assert.equal(cellText(-0), '0');
  assert.equal(cellText(1e21), '1e+21');
  assert.equal(cellText(5e-324), '5e-324');
  assert.equal(cellText(123456789012), '123456789012');
  assert.equal(cellText(9007199254740993n), '9007199254740993');
  assert.equal(toCsv([[1, -2.5, 0]], { bom: false }), '1,-2.5,0\r\n');
});

test('a table gives its header and body rows, cell text as shown', () => {
  const t = table(
    tr([elem('TH', {}, 'Plan'), elem('TH', {}, 'MRR')]),
    tr([td('Pro'), td([elem('SPAN', {}, '$1,200'), elem('SPAN', {}, '+4%')])]),
    tr([td('  Team \n plan '), td('=HYPERLINK("x")')]));
  assert.deepEqual(tableRows(t), [['Plan', 'MRR'], ['Pro', '$1,200 +4%'], ['Team plan', '=HYPERLINK("x")']]);
  assert.equal(toCsv(tableRows(t), { bom: false }),
    'Plan,MRR\r\nPro,"$1,200 +4%"\r\nTeam plan,"\'=HYPERLINK(""x"")"\r\n');
});

test('hidden rows are skipped, or whatever visible() leaves out', () => {
  const t = table(tr([td('a')]), tr([td('b')], { hidden: true }), tr([td('c')]));
  assert.deepEqual(tableRows(t), [['a'], ['c']]);
  assert.deepEqual(tableRows(t, (row) => row.cells[0].textContent !== 'c'), [['a'], ['b']]);
});

test('a column span puts its text first and leaves the columns it covers empty', () => {
  // the cohort table's header: [blank over 3][Months since over 4], then 0..3
  const t = table(
    tr([elem('TH', { colSpan: 3 }), elem('TH', { colSpan: 4 }, 'Months since')]),
    tr(['Cohort', 'Customers', 'Start', '0', '1', '2', '3'].map((s) => elem('TH', {}, s))));
  assert.deepEqual(tableRows(t), [
    ['', '', '', 'Months since', '', '', ''],
    ['Cohort', 'Customers', 'Start', '0', '1', '2', '3']]);
});

test('a row span leaves the rows below empty in its column and shifts their cells right', () => {
  const t = table(
    tr([td('A', { rowSpan: 2 }), td('1'), td('2')]),
    tr([td('3'), td('4')]),
    tr([td('B'), td('5'), td('6')]));
  assert.deepEqual(tableRows(t), [['A', '1', '2'], ['', '3', '4'], ['B', '5', '6']]);
});

test('short rows are padded so every record has as many fields as the widest', () => {
  const t = table(tr([td('a'), td('b'), td('c')]), tr([td('d')]));
  assert.deepEqual(tableRows(t), [['a', 'b', 'c'], ['d', '', '']]);
});

test('cell text: a select shows its chosen option, an input its value; buttons and hidden parts are left out', () => {
  const select = elem('SELECT', { selectedOptions: [elem('OPTION', {}, 'Amount')] },
    elem('OPTION', {}, 'None'), elem('OPTION', {}, 'Amount'));
  assert.equal(nodeText(td(select)), 'Amount');
  assert.equal(nodeText(td(elem('INPUT', { type: 'text', value: '42' }))), '42');
  assert.equal(nodeText(td(['Details', elem('BUTTON', {}, 'Open')])), 'Details');
  assert.equal(nodeText(td(['shown', elem('SPAN', { hidden: true }, 'gone')])), 'shown');
  assert.equal(nodeText(td(['shown', elem('SPAN', { attrs: { 'aria-hidden': 'true' } }, '▲')])), 'shown');
  assert.equal(nodeText(td(['1', text('\u00a0'), '234'])), '1\u00a0234', 'adjacent text nodes join, a no-break space stays');
  assert.equal(nodeText(td([])), '');
});

test('file names are safe on every system and keep Chinese', () => {
  assert.equal(fileName('MRR by month', '2026-01-31', 'png'), 'MRR by month-2026-01-31.png');
  assert.equal(fileName('月经常性收入', '2026-01-31', 'csv'), '月经常性收入-2026-01-31.csv');
  assert.equal(fileName('a/b\\c:d*e?f"g<h>i|j', '2026-01-31', 'csv'), 'a-b-c-d-e-f-g-h-i-j-2026-01-31.csv');
  assert.equal(fileName('tab\there\nnewline', null, 'png'), 'tab here newline.png');
  assert.equal(fileName('ends with dots...', '2026-01-31', 'png'), 'ends with dots-2026-01-31.png');
  assert.equal(fileName('.hidden', '', 'csv'), 'hidden.csv');
  assert.equal(fileName('', '2026-01-31', 'png'), 'lodestar-2026-01-31.png');
  assert.equal(fileName('   ', '2026-01-31', 'png'), 'lodestar-2026-01-31.png');
  assert.equal(fileName('CON', '', 'csv'), '_CON.csv');
  assert.equal(fileName('com1', '', 'csv'), '_com1.csv');
  const long = fileName('x'.repeat(200), '2026-01-31', 'csv');
  assert.equal(long, `${'x'.repeat(80)}-2026-01-31.csv`);
  // 80 code points of an astral character: never half a surrogate pair
  const emoji = fileName('📈'.repeat(100), '', 'png');
  assert.equal(Array.from(emoji.slice(0, -4)).length, 80);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(emoji));
});
