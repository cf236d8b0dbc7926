// dash-sql.mjs: the dashboard of issue 9 as DuckDB SQL, and the canonical
// rows both engines' answers are compared in (docs/performance.md, "Dashboard").
//
//   const queries = duckSql({filter: false});   // [{name, sql}], in DASH_METRICS order
//   canonFromDuck(name, rows)      // rows: DuckDB's rows (arrays) of that query
//   canonFromCli(name, csvText)    // the CLI's CSV (cliArgs gives its arguments)
//   compareCanon(a, b)             // [] when they agree, else the first differences
//
// The SQL reads three tables, made by `CREATE TABLE x AS SELECT * FROM
// read_csv('FILE')` (DuckDB's own sniffing) from the files `lodestar gen`
// writes: events, customers, subscriptions. It follows docs/metrics.md (and
// the kernels under core/metrics) for one workspace in UTC with the default
// settings, for the columns those files have:
// - As-of instant: the start of the day after the latest instant any dataset
//   records as having happened (events.timestamp, customers.signup_at, the
//   subscriptions' Created, Start Date and Canceled At). A series runs over
//   the complete periods from the one holding the first such instant of its
//   own dataset (all rows, whatever the filter keeps) to the last one ending
//   by the as-of instant: every day of them, empty days included.
// - The filter (channel = google_ads) is the customers' column: an event or
//   a subscription row is kept when its user / Customer ID is a customer of
//   that channel (ASCII case ignored), as `--where channel=google_ads`.
// - DAU: distinct users a day; WAU, MAU: rolling 7 and 30 days, each user's
//   active day d covering [d, min(d + W, next active day)) (product.mjs).
// - Retention: weekly, first_time, mode on, calendar (ISO weeks, Monday); E,
//   the end of the last complete week, ends the observation; a user's cohort
//   is the week of its first event; cell (cohort c, k) the users of c with an
//   event in week c + k; only the cells whose week is complete.
// - Funnel: signup → resume_scan → upgrade in 14 days (inclusive), sequential
//   (PostHog's per-step attempts), over every event (no period bound).
// - p50, p95, p99: quantile_cont of latency_ms over a day's events with one
//   (the kernel's exact interpolation); empty for a day without.
// - error_rate: the events with status ≥ 500 / the events with a status (the
//   number column named status: below 400 success, from 500 an error);
//   empty for a day without a status.
// - Revenue (month grain): a row counts at the end of month P when on < E ≤
//   off, E the start of the next month: on = Start Date (else Created), or the
//   Trial End when later (trials are not MRR); off = Ended At. Rows with
//   status incomplete / incomplete_expired, or without customer, amount or
//   start, are left out. Monthly amount in units of 1/36,000,000: amount ×
//   quantity rounded to a hundredth of a cent, × 3,600 (÷ 12 for a year).
//   Customer MRR = max(0, Σ), MRR = Σ customer MRR; movements per customer
//   between consecutive month ends (boundary): new (0 → b, never paying at an
//   earlier month end), reactivation (0 → b, paying before), expansion,
//   contraction, churn. mrr_by_channel: the same per channel (of the
//   customer), every channel of the rows the filter keeps, 0 where none (the
//   code's rule, core/metrics/scope.c; docs/metrics.md says all rows).
// Each query stands alone, as a dashboard card would send it. Days, weeks and
// months come back as integers (days since the epoch, ISO week numbers
// (day + 3) / 7, months year × 12 + month − 1); canonFromDuck names them.

export const DASH_METRICS = ['dau', 'wau', 'mau', 'retention', 'funnel', 'p50', 'p95', 'p99', 'error_rate',
  'mrr_by_channel', 'mrr', 'new_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr', 'reactivation_mrr'];

export const FILTER = { column: 'channel', value: 'google_ads' };
export const FUNNEL_STEPS = ['signup', 'resume_scan', 'upgrade'];
const DAY_MS = 86400000;
const WINDOW_MS = 14 * DAY_MS;
const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 };
const MOVEMENTS = ['new_mrr', 'expansion_mrr', 'contraction_mrr', 'churned_mrr', 'reactivation_mrr'];

