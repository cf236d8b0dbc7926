/* gen_subs.c: subscriptions: trials, paid periods, plan changes, churn, returns.
 *
 * Each customer is simulated on its own rng stream, forward in time from its
 * first subscription up to the as-of instant. What would happen after the
 * as-of instant is never written: a cancellation drawn after it is simply not
 * there yet. Billing follows Stripe: monthly or yearly periods from a billing
 * anchor (the first paid instant); a cancellation takes effect at the end of
 * the paid period; a plan change ends the row at the change minute and starts
 * a new row there, without trial, anchored at the change. */
#include <string.h>

#include "base/alloc.h"
#include "gen/gen_internal.h"
#include "gen/rng.h"

/* ---- private: the model (probabilities in ppm) ---- */

/* chance that a customer ever subscribes, by segment, then scaled by tier (percent) */
static const uint32_t subscribe_ppm[LS_GEN_SEGMENTS] = {110000, 180000, 240000, 270000, 380000};
static const uint32_t subscribe_tier_pct[LS_GEN_TIERS] = {55, 110, 160, 200};
static const uint32_t plan_weights[LS_GEN_SEGMENTS][LS_GEN_PLANS] = {
    {70, 30, 0}, {50, 48, 2}, {35, 58, 7}, {25, 65, 10}, {10, 30, 60}};
/* Team seats 2 .. 12 */
static const uint32_t seat_weights[11] = {30, 20, 14, 10, 8, 6, 4, 3, 2, 2, 1};
#define MAX_SEATS 50
#define ANNUAL_PPM 300000u
#define TRIAL_PPM 650000u
#define TRIAL_DAYS 14
#define INCOMPLETE_PPM 25000u       /* first attempt fails: incomplete_expired */
#define INCOMPLETE_RETRY_PPM 600000u /* … and the customer retries at once */
#define LATE_BUY_PPM 120000u        /* a trial that did not convert, bought later */
#define KEEP_PLAN_PPM 700000u       /* a returning customer picks the old plan */
static const uint32_t convert_ppm[LS_GEN_TIERS] = {420000, 550000, 640000, 720000};
/* monthly plans: chance to cancel in a month; yearly plans: in a year */
static const uint32_t churn_ppm[LS_GEN_TIERS] = {65000, 40000, 25000, 15000};
static const uint32_t annual_churn_ppm[LS_GEN_TIERS] = {350000, 250000, 170000, 120000};
/* chance that a churned customer comes back, 10 to 120 days later */
static const uint32_t return_ppm[LS_GEN_TIERS] = {150000, 250000, 350000, 400000};
/* per month, by plan (halved on yearly plans) */
static const uint32_t up_ppm[LS_GEN_PLANS] = {30000, 6000, 25000};
static const uint32_t down_ppm[LS_GEN_PLANS] = {0, 12000, 16000};

typedef struct {
  ls_gen_ctx *c;
  ls_gen_rng r;
  int32_t cust;
  const ls_gen_customer *u;
} sim;

static int64_t mrr_units(int plan, int32_t qty) { return ls_gen_unit_amount(plan, LS_GEN_MONTH) * qty; }

static ls_status push_row(ls_gen_ctx *c, const ls_gen_sub *row, size_t *index) {
  if (c->nsubs == c->cap_subs) {
    size_t cap = c->cap_subs ? c->cap_subs * 2 : 1024;
    ls_gen_sub *p = ls_reallocarray(c->subs, cap, sizeof *p);
    if (!p) return LS_ENOMEM;
    c->subs = p;
    c->cap_subs = cap;
  }
  c->subs[c->nsubs] = *row;
  *index = c->nsubs++;
  return LS_OK;
}

/* a row created and started at `at`, not ended, without trial */
static ls_gen_sub row_from(const sim *m, int64_t at, int plan, int interval, int32_t qty, int flags) {
  ls_gen_sub s;
  s.created = s.start = at;
  s.trial_start = s.trial_end = s.canceled = s.ended = s.paid_start = LS_GEN_NONE;
  s.cust = m->cust;
  s.qty = qty;
  s.plan = (uint8_t)plan;
  s.interval = (uint8_t)interval;
  s.status = LS_GEN_ACTIVE;
  s.flags = (uint8_t)flags;
  return s;
}

static int32_t draw_seats(sim *m, int plan) {
  return plan == LS_GEN_TEAM ? 2 + (int32_t)ls_gen_rng_pick(&m->r, seat_weights, 11) : 1;
}

