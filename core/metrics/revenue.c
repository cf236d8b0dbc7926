/* revenue.c: the subscription revenue metrics, each a view of the revenue
 * walk (metrics/revwalk.h) as docs/metrics.md defines it. Money comes out in
 * currency units (units / LS_REV_UNIT), rates as fractions. */
#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "base/dict.h"
#include "base/numfmt.h"
#include "metrics/metrics.h"
#include "metrics/revwalk.h"
#include "metrics/scope.h"

#define LTV_PERIODS 6

typedef double (*walk_value)(const ls_revwalk *w, size_t k, const ls_settings *s);

/* ---- private: values per walk period ---- */

static double money(int64_t units) { return (double)units / (double)LS_REV_UNIT; }
static double ratio(double num, double den) { return den > 0 ? num / den : NAN; }

static double v_mrr(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(w->mrr[k]); }
static double v_arr(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(12 * w->mrr[k]); }
static double v_trial_mrr(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(w->trial_mrr[k]); }
static double v_customers(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return (double)w->customers[k]; }
static double v_new(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(w->new_mrr[k]); }
static double v_expansion(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(w->expansion[k]); }
static double v_contraction(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(w->contraction[k]); }
static double v_churned(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(w->churn[k]); }
static double v_reactivation(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return money(w->reactivation[k]); }
static double v_trials_started(const ls_revwalk *w, size_t k, const ls_settings *s) { (void)s; return (double)w->trials_started[k]; }

static double v_net_new(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return money(w->new_mrr[k] + w->reactivation[k] + w->expansion[k] - w->contraction[k] - w->churn[k]);
}

static double v_arpa(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return ratio(money(w->mrr[k]), (double)w->customers[k]);
}

static double v_customer_churn(const ls_revwalk *w, size_t k, const ls_settings *s) {
  int64_t den = w->start_customers[k];
  if (s->churn_denominator == LS_CHURN_DENOM_START_PLUS_NEW) den += w->n_new[k];
  return ratio((double)w->n_churn[k], (double)den);
}

static double v_gross_churn(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return ratio((double)(w->churn[k] + w->contraction[k]), (double)w->start_mrr[k]);
}

static double v_net_churn(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return ratio((double)(w->churn[k] + w->contraction[k] - w->expansion[k] - w->reactivation[k]),
               (double)w->start_mrr[k]);
}

static double v_nrr(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return ratio((double)w->retained[k], (double)w->start_mrr[k]);
}

static double v_grr(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return ratio((double)w->kept[k], (double)w->start_mrr[k]);
}

static double v_ltv(const ls_revwalk *w, size_t k, const ls_settings *s) {
  if (k < LTV_PERIODS) return NAN;
  double sum = 0;
  for (size_t j = k - LTV_PERIODS; j < k; j++) {
    double c = v_customer_churn(w, j, s);
    if (isnan(c)) return NAN;
    sum += c;
  }
  return ratio(v_arpa(w, k, s), sum / LTV_PERIODS);
}

static double v_quick_ratio(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return ratio((double)(w->new_mrr[k] + w->expansion[k] + w->reactivation[k]),
               (double)(w->churn[k] + w->contraction[k]));
}

static double v_trial_conversion(const ls_revwalk *w, size_t k, const ls_settings *s) {
  (void)s;
  return ratio((double)w->trials_converted[k], (double)w->trials_due[k]);
}

/* out[i] = value(walk period offset + i) */
static ls_status per_period(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out,
                            walk_value value) {
  const ls_revwalk *w;
  size_t off;
  ls_status s = ls_revwalk_get(ws, sc, p, &w, &off);
  if (s != LS_OK) return s;
  const ls_settings *set = ls_workspace_settings(ws);
  for (size_t i = 0; i < p->n && off + i < w->n; i++) out[i] = value(w, off + i, set);
  return LS_OK;
}

#define WALK_METRIC(name, value)                                                                    \
  ls_status ls_metric_##name(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) { \
    return per_period(ws, sc, p, out, value);                                                       \
  }

/* ---- private: acquisition spend ---- */