/* ---- the shared pieces of SQL ---- */

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ms = (col) => `epoch_ms(${col})`;
const dayOf = (col) => `(${ms(col)} // ${DAY_MS})`;
// the month index (year × 12 + month − 1) of an instant in ms, without time zone functions
const monthOf = (msExpr) => `(year(make_timestamp((${msExpr}) * 1000)) * 12 + month(make_timestamp((${msExpr}) * 1000)) - 1)`;
const SUB = { cust: '"Customer ID"', created: '"Created (UTC)"', start: '"Start Date (UTC)"', trialEnd: '"Trial End (UTC)"',
  canceled: '"Canceled At (UTC)"', ended: '"Ended At (UTC)"', amount: '"Amount"', qty: '"Quantity"',
  interval: '"Interval"', status: '"Status"' };

// the ids of the filter's customers (a semi-join; ids are unique in customers.csv)
const filterIds = () => `(SELECT customer_id FROM customers WHERE lower(${FILTER.column}) = ${q(FILTER.value.toLowerCase())})`;

// the as-of instant's day (days since the epoch)
const ASOF_DAY = `((SELECT max(x) FROM (
    SELECT max(${ms('timestamp')}) AS x FROM events
    UNION ALL SELECT max(${ms('signup_at')}) FROM customers
    UNION ALL SELECT greatest(max(${ms(SUB.created)}), max(${ms(SUB.start)}), max(${ms(SUB.canceled)})) FROM subscriptions)) // ${DAY_MS} + 1)`;

// the events a query reads: user, day, ms, event name, and the columns asked for
function eventsCte({ filter, where = 'TRUE', cols = [] }) {
  const keep = filter ? ` AND distinct_id IN ${filterIds()}` : '';
  return `ev AS (SELECT distinct_id AS u, ${ms('timestamp')} AS t, ${dayOf('timestamp')} AS d${cols.map((c) => `, ${c}`).join('')}
            FROM events WHERE distinct_id IS NOT NULL AND timestamp IS NOT NULL AND ${where}${keep})`;
}

// every day of the events' series: first event day (all rows) .. as-of − 1
const DAYS_CTE = `days AS (SELECT range AS d FROM range((SELECT min(${dayOf('timestamp')}) FROM events), ${ASOF_DAY}))`;

// Rolling distinct users over windows of W days, as the activity kernel
// counts them: each user's active day d covers [d, min(d + W, next active
// day)); the series is the running sum of +1 / −1 at those bounds. `days`:
// a CTE of the days (column d); `pairs`: a CTE of distinct (u, d).
export function rollingSql({ pairsCte, daysCte, windows }) {
  const ups = windows.map((w, i) => `SELECT d AS k, ${i} AS w, 1 AS x FROM p
                UNION ALL SELECT least(d + ${w}, coalesce(n, d + ${w})), ${i}, -1 FROM nx`).join('\n                UNION ALL ');
  const sums = windows.map((w, i) => `sum(CASE WHEN w = ${i} THEN x ELSE 0 END) AS d${i}`).join(', ');
  const outs = windows.map((w, i) => `sum(coalesce(d${i}, 0)) OVER run`).join(', ');
  return `WITH ${pairsCte},
     nx AS (SELECT u, d, lead(d) OVER (PARTITION BY u ORDER BY d) AS n FROM p),
     ${daysCte},
     bounds AS (${ups}),
     delta AS (SELECT k, ${sums} FROM bounds GROUP BY k)
SELECT days.d, ${outs}
FROM days LEFT JOIN delta ON delta.k = days.d
WINDOW run AS (ORDER BY days.d ROWS UNBOUNDED PRECEDING) ORDER BY days.d`;
}

