// families.test.mjs: the product journey of every events family, loaded into
// the wasm engine, gives the DAU and the weekly lifecycle the native CLI
// prints for the same file (in UTC and at +08:00). The numbers themselves are
// worked by hand in tests/c/test_journey.c.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, loadEngine, cli, parseSeries, asText } from './helpers.mjs';

const FILES = ['journey_posthog.csv', 'journey_mixpanel.jsonl', 'journey_segment.jsonl',
  'journey_amplitude.jsonl', 'journey_ga4.jsonl', 'journey.sqlite'];
const STATES = ['new', 'returning', 'resurrecting', 'dormant'];

let engine;
before(async () => {
  engine = await loadEngine();
});

async function workspace(file, zone) {
  const ws = engine.newWorkspace();
  if (zone) ws.setTimeZone(zone);
  await ws.load(file, readFileSync(join(DATA, 'fixtures', file)));
  return ws;
}

for (const file of FILES) {
  for (const zone of [null, '+08:00']) {
    const tz = zone ? ['--tz', zone] : [];
    test(`${file}${zone ? ` at ${zone}` : ''}: events, DAU and the weekly lifecycle as the CLI gives them`, async () => {
      const path = join(DATA, 'fixtures', file);
      const ws = await workspace(file, zone);
      try {
        const events = ws.info().datasets.filter((d) => d.kind === 'events');
        assert.equal(events.length, 1, 'one events dataset');

        const dau = parseSeries(cli('metric', 'dau', ...tz, path));
        const got = ws.metric({ metric: 'dau' });
        // at +08:00 u8's last event (22 March 23:30Z) is on 23 March
        assert.equal(dau.length, zone ? 22 : 21, 'the days from 2 March to the last event');
        assert.deepEqual(got.periods, dau.map((r) => r[0]));
        assert.deepEqual(Array.from(got.y, asText), dau.map((r) => r[1]));

        // lifecycle --period week prints period,new,returning,resurrecting,dormant
        // (dormant positive); the catalog's lifecycle_dormant is its negative
        const life = parseSeries(cli('lifecycle', '--period', 'week', ...tz, path));
        assert.equal(life.length, 3, 'three complete weeks');
        STATES.forEach((state, k) => {
          const m = ws.metric({ metric: `lifecycle_${state}`, grain: 'week' });
          assert.deepEqual(m.periods, life.map((r) => r[0]), state);
          const want = life.map((r) => (state === 'dormant' ? 0 - Number(r[k + 1]) : Number(r[k + 1])));
          assert.deepEqual(Array.from(m.y, (v) => v + 0), want, state); // + 0: -0 is 0
        });
      } finally {
        ws.free();
      }
    });
  }
}

test('every family gives one DAU and one lifecycle in the engine', async () => {
  const seen = new Set();
  for (const file of FILES) {
    const ws = await workspace(file, null);
    try {
      seen.add(JSON.stringify([Array.from(ws.metric({ metric: 'dau' }).y),
        STATES.map((s) => Array.from(ws.metric({ metric: `lifecycle_${s}`, grain: 'week' }).y))]));
    } finally {
      ws.free();
    }
  }
  assert.equal(seen.size, 1);
});
