// workspace-file.test.mjs: the name web/workspace-file.js gives a saved
// workspace: the datasets' names without their extensions, or the demo's,
// or "workspace", then the local date, then .lodestar.sqlite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workspaceFileName } from '../../web/workspace-file.js';

const day = new Date(2026, 10, 2, 23, 30); // 2 Nov 2026, local time
const ws = (...names) => ({ demo: false, info: { datasets: names.map((name) => ({ name })) } });

test('the datasets name the file, with the date', () => {
  assert.equal(workspaceFileName(ws('subscriptions_small.csv'), day), 'subscriptions_small-2026-11-02.lodestar.sqlite');
  assert.equal(workspaceFileName(ws('subs.csv', 'events.jsonl.gz'), day), 'subs+events-2026-11-02.lodestar.sqlite');
  assert.equal(workspaceFileName(ws('a.csv', 'b.tsv', 'c.json', 'd.csv', 'e.csv'), day), 'a+b+c+2-2026-11-02.lodestar.sqlite');
  // the tables of one SQLite file share its name once
  assert.equal(workspaceFileName(ws('shop.db', 'shop.db'), day), 'shop-2026-11-02.lodestar.sqlite');
});

test('names are cut down to safe characters; letters of any script stay', () => {
  assert.equal(workspaceFileName(ws('订单 导出 (1).csv'), day), '订单-导出-1-2026-11-02.lodestar.sqlite');
  assert.equal(workspaceFileName(ws('../../etc/passwd'), day), 'etc-passwd-2026-11-02.lodestar.sqlite');
  assert.equal(workspaceFileName(ws('x'.repeat(200) + '.csv'), day), `${'x'.repeat(80)}-2026-11-02.lodestar.sqlite`);
});

test('a reopened workspace keeps its name; the demo and nothing have their own', () => {
  assert.equal(workspaceFileName(ws('q3.lodestar.sqlite'), day), 'q3-2026-11-02.lodestar.sqlite');
  assert.equal(workspaceFileName({ demo: true, info: { datasets: [{ name: 'customers' }] } }, day), 'lodestar-demo-2026-11-02.lodestar.sqlite');
  assert.equal(workspaceFileName(ws(), day), 'workspace-2026-11-02.lodestar.sqlite');
  assert.equal(workspaceFileName(ws('...'), day), 'workspace-2026-11-02.lodestar.sqlite');
});
