/* commerce.c: the commerce metrics of a payments dataset, each a view of one
 * walk over its paid orders (metrics/commerce_orders.h) as docs/metrics.md
 * defines them.
 *
 * The orders are sorted by time once (the index); the walk, per set of
 * periods, adds the orders before the first period to each customer's
 * cumulative amount (less refunds), then takes each period's orders in turn:
 * GMV, orders, refunds, distinct paying customers and those with a second
 * order (a stamp per customer), and the tier of each customer it touched
 * before and after (a histogram of tiers moved customer by customer).
 * O(orders + customers + periods x tiers). Money comes out in currency
 * units (units / LS_MONEY_UNIT), rates as fractions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "metrics/commerce_orders.h"
#include "metrics/metrics.h"
#include "metrics/money.h"
#include "metrics/scope.h"

typedef struct {
  size_t n;            /* periods */
  int has_customers;
  const char *dataset; /* the payments dataset's name, for messages */
  /* per period */
  int64_t *gmv, *refund;                  /* units */
  int64_t *payer_gmv;                     /* units, of the orders with a customer */
  int64_t *orders, *refunded, *payers, *repeaters, *members, *upgrades;
  size_t ntiers;                          /* tiers: thresholds + 1 */
  int64_t *tier;                          /* [k * n + i]: users in tier k at the end of i */
} walk;

typedef double (*walk_value)(const walk *w, size_t i);

/* ---- private: the walk ---- */

static void walk_free(void *v) {
  walk *w = v;
  if (!w) return;
  int64_t **arrays[] = {&w->gmv, &w->refund, &w->payer_gmv, &w->orders, &w->refunded, &w->payers, &w->repeaters,
                        &w->members, &w->upgrades, &w->tier};
  for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) ls_free(*arrays[i]);
  ls_free(w);
}

/* the tier of a cumulative amount: how many thresholds it reaches */
static int tier_of(int64_t cum, const int64_t *thr, size_t nthr) {
  size_t k = 0;
  while (k < nthr && cum >= thr[k]) k++;
  return (int)k;
}

typedef struct {
  const ls_scope *sc;
  const ls_periods *p;
} walk_ctx;

/* *acc += v, held at the int64 ends rather than wrapping (hostile amounts) */
static void add_to(int64_t *acc, int64_t v) {
  if (__builtin_add_overflow(*acc, v, acc)) *acc = v > 0 ? INT64_MAX : INT64_MIN;
}

