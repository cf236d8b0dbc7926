// spec-types.test.mjs: the ops refuse a spec field of the wrong JSON type
// instead of ignoring it (a numeric "from" used to read as "all time", a
// numeric "kind" as "events", a text "max" as 200).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { useDemo } from './helpers.mjs';

const gen = useDemo('spectypes', { seed: 3, users: 50, days: 30 });
let ws = null;
after(() => ws && ws.free());

test('ops_should_refuse_spec_fields_of_the_wrong_type', async () => {
  ws = gen.engine.newWorkspace();
  for (const f of gen.files) await ws.load(basename(f), readFileSync(f));
  const refuse = (fn, re) => assert.throws(fn, (e) => e.status === 'LS_EINVAL' && re.test(e.message), String(re));
  refuse(() => ws.retention({ from: 20260301 }), /"from" must be text/);
  refuse(() => ws.lifecycle({ to: true }), /"to" must be text/);
  refuse(() => ws.paths({ grain: 7 }), /"grain" must be text/);
  refuse(() => ws.values({ column: 'plan', kind: 7 }), /"kind" must be a dataset kind/);
  refuse(() => ws.values({ column: 'plan', max: '10' }), /"max" must be a whole number/);
  refuse(() => ws.values({ column: 'plan', max: 2.5 }), /"max" must be a whole number/);
  refuse(() => ws.values({ column: 'plan', max: 0 }), /"max" must be a whole number/);
  // null and absent keep the defaults; a huge max reads as 5000
  assert.equal(ws.values({ column: 'plan', kind: null, max: null }).more, false);
  assert.equal(ws.values({ column: 'plan', max: 1e300 }).more, false);
  assert.equal(ws.values({ column: 'plan', max: 1 }).more, true);
});
