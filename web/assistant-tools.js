/* assistant-tools.js: the model's tool calls, run here. Every tool but
 * make_chart is the engine's (the worker's tool op, core/assist/tools.h);
 * make_chart draws in the conversation: its arguments are checked here
 * (checkChart) and a metric named in them is fetched with get_metric.
 *
 *   const runTool = toolRunner({ask, onChart});   // ask(op, ...args): the engine (app.js actions.ask)
 *   await runTool('get_metric', {name: 'mrr'})    // {content: JSON text, isError: false}
 *   await runTool('make_chart', {type: 'line', title, series: [{label, periods, values}]})
 * A failure is a result with isError true and the message as its content,
 * so the model reads it and can try again. */

const MAX_SERIES = 8;
const MAX_POINTS = 1000;

export function toolRunner({ ask, onChart }) {
  return async (name, args) => {
    try {
      if (name === 'make_chart') {
        const spec = await chartFromArgs(ask, args);
        onChart(spec);
        return { content: `Chart drawn: "${spec.title}" (${spec.series.length} series, ${spec.periods.length} periods).`, isError: false };
      }
      const result = await ask('tool', name, args && typeof args === 'object' ? args : {});
      return { content: typeof result === 'string' ? result : JSON.stringify(result), isError: false };
    } catch (err) {
      return { content: String(err?.message || err), isError: true };
    }
  };
}

/* make_chart's arguments → {type, title, unit, grain?, periods, series: [{label, values}]};
 * throws an Error saying what is wrong. Series with their own periods are
 * aligned on the union of the periods, in order of first appearance. */
export function checkChart(args) {
  if (!args || typeof args !== 'object' || Array.isArray(args)) throw new Error('make_chart: the arguments must be an object');
  const type = args.type ?? 'line';
  if (type !== 'line' && type !== 'bar') throw new Error('make_chart: type must be "line" or "bar"');
  const title = args.title == null ? '' : String(args.title).slice(0, 200);
  const list = args.series;
  if (!Array.isArray(list) || !list.length) throw new Error('make_chart: give a metric name or series: [{label, periods, values}]');
  if (list.length > MAX_SERIES) throw new Error(`make_chart: at most ${MAX_SERIES} series`);
  const order = [];
  const seen = new Map();
  const parts = list.map((s, i) => {
    if (!s || typeof s !== 'object') throw new Error(`make_chart: series[${i}] must be an object`);
    const { periods, values } = s;
    if (!Array.isArray(periods) || !Array.isArray(values)) throw new Error(`make_chart: series[${i}] needs periods and values arrays`);
    if (periods.length !== values.length) throw new Error(`make_chart: series[${i}] has ${periods.length} periods but ${values.length} values`);
    if (periods.length > MAX_POINTS) throw new Error(`make_chart: at most ${MAX_POINTS} points a series`);
    values.forEach((v, k) => {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`make_chart: series[${i}].values[${k}] is not a number or null`);
    });
    for (const p of periods) {
      const key = String(p);
      if (!seen.has(key)) { seen.set(key, order.length); order.push(key); }
    }
    return { label: s.label == null ? `#${i + 1}` : String(s.label).slice(0, 80), periods: periods.map(String), values };
  });
  if (!order.length) throw new Error('make_chart: the series have no points');
  const series = parts.map((p) => {
    const at = new Map(p.periods.map((x, k) => [x, p.values[k]]));
    return { label: p.label, values: order.map((x) => (at.has(x) ? at.get(x) : null)) };
  });
  const unit = typeof args.unit === 'string' ? args.unit : 'number';
  return { type, title, unit, periods: order, series };
}

/* ---- private ---- */

async function chartFromArgs(ask, args) {
  if (args && typeof args === 'object' && typeof args.metric === 'string' && args.metric && !args.series) {
    const spec = { name: args.metric };
    for (const k of ['grain', 'from', 'to', 'by']) if (typeof args[k] === 'string' && args[k]) spec[k] = args[k];
    const r = await ask('tool', 'get_metric', spec);
    const series = r.segments
      ? r.segments.slice(0, MAX_SERIES).map((s) => ({ label: s.label, periods: r.periods, values: s.values }))
      : [{ label: r.title || r.metric, periods: r.periods, values: r.values }];
    const chart = checkChart({ type: args.type, title: args.title || r.title || r.metric, series });
    return { ...chart, unit: r.unit || 'number', grain: r.grain };
  }
  return checkChart(args);
}
