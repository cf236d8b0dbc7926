/* gen_spend.c: the demo's marketing spend, campaigns.csv (kind marketing_spend).
 *
 * Eight ad campaigns on the three paid channels, one row per campaign per
 * hour over the demo's days. Each paid channel spends, on each day, exactly
 * the acquisition cost (cac) of its customers who first pay that day, so the
 * CAC metrics read from this table come out near what they read from the
 * customers' cac column (which counts the cac of each period's new paying
 * customers);
 * the day's budget is split among the channel's running campaigns by share,
 * and over the hours by the product's hour-of-day weights with noise (the
 * weekly pattern comes from the signups). Revenue is spend times the
 * campaign's return on ad spend, with noise; clicks and conversions follow
 * from a cost per click and a conversion rate. One campaign is paused two
 * thirds of the way in (its rows go on, with zero spend and status "paused").
 * In the last three hours one campaign runs away: it spends RUNAWAY_X times
 * its mean hourly spend of the week before, at a return of 0.1, so the demo's circuit
 * breaker (roas < 1.5 and spend_velocity > 2) trips. Draws come from the
 * LS_GEN_STREAM_SPEND stream only: the other tables do not change. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "gen/gen_internal.h"

typedef struct {
  const char *name, *channel, *region;
  int chan;          /* index into the paid channels below */
  uint32_t share;    /* of its channel's budget */
  uint32_t roas_pct; /* revenue per 100 of spend */
  uint32_t cpc;      /* cost per click, cents */
  uint32_t cvr_ppm;  /* conversions per click, ppm */
} campaign;

enum { PAID = 3, NCAMP = 8, RUNAWAY = 6, PAUSED = 3, RUNAWAY_X = 8, RUNAWAY_HOURS = 3 };

/* the customer channels (gen.c) that cost money: google_ads, linkedin_ads, content */
static const int paid_channel[PAID] = {1, 2, 4};

static const campaign CAMPAIGNS[NCAMP] = {
    {"brand_search", "google_ads", "US", 0, 40, 400, 120, 90000},
    {"generic_search", "google_ads", "US", 0, 30, 260, 250, 45000},
    {"competitor_search", "google_ads", "EU", 0, 15, 200, 300, 35000},
    {"display_prospecting", "google_ads", "APAC", 0, 15, 160, 80, 8000},
    {"linkedin_sponsored", "linkedin_ads", "US", 1, 60, 220, 650, 30000},
    {"linkedin_inmail", "linkedin_ads", "EU", 1, 40, 190, 900, 40000},
    {"retargeting_display", "content", "US", 2, 50, 170, 70, 12000},
    {"content_syndication", "content", "APAC", 2, 50, 300, 90, 20000},
};

static int paused_from(const ls_gen_ctx *c) { return c->days * 2 / 3; }

/* the first instant customer i pays (its first charged paid period, as
 * gen_payments.c charges them), or LS_GEN_NONE */
static int64_t first_paid(const ls_gen_ctx *c, int i) {
  int64_t first = LS_GEN_NONE;
  for (uint32_t k = c->sub_first[i]; k < c->sub_first[i + 1]; k++) {
    const ls_gen_sub *s = &c->subs[k];
    if (s->paid_start == LS_GEN_NONE || s->paid_start >= c->asof ||
        (s->ended != LS_GEN_NONE && s->paid_start >= s->ended))
      continue;
    if (first == LS_GEN_NONE || s->paid_start < first) first = s->paid_start;
  }
  return first;
}

/* cents of acquisition cost per paid channel per day: each paying customer's
 * cac on the day it first pays (when CAC counts it new): cost[ch * days + day] */
static int64_t *channel_costs(const ls_gen_ctx *c) {
  int64_t *cost = ls_calloc((size_t)PAID * (size_t)c->days, sizeof *cost);
  if (!cost) return NULL;
  for (int i = 0; i < c->users; i++) {
    const ls_gen_customer *u = &c->cust[i];
    int64_t paid = first_paid(c, i);
    if (paid == LS_GEN_NONE) continue;
    int64_t day = (paid - c->start) / LS_GEN_DAY;
    for (int ch = 0; ch < PAID; ch++)
      if (u->channel == paid_channel[ch] && day >= 0 && day < c->days) cost[ch * c->days + day] += u->cac_cents;
  }
  return cost;
}

/* spend in cents of campaign k on day d, hour by hour, into out[24] */
static void day_spend(const ls_gen_ctx *c, const int64_t *cost, int k, int d, int64_t out[24]) {
  const campaign *p = &CAMPAIGNS[k];
  /* the channel's running campaigns split its day by share, cumulatively rounded: exact in sum */
  int64_t total = 0, upto = 0, day = cost[p->chan * c->days + d];
  for (int j = 0; j < NCAMP; j++) {
    int runs = CAMPAIGNS[j].chan == p->chan && !(j == PAUSED && d >= paused_from(c));
    total += runs ? CAMPAIGNS[j].share : 0;
    if (j == k) upto = total;
  }
  int64_t before = k == PAUSED && d >= paused_from(c) ? upto : upto - p->share;
  int64_t budget = day * upto / total - day * before / total;
  ls_gen_rng r;
  ls_gen_rng_seed(&r, c->seed, LS_GEN_STREAM_SPEND, (uint64_t)k * (uint64_t)c->days + (uint64_t)d);
  uint64_t w[24], sum = 0;
  for (int h = 0; h < 24; h++) {
    w[h] = (uint64_t)ls_gen_hour_weights[h] * (uint64_t)ls_gen_rng_range(&r, 80, 120);
    sum += w[h];
  }
  /* cumulative rounding: the hours add up to the budget exactly */
  uint64_t acc = 0;
  int64_t given = 0;
  for (int h = 0; h < 24; h++) {
    acc += w[h];
    int64_t cum = (int64_t)((uint64_t)budget * acc / sum);
    out[h] = cum - given;
    given = cum;
  }
}