/* Spend of marketing spend dataset si in each walk period into
 * spend[0..w->n), over its rows meeting sc. LS_ENOTFOUND when sc names a
 * column the dataset does not have (it cannot be split that way). */
static ls_status spend_of_dataset(ls_workspace *ws, int si, const ls_scope *sc, const ls_revwalk *w,
                                  double *spend) {
  const ls_table *t = ls_workspace_table(ws, (size_t)si);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)si);
  const ls_column *amount = ls_table_col(t, (size_t)d->col[LS_ROLE_SPEND]),
                  *when = ls_table_col(t, (size_t)d->col[LS_ROLE_TIMESTAMP]);
  uint8_t *keep = NULL;
  ls_status st = ls_scope_mask(ws, si, sc, &keep);
  if (st != LS_OK) return st;
  double unit = d->flags & LS_DETECT_MINOR_UNITS ? 100 : 1;
  for (size_t i = 0; i < ls_table_rows(t); i++) {
    if ((keep && !keep[i]) || ls_column_type(when) != LS_TYPE_TIME || !ls_column_valid(when, i)) continue;
    int64_t t0 = ls_column_i64(when)[i];
    double v = ls_column_num(amount, i);
    if (isnan(v) || t0 < w->start[0] || t0 >= w->start[w->n]) continue;
    size_t lo = 0, hi = w->n;
    while (hi - lo > 1) {
      size_t mid = (lo + hi) / 2;
      if (w->start[mid] <= t0) lo = mid;
      else hi = mid;
    }
    spend[lo] += v / unit;
  }
  ls_free(keep);
  return LS_OK;
}

/* Spend in each walk period into spend[0..w->n): from a marketing spend
 * dataset (its rows meeting sc), else from the customers dataset's cac
 * column over the customers new in each period. When the spend dataset
 * cannot be split by sc's columns and there is no cac column, every
 * period's spend is NaN (unknown for the segment). LS_ENODATA when neither
 * source exists. */
static ls_status spend_by_period(ls_workspace *ws, const ls_scope *sc, const ls_revindex *ix,
                                 const ls_revwalk *w, double *spend) {
  for (size_t k = 0; k < w->n; k++) spend[k] = 0;
  int si = ls_workspace_find(ws, LS_KIND_SPEND);
  int unsplit = 0;
  if (si >= 0) {
    ls_status st = spend_of_dataset(ws, si, sc, w, spend);
    if (st != LS_ENOTFOUND) return st;
    for (size_t k = 0; k < w->n; k++) spend[k] = NAN;
    unsplit = 1;
  }
  int ci = ls_workspace_find(ws, LS_KIND_CUSTOMERS);
  const ls_detection *cd = ci >= 0 ? ls_workspace_detection(ws, (size_t)ci) : NULL;
  if ((!cd || cd->col[LS_ROLE_CAC] < 0) && unsplit) return LS_OK;
  for (size_t k = 0; k < w->n; k++) spend[k] = 0;
  if (!cd || cd->col[LS_ROLE_CAC] < 0)
    return ls_workspace_fail(ws, LS_ENODATA,
                             "CAC needs a marketing spend dataset or a cac column in a customers dataset");
  const ls_table *ct = ls_workspace_table(ws, (size_t)ci);
  const ls_column *cac = ls_table_col(ct, (size_t)cd->col[LS_ROLE_CAC]),
                  *ckey = ls_table_col(ct, (size_t)cd->col[LS_ROLE_CUSTOMER]);
  const ls_table *st = ls_workspace_table(ws, (size_t)ix->di);
  const ls_detection *sd = ls_workspace_detection(ws, (size_t)ix->di);
  const ls_column *skey = ls_table_col(st, (size_t)sd->col[LS_ROLE_CUSTOMER]);
  /* string or int64 keys: through the cached join of the subscriptions to
   * the customers (the first customer row of each key, as below) */
  const int32_t *via = NULL;
  if (ls_scope_join(ws, ix->di, skey, ckey, &via) == LS_OK) {
    for (size_t c = 0; c < ix->ncustomers; c++) {
      if (w->cohort[c] < 0 || ix->first_row[c] < 0) continue;
      int32_t r = via[ix->first_row[c]];
      double v = r >= 0 ? ls_column_num(cac, (size_t)r) : NAN;
      if (!isnan(v)) spend[w->cohort[c]] += v;
    }
    return LS_OK;
  }
  ls_workspace_fail(ws, LS_OK, "%s", "");
  ls_dict *keys = ls_dict_new();
  double *cost = ls_malloc((ls_table_rows(ct) + 1) * sizeof *cost);
  int ok = keys && cost;
  char buf[LS_NUMFMT_MAX];
  size_t len;
  for (size_t i = 0; ok && i < ls_table_rows(ct); i++) {
    const char *k = ls_scope_cell_text(ckey, i, buf, &len);
    if (!k) continue;
    size_t before = ls_dict_size(keys);
    int32_t id = ls_dict_intern(keys, k, len);
    if (id < 0) ok = 0;
    else if ((size_t)id == before) cost[id] = ls_column_num(cac, i);
  }
  for (size_t c = 0; ok && c < ix->ncustomers; c++) {
    if (w->cohort[c] < 0 || ix->first_row[c] < 0) continue;
    const char *k = ls_scope_cell_text(skey, (size_t)ix->first_row[c], buf, &len);
    int32_t id = k ? ls_dict_find(keys, k, len) : -1;
    if (id >= 0 && !isnan(cost[id])) spend[w->cohort[c]] += cost[id];
  }
  ls_dict_free(keys);
  ls_free(cost);
  return ok ? LS_OK : ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
}

