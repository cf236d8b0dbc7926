// funnel-op.test.mjs: the funnel and eventNames ops of the wasm engine
// (ws.funnel, ws.eventNames; the worker's `funnel` and `eventNames`): the
// same numbers as `lodestar funnel` on a generated demo in every order, with
// an exclusion, a breakdown, a window, a range and a filter; a hand-checked
// worked example; the spec's errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cli, asText, useDemo } from './helpers.mjs';

const gen = useDemo('funnel', { seed: 7, users: 1500, days: 150 });

function demoWs() {
  const ws = gen.engine.newWorkspace();
  ws.genDemo({ seed: 7, users: 1500, days: 150 });
  return ws;
}

/* `lodestar funnel ARGS FILES` → rows {segment?, step, event, users, from_start, …} as texts. */
function cliFunnel(args, by = false) {
  const lines = cli('funnel', ...args, ...gen.files).trim().split('\n').slice(1);
  return lines.map((line) => {
    const cells = line.split(',');
    const seg = by ? cells.shift() : null;
    const [step, event, users, fromStart, fromPrevious, median, mean] = cells;
    return { seg, step, event, users, cells: [fromStart, fromPrevious, median, mean] };
  });
}

/* The op's result as the CLI's rows: segment-major, step by step. */
function asRows(r) {
  const rows = [];
  const nseg = r.segments ? r.segments.length : 1;
  for (let s = 0; s < nseg; s++)
    r.steps.forEach((st, k) => rows.push({
      seg: r.segments ? r.segments[s] : null, step: String(k + 1), event: st.event, users: String(st.users[s]),
      cells: [st.from_start[s], st.from_previous[s], st.median_seconds[s], st.mean_seconds[s]].map((v) => (v === null ? '' : asText(v))),
    }));
  return rows;
}

const CASES = [
  { name: 'sequential, the default 14 days', spec: { steps: ['signup', 'resume_scan', 'upgrade'] }, args: ['--steps', 'signup,resume_scan,upgrade'] },
  { name: 'strict, one hour', spec: { steps: ['signup', 'resume_scan', 'job_search'], order: 'strict', window: '1h' },
    args: ['--steps', 'signup,resume_scan,job_search', '--order', 'strict', '--window', '1h'] },
  { name: 'any order, 7 days', spec: { steps: ['upgrade', 'mock_interview', 'resume_scan'], order: 'any', window: '7d' },
    args: ['--steps', 'upgrade,mock_interview,resume_scan', '--order', 'any', '--window', '7d'] },
  { name: 'an exclusion', spec: { steps: ['resume_scan', 'mock_interview', 'upgrade'], exclude: ['api_call'], window: 3 * 86400 },
    args: ['--steps', 'resume_scan,mock_interview,upgrade', '--exclude', 'api_call', '--window', '3d'] },
  { name: 'a breakdown by plan', spec: { steps: ['signup', 'resume_scan', 'upgrade'], by: 'plan' }, by: true,
    args: ['--steps', 'signup,resume_scan,upgrade', '--by', 'plan'] },
  { name: 'a breakdown by the customers\' channel, a range and a filter',
    spec: { steps: ['signup', 'mock_interview', 'upgrade'], by: 'channel', from: '2025-12-01', to: '2026-01-31', where: [{ column: 'country', value: 'US' }] },
    by: true, args: ['--steps', 'signup,mock_interview,upgrade', '--by', 'channel', '--from', '2025-12-01', '--to', '2026-01-31', '--where', 'country=US'] },
];

for (const c of CASES) {
  test(`funnel_op_should_equal_lodestar_funnel_for_${c.name.replace(/\W+/g, '_')}`, () => {
    const ws = demoWs();
    const r = ws.funnel(c.spec);
    ws.free();
    const want = cliFunnel(c.args, !!c.by);
    assert.equal(r.segments === null, !c.by);
    assert.ok(want.length >= c.spec.steps.length);
    assert.ok(Number(want[0].users) > 0, 'the case has users at step 1');
    assert.deepEqual(asRows(r), want);
  });
}

