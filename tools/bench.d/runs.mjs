// runs.mjs: repetitions of several engines on one input, interleaved.
//
//   const results = await interleave([{engine: 'lodestar native', side: 'native', run}, …], reps);
//   // [{engine, side, warmup, seconds: [..reps], median, rows, error?}]
//
// run() performs one timed load and resolves to {seconds, rows}. Each engine first
// runs once untimed (warm-up: page cache, JIT tiers), then the engines take turns
// rep by rep (A B A B …), so a change in the machine's load during the run hits
// every engine alike and the ratio between them stays fair. An engine that fails
// is reported with its error and left out of the later rounds.
export async function interleave(engines, reps) {
  const out = engines.map((e) => ({ engine: e.engine, side: e.side, warmup: null, seconds: [], rows: null }));
  const attempt = async (i, into) => {
    if (out[i].error) return;
    try {
      const { seconds, rows } = await engines[i].run();
      into(seconds);
      if (out[i].rows !== null && out[i].rows !== rows) throw new Error(`rows changed between runs: ${out[i].rows} then ${rows}`);
      out[i].rows = rows;
    } catch (err) {
      out[i].error = String(err && err.message ? err.message : err);
      process.stderr.write(`bench: ${engines[i].engine} failed: ${out[i].error}\n`);
    }
  };
  for (let i = 0; i < engines.length; i++) await attempt(i, (s) => { out[i].warmup = s; });
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < engines.length; i++) await attempt(i, (s) => out[i].seconds.push(s));
  }
  for (const o of out) o.median = o.error ? null : median(o.seconds);
  return out;
}

export function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