typedef enum { CAC, LTV_CAC, PAYBACK } cac_form;

static ls_status cac_metric(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out, cac_form f) {
  const ls_revindex *ix;
  const ls_revwalk *w;
  size_t off;
  /* the walk first: it holds the index in the cache, so getting the index
   * after it finds it there and adds nothing that could push the walk out */
  ls_status s = ls_revwalk_get(ws, sc, p, &w, &off);
  if (s == LS_OK) s = ls_revindex_get(ws, sc, &ix);
  if (s != LS_OK) return s;
  double *spend = ls_malloc((w->n + 1) * sizeof *spend);
  if (!spend) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  s = spend_by_period(ws, sc, ix, w, spend);
  const ls_settings *set = ls_workspace_settings(ws);
  for (size_t i = 0; s == LS_OK && i < p->n && off + i < w->n; i++) {
    size_t k = off + i;
    double cac = ratio(spend[k], (double)w->n_new[k]);
    out[i] = f == CAC       ? cac
             : f == LTV_CAC ? ratio(v_ltv(w, k, set), cac)
                            : ratio(cac, v_arpa(w, k, set) * set->gross_margin);
  }
  ls_free(spend);
  return s;
}

/* ---- API ---- */

WALK_METRIC(mrr, v_mrr)
WALK_METRIC(arr, v_arr)
WALK_METRIC(trial_mrr, v_trial_mrr)
WALK_METRIC(customers, v_customers)
WALK_METRIC(new_mrr, v_new)
WALK_METRIC(expansion_mrr, v_expansion)
WALK_METRIC(contraction_mrr, v_contraction)
WALK_METRIC(churned_mrr, v_churned)
WALK_METRIC(reactivation_mrr, v_reactivation)
WALK_METRIC(net_new_mrr, v_net_new)
WALK_METRIC(arpa, v_arpa)
WALK_METRIC(customer_churn_rate, v_customer_churn)
WALK_METRIC(gross_mrr_churn_rate, v_gross_churn)
WALK_METRIC(net_mrr_churn_rate, v_net_churn)
WALK_METRIC(nrr, v_nrr)
WALK_METRIC(grr, v_grr)
WALK_METRIC(ltv, v_ltv)
WALK_METRIC(quick_ratio, v_quick_ratio)
WALK_METRIC(trials_started, v_trials_started)
WALK_METRIC(trial_conversion_rate, v_trial_conversion)

ls_status ls_metric_cac(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) {
  return cac_metric(ws, sc, p, out, CAC);
}

ls_status ls_metric_ltv_cac(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) {
  return cac_metric(ws, sc, p, out, LTV_CAC);
}

ls_status ls_metric_cac_payback_months(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) {
  return cac_metric(ws, sc, p, out, PAYBACK);
}
