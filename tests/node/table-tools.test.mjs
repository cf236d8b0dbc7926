// table-tools.test.mjs: how the tables' cells sort (web/table-tools.js
// sortKey and sortOrder), against values read by hand.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

let sortKey, sortOrder;

before(async () => {
  globalThis.document ??= { documentElement: {} };
  ({ sortKey, sortOrder } = await import(join(ROOT, 'web', 'table-tools.js')));
});

test('sortKey reads formatted numbers and leaves text alone', () => {
  assert.equal(sortKey('$1,234.50'), 1234.5);
  assert.equal(sortKey('726,861'), 726861);
  assert.equal(sortKey('\u22124.2%'), -4.2); // a minus sign, as Intl writes it
  assert.equal(sortKey('-$1,200'), -1200);
  assert.equal(sortKey('+1.2 pp'), 1.2);
  assert.equal(sortKey('12 d'), 12);
  assert.equal(sortKey('1.2K'), 1200);
  assert.equal(sortKey('3.4万'), 34000);
  assert.equal(sortKey('0%'), 0);
  assert.equal(sortKey('customers.csv'), null);
  assert.equal(sortKey('2026-01-05'), null); // a date is not a number
  assert.equal(sortKey(''), null);
});

test('sortOrder: numbers numerically, empty cells last, stable, both ways', () => {
  // values 10, 9, null, 100, 9 → ascending 9 (i1), 9 (i4), 10 (i0), 100 (i3), then null (i2)
  assert.deepEqual(sortOrder([10, 9, null, 100, 9], 'ascending'), [1, 4, 0, 3, 2]);
  // descending 100 (i3), 10 (i0), 9 (i1), 9 (i4), null (i2): ties keep their order, empty stays last
  assert.deepEqual(sortOrder([10, 9, null, 100, 9], 'descending'), [3, 0, 1, 4, 2]);
});

test('sortOrder: text in the language\'s order, digits in text numerically', () => {
  // "file10" after "file9" (numeric collation); case ignored
  assert.deepEqual(sortOrder(['file10', 'File9', 'alpha', ''], 'ascending', 'en'), [2, 1, 0, 3]);
});
