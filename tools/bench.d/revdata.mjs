// revdata.mjs: a seeded subscriptions workspace for `tools/bench revenue`.
//
//   const data = ensureRevenueData({root, label: 'full', ...REV_FULL});
//   // {label, dir, params, files: {customers, subscriptions, spend}, bytes}
//   node tools/bench.d/revdata.mjs --out DIR [--seed 7] [--customers 100000]
//                                  [--subscriptions 300000] [--months 36]
//
// Writes customers.csv, subscriptions.csv (columns of a Stripe subscriptions
// export, as `lodestar gen` writes them) and marketing_spend.csv (daily spend
// per paid channel, so CAC computes) for a SaaS selling from 2023-01-01 for
// `months` months. Every customer has at least one subscription row and there
// are exactly `subscriptions` rows: each customer's rows beyond the first are
// dealt out by its time left in the window (and its segment), then played as
// events in time order:
//   first row   a plan by segment (Starter, Growth, Team and Business per
//               seat, a Weekly Pass), monthly, annual or weekly; 35% start
//               with a 14-day trial, a third of those never convert;
//   upgrade     the row ends and a dearer one starts at the same instant
//               (next plan, more seats, or monthly to annual);
//   downgrade   the same towards cheaper (fewer seats, a plan lower, annual
//               to monthly);
//   return      the row ends (canceled a few days before), the customer
//               comes back later on a plan of its segment (reactivation);
//   add-on      a second concurrent row (Extra Storage, Priority Support)
//               that may end later;
//   failed      an incomplete_expired attempt (no MRR in either engine).
// After its last event a customer churns at a monthly rate by segment;
// some open rows are canceled at period end (Canceled At set, no Ended At).
// One currency (usd), interval count 1 and no discounts, so the SQL peer
// (tests/c/revenue_sql.h) models every row. Times are whole minutes in UTC,
// every recorded instant before the window's end, so the last month is
// complete.
//
// Determinism: one PRNG (sfc32 seeded through a 32-bit mix of seed, stream
// and index; only 32-bit integer arithmetic and exact float operations, no
// Math.random, no transcendental functions), each customer drawing from its
// own stream. The same arguments give the same bytes on any machine.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REV_FULL = { seed: 7, customers: 100000, subscriptions: 300000, months: 36 };
export const REV_QUICK = { seed: 7, customers: 10000, subscriptions: 30000, months: 36 };

const MIN = 60000;
const DAY = 86400000;
const START_YEAR = 2023;

/* ---- PRNG ---- */