static ls_status build(ls_workspace *ws, void *ctx, void **out) {
  const ls_scope *sc = ((walk_ctx *)ctx)->sc;
  const ls_periods *p = ((walk_ctx *)ctx)->p;
  const ls_orders *o;
  ls_status s = ls_orders_get(ws, sc, &o);
  if (s != LS_OK) return s;
  const ls_settings *set = ls_workspace_settings(ws);
  size_t n = p->n, nc = o->ncustomers, nthr = set->ntiers;
  int64_t thr[LS_SETTINGS_TIERS_MAX];
  for (size_t k = 0; k < nthr; k++) thr[k] = llround(set->tiers[k] * (double)LS_MONEY_UNIT);
  walk *w = ls_calloc(1, sizeof *w);
  int64_t *cum = ls_calloc(nc + 1, sizeof *cum), hist[LS_SETTINGS_TIERS_MAX + 1] = {0}, members = 0;
  int32_t *stamp = ls_malloc((nc + 1) * sizeof *stamp), *count = ls_calloc(nc + 1, sizeof *count),
          *touched = ls_malloc((nc + 1) * sizeof *touched);
  int8_t *tier = ls_malloc(nc + 1);
  int ok = w && cum && stamp && count && touched && tier;
  if (ok) {
    w->n = n;
    w->has_customers = o->has_customers;
    w->dataset = ls_table_name(ls_workspace_table(ws, (size_t)o->di));
    w->ntiers = nthr + 1;
    int64_t **arrays[] = {&w->gmv, &w->refund, &w->payer_gmv, &w->orders, &w->refunded, &w->payers, &w->repeaters,
                          &w->members, &w->upgrades};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) ok &= !!(*arrays[i] = ls_calloc(n + 1, sizeof(int64_t)));
    ok &= !!(w->tier = ls_calloc(w->ntiers * n + 1, sizeof *w->tier));
  }
  if (!ok) {
    walk_free(w);
    w = NULL;
    s = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  size_t j = 0;
  for (size_t c = 0; w && c < nc; c++) stamp[c] = -1, tier[c] = -1;
  for (; w && j < o->n && o->t[j] < p->start[0]; j++) /* the history before the first period */
    if (o->customer[j] >= 0) {
      add_to(&cum[o->customer[j]], o->amount[j] - o->refund[j]);
      tier[o->customer[j]] = 0;
    }
  for (size_t c = 0; w && c < nc; c++)
    if (tier[c] >= 0) {
      tier[c] = (int8_t)tier_of(cum[c], thr, nthr);
      hist[tier[c]]++;
      members++;
    }
  for (size_t i = 0; w && i < n; i++) {
    size_t nt = 0;
    for (; j < o->n && o->t[j] < p->start[i + 1]; j++) {
      add_to(&w->gmv[i], o->amount[j]);
      add_to(&w->refund[i], o->refund[j]);
      w->orders[i]++;
      w->refunded[i] += o->refunded[j];
      int32_t c = o->customer[j];
      if (c < 0) continue;
      add_to(&w->payer_gmv[i], o->amount[j]);
      if (stamp[c] != (int32_t)i) {
        stamp[c] = (int32_t)i;
        count[c] = 0;
        touched[nt++] = c;
        w->payers[i]++;
      }
      if (++count[c] == 2) w->repeaters[i]++;
      add_to(&cum[c], o->amount[j] - o->refund[j]);
    }
    for (size_t k = 0; k < nt; k++) {
      int32_t c = touched[k];
      int now = tier_of(cum[c], thr, nthr), was = tier[c];
      if (was < 0) members++;
      else hist[was]--;
      hist[now]++;
      w->upgrades[i] += was >= 0 && now > was;
      tier[c] = (int8_t)now;
    }
    for (size_t k = 0; k < w->ntiers; k++) w->tier[k * n + i] = hist[k];
    w->members[i] = members;
  }
  ls_free(cum);
  ls_free(stamp);
  ls_free(count);
  ls_free(touched);
  ls_free(tier);
  *out = w;
  return s;
}

static ls_status walk_get(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, const walk **out) {
  char key[256];
  int k = snprintf(key, sizeof key, "commerce|%d|%lld|%zu|", (int)p->grain, (long long)p->start[0], p->n);
  ls_scope_key(sc, key + k, sizeof key - (size_t)k);
  walk_ctx cx = {sc, p};
  void *v = NULL;
  ls_status s = ls_workspace_cached_ctx(ws, key, build, &cx, walk_free, &v);
  *out = v;
  return s;
}

/* ---- private: values per period ---- */

static double money(int64_t units) { return (double)units / (double)LS_MONEY_UNIT; }
static double ratio(double num, double den) { return den > 0 ? num / den : NAN; }

static double v_gmv(const walk *w, size_t i) { return money(w->gmv[i]); }
static double v_orders(const walk *w, size_t i) { return (double)w->orders[i]; }
static double v_aov(const walk *w, size_t i) { return ratio(money(w->gmv[i]), (double)w->orders[i]); }
static double v_payers(const walk *w, size_t i) { return (double)w->payers[i]; }
static double v_arppu(const walk *w, size_t i) { return ratio(money(w->payer_gmv[i]), (double)w->payers[i]); }
static double v_refund_orders(const walk *w, size_t i) { return ratio((double)w->refunded[i], (double)w->orders[i]); }
static double v_refund_amount(const walk *w, size_t i) { return ratio((double)w->refund[i], (double)w->gmv[i]); }
static double v_repurchase(const walk *w, size_t i) { return ratio((double)w->repeaters[i], (double)w->payers[i]); }
static double v_members(const walk *w, size_t i) { return (double)w->members[i]; }
static double v_upgrades(const walk *w, size_t i) { return (double)w->upgrades[i]; }