static int draw_interval(sim *m) {
  return ls_gen_rng_chance(&m->r, ANNUAL_PPM) ? LS_GEN_YEAR : LS_GEN_MONTH;
}

/* The plan after a move up (dir > 0) or down; 0 when there is none. */
static int change_plan(sim *m, const ls_gen_sub *s, int dir, int *plan, int32_t *qty) {
  switch (s->plan) {
    case LS_GEN_BASIC:
      if (dir < 0) return 0;
      *plan = LS_GEN_PRO, *qty = 1;
      return 1;
    case LS_GEN_PRO:
      if (dir > 0)
        *plan = LS_GEN_TEAM, *qty = (int32_t)ls_gen_rng_range(&m->r, 2, 4);
      else
        *plan = LS_GEN_BASIC, *qty = 1;
      return 1;
    default:
      if (dir > 0) {
        if (s->qty >= MAX_SEATS) return 0;
        *plan = LS_GEN_TEAM;
        *qty = s->qty + (int32_t)ls_gen_rng_range(&m->r, 1, 3);
        if (*qty > MAX_SEATS) *qty = MAX_SEATS;
      } else if (s->qty > 2 && ls_gen_rng_chance(&m->r, 750000)) {
        *plan = LS_GEN_TEAM;
        *qty = s->qty - (int32_t)ls_gen_rng_range(&m->r, 1, s->qty > 3 ? 2 : 1);
      } else {
        *plan = LS_GEN_PRO, *qty = 1;
      }
      return 1;
  }
}

/* Bill row from p0 month by month until the as-of instant, a cancellation or a
 * plan change; follow a change into its new row and a churn into a possible
 * return. */
static ls_status run_paid(sim *m, size_t row, int64_t p0) {
  ls_gen_ctx *c = m->c;
  int tier = m->u->tier;
  for (;;) {
    ls_gen_sub *s = &c->subs[row];
    s->paid_start = p0;
    int annual = s->interval == LS_GEN_YEAR, moved = 0;
    ls_gen_sub next;
    for (int k = 0; !moved; k++) {
      int64_t ms = ls_gen_add_months(p0, k);
      if (ms >= c->asof) return LS_OK;
      int64_t me = ls_gen_add_months(p0, k + 1);
      if (annual && k % 12 == 0 && ls_gen_rng_chance(&m->r, annual_churn_ppm[tier])) {
        int64_t pe = ls_gen_add_months(p0, k + 12);
        int64_t cancel = ls_gen_random_minute(&m->r, ms, pe);
        if (cancel >= c->asof) return LS_OK;
        s->canceled = cancel, s->ended = pe;
        break;
      }
      uint32_t x = (uint32_t)ls_gen_rng_below(&m->r, 1000000);
      uint32_t churn = annual ? 0 : churn_ppm[tier];
      if (x < churn) {
        int64_t cancel = ls_gen_random_minute(&m->r, ms, me);
        if (cancel >= c->asof) return LS_OK;
        s->canceled = cancel, s->ended = me;
        break;
      }
      x -= churn;
      uint32_t up = up_ppm[s->plan] >> annual, down = down_ppm[s->plan] >> annual;
      int dir = x < up ? 1 : x < up + down ? -1 : 0, plan;
      int32_t qty;
      if (!dir || !change_plan(m, s, dir, &plan, &qty)) continue;
      int64_t at = ls_gen_random_minute(&m->r, ms + LS_GEN_MINUTE, me);
      if (at >= c->asof) return LS_OK;
      s->canceled = s->ended = at;
      int raise = mrr_units(plan, qty) > mrr_units(s->plan, s->qty);
      next = row_from(m, at, plan, s->interval, qty, raise ? LS_GEN_SUB_RAISE : 0);
      moved = 1;
    }
    if (moved) {
      ls_status st = push_row(c, &next, &row);
      if (st != LS_OK) return st;
      p0 = next.start;
      continue;
    }
    /* churned: maybe a return, on the old plan or a new pick */
    if (!ls_gen_rng_chance(&m->r, return_ppm[tier])) return LS_OK;
    int64_t back = s->ended + ls_gen_rng_range(&m->r, 10, 120) * LS_GEN_DAY +
                   (int64_t)ls_gen_rng_below(&m->r, 1440) * LS_GEN_MINUTE;
    if (back >= c->asof) return LS_OK;
    int plan = s->plan;
    int32_t qty = s->qty;
    if (!ls_gen_rng_chance(&m->r, KEEP_PLAN_PPM)) {
      plan = (int)ls_gen_rng_pick(&m->r, plan_weights[m->u->segment], LS_GEN_PLANS);
      qty = draw_seats(m, plan);
    }
    next = row_from(m, back, plan, draw_interval(m), qty, LS_GEN_SUB_RAISE);
    ls_status st = push_row(c, &next, &row);
    if (st != LS_OK) return st;
    p0 = back;
  }
}