test('funnel_op_should_count_the_most_recent_attempt_as_the_reference_example_says', async () => {
  // A 13:00, A 13:30, B 13:45, C 14:15 with a 1-hour window: the 13:00
  // attempt is past its hour at 14:15, the 13:30 one converts (45 min after
  // it): B after 15 min (13:30 → 13:45), C after 30 min (13:45 → 14:15).
  // u2 A 09:00, C 09:30: reaches step 1 only. u3 B only: in no step.
  const csv = ['user_id,event,timestamp', 'u1,A,2026-03-01T13:00:00Z', 'u1,A,2026-03-01T13:30:00Z',
    'u1,B,2026-03-01T13:45:00Z', 'u1,C,2026-03-01T14:15:00Z', 'u2,A,2026-03-01T09:00:00Z',
    'u2,C,2026-03-01T09:30:00Z', 'u3,B,2026-03-01T10:00:00Z', ''].join('\n');
  const ws = gen.engine.newWorkspace();
  await ws.load('events.csv', new TextEncoder().encode(csv));
  const r = ws.funnel({ steps: ['A', 'B', 'C'], window: '1h' });
  const names = ws.eventNames();
  const inSeconds = ws.funnel({ steps: ['A', 'B', 'C'], window: 3600 });
  const before = ws.funnel({ steps: ['A', 'B', 'C'], window: '1h', to: '2026-02-28' });
  ws.free();
  assert.deepEqual(r.steps.map((s) => s.users[0]), [2, 1, 1]);
  assert.deepEqual(r.steps.map((s) => s.from_start[0]), [1, 0.5, 0.5]);
  assert.deepEqual(r.steps.map((s) => s.from_previous[0]), [1, 0.5, 1]);
  assert.deepEqual(r.steps.map((s) => s.median_seconds[0]), [null, 15 * 60, 30 * 60]);
  assert.deepEqual(r.steps.map((s) => s.mean_seconds[0]), [null, 15 * 60, 30 * 60]);
  assert.equal(r.segments, null);
  assert.equal(r.window_seconds, 3600);
  assert.deepEqual(inSeconds, r, 'a window of 3600 seconds is the 1-hour window');
  // the events: A 3, C 2, B 2 (B and C tie: dictionary order, B first seen)
  assert.deepEqual(names, { names: [{ name: 'A', events: 3 }, { name: 'B', events: 2 }, { name: 'C', events: 2 }], total: 3 });
  // a range that ends the day before the events holds no one
  assert.deepEqual(before.steps.map((s) => s.users[0]), [0, 0, 0]);
  assert.deepEqual(before.steps.map((s) => s.from_start[0]), [null, null, null]);
});

test('event_names_should_count_the_demo_events_by_name_most_frequent_first', () => {
  const ws = demoWs();
  const got = ws.eventNames();
  ws.free();
  const text = readFileSync(gen.files.find((f) => f.endsWith('events.csv')), 'utf8').trim().split('\n').slice(1);
  const counts = new Map();
  for (const line of text) {
    const name = line.split(',')[1];
    counts.set(name, (counts.get(name) || 0) + 1);
  }
  assert.equal(got.total, counts.size);
  assert.deepEqual(new Map(got.names.map((n) => [n.name, n.events])), counts);
  for (let i = 1; i < got.names.length; i++) assert.ok(got.names[i - 1].events >= got.names[i].events, 'most frequent first');
});

test('funnel_op_should_refuse_a_bad_spec_with_the_reason', () => {
  const ws = demoWs();
  const fails = (spec, re) => assert.throws(() => ws.funnel(spec), (err) => err.status === 'LS_EINVAL' && re.test(err.message));
  fails({ steps: ['signup'] }, /2 to 20 steps/);
  fails({ steps: Array(21).fill('signup') }, /at most 20 steps/);
  fails({ steps: ['signup', 'upgrade'], window: '0d' }, /window/);
  fails({ steps: ['signup', 'upgrade'], window: '3x' }, /window/);
  fails({ steps: ['signup', 'upgrade'], order: 'sideways' }, /sequential, strict or any/);
  fails({ steps: ['signup', 'upgrade'], exclude: ['signup'] }, /both a step and an exclusion/);
  fails({ steps: ['signup', 7] }, /array of event names/);
  fails({ steps: ['signup', 'upgrade'], from: 'yesterday' }, /bad date/);
  const empty = gen.engine.newWorkspace();
  assert.throws(() => empty.funnel({ steps: ['a', 'b'] }), (err) => err.status === 'LS_ENODATA');
  assert.throws(() => empty.eventNames(), (err) => err.status === 'LS_ENODATA');
  empty.free();
  ws.free();
});
