/* gen.c: options, orchestration, customers, and the helpers the stages share.
 *
 * ls_gen runs the stages of gen_internal.h over one context and turns the
 * result into six tables. Customers are drawn here: signup times spread over
 * the window with growth and weekly seasonality, then sorted, so customer ids
 * count up in signup order. */
#include "gen/gen.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "gen/gen_internal.h"
#include "gen/rng.h"

/* ---- private: the customer model ---- */

static const char *const channel_names[LS_GEN_CHANNELS] = {"organic", "google_ads", "linkedin_ads",
                                                           "referral", "content"};
static const uint32_t channel_weights[LS_GEN_CHANNELS] = {34, 24, 14, 16, 12};
/* acquisition cost range in cents per channel: organic and referral cost nothing */
static const int32_t cac_cents_range[LS_GEN_CHANNELS][2] = {
    {0, 0}, {4000, 11000}, {7000, 14000}, {0, 0}, {2000, 4500}};

static const char *const segment_names[LS_GEN_SEGMENTS] = {"student", "early_career", "mid_career",
                                                           "senior", "recruiter"};
static const uint32_t segment_weights[LS_GEN_SEGMENTS] = {24, 30, 26, 12, 8};
/* engagement tier weights (casual, regular, engaged, power) per segment */
static const uint32_t tier_weights[LS_GEN_SEGMENTS][LS_GEN_TIERS] = {
    {55, 30, 12, 3}, {45, 34, 16, 5}, {42, 34, 17, 7}, {40, 34, 18, 8}, {30, 35, 25, 10}};

static const char *const country_names[LS_GEN_COUNTRIES] = {"US", "IN", "CN", "GB", "DE",
                                                            "CA", "TW", "SG", "AU", "BR"};
static const uint32_t country_weights[LS_GEN_COUNTRIES] = {34, 20, 5, 8, 7, 7, 3, 4, 5, 7};

/* signups per weekday, Monday first, in percent of a weekday */
static const uint32_t signup_weekday[7] = {104, 106, 104, 100, 92, 60, 66};
/* share of users (ppm) who sign up in the first three days: the launch */
#define LAUNCH_PPM 20000u

/* ---- shared tables ---- */

const uint32_t ls_gen_hour_weights[24] = {30, 25, 20, 18, 16, 16, 20, 28, 40, 52, 60, 66,
                                          70, 72, 74, 76, 78, 76, 70, 62, 55, 48, 40, 34};
const char *const ls_gen_plan_names[LS_GEN_PLANS] = {"Basic", "Pro", "Team"};
const char *const ls_gen_status_names[4] = {"trialing", "active", "canceled",
                                            "incomplete_expired"};

int64_t ls_gen_unit_amount(int plan, int interval) {
  static const int64_t monthly[LS_GEN_PLANS] = {19, 49, 29};
  static const int64_t yearly[LS_GEN_PLANS] = {190, 490, 290};
  return interval == LS_GEN_YEAR ? yearly[plan] : monthly[plan];
}

/* ---- shared helpers ---- */

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) q--;
  return q;
}

int64_t ls_gen_add_months(int64_t anchor, int k) {
  int64_t days = floor_div(anchor, LS_GEN_DAY), y;
  int64_t tod = anchor - days * LS_GEN_DAY;
  int m, d;
  ls_civil_from_days(days, &y, &m, &d);
  int64_t mi = (int64_t)(m - 1) + k;
  y += floor_div(mi, 12);
  m = (int)(mi - floor_div(mi, 12) * 12) + 1;
  int64_t first = ls_days_from_civil(y, m, 1);
  int64_t next = m == 12 ? ls_days_from_civil(y + 1, 1, 1) : ls_days_from_civil(y, m + 1, 1);
  if (d > next - first) d = (int)(next - first);
  return (first + d - 1) * LS_GEN_DAY + tod;
}

int64_t ls_gen_random_minute(ls_gen_rng *r, int64_t lo, int64_t hi) {
  return lo + LS_GEN_MINUTE * (int64_t)ls_gen_rng_below(r, (uint64_t)((hi - lo) / LS_GEN_MINUTE));
}

size_t ls_gen_customer_id(const ls_gen_ctx *c, uint32_t index, char *buf) {
  memcpy(buf, "usr_", 4);
  uint32_t v = index + 1;
  for (int i = c->id_width - 1; i >= 0; i--) {
    buf[4 + i] = (char)('0' + v % 10);
    v /= 10;
  }
  buf[4 + c->id_width] = '\0';
  return 4 + (size_t)c->id_width;
}

