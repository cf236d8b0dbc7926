// paths.test.mjs: the paths op of the wasm engine (ws.paths, the worker's
// `paths`), hand-checked on data/events_small.csv and checked against
// `lodestar paths` on the demo.
//
// events_small.csv in sessions (30 minutes without events end one):
//   u1  [signup 09:00, resume_scan 09:05] Mar 1; [resume_scan] Mar 2; [mock_interview] Mar 8
//   u2  [signup] Mar 1; [job_search] Mar 3
//   u3  [signup] Mar 1; [resume_scan] Mar 9
//   u4  [signup];  u5  [signup]
// Pairs: (start)→signup 5 sessions of 5 users; signup→(end) 4 (u2..u5);
// resume_scan→(end) 3 (u1 twice, u3); (start)→resume_scan 2 (u1, u3); then one
// each, by from and to: (start)→job_search, (start)→mock_interview,
// job_search→(end), mock_interview→(end), signup→resume_scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, cli, useDemo } from './helpers.mjs';

const gen = useDemo('paths', { seed: 5, users: 1500, days: 90 });

async function small() {
  const ws = gen.engine.newWorkspace();
  await ws.load('events_small.csv', readFileSync(join(DATA, 'events_small.csv')));
  return ws;
}

const pair = (from, to, users, transitions) => ({ from, to, users, transitions });

test('paths_should_count_pairs_inside_sessions_with_start_and_end', async () => {
  const ws = await small();
  const p = ws.paths({});
  ws.free();
  assert.deepEqual(p.pairs, [
    pair('(start)', 'signup', 5, 5), pair('signup', '(end)', 4, 4), pair('resume_scan', '(end)', 2, 3),
    pair('(start)', 'resume_scan', 2, 2), pair('(start)', 'job_search', 1, 1), pair('(start)', 'mock_interview', 1, 1),
    pair('job_search', '(end)', 1, 1), pair('mock_interview', '(end)', 1, 1), pair('signup', 'resume_scan', 1, 1),
  ]);
  assert.equal(p.distinct, 9);
  assert.equal(p.sessions, 9);
  assert.equal(p.users, 5);
  assert.equal(p.dropoff, undefined);
});

test('paths_after_should_name_nodes_by_step_and_give_the_dropoff', async () => {
  const ws = await small();
  const p = ws.paths({ after: 'signup', steps: 2 });
  ws.free();
  // u1: 0:signup → 1:resume_scan → 2:(end); u2..u5: 0:signup → 1:(end)
  assert.deepEqual(p.pairs, [pair('0:signup', '1:(end)', 4, 4), pair('0:signup', '1:resume_scan', 1, 1),
    pair('1:resume_scan', '2:(end)', 1, 1)]);
  assert.deepEqual(p.dropoff, [
    { step: 0, sessions: 5, users: 5, ended_sessions: 4, ended_users: 4 },
    { step: 1, sessions: 1, users: 1, ended_sessions: 1, ended_users: 1 },
    { step: 2, sessions: 0, users: 0, ended_sessions: 0, ended_users: 0 },
  ]);
});

test('paths_should_follow_the_gap_setting_and_the_day_range', async () => {
  const ws = await small();
  ws.setSetting('session_gap_minutes', '5');
  // 5 minutes: u1's signup and resume_scan 5 min 12 s apart split
  const p = ws.paths({ after: 'signup', steps: 1 });
  assert.deepEqual(p.pairs, [pair('0:signup', '1:(end)', 5, 5)]);
  ws.setSetting('session_gap_minutes', '30');
  // sessions starting Mar 2 to Mar 3: u1's resume_scan, u2's job_search
  const r = ws.paths({ from: '2026-03-02', to: '2026-03-03' });
  ws.free();
  assert.equal(r.sessions, 2);
  assert.deepEqual(r.pairs.map((x) => `${x.from}>${x.to}`), ['(start)>job_search', '(start)>resume_scan',
    'job_search>(end)', 'resume_scan>(end)']);
});

test('paths_should_refuse_bad_specs', async () => {
  const ws = await small();
  const bad = (spec, re) => assert.throws(() => ws.paths(spec), (e) => e.status === 'LS_EINVAL' && re.test(e.message));
  bad({ after: 'signup', before: 'signup' }, /exclude/);
  bad({ steps: 0 }, /steps/);
  bad({ steps: 21 }, /steps/);
  bad({ top: 1.5 }, /top/);
  bad({ after: 3 }, /event names/);
  bad({ by: 'event' }, /by/);
  ws.free();
});

test('paths_should_equal_the_cli_on_the_demo', () => {
  const ws = gen.engine.newWorkspace();
  ws.genDemo({ seed: 5, users: 1500, days: 90 });
  const runs = [
    [{}, []],
    [{ after: 'signup', steps: 4, top: 30 }, ['--after', 'signup', '--steps', '4', '--top', '30']],
    [{ before: 'mock_interview', steps: 3 }, ['--before', 'mock_interview', '--steps', '3']],
    [{ where: [{ column: 'plan', value: 'free' }], from: '2026-01-01', to: '2026-01-31' },
      ['--where', 'plan=free', '--from', '2026-01-01', '--to', '2026-01-31']],
  ];
  for (const [spec, args] of runs) {
    const p = ws.paths(spec);
    const lines = cli('paths', ...args, ...gen.files).trim().split('\n');
    assert.equal(lines[0], 'from,to,users,transitions');
    assert.ok(lines.length > 5, `${args.join(' ')}: enough pairs to compare`);
    assert.deepEqual(p.pairs.map((x) => `${x.from},${x.to},${x.users},${x.transitions}`), lines.slice(1),
      args.join(' '));
  }
  const d = ws.paths({ after: 'signup', steps: 4 });
  ws.free();
  const lines = cli('paths', '--after', 'signup', '--steps', '4', '--dropoff', ...gen.files).trim().split('\n');
  assert.deepEqual(d.dropoff.map((s) => Object.values(s).join(',')), lines.slice(1));
});
