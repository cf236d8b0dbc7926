// compare.test.mjs: the harness's own parts on hand-made inputs: the
// comparison rule (compare.mjs) and the text forms (tabular.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameCell, compareResults } from './compare.mjs';
import { parseCsv, parseTsv, tsvCell, splitSql } from './tabular.mjs';

test('whole numbers must be equal exactly, whatever their spelling', () => {
  assert.ok(sameCell('42', '42'));
  assert.ok(sameCell('42', '42.000')); // PostgreSQL numeric
  assert.ok(sameCell('-7', '-7.0'));
  assert.ok(!sameCell('42', '43'));
  // 2^53 + 1 and 2^53 are one double but two counts
  assert.ok(!sameCell('9007199254740993', '9007199254740992'));
});

test('other numbers may differ by 1e-9 of the larger, not more', () => {
  // 1234.5 * 1e-9 = 1.2345e-6: a difference of 1e-6 is inside, 2e-6 outside
  assert.ok(sameCell('1234.5', '1234.500001'));
  assert.ok(!sameCell('1234.5', '1234.500002'));
  assert.ok(sameCell('0.30000000000000004', '0.3'));
  assert.ok(sameCell('1e-05', '0.00001'));
  assert.ok(!sameCell('0.5', '0.25'));
});

test('an empty cell equals NULL and nothing else', () => {
  assert.ok(sameCell('', null));
  assert.ok(sameCell(null, ''));
  assert.ok(!sameCell('', '0'));
  assert.ok(!sameCell('0', null));
});

test('labels must be the same text', () => {
  assert.ok(sameCell('2025-11', '2025-11'));
  assert.ok(!sameCell('2025-11', '2025-11-01'));
  assert.ok(!sameCell('2025-11-01', '2025-11-01 00:00:00'));
});

test('a mismatch names the case, engine, row, column, expected and got', () => {
  const want = { columns: ['period', 'value'], rows: [['2025-11', '10'], ['2025-12', '']] };
  assert.deepEqual(compareResults('dau', 'duckdb', want, { columns: ['period', 'value'], rows: [['2025-11', '10'], ['2025-12', null]] }), []);
  assert.deepEqual(compareResults('dau', 'duckdb', want, { columns: ['period', 'value'], rows: [['2025-11', '11'], ['2025-12', '0']] }), [
    'dau on duckdb: row 1 (2025-11), column value: expected "10", got "11"',
    'dau on duckdb: row 2 (2025-12), column value: expected "", got "0"',
  ]);
  assert.deepEqual(compareResults('dau', 'postgres', want, { columns: ['period', 'v'], rows: want.rows }), [
    'dau on postgres: columns ["period","v"], expected ["period","value"]',
  ]);
  assert.deepEqual(compareResults('dau', 'clickhouse', want, { columns: ['period', 'value'], rows: [['2025-11', '10']] }), [
    'dau on clickhouse: 1 rows (2025-11 … 2025-11), expected 2 (2025-11 … 2025-12)',
  ]);
});

test('at most five cell mismatches are listed', () => {
  const rows = (v) => Array.from({ length: 8 }, (_, i) => [`2025-0${i + 1}`, v]);
  const diff = compareResults('count', 'duckdb', { columns: ['period', 'value'], rows: rows('1') }, { columns: ['period', 'value'], rows: rows('2') });
  assert.equal(diff.length, 5);
  assert.match(diff[4], /row 5 \(2025-05\)/);
});

test('CSV: quotes, doubled quotes, newlines in cells, NULL as an unquoted empty cell', () => {
  assert.deepEqual(parseCsv('a,b,c\n1,"x, ""y""",\n"",z,"l1\nl2"\r\n'), [
    ['a', 'b', 'c'], ['1', 'x, "y"', null], ['', 'z', 'l1\nl2'],
  ]);
  assert.deepEqual(parseCsv('a\n'), [['a']]);
  assert.throws(() => parseCsv('"open'), /unterminated/);
});

test('TabSeparated: \\N is NULL, escapes round-trip', () => {
  assert.deepEqual(parseTsv('p\tv\n2025-11\t\\N\na\\tb\tc\\\\d\n'), [['p', 'v'], ['2025-11', null], ['a\tb', 'c\\d']]);
  const cells = ['x', 'tab\there', 'back\\slash', 'two\nlines', null, ''];
  assert.deepEqual(parseTsv(`${cells.map(tsvCell).join('\t')}\n`), [cells]);
});

test('SQL scripts split at semicolons outside quotes and comments', () => {
  assert.deepEqual(splitSql("-- table t: a;b\nSELECT 'x;y' AS \"c;d\" FROM t;\n\nCREATE TABLE u (a Int64) /* ; */;\n-- trailing comment;\n"), [
    "-- table t: a;b\nSELECT 'x;y' AS \"c;d\" FROM t",
    'CREATE TABLE u (a Int64) /* ; */',
  ]);
  assert.deepEqual(splitSql('SELECT 1'), ['SELECT 1']);
});