// The funnel signup → resume_scan → upgrade within windowMs, sequential.
// Without exclusions PostHog's per-step attempts reach step 2 when some
// resume_scan follows a signup within the window, step 3 when some upgrade
// follows a resume_scan that follows a signup, the upgrade within the window
// of that signup (events at one instant in step order: <=). The latest signup
// before the latest such resume_scan is the best start, so two ASOF joins
// find it. `eventsCte`: a CTE e(u, t, event) of the events with a user and a time.
export function funnelSql({ eventsCte: cte, windowMs = WINDOW_MS }) {
  const [a, b, c] = FUNNEL_STEPS.map(q);
  return `WITH ${cte},
     s AS (SELECT u, t FROM e WHERE event = ${a}),
     r AS (SELECT u, t FROM e WHERE event = ${b}),
     p AS (SELECT u, t FROM e WHERE event = ${c}),
     rs AS (SELECT r.u, r.t AS rt, s.t AS st FROM r ASOF JOIN s ON r.u = s.u AND r.t >= s.t),
     prs AS (SELECT p.u, p.t AS pt, rs.st FROM p ASOF JOIN rs ON p.u = rs.u AND p.t >= rs.rt)
SELECT (SELECT count(DISTINCT u) FROM s),
       (SELECT count(DISTINCT u) FROM rs WHERE rt - st <= ${windowMs}),
       (SELECT count(DISTINCT u) FROM prs WHERE pt - st <= ${windowMs})`;
}

/* ---- the dashboard's queries ---- */

function activitySql(name, filter) {
  const cte = eventsCte({ filter });
  if (name === 'dau') {
    return `WITH ${cte}, ${DAYS_CTE},
     n AS (SELECT d, count(DISTINCT u) AS n FROM ev GROUP BY d)
SELECT days.d, coalesce(n.n, 0) FROM days LEFT JOIN n USING (d) ORDER BY days.d`;
  }
  return rollingSql({ pairsCte: `${cte}, p AS (SELECT DISTINCT u, d FROM ev)`, daysCte: DAYS_CTE,
    windows: [name === 'wau' ? 7 : 30] });
}

// weekly retention: (cohort week, k, users) over the observable triangle
function retentionSql(filter) {
  return `WITH ${eventsCte({ filter, where: 'event IS NOT NULL' })},
     lim AS (SELECT (min(${dayOf('timestamp')}) + 3) // 7 AS first, (${ASOF_DAY} + 3) // 7 - 1 AS last FROM events),
     uw AS (SELECT DISTINCT u, (d + 3) // 7 AS w FROM ev, lim WHERE (d + 3) // 7 <= last),
     c AS (SELECT u, min(w) AS c FROM uw GROUP BY u),
     cells AS (SELECT c.c, uw.w - c.c AS k, count(*) AS n FROM c JOIN uw USING (u) GROUP BY 1, 2),
     grid AS (SELECT co.range AS c, kk.range AS k FROM lim, range(lim.first, lim.last + 1) co, range(0, lim.last - lim.first + 1) kk
              WHERE co.range + kk.range <= lim.last)
SELECT grid.c, grid.k, coalesce(cells.n, 0) FROM grid LEFT JOIN cells USING (c, k) ORDER BY 1, 2`;
}

function quantileSql(name, filter) {
  return `WITH ${eventsCte({ filter, where: 'latency_ms IS NOT NULL AND isfinite(CAST(latency_ms AS DOUBLE))', cols: ['latency_ms AS x'] })},
     ${DAYS_CTE},
     v AS (SELECT d, quantile_cont(x, ${QUANTILES[name]}) AS v FROM ev GROUP BY d)
SELECT days.d, v.v FROM days LEFT JOIN v USING (d) ORDER BY days.d`;
}

function errorRateSql(filter) {
  return `WITH ${eventsCte({ filter, where: 'status IS NOT NULL', cols: ['status'] })},
     ${DAYS_CTE},
     v AS (SELECT d, count(*) FILTER (WHERE status >= 500) / count(*) AS v FROM ev GROUP BY d)
SELECT days.d, v.v FROM days LEFT JOIN v USING (d) ORDER BY days.d`;
}