/* the walk, failing when a metric about customers has no customer column */
static ls_status walk_for(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, const char *metric,
                          int customers, const walk **w) {
  ls_status s = walk_get(ws, sc, p, w);
  if (s == LS_OK && customers && !(*w)->has_customers)
    return ls_workspace_fail(ws, LS_ENODATA, "%s needs a customer_id (or email) column in %s", metric,
                             (*w)->dataset);
  return s;
}

static ls_status per_period(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out,
                            const char *metric, int customers, walk_value value) {
  const walk *w;
  ls_status s = walk_for(ws, sc, p, metric, customers, &w);
  for (size_t i = 0; s == LS_OK && i < p->n; i++) out[i] = value(w, i);
  return s;
}

/* value / active users of each period: users with any event in the events
 * dataset (its rows meeting sc when it has sc's columns); NaN without one */
static ls_status per_active_user(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out,
                                 const char *metric, walk_value value) {
  const walk *w;
  ls_status s = walk_for(ws, sc, p, metric, value == v_payers, &w);
  if (s != LS_OK || ls_workspace_find(ws, LS_KIND_EVENTS) < 0) return s;
  double *active = ls_malloc((p->n + 1) * sizeof *active);
  if (!active) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  s = ls_activity_users(ws, sc, p, active);
  if (s == LS_ENOTFOUND || s == LS_EINVAL) s = ls_activity_users(ws, NULL, p, active);
  if (s == LS_OK) s = walk_for(ws, sc, p, metric, value == v_payers, &w); /* the cache may have moved it */
  for (size_t i = 0; s == LS_OK && i < p->n; i++) out[i] = ratio(value(w, i), active[i]);
  ls_free(active);
  return s;
}

#define PERIOD_METRIC(name, customers, value) \
  LS_KERNEL(name) { return per_period(ws, sc, p, out, #name, customers, value); }

/* ---- private: tiers as segments ---- */

static ls_status tier_labels(ls_workspace *ws, char ***labels, size_t *n) {
  const ls_settings *set = ls_workspace_settings(ws);
  size_t m = set->ntiers + 1;
  char **v = ls_calloc(m, sizeof *v);
  for (size_t k = 0; v && k < m; k++) {
    char lo[LS_NUMFMT_MAX], hi[LS_NUMFMT_MAX], buf[2 * LS_NUMFMT_MAX + 4];
    ls_fmt_double(k ? set->tiers[k - 1] : 0, lo);
    if (k < set->ntiers) snprintf(buf, sizeof buf, "%s\xE2\x80\x93%s", lo, ls_fmt_double(set->tiers[k], hi));
    else snprintf(buf, sizeof buf, "%s+", lo);
    if (!(v[k] = ls_strdup(buf))) {
      ls_scope_values_free(v, k);
      v = NULL;
    }
  }
  if (!v) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  *labels = v;
  *n = m;
  return LS_OK;
}

static ls_status tier_segment(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, size_t k, double *out) {
  const walk *w;
  ls_status s = walk_for(ws, sc, p, "tier_users", 1, &w);
  for (size_t i = 0; s == LS_OK && i < p->n; i++) out[i] = k < w->ntiers ? (double)w->tier[k * p->n + i] : NAN;
  return s;
}

/* ---- API ---- */

const ls_segments ls_tier_segments = {"tier", tier_labels, tier_segment};

PERIOD_METRIC(gmv, 0, v_gmv)
PERIOD_METRIC(orders, 0, v_orders)
PERIOD_METRIC(aov, 0, v_aov)
PERIOD_METRIC(paying_users, 1, v_payers)
PERIOD_METRIC(arppu, 1, v_arppu)
PERIOD_METRIC(refund_rate_orders, 0, v_refund_orders)
PERIOD_METRIC(refund_rate_amount, 0, v_refund_amount)
PERIOD_METRIC(repurchase_rate, 1, v_repurchase)
PERIOD_METRIC(tier_users, 1, v_members)
PERIOD_METRIC(tier_upgrades, 1, v_upgrades)

LS_KERNEL(arpu) { return per_active_user(ws, sc, p, out, "arpu", v_gmv); }

LS_KERNEL(paying_ratio) { return per_active_user(ws, sc, p, out, "paying_ratio", v_payers); }