size_t ls_gen_object_id(const ls_gen_ctx *c, const char *prefix, uint64_t kind, uint64_t index,
                        char *buf) {
  static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  /* adding a constant and mixing are both bijections: distinct indexes, distinct ids */
  uint64_t v = ls_gen_mix64(index + ls_gen_mix64(c->seed ^ ls_gen_mix64(LS_GEN_STREAM_IDS + kind)));
  uint64_t head = ls_gen_mix64(v);
  size_t n = strlen(prefix);
  memcpy(buf, prefix, n);
  for (int i = 0; i < 3; i++, head /= 62) buf[n + i] = digits[head % 62];
  for (int i = 13; i >= 3; i--, v /= 62) buf[n + i] = digits[v % 62];
  buf[n + 14] = '\0';
  return n + 14;
}

static int order_cmp(const void *a, const void *b) {
  const ls_gen_order *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

void ls_gen_sort_order(ls_gen_order *o, size_t n) { qsort(o, n, sizeof *o, order_cmp); }

/* ---- private: customers ---- */

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Monday = 0 */
static int weekday(int64_t day_number) { return (int)(((day_number + 3) % 7 + 7) % 7); }

/* the day of each signup, weighted by growth and weekday, then a time of day */
static ls_status draw_signups(ls_gen_ctx *c, int64_t *signup) {
  uint64_t *cum = ls_malloc((size_t)c->days * sizeof *cum);
  if (!cum) return LS_ENOMEM;
  uint64_t total = 0;
  int64_t first_day = c->start / LS_GEN_DAY;
  for (int d = 0; d < c->days; d++) {
    /* linear growth: the last day draws three times the first */
    uint64_t grow = 1000 + (uint64_t)(2000 * (int64_t)d / (c->days > 1 ? c->days - 1 : 1));
    total += grow * signup_weekday[weekday(first_day + d)];
    cum[d] = total;
  }
  int launch_days = c->days < 3 ? c->days : 3;
  for (int i = 0; i < c->users; i++) {
    ls_gen_rng r;
    ls_gen_rng_seed(&r, c->seed, LS_GEN_STREAM_SIGNUP, (uint64_t)i);
    int64_t day;
    if (ls_gen_rng_chance(&r, LAUNCH_PPM)) {
      day = (int64_t)ls_gen_rng_below(&r, (uint64_t)launch_days);
    } else {
      uint64_t x = ls_gen_rng_below(&r, total);
      size_t lo = 0, hi = (size_t)c->days - 1; /* first d with x < cum[d] */
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x < cum[mid])
          hi = mid;
        else
          lo = mid + 1;
      }
      day = (int64_t)lo;
    }
    int64_t hour = (int64_t)ls_gen_rng_pick(&r, ls_gen_hour_weights, 24);
    int64_t sec = (int64_t)ls_gen_rng_below(&r, 3600);
    signup[i] = c->start + day * LS_GEN_DAY + hour * LS_GEN_HOUR + sec * 1000;
  }
  ls_free(cum);
  /* equal times are indistinguishable, so an unstable sort is still deterministic */
  qsort(signup, (size_t)c->users, sizeof *signup, cmp_i64);
  return LS_OK;
}

static ls_status make_customers(ls_gen_ctx *c) {
  int64_t *signup = ls_malloc((size_t)c->users * sizeof *signup);
  c->cust = ls_calloc((size_t)c->users, sizeof *c->cust);
  if (!signup || !c->cust) {
    ls_free(signup);
    return LS_ENOMEM;
  }
  ls_status s = draw_signups(c, signup);
  for (int i = 0; s == LS_OK && i < c->users; i++) {
    ls_gen_customer *u = &c->cust[i];
    ls_gen_rng r;
    ls_gen_rng_seed(&r, c->seed, LS_GEN_STREAM_CUSTOMER, (uint64_t)i);
    u->signup = signup[i];
    u->channel = (uint8_t)ls_gen_rng_pick(&r, channel_weights, LS_GEN_CHANNELS);
    u->segment = (uint8_t)ls_gen_rng_pick(&r, segment_weights, LS_GEN_SEGMENTS);
    u->country = (uint8_t)ls_gen_rng_pick(&r, country_weights, LS_GEN_COUNTRIES);
    u->tier = (uint8_t)ls_gen_rng_pick(&r, tier_weights[u->segment], LS_GEN_TIERS);
    const int32_t *range = cac_cents_range[u->channel];
    u->cac_cents = (int32_t)ls_gen_rng_range(&r, range[0], range[1]);
  }
  ls_free(signup);
  return s;
}

