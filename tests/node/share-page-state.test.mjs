// share-page-state.test.mjs: the pure part of web/share/page-state.js
// (pageOf, pageHash): what a share link and a workspace file keep of the page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

let pageOf, pageHash;

before(async () => {
  globalThis.document ??= { documentElement: {} };
  ({ pageOf, pageHash } = await import(join(ROOT, 'web', 'share', 'page-state.js')));
});

const DEFAULTS = { grain: 'day', event: '', property: '', feature: '' };

test('the hash keeps every plain part but demo and s=, in order', () => {
  assert.equal(pageHash('#demo&view=revenue&range=30d&f=plan:Pro'), 'view=revenue&range=30d&f=plan:Pro');
  assert.equal(pageHash('#s=1.abc&view=funnels&funnel.steps=a,b&demo'), 'view=funnels&funnel.steps=a,b');
  assert.equal(pageHash('view=users'), 'view=users'); // without the leading #
  assert.equal(pageHash(''), '');
  assert.equal(pageHash('#demo'), '');
  // a part that only starts like s= or demo is kept
  assert.equal(pageHash('#demo2&sx=1&f=s:1'), 'demo2&sx=1&f=s:1');
});

test('a page at its defaults holds the hash and the zone only', () => {
  const info = { datasets: [] };
  const s = { tz: 'Europe/London', productOpts: { ...DEFAULTS }, alerts: null, info };
  assert.deepEqual(pageOf(s, '#demo&view=revenue'), { hash: 'view=revenue', tz: 'Europe/London' });
});

test('the product pickers that differ from the defaults are kept, the others not', () => {
  const s = { tz: 'UTC', productOpts: { ...DEFAULTS, grain: 'week', event: 'search' }, info: {} };
  assert.deepEqual(pageOf(s, '').product, { grain: 'week', event: 'search' });
  assert.equal('product' in pageOf({ ...s, productOpts: { ...DEFAULTS } }, ''), false);
});

test('rules: the current run\'s when the user saved them, never the defaults', () => {
  const info = { datasets: [{ signature: 'x' }] };
  const saved = { tz: 'UTC', info, alerts: { source: 'saved', rules: '{"rules":[]}', infoRef: info } };
  assert.equal(pageOf(saved, '').rules, '{"rules":[]}');
  const dflt = { tz: 'UTC', info, alerts: { source: 'default', rules: '{"rules":[1]}', infoRef: info } };
  assert.equal('rules' in pageOf(dflt, '', 'stale'), false); // the current run says default
  // the run is another workspace's (info changed since): the rules saved for this workspace
  const old = { tz: 'UTC', info, alerts: { source: 'saved', rules: 'old', infoRef: { datasets: [] } } };
  assert.equal(pageOf(old, '', 'mine').rules, 'mine');
  assert.equal('rules' in pageOf(old, '', null), false);
  // no run yet: the saved rules
  assert.equal(pageOf({ tz: 'UTC', info, alerts: null }, '', 'kept').rules, 'kept');
});