function mix32(x) { // murmur3's finaliser: a bijection on 32 bits
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x = (x ^ (x >>> 13)) >>> 0;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

class Rng {
  constructor(seed, stream, index) {
    let h = mix32(mix32(mix32(seed >>> 0) ^ stream) ^ index);
    const next = () => (h = mix32((h + 0x9e3779b9) >>> 0));
    this.a = next(); this.b = next(); this.c = next(); this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32() { // sfc32
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  float() { return this.u32() / 4294967296; } // [0, 1)
  below(n) { return Math.floor(this.float() * n); }
  range(lo, hi) { return lo + this.below(hi - lo + 1); } // integers, inclusive
  chance(p) { return this.float() < p; }
  pick(weights) {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
    return weights.length - 1;
  }
  minutes(lo, hi) { return lo + this.below(Math.floor((hi - lo) / MIN)) * MIN; } // a minute in [lo, hi)
}

const STREAM = { customers: 1, deal: 2, life: 3, spend: 4 };

/* ---- the business ---- */

const SEGMENTS = ['smb', 'mid_market', 'enterprise'];
const SEGMENT_WEIGHTS = [70, 25, 5];
const SEGMENT_ROWS = [1, 1.5, 2]; // extra rows per month left, relative
const SEGMENT_CHURN = [0.04, 0.025, 0.015]; // monthly, after the last event
const ANNUAL = [0.18, 0.28, 0.45];
const CHANNELS = ['organic', 'google_ads', 'linkedin_ads', 'referral', 'content', 'events'];
const CHANNEL_WEIGHTS = [35, 25, 12, 13, 10, 5];
const PAID = [1, 2, 4, 5]; // channels with spend
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'CA', 'AU', 'IN', 'BR', 'JP', 'CN'];
const COUNTRY_WEIGHTS = [38, 10, 9, 6, 6, 4, 9, 6, 5, 7];

// tier order; price per unit (per seat when seats) by interval
const PLANS = [
  { name: 'Weekly Pass', week: 4.99 },
  { name: 'Starter', month: 19, year: 190 },
  { name: 'Growth', month: 49, year: 490 },
  { name: 'Team', month: 12, year: 120, seats: [2, 5, 40, 150] },
  { name: 'Business', month: 29, year: 290, seats: [10, 25, 120, 400] },
];
const PLAN_WEIGHTS = [ // by segment
  [15, 40, 30, 15, 0],
  [0, 0, 30, 50, 20],
  [0, 0, 0, 30, 70],
];
const ADDONS = [{ name: 'Extra Storage', month: 10, year: 100 }, { name: 'Priority Support', month: 99, year: 990 }];
const EVENT_WEIGHTS = { upgrade: 36, downgrade: 18, back: 16, addon: 26, failed: 4 };
const EVENTS = Object.keys(EVENT_WEIGHTS);

function seatsFor(r, plan, segment) { // a seat count for a per-seat plan
  const [min, small, mid, max] = plan.seats;
  const band = r.pick(segment === 0 ? [70, 25, 5] : segment === 1 ? [30, 55, 15] : [10, 45, 45]);
  return band === 0 ? r.range(min, small) : band === 1 ? r.range(small, mid) : r.range(mid, max);
}

function subscribe(r, segment, planIndex = r.pick(PLAN_WEIGHTS[segment])) {
  const plan = PLANS[planIndex];
  const interval = plan.week ? 'week' : r.chance(ANNUAL[segment]) ? 'year' : 'month';
  return { plan: planIndex, interval, qty: plan.seats ? seatsFor(r, plan, segment) : 1 };
}

function moved(r, cur, segment, up) {
  const plan = PLANS[cur.plan];
  const next = { ...cur };
  if (plan.seats && r.chance(0.6)) {
    const f = up ? 1.1 + r.float() * 0.9 : 0.5 + r.float() * 0.4;
    next.qty = Math.max(plan.seats[0], Math.floor(cur.qty * f));
    if (next.qty === cur.qty) next.qty = up ? cur.qty + 1 : cur.qty;
    if (next.qty !== cur.qty) return next;
  }
  if (!plan.week && cur.interval !== (up ? 'year' : 'month') && r.chance(0.25)) {
    next.interval = up ? 'year' : 'month';
    return next;
  }
  const to = cur.plan + (up ? 1 : -1);
  if (to < 0 || to >= PLANS.length) return up ? { ...cur, qty: cur.qty + 1, plan: PLANS.length - 1 } : cur;
  const target = PLANS[to];
  next.plan = to;
  if (target.week) next.interval = 'week';
  else if (plan.week) next.interval = 'month';
  next.qty = target.seats ? Math.max(target.seats[0], Math.min(cur.qty, target.seats[3])) : 1;
  return next;
}

function price(product, interval) {
  return interval === 'week' ? product.week : interval === 'year' ? product.year : product.month;
}

/* ---- customers and their rows ---- */

function customers(p, window) {
  const r = new Rng(p.seed, STREAM.customers, 0);
  const monthWeights = [];
  for (let m = 0, w = 1; m < p.months; m++, w *= 1.035) monthWeights.push(w);
  const list = [];
  for (let i = 0; i < p.customers; i++) {
    const m = r.pick(monthWeights);
    const from = window.months[m], to = window.months[m + 1];
    list.push({
      signup: r.minutes(from, to),
      segment: r.pick(SEGMENT_WEIGHTS),
      channel: r.pick(CHANNEL_WEIGHTS),
      country: r.pick(COUNTRY_WEIGHTS),
      draw: i, // its stream
    });
  }
  list.sort((a, b) => a.signup - b.signup || a.draw - b.draw);
  return list;
}

/* The first row's instants; room: time left for later events. */
function opening(p, c, end) {
  const r = new Rng(p.seed, STREAM.life, c.draw);
  const start = Math.min(c.signup + r.below(3 * 24 * 60) * MIN, end - MIN);
  const trial = r.chance(0.35);
  const trialEnd = trial ? start + 14 * DAY : null;
  const converts = !trial || trialEnd >= end || r.chance(2 / 3);
  const on = trial ? trialEnd : start;
  return { r, start, trialEnd, converts, room: on < end - DAY ? end - on : 0 };
}

/* Deal n - customers rows beyond the first out by room x segment. */
function deal(p, list, firsts) {
  const r = new Rng(p.seed, STREAM.deal, 0);
  const cum = new Float64Array(list.length);
  let total = 0;
  list.forEach((c, i) => {
    total += firsts[i].room / DAY * SEGMENT_ROWS[c.segment];
    cum[i] = total;
  });
  const extra = new Int32Array(list.length);
  for (let k = p.subscriptions - p.customers; k > 0; k--) {
    const x = r.float() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    extra[lo]++;
  }
  return extra;
}

/* The instant a row on since `from` ends, at a monthly hazard: whole months
 * survived, then a minute within the next; past the window's end when it
 * outlives it. */
function lifetime(r, from, hazard) {
  let months = 0;
  while (months < 600 && !r.chance(hazard)) months++;
  return from + MIN + months * 30 * DAY + r.below(30 * 24 * 60) * MIN;
}

/* A customer's rows: [{product, interval, qty, status, created, start,
 * trialStart, trialEnd, canceled, ended}], exactly 1 + extra of them. */
function life(c, first, extra, end) {
  const { r } = first;
  const rows = [];
  const open = (sub, at, product = PLANS[sub.plan]) => {
    const row = { product, interval: sub.interval, qty: sub.qty, status: 'active', created: at, start: at,
      trialStart: null, trialEnd: null, canceled: null, ended: null, sub };
    rows.push(row);
    return row;
  };
  const close = (row, at, noticeDays) => {
    row.ended = at;
    row.canceled = Math.max(row.start, at - r.below(noticeDays * 24 * 60 + 1) * MIN);
    row.status = 'canceled';
  };
  let main = open(subscribe(r, c.segment), first.start);
  const addons = [];
  if (first.trialEnd !== null) {
    main.trialStart = first.start;
    main.trialEnd = first.trialEnd;
    if (first.trialEnd >= end) main.status = 'trialing';
    else if (!first.converts) close(main, first.trialEnd, 10), (main = null);
  }
  // the events' instants: distinct minutes after the first row is on
  let last = first.trialEnd ?? first.start;
  const times = [];
  for (let k = 0; k < extra; k++) times.push(r.minutes(last + MIN, end));
  times.sort((a, b) => a - b);
  for (let k = 1; k < times.length; k++) if (times[k] <= times[k - 1]) times[k] = times[k - 1] + MIN;
  for (let k = times.length - 1, cap = end - MIN; k >= 0 && times[k] > cap; k--, cap -= MIN) times[k] = cap;
  if (times.length && times[0] <= last) throw new Error(`revdata: no room for ${extra} events`);
  for (const t of times) {
    const kind = main ? EVENTS[r.pick(Object.values(EVENT_WEIGHTS))] : 'back';
    if (kind === 'failed') {
      const row = open(subscribe(r, c.segment), t);
      row.status = 'incomplete_expired';
      row.ended = Math.min(t + 23 * 60 * MIN, end - MIN);
    } else if (kind === 'addon') {
      const a = ADDONS[r.below(ADDONS.length)];
      addons.push(open({ plan: -1, interval: main.interval === 'year' ? 'year' : 'month', qty: 1 }, t, a));
    } else if (kind === 'back' || t - last < 3 * MIN) {
      if (main) {
        const gone = last + MIN + r.below(Math.floor((t - last) / MIN / 2)) * MIN;
        close(main, gone, 25);
        for (const a of addons.splice(0)) if (a.ended === null) close(a, gone, 0);
      }
      main = open(subscribe(r, c.segment), t);
    } else {
      const next = moved(r, main.sub, c.segment, kind === 'upgrade');
      close(main, t, 0);
      main = open(next, t);
    }
    last = t;
  }
  for (const a of addons)
    if (a.ended === null && a.start < end - 2 * MIN && r.chance(0.4)) close(a, r.minutes(a.start + MIN, end), 20);
  const gone = main && main.status !== 'trialing' ? lifetime(r, last, SEGMENT_CHURN[c.segment]) : end;
  if (gone < end) {
    close(main, gone, 25);
    for (const a of addons) if (a.ended === null || a.ended > gone) close(a, gone, 0);
  }
  for (const row of rows) {
    if (row.status !== 'active') continue;
    const x = r.float();
    if (x < 0.03) row.status = 'past_due';
    else if (x < 0.055) row.canceled = r.minutes(row.start, end); // at period end, still paying
  }
  return rows;
}

/* ---- CSV ---- */

const pad = (n, w = 2) => String(n).padStart(w, '0');

function minute(t) { // "2024-03-05 14:07"
  if (t === null) return '';
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function iso(t) { return `${minute(t).replace(' ', 'T')}:00Z`; }
function day(t) { return minute(t).slice(0, 10); }

function spendRows(p, window, list) {
  const r = new Rng(p.seed, STREAM.spend, 0);
  const paid = new Map(PAID.map((ch) => [ch, new Float64Array(p.months)]));
  const monthOf = (t) => {
    let m = 0;
    while (window.months[m + 1] <= t) m++;
    return m;
  };
  for (const c of list) if (paid.has(c.channel)) paid.get(c.channel)[monthOf(c.signup)]++;
  const cac = { 1: 1200, 2: 2900, 4: 600, 5: 4500 }; // dollars per signup, on average
  const lines = ['date,channel,spend'];
  for (let m = 0; m < p.months; m++) {
    const days = (window.months[m + 1] - window.months[m]) / DAY;
    for (let d = 0; d < days; d++) {
      const t = window.months[m] + d * DAY;
      for (const ch of PAID) {
        const cents = Math.round(paid.get(ch)[m] * cac[ch] * 100 / days * (0.7 + r.float() * 0.6));
        lines.push(`${day(t)},${CHANNELS[ch]},${Math.floor(cents / 100)}.${pad(cents % 100)}`);
      }
    }
  }
  return lines;
}

/* ---- API ---- */

export function writeRevenueData(dir, params) {
  const p = { ...REV_FULL, ...params };
  if (!(p.customers >= 1 && p.subscriptions >= p.customers && p.months >= 1 && p.months <= 600))
    throw new Error(`revdata: bad parameters ${JSON.stringify(p)}`);
  const months = [];
  for (let m = 0; m <= p.months; m++) months.push(Date.UTC(START_YEAR, m, 1));
  const window = { months, end: months[p.months] };
  const list = customers(p, window);
  const firsts = list.map((c) => opening(p, c, window.end));
  const extra = deal(p, list, firsts);
  const width = Math.max(6, String(p.customers).length);
  const rows = [];
  list.forEach((c, i) => {
    c.id = `cus_${pad(i + 1, width)}`;
    life(c, firsts[i], extra[i], window.end).forEach((row, k) => rows.push({ ...row, cust: i, k }));
  });
  rows.sort((a, b) => a.created - b.created || a.cust - b.cust || a.k - b.k);
  const subs = ['id,Customer ID,Plan,Interval,Amount,Currency,Quantity,Status,Created (UTC),Start Date (UTC),' +
    'Trial Start (UTC),Trial End (UTC),Canceled At (UTC),Ended At (UTC)'];
  rows.forEach((s, i) => {
    subs.push([`sub_${pad(i + 1, 7)}`, list[s.cust].id, s.product.name, s.interval, price(s.product, s.interval),
      'usd', s.qty, s.status, minute(s.created), minute(s.start), minute(s.trialStart), minute(s.trialEnd),
      minute(s.canceled), minute(s.ended)].join(','));
  });
  const custs = ['customer_id,signup_at,channel,segment,country'];
  for (const c of list)
    custs.push(`${c.id},${iso(c.signup)},${CHANNELS[c.channel]},${SEGMENTS[c.segment]},${COUNTRIES[c.country]}`);
  mkdirSync(dir, { recursive: true });
  const files = {
    customers: join(dir, 'customers.csv'),
    subscriptions: join(dir, 'subscriptions.csv'),
    spend: join(dir, 'marketing_spend.csv'),
  };
  writeFileSync(files.customers, `${custs.join('\n')}\n`);
  writeFileSync(files.subscriptions, `${subs.join('\n')}\n`);
  const spend = spendRows(p, window, list);
  writeFileSync(files.spend, `${spend.join('\n')}\n`);
  return { params: p, files, rows: { customers: list.length, subscriptions: rows.length, spend: spend.length - 1 } };
}

/* The data of label under build/bench/data/revenue-<label>/, written again
 * when its stamp (the parameters and this file's hash) differs. */
export function ensureRevenueData({ root, label, ...params }) {
  const p = { ...REV_FULL, ...params };
  const dir = join(root, 'build/bench/data', `revenue-${label}`);
  const stamp = join(dir, 'stamp');
  const self = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
  const want = `revdata.mjs ${self}\n${JSON.stringify(p)}\n`;
  const files = {
    customers: join(dir, 'customers.csv'),
    subscriptions: join(dir, 'subscriptions.csv'),
    spend: join(dir, 'marketing_spend.csv'),
  };
  const have = existsSync(stamp) && Object.values(files).every(existsSync) ? readFileSync(stamp, 'utf8') : '';
  if (have !== want) {
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`bench: generating the revenue data (${label}): ${JSON.stringify(p)}\n`);
    writeRevenueData(dir, p);
    writeFileSync(stamp, want);
  }
  const bytes = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, statSync(f).size]));
  return { label, dir, params: p, files, bytes };
}

/* ---- command line ---- */

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const p = {};
  let out = null;
  for (let i = 0; i < args.length; i += 2) {
    const [k, v] = [args[i], args[i + 1]];
    if (k === '--out' && v) out = v;
    else if (['--seed', '--customers', '--subscriptions', '--months'].includes(k) && /^\d+$/.test(v ?? ''))
      p[k.slice(2)] = Number(v);
    else {
      process.stderr.write('usage: node tools/bench.d/revdata.mjs --out DIR [--seed N] [--customers N] ' +
        '[--subscriptions N] [--months N]\n');
      process.exit(2);
    }
  }
  if (!out) process.exit(2);
  const r = writeRevenueData(out, p);
  process.stdout.write(`${dirname(r.files.customers)}: ${r.rows.customers} customers, ${r.rows.subscriptions} subscription rows\n`);
}