// Revenue: each kept row's monthly amount (units) and the months at whose
// end it counts, [m_on, m_off]; customer MRR per (segment, customer, month).
function revenueCtes({ filter, byChannel }) {
  const { cust, created, start, trialEnd, canceled, ended, amount, qty, interval, status } = SUB;
  const keep = filter ? ` AND ${cust} IN ${filterIds()}` : '';
  const seg = byChannel ? 'cu.channel' : "''";
  const join = byChannel ? ` JOIN customers cu ON cu.customer_id = sub.${cust}` : '';
  return `lim AS (SELECT ${monthOf(`least(min(${ms(created)}), min(${ms(start)}), min(${ms(canceled)}))`)} AS first,
                    ${monthOf(`${ASOF_DAY} * ${DAY_MS}`)} - 1 AS last FROM subscriptions),
     s AS (SELECT ${seg} AS g, sub.${cust} AS c,
                  CAST(round(CAST(${amount} AS DOUBLE) * coalesce(${qty}, 1) * 10000) AS BIGINT) *
                    CASE WHEN lower(coalesce(${interval}, '')) IN ('year', 'yearly', 'years', 'annual', 'annually', 'yr') THEN 300
                         WHEN lower(coalesce(${interval}, '')) IN ('', 'month', 'monthly', 'months', 'mo') THEN 3600 END AS units,
                  coalesce(${ms(start)}, ${ms(created)}) AS st, ${ms(trialEnd)} AS te, ${ms(ended)} AS off
           FROM subscriptions sub${join}
           WHERE sub.${cust} IS NOT NULL AND ${amount} IS NOT NULL AND coalesce(${start}, ${created}) IS NOT NULL
             AND lower(coalesce(${status}, '')) NOT IN ('incomplete', 'incomplete_expired')${keep}),
     span AS (SELECT g, c, units, ${monthOf('CASE WHEN te > st THEN te ELSE st END')} AS m_on,
                     CASE WHEN off IS NULL THEN lim.last ELSE ${monthOf('off')} - 1 END AS m_off FROM s, lim),
     cm AS (SELECT g, c, m.range AS p, greatest(0, sum(units)) AS v
            FROM span, lim, range(lim.first, lim.last + 1) m WHERE m.range BETWEEN m_on AND m_off
            GROUP BY g, c, m.range HAVING greatest(0, sum(units)) > 0)`;
}

function revenueSql(name, filter) {
  if (name === 'mrr' || name === 'mrr_by_channel') {
    const byChannel = name === 'mrr_by_channel';
    // the segments: every channel of the rows the filter keeps (any status),
    // as core/metrics/scope.c finds them
    const keep = filter ? ` AND sub.${SUB.cust} IN ${filterIds()}` : '';
    const segs = byChannel
      ? `segs AS (SELECT DISTINCT cu.channel AS g FROM subscriptions sub JOIN customers cu ON cu.customer_id = sub.${SUB.cust}
                 WHERE cu.channel IS NOT NULL${keep})`
      : "segs AS (SELECT '' AS g)";
    return `WITH ${revenueCtes({ filter, byChannel })}, ${segs},
     tot AS (SELECT g, p, sum(v) AS v FROM cm GROUP BY g, p)
SELECT m.range, segs.g, CAST(coalesce(tot.v, 0) AS DOUBLE) / 36000000
FROM lim, range(lim.first, lim.last + 1) m CROSS JOIN segs LEFT JOIN tot ON tot.p = m.range AND tot.g = segs.g
ORDER BY 1, 2`;
  }
  const amount = {
    new_mrr: 'CASE WHEN a = 0 AND p = fp THEN b ELSE 0 END',
    reactivation_mrr: 'CASE WHEN a = 0 AND p > fp THEN b ELSE 0 END',
    expansion_mrr: 'CASE WHEN 0 < a AND a < b THEN b - a ELSE 0 END',
    contraction_mrr: 'CASE WHEN 0 < b AND b < a THEN a - b ELSE 0 END',
    churned_mrr: 'CASE WHEN a > 0 AND b = 0 THEN a ELSE 0 END',
  }[name];
  return `WITH ${revenueCtes({ filter, byChannel: false })},
     fp AS (SELECT c, min(p) AS fp FROM cm GROUP BY c),
     mv AS (SELECT coalesce(b.c, a.c) AS c, coalesce(b.p, a.p + 1) AS p, coalesce(a.v, 0) AS a, coalesce(b.v, 0) AS b
            FROM cm b FULL JOIN cm a ON a.c = b.c AND a.p + 1 = b.p),
     tot AS (SELECT p, sum(${amount}) AS v FROM mv JOIN fp USING (c) GROUP BY p)
SELECT m.range, CAST(coalesce(tot.v, 0) AS DOUBLE) / 36000000
FROM lim, range(lim.first, lim.last + 1) m LEFT JOIN tot ON tot.p = m.range ORDER BY 1`;
}