/* minutes from signup to the first subscription attempt */
static int64_t first_delay(sim *m) {
  static const uint32_t w[3] = {40, 35, 25};
  switch (ls_gen_rng_pick(&m->r, w, 3)) {
    case 0: return ls_gen_rng_range(&m->r, 5, 360);
    case 1: return ls_gen_rng_range(&m->r, 1440, 14 * 1440);
    default: return ls_gen_rng_range(&m->r, 14 * 1440, 90 * 1440);
  }
}

static ls_status simulate_customer(sim *m) {
  ls_gen_ctx *c = m->c;
  const ls_gen_customer *u = m->u;
  uint32_t want = subscribe_ppm[u->segment] / 100 * subscribe_tier_pct[u->tier];
  if (!ls_gen_rng_chance(&m->r, want)) return LS_OK;
  int64_t t0 = (u->signup + LS_GEN_MINUTE - 1) / LS_GEN_MINUTE * LS_GEN_MINUTE;
  t0 += first_delay(m) * LS_GEN_MINUTE;
  if (t0 >= c->asof) return LS_OK;
  int plan = (int)ls_gen_rng_pick(&m->r, plan_weights[u->segment], LS_GEN_PLANS);
  int interval = draw_interval(m);
  int32_t qty = draw_seats(m, plan);
  size_t row;
  ls_status st;

  if (ls_gen_rng_chance(&m->r, INCOMPLETE_PPM) && t0 + LS_GEN_DAY <= c->asof) {
    ls_gen_sub s = row_from(m, t0, plan, interval, qty, LS_GEN_SUB_INCOMPLETE);
    s.ended = t0 + LS_GEN_DAY;
    if ((st = push_row(c, &s, &row)) != LS_OK) return st;
    if (!ls_gen_rng_chance(&m->r, INCOMPLETE_RETRY_PPM)) return LS_OK;
    t0 += ls_gen_rng_range(&m->r, 10, 120) * LS_GEN_MINUTE;
    if (t0 >= c->asof) return LS_OK;
  }

  if (!ls_gen_rng_chance(&m->r, TRIAL_PPM)) {
    ls_gen_sub s = row_from(m, t0, plan, interval, qty, LS_GEN_SUB_RAISE);
    if ((st = push_row(c, &s, &row)) != LS_OK) return st;
    return run_paid(m, row, t0);
  }
  ls_gen_sub s = row_from(m, t0, plan, interval, qty, 0);
  s.trial_start = t0;
  s.trial_end = t0 + TRIAL_DAYS * LS_GEN_DAY;
  if (ls_gen_rng_chance(&m->r, convert_ppm[u->tier])) {
    s.flags |= LS_GEN_SUB_CONVERTED;
    if ((st = push_row(c, &s, &row)) != LS_OK) return st;
    return s.trial_end < c->asof ? run_paid(m, row, s.trial_end) : LS_OK;
  }
  int64_t cancel = ls_gen_random_minute(&m->r, t0, s.trial_end);
  if (cancel < c->asof) s.canceled = cancel, s.ended = s.trial_end;
  if ((st = push_row(c, &s, &row)) != LS_OK) return st;
  if (s.ended == LS_GEN_NONE || !ls_gen_rng_chance(&m->r, LATE_BUY_PPM)) return LS_OK;
  int64_t later = s.trial_end + ls_gen_rng_range(&m->r, 20, 120) * LS_GEN_DAY +
                  (int64_t)ls_gen_rng_below(&m->r, 1440) * LS_GEN_MINUTE;
  if (later >= c->asof) return LS_OK;
  ls_gen_sub bought = row_from(m, later, plan, draw_interval(m), qty, LS_GEN_SUB_RAISE);
  if ((st = push_row(c, &bought, &row)) != LS_OK) return st;
  return run_paid(m, row, later);
}

static uint8_t status_at(const ls_gen_sub *s, int64_t asof) {
  if (s->flags & LS_GEN_SUB_INCOMPLETE) return LS_GEN_INCOMPLETE_EXPIRED;
  if (s->ended != LS_GEN_NONE && s->ended <= asof) return LS_GEN_CANCELED;
  if (s->trial_end != LS_GEN_NONE && asof < s->trial_end) return LS_GEN_TRIALING;
  return LS_GEN_ACTIVE; /* also a cancellation pending at the period end */
}