static ls_table *customers_table(const ls_gen_ctx *c) {
  static const char *const names[] = {"customer_id", "signup_at", "channel",
                                      "segment",     "country",   "cac"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_TIME,   LS_TYPE_STRING,
                                  LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_DOUBLE};
  enum { NCOLS = sizeof names / sizeof names[0] };
  ls_column *col[NCOLS] = {0};
  ls_table *t = ls_table_new_schema("customers.csv", names, types, NCOLS, (size_t)c->users, col);
  ls_status s = t ? LS_OK : LS_ENOMEM;
  ls_column *id = col[0], *signup = col[1], *channel = col[2], *segment = col[3];
  ls_column *country = col[4], *cac = col[5];
  for (int i = 0; i < c->users && s == LS_OK; i++) {
    const ls_gen_customer *u = &c->cust[i];
    char buf[32];
    size_t n = ls_gen_customer_id(c, (uint32_t)i, buf);
    const char *ch = channel_names[u->channel], *seg = segment_names[u->segment];
    const char *co = country_names[u->country];
    if ((s = ls_column_push_str(id, buf, n)) != LS_OK ||
        (s = ls_column_push_i64(signup, u->signup)) != LS_OK ||
        (s = ls_column_push_str(channel, ch, strlen(ch))) != LS_OK ||
        (s = ls_column_push_str(segment, seg, strlen(seg))) != LS_OK ||
        (s = ls_column_push_str(country, co, strlen(co))) != LS_OK)
      break;
    s = ls_column_push_f64(cac, (double)u->cac_cents / 100.0);
  }
  if (s != LS_OK) {
    ls_table_free(t);
    return NULL;
  }
  return t;
}

static int options_valid(const ls_gen_options *o) {
  if (!o || o->users < 1 || o->users > 10000000 || o->days < 1 || o->days > 3650) return 0;
  if (o->event_users < 0 || o->event_users > o->users) return 0;
  /* a UTC midnight from 1970 on, and the window ending by the year 10000 */
  const int64_t year10000 = INT64_C(253402300800000);
  return o->start >= 0 && o->start % LS_GEN_DAY == 0 &&
         o->start <= year10000 - (int64_t)o->days * LS_GEN_DAY;
}

static void ctx_free(ls_gen_ctx *c) {
  ls_free(c->cust);
  ls_free(c->subs);
  ls_free(c->sub_first);
  ls_free(c->pays);
  ls_free(c->events);
}

/* ---- API ---- */

void ls_gen_defaults(ls_gen_options *o) {
  o->seed = 42;
  o->users = 10000;
  o->days = 365;
  o->start = ls_time_from_civil(2025, 11, 1, 0, 0, 0, 0);
  o->event_users = 0;
}

ls_status ls_gen(const ls_gen_options *o, ls_table *out[LS_GEN_TABLES]) {
  if (!out) return LS_EINVAL;
  for (int i = 0; i < LS_GEN_TABLES; i++) out[i] = NULL;
  if (!options_valid(o)) return LS_EINVAL;
  ls_gen_ctx c;
  memset(&c, 0, sizeof c);
  c.seed = o->seed;
  c.users = o->users;
  c.days = o->days;
  c.event_users = o->event_users;
  c.start = o->start;
  c.asof = o->start + (int64_t)o->days * LS_GEN_DAY;
  c.id_width = 6;
  for (int n = o->users; n >= 1000000; n /= 10) c.id_width++;

  ls_status s = make_customers(&c);
  if (s == LS_OK) s = ls_gen_subs_run(&c);
  if (s == LS_OK) s = ls_gen_payments_run(&c);
  if (s == LS_OK) s = ls_gen_events_run(&c);
  if (s == LS_OK) {
    out[LS_GEN_CUSTOMERS] = customers_table(&c);
    out[LS_GEN_SUBSCRIPTIONS] = ls_gen_subs_table(&c);
    out[LS_GEN_PAYMENTS] = ls_gen_payments_table(&c);
    out[LS_GEN_EVENTS] = ls_gen_events_table(&c);
    out[LS_GEN_CAMPAIGNS] = ls_gen_spend_table(&c);
    out[LS_GEN_REVIEWS] = ls_gen_reviews_table(&c);
    for (int i = 0; i < LS_GEN_TABLES; i++)
      if (!out[i]) s = LS_ENOMEM;
  }
  ctx_free(&c);
  if (s != LS_OK) {
    for (int i = 0; i < LS_GEN_TABLES; i++) {
      ls_table_free(out[i]);
      out[i] = NULL;
    }
  }
  return s;
}