export function duckSql({ filter = false } = {}) {
  return DASH_METRICS.map((name) => {
    let sql;
    if (name === 'dau' || name === 'wau' || name === 'mau') sql = activitySql(name, filter);
    else if (name === 'retention') sql = retentionSql(filter);
    else if (name === 'funnel') {
      const keep = filter ? ` AND distinct_id IN ${filterIds()}` : '';
      sql = funnelSql({ eventsCte: `e AS (SELECT distinct_id AS u, ${ms('timestamp')} AS t, event FROM events
           WHERE distinct_id IS NOT NULL AND timestamp IS NOT NULL AND event IN (${FUNNEL_STEPS.map(q).join(', ')})${keep})` });
    } else if (name in QUANTILES) sql = quantileSql(name, filter);
    else if (name === 'error_rate') sql = errorRateSql(filter);
    else sql = revenueSql(name, filter);
    return { name, sql };
  });
}

/* ---- the CLI's side ---- */

// the arguments of `lodestar ...` (before the files) giving metric `name`
export function cliArgs(name, { filter = false } = {}) {
  const where = filter ? ['--where', `${FILTER.column}=${FILTER.value}`] : [];
  if (name === 'retention') return ['retention', '--period', 'week', ...where];
  if (name === 'funnel') return ['funnel', '--steps', FUNNEL_STEPS.join(','), '--window', '14d', ...where];
  if (name in QUANTILES) return ['metric', name, '--property', 'latency_ms', '--grain', 'day', ...where];
  if (name === 'mrr_by_channel') return ['metric', 'mrr', '--by', FILTER.column, '--grain', 'month', ...where];
  const grain = ['dau', 'wau', 'mau', 'error_rate'].includes(name) ? 'day' : 'month';
  return ['metric', name, '--grain', grain, ...where];
}

/* ---- canonical rows ---- */

const dayName = (d) => new Date(Number(d) * DAY_MS).toISOString().slice(0, 10);
const weekName = (w) => dayName(Number(w) * 7 - 3); // ISO week number (day + 3) / 7 → its Monday
const monthName = (m) => `${String(Math.floor(Number(m) / 12)).padStart(4, '0')}-${String(Number(m) % 12 + 1).padStart(2, '0')}`;
const num = (x) => (x === null || x === undefined ? null : Number(x));

export function canonFromDuck(name, rows) {
  if (name === 'retention') {
    const out = [];
    for (const [c, k, n] of rows) {
      if (Number(k) === 0) out.push([weekName(c), Number(n)]);
      out[out.length - 1].push(Number(n));
    }
    return out;
  }
  if (name === 'funnel') return rows[0].map((n, i) => [i + 1, Number(n)]);
  if (name === 'mrr_by_channel') return rows.map(([m, g, v]) => [monthName(m), g, Number(v)]);
  if (name === 'mrr' || MOVEMENTS.includes(name)) return rows.map((r) => [monthName(r[0]), Number(r[r.length - 1])]);
  return rows.map(([d, v]) => [dayName(d), num(v)]);
}

function parseCsv(text) {
  return text.trim().split('\n').map((line) => line.split(','));
}

export function canonFromCli(name, csvText) {
  const [, ...rows] = parseCsv(csvText);
  const cell = (s) => (s === '' ? null : Number(s));
  if (name === 'retention') {
    return rows.map(([cohort, size, ...cells]) => {
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      return [cohort, Number(size), ...cells.map(cell)];
    });
  }
  if (name === 'funnel') return rows.map(([step, , users]) => [Number(step), Number(users)]);
  if (name === 'mrr_by_channel') return rows.map(([p, g, v]) => [p, g, cell(v)]);
  return rows.map(([p, v]) => [p, cell(v)]);
}

// Equality: strings (keys) exactly; counts exactly; other numbers within
// 1e-9 × max(1, |a|, |b|); null only against null.
function sameCell(a, b) {
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) return a === b;
  if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function compareCanon(a, b, { max = 5 } = {}) {
  const out = [];
  if (a.length !== b.length) out.push(`${a.length} rows against ${b.length}`);
  for (let i = 0; i < Math.min(a.length, b.length) && out.length < max; i++) {
    const x = a[i], y = b[i];
    if (x.length !== y.length || x.some((v, k) => !sameCell(v, y[k])))
      out.push(`row ${i}: ${JSON.stringify(x)} against ${JSON.stringify(y)}`);
  }
  return out;
}
