// product.js: the Chromium product bench page. tools/bench.d/product-browser.mjs
// opens it in headless Chromium and calls window.bench. The page runs the app's
// own engine worker (site/engine/worker.js through site/engine-client.js) and
// builds every worker op the Users, Retention and Funnels views (with its Paths
// card) issue for a
// global range and filters with the views' own spec builders (site/users-data.js
// fetchUsers, site/funnel-data.js funnelSpec, site/paths-view.js pathsSpec,
// site/filter-bar.js scopeSpec and resolveRange; the Retention view's spec is
// its DEFAULT_SPEC).
//
//   await bench.init(url)     → {rows, through, plans, steps}: start the worker, load
//                               the CSV as a Blob with the worker's loadFile (untimed)
//   await bench.change(state) → {ms, ops: [{op, ms}], digest}: the state
//                               {preset, filters: [{column, value}]} applied: every
//                               op of the three views asked at once, as the views do
//                               on a filter change; ms from the change until the last
//                               answer; each op's ms since the change; specs: the ops
//                               asked, [op, args]; digest: a hash of every answer (the
//                               same state gives the same digest)
import { createEngineClient } from '/site/engine-client.js';
import { catalogMap } from '/site/results.js';
import { fetchUsers } from '/site/users-data.js';
import { defaultFunnel, funnelSpec } from '/site/funnel-data.js';
import { resolveRange, scopeSpec } from '/site/filter-bar.js';
import { DEFAULT_SPEC as RETENTION } from '/site/retention-view.js';
import { pathsSpec } from '/site/paths-view.js';

// paths-view.js: the Paths card's definition before any choice (top transitions)
const PATHS = { mode: 'top', event: null, steps: 5 };

const GRAIN = 'day'; // users-view.js: the grain the view starts with

let engine = null;
let catalog = null;
let kinds = null;
let info = null;
let funnel = null; // the Funnels view's default funnel

window.bench = {
  async init(url) {
    engine = createEngineClient('/site/engine/worker.js');
    const { catalog: list } = await engine.init();
    catalog = catalogMap({ catalog: list });
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    const blob = await res.blob();
    info = await engine.loadFile(blob, { name: 'events.csv' });
    kinds = new Set(info.datasets.map((d) => d.kind));
    funnel = defaultFunnel((await engine.eventNames()).names);
    const plans = (await engine.values({ column: 'plan', kind: 'events', max: 50 })).values;
    return { rows: info.datasets[0].rows, kind: info.datasets[0].kind, through: info.through, plans, steps: funnel.steps };
  },

  async change({ preset, filters }) {
    const state = { range: resolveRange(preset, info.through), filters };
    const scope = scopeSpec(state);
    const ops = [];
    const answers = [];
    const specs = [];
    let t0 = 0;
    const ask = (op, spec) => {
      const name = op === 'metric' ? `metric ${spec.metric}` : op;
      specs.push([op, spec]);
      return engine[op](spec).then((r) => {
        ops.push({ op: name, ms: performance.now() - t0 });
        answers.push([name, r]);
        return r;
      });
    };
    t0 = performance.now();
    const [users] = await Promise.all([
      fetchUsers(ask, catalog, kinds, { grain: GRAIN, scope }),
      ask('retention', { ...scope, ...RETENTION }),
      ask('funnel', funnelSpec(funnel, state)),
      ask('paths', pathsSpec(PATHS, state)),
    ]);
    const ms = performance.now() - t0;
    const failed = [...users.results.entries(), ['lifecycle', users.lifecycle], ['activeDays', users.activeDays]]
      .filter(([, r]) => r.status !== 'ok').map(([m, r]) => `${m}: ${r.status} ${r.message || ''}`);
    if (failed.length) throw new Error(`users view: ${failed.join('; ')}`);
    answers.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return { ms, ops, scope, specs, digest: digest(JSON.stringify(answers, plain)) };
  },
};

// typed arrays as plain arrays, NaN as null: the answers in one string
function plain(_key, v) {
  return ArrayBuffer.isView(v) ? Array.from(v, (x) => (Number.isNaN(x) ? null : x)) : v;
}

// FNV-1a, 32 bits, as hex
function digest(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