static ls_status fill_spend(const ls_gen_ctx *c, int64_t *spend) {
  int64_t *cost = channel_costs(c);
  if (!cost) return LS_ENOMEM;
  size_t hours = (size_t)c->days * 24;
  for (int k = 0; k < NCAMP; k++)
    for (int d = 0; d < c->days; d++) day_spend(c, cost, k, d, spend + (size_t)k * hours + (size_t)d * 24);
  ls_free(cost);
  /* the runaway: RUNAWAY_X times its mean hourly spend over the week before its last hours */
  int64_t *s = spend + (size_t)RUNAWAY * hours;
  size_t end = hours - RUNAWAY_HOURS, from = end > 168 ? end - 168 : 0;
  int64_t sum = 0;
  for (size_t h = from; h < end; h++) sum += s[h];
  int64_t mean = end > from ? sum / (int64_t)(end - from) : 0;
  if (mean < 500) mean = 500; /* at least $5 an hour */
  for (size_t h = end; h < hours; h++) s[h] = RUNAWAY_X * mean;
  return LS_OK;
}

static int64_t scale(ls_gen_rng *r, int64_t v, uint32_t num, uint32_t lo, uint32_t hi) {
  /* v * num / 100 * (lo..hi)% rounded: integer arithmetic only */
  int64_t pct = ls_gen_rng_range(r, lo, hi);
  return (v * (int64_t)num * pct + 5000) / 10000;
}

ls_table *ls_gen_spend_table(const ls_gen_ctx *c) {
  static const char *const names[] = {"campaign", "channel", "region", "status", "hour",
                                      "spend",    "revenue", "clicks", "conversions"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_STRING,
                                  LS_TYPE_STRING, LS_TYPE_TIME,   LS_TYPE_DOUBLE,
                                  LS_TYPE_DOUBLE, LS_TYPE_INT64,  LS_TYPE_INT64};
  enum { NCOLS = sizeof names / sizeof names[0] };
  size_t hours = (size_t)c->days * 24;
  ls_column *col[NCOLS] = {0};
  ls_table *t = ls_table_new_schema("campaigns.csv", names, types, NCOLS, hours * NCAMP, col);
  int64_t *spend = ls_malloc(hours * NCAMP * sizeof *spend);
  ls_status s = t && spend ? fill_spend(c, spend) : LS_ENOMEM;
  for (size_t h = 0; h < hours && s == LS_OK; h++) {
    for (int k = 0; k < NCAMP && s == LS_OK; k++) {
      const campaign *p = &CAMPAIGNS[k];
      ls_gen_rng r;
      /* hourly draws: the top bit apart from the daily ones (index k * days + d) */
      ls_gen_rng_seed(&r, c->seed, LS_GEN_STREAM_SPEND, (UINT64_C(1) << 63) | ((uint64_t)k << 32) | h);
      int64_t cents = spend[(size_t)k * hours + h];
      int runaway = k == RUNAWAY && h >= hours - RUNAWAY_HOURS;
      int64_t rev = runaway ? cents / 10 : scale(&r, cents, p->roas_pct, 85, 115);
      int64_t clicks = (scale(&r, cents, 100, 90, 110) + p->cpc / 2) / p->cpc;
      int64_t conv = (clicks * (int64_t)p->cvr_ppm * ls_gen_rng_range(&r, 70, 130) / 100 + 500000) / 1000000;
      const char *st = k == PAUSED && h >= (size_t)paused_from(c) * 24 ? "paused" : "active";
      if ((s = ls_column_push_str(col[0], p->name, strlen(p->name))) != LS_OK ||
          (s = ls_column_push_str(col[1], p->channel, strlen(p->channel))) != LS_OK ||
          (s = ls_column_push_str(col[2], p->region, strlen(p->region))) != LS_OK ||
          (s = ls_column_push_str(col[3], st, strlen(st))) != LS_OK ||
          (s = ls_column_push_i64(col[4], c->start + (int64_t)h * LS_GEN_HOUR)) != LS_OK ||
          (s = ls_column_push_f64(col[5], (double)cents / 100.0)) != LS_OK ||
          (s = ls_column_push_f64(col[6], (double)rev / 100.0)) != LS_OK ||
          (s = ls_column_push_i64(col[7], clicks)) != LS_OK)
        break;
      s = ls_column_push_i64(col[8], conv);
    }
  }
  ls_free(spend);
  if (s != LS_OK) {
    ls_table_free(t);
    return NULL;
  }
  return t;
}