static ls_status push_time(ls_column *col, int64_t t) {
  return t == LS_GEN_NONE ? ls_column_push_null(col) : ls_column_push_i64(col, t);
}

static ls_status push_cstr(ls_column *col, const char *s) {
  return ls_column_push_str(col, s, strlen(s));
}

/* ---- internal API ---- */

ls_status ls_gen_subs_run(ls_gen_ctx *c) {
  c->sub_first = ls_malloc(((size_t)c->users + 1) * sizeof *c->sub_first);
  if (!c->sub_first) return LS_ENOMEM;
  for (int i = 0; i < c->users; i++) {
    sim m;
    m.c = c;
    m.cust = i;
    m.u = &c->cust[i];
    ls_gen_rng_seed(&m.r, c->seed, LS_GEN_STREAM_SUBS, (uint64_t)i);
    c->sub_first[i] = (uint32_t)c->nsubs;
    ls_status st = simulate_customer(&m);
    if (st != LS_OK) return st;
  }
  c->sub_first[c->users] = (uint32_t)c->nsubs;
  for (size_t i = 0; i < c->nsubs; i++) c->subs[i].status = status_at(&c->subs[i], c->asof);
  return LS_OK;
}

ls_table *ls_gen_subs_table(const ls_gen_ctx *c) {
  static const char *const names[] = {
      "id", "Customer ID", "Plan", "Interval", "Amount", "Currency", "Quantity", "Status",
      "Created (UTC)", "Start Date (UTC)", "Trial Start (UTC)", "Trial End (UTC)",
      "Canceled At (UTC)", "Ended At (UTC)"};
  static const ls_type types[] = {
      LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_DOUBLE,
      LS_TYPE_STRING, LS_TYPE_INT64, LS_TYPE_STRING, LS_TYPE_TIME, LS_TYPE_TIME,
      LS_TYPE_TIME, LS_TYPE_TIME, LS_TYPE_TIME, LS_TYPE_TIME};
  enum { NCOLS = sizeof names / sizeof names[0] };
  ls_column *col[NCOLS] = {0};
  ls_table *t = ls_table_new_schema("subscriptions.csv", names, types, NCOLS, c->nsubs, col);
  ls_gen_order *order = ls_malloc(c->nsubs * sizeof *order);
  ls_status s = t && order ? LS_OK : LS_ENOMEM;
  if (s == LS_OK) {
    for (size_t i = 0; i < c->nsubs; i++) {
      order[i].key = c->subs[i].created;
      order[i].index = (uint32_t)i;
    }
    ls_gen_sort_order(order, c->nsubs);
  }
  for (size_t i = 0; i < c->nsubs && s == LS_OK; i++) {
    const ls_gen_sub *r = &c->subs[order[i].index];
    char id[32], cust[32];
    size_t idn = ls_gen_object_id(c, "sub_", 1, order[i].index, id);
    size_t cn = ls_gen_customer_id(c, (uint32_t)r->cust, cust);
    if ((s = ls_column_push_str(col[0], id, idn)) != LS_OK ||
        (s = ls_column_push_str(col[1], cust, cn)) != LS_OK ||
        (s = push_cstr(col[2], ls_gen_plan_names[r->plan])) != LS_OK ||
        (s = push_cstr(col[3], r->interval == LS_GEN_YEAR ? "year" : "month")) != LS_OK ||
        (s = ls_column_push_f64(col[4], (double)ls_gen_unit_amount(r->plan, r->interval))) !=
            LS_OK ||
        (s = push_cstr(col[5], "usd")) != LS_OK ||
        (s = ls_column_push_i64(col[6], r->qty)) != LS_OK ||
        (s = push_cstr(col[7], ls_gen_status_names[r->status])) != LS_OK ||
        (s = push_time(col[8], r->created)) != LS_OK ||
        (s = push_time(col[9], r->start)) != LS_OK ||
        (s = push_time(col[10], r->trial_start)) != LS_OK ||
        (s = push_time(col[11], r->trial_end)) != LS_OK ||
        (s = push_time(col[12], r->canceled)) != LS_OK)
      break;
    s = push_time(col[13], r->ended);
  }
  ls_free(order);
  if (s != LS_OK) {
    ls_table_free(t);
    return NULL;
  }
  return t;
}
