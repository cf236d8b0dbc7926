// funnel-data.test.mjs: the Funnels view's model (web/funnel-data.js): the
// spec it hands the worker under the page's global range and filters, the
// default funnel, and the URL hash that keeps a funnel (the hash's other
// parts left alone).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

let fd;
const page = { hash: '' };

before(async () => {
  // the little of a browser views.js touches: location.hash and history.replaceState
  globalThis.location = { get hash() { return page.hash; }, pathname: '/', search: '' };
  globalThis.history = { replaceState: (s, t, url) => { page.hash = url.slice(url.indexOf('#') >= 0 ? url.indexOf('#') : url.length); } };
  fd = await import(join(ROOT, 'web', 'funnel-data.js'));
});

const DEF = { steps: ['signup', 'resume_scan', 'upgrade'], window: '14d', order: 'sequential', exclude: [], by: null };

test('funnel_spec_should_pass_the_global_range_and_filters_and_leave_them_out_when_absent', () => {
  assert.deepEqual(fd.funnelSpec(DEF, {}), { steps: DEF.steps, window: '14d', order: 'sequential', exclude: [] });
  assert.deepEqual(fd.funnelSpec({ ...DEF, by: 'plan', exclude: ['api_call'] }, {
    range: { preset: 'custom', from: '2026-01-01', to: null },
    filters: [{ column: 'country', value: 'US' }, { column: 'paid', value: true }],
  }), { steps: DEF.steps, window: '14d', order: 'sequential', exclude: ['api_call'], by: 'plan', from: '2026-01-01',
    where: [{ column: 'country', value: 'US' }, { column: 'paid', value: 'true' }] });
  assert.deepEqual(fd.funnelSpec(DEF, { range: { preset: 'all', from: null, to: null }, filters: [] }),
    fd.funnelSpec(DEF, {}), 'an unbounded range and no filters are no bounds');
});

test('default_funnel_should_prefer_signup_resume_scan_upgrade_else_the_three_most_frequent', () => {
  const names = (list) => list.map((name, i) => ({ name, events: 100 - i }));
  assert.deepEqual(fd.defaultFunnel(names(['resume_scan', 'job_search', 'signup', 'upgrade'])).steps, ['signup', 'resume_scan', 'upgrade']);
  assert.deepEqual(fd.defaultFunnel(names(['view', 'click', 'buy', 'refund'])).steps, ['view', 'click', 'buy']);
  assert.deepEqual(fd.defaultFunnel(names(['view', 'buy'])).steps, ['view', 'buy']);
  assert.equal(fd.defaultFunnel(names(['view'])), null, 'one name is no funnel');
});

test('the_hash_should_keep_a_funnel_and_the_other_parts_of_the_hash', () => {
  page.hash = '#demo&view=funnels';
  const def = { steps: ['sign up', 'a,b', 'x&y=z'], window: '90m', order: 'strict', exclude: ['api_call'], by: 'Plan' };
  fd.writeFunnelHash(def);
  assert.equal(page.hash, '#demo&view=funnels&funnel.steps=sign%20up,a%2Cb,x%26y%3Dz&funnel.window=90m&funnel.order=strict&funnel.exclude=api_call&funnel.by=Plan');
  assert.deepEqual(fd.readFunnelHash(), def);
  fd.writeFunnelHash(DEF);
  assert.equal(page.hash, '#demo&view=funnels&funnel.steps=signup,resume_scan,upgrade', 'defaults are left out');
  assert.deepEqual(fd.readFunnelHash(), DEF);
});

test('a_bad_hash_should_give_no_funnel_or_the_defaults_for_what_is_bad', () => {
  page.hash = '#view=funnels&funnel.steps=signup';
  assert.equal(fd.readFunnelHash(), null, 'one step');
  page.hash = '#funnel.steps=a,b&funnel.window=0d&funnel.order=sideways&funnel.exclude=a,c';
  assert.deepEqual(fd.readFunnelHash(), { steps: ['a', 'b'], window: '14d', order: 'sequential', exclude: ['c'], by: null });
  page.hash = `#funnel.steps=${Array.from({ length: 25 }, (_, i) => `e${i}`).join(',')}`;
  assert.equal(fd.readFunnelHash().steps.length, 20, 'at most 20 steps');
  assert.deepEqual(fd.parseWindow('14d'), { value: 14, unit: 'd' });
  assert.equal(fd.parseWindow('14s'), null, 'the builder offers minutes to weeks');
});
