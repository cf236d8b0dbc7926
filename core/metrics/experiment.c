/* experiment.c: A/B tests (metrics/experiment.h).
 *
 * The variant of every row first (scope.h segments), then one pass over the
 * events index (metrics/evindex.h), user by user: the exposure, the variants
 * seen, Y after the exposure and X in the window before it. Then per variant
 * the counts and moments, CUPED, the posteriors and the guards. Time
 * O(events + users), memory O(users) beyond the cached index. */
#include "metrics/experiment.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "metrics/evindex.h"
#include "metrics/expstats.h"
#include "metrics/scope.h"
#include "table/table.h"

#define Z975 1.959963984540054 /* Φ⁻¹(0.975) */

/* what the pass keeps per exposed user */
typedef struct {
  int32_t *var; /* its variant (an index of the labels) */
  double *y, *x;
  double *ya;   /* Y_adj (CUPED), else NULL */
  uint8_t *pre; /* has an event in the pre-exposure window */
  size_t n;
} exposed;

/* the metric column's values */
typedef struct {
  const ls_column *c;
  const int64_t *iv;
  const double *dv;
} metric_col;

/* ---- private ---- */

static int same_name(const char *a, const char *b) { return ls_ascii_ieqn(a, strlen(a), b, strlen(b)); }

static ls_status check_query(ls_workspace *ws, const ls_experiment_query *q) {
  if (!q->variant || !q->variant[0]) return ls_workspace_fail(ws, LS_EINVAL, "an experiment needs a variant column");
  if (!q->metric && (!q->goal_event || !q->goal_event[0]))
    return ls_workspace_fail(ws, LS_EINVAL, "an experiment needs a goal: an event, or a numeric metric column");
  if (q->metric && !q->metric[0]) return ls_workspace_fail(ws, LS_EINVAL, "the goal's metric column has no name");
  if (q->goal_event && !q->goal_event[0]) return ls_workspace_fail(ws, LS_EINVAL, "the goal event has no name");
  if (q->exposure && !q->exposure[0]) return ls_workspace_fail(ws, LS_EINVAL, "the exposure event has no name");
  if (q->min_exposures < 0 || q->min_conversions < 0)
    return ls_workspace_fail(ws, LS_EINVAL, "the minimum sample sizes cannot be negative");
  if (q->from >= q->to) return ls_workspace_fail(ws, LS_EINVAL, "the date range is empty");
  if (q->nweights > LS_EXPERIMENT_MAX_VARIANTS || (q->nweights && (!q->weights || !q->weight_names)))
    return ls_workspace_fail(ws, LS_EINVAL, "at most %d weights", LS_EXPERIMENT_MAX_VARIANTS);
  for (size_t i = 0; i < q->nweights; i++) {
    if (!q->weight_names[i] || !q->weight_names[i][0])
      return ls_workspace_fail(ws, LS_EINVAL, "a weight names no variant");
    if (!(q->weights[i] > 0) || !isfinite(q->weights[i]))
      return ls_workspace_fail(ws, LS_EINVAL, "the weight of \"%s\" must be a number above 0", q->weight_names[i]);
    for (size_t j = 0; j < i; j++)
      if (same_name(q->weight_names[i], q->weight_names[j]))
        return ls_workspace_fail(ws, LS_EINVAL, "\"%s\" has two weights", q->weight_names[i]);
  }
  return LS_OK;
}

static ls_status find_metric(ls_workspace *ws, int di, const char *name, metric_col *m) {
  memset(m, 0, sizeof *m);
  if (!name) return LS_OK;
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  for (size_t i = 0; i < ls_table_ncols(t) && !m->c; i++)
    if (same_name(ls_column_name(ls_table_col(t, i)), name)) m->c = ls_table_col(t, i);
  if (!m->c) return ls_workspace_fail(ws, LS_ENOTFOUND, "the events have no column \"%s\"", name);
  ls_type ty = ls_column_type(m->c);
  if (ty == LS_TYPE_INT64) m->iv = ls_column_i64(m->c);
  else if (ty == LS_TYPE_DOUBLE) m->dv = ls_column_f64(m->c);
  else return ls_workspace_fail(ws, LS_EINVAL, "the metric column \"%s\" is not numeric", name);
  return LS_OK;
}

/* the value of row r of m, or NaN (null, not finite) */
static double metric_at(const metric_col *m, int32_t r) {
  if (!ls_column_valid(m->c, (size_t)r)) return NAN;
  double v = m->iv ? (double)m->iv[r] : m->dv[r];
  return isfinite(v) ? v : NAN;
}

/* the events of user u: exposure, variants, Y and X into e (one more user
 * when exposed); 1 when they were left out for holding two variants */
static int walk_user(const ls_evindex *x, size_t u, const ls_experiment_query *q, const int32_t *seg, int32_t goal,
                     int32_t expo, int64_t end, const metric_col *m, exposed *e) {
  size_t i0 = x->first[u], i1 = x->first[u + 1], at = i1;
  for (size_t i = i0; i < i1 && at == i1; i++)
    if (x->t[i] >= q->from && x->t[i] < q->to && seg[x->row[i]] >= 0 && (!q->exposure || x->name[i] == expo)) at = i;
  if (at == i1) return 0;
  int32_t var = seg[x->row[at]];
  for (size_t i = i0; i < i1; i++)
    if (x->t[i] >= q->from && x->t[i] < q->to && seg[x->row[i]] >= 0 && seg[x->row[i]] != var) return 1;
  int64_t t0 = x->t[at], lo = t0 - (end - t0);
  double y = 0, xv = 0;
  int pre = 0;
  for (size_t i = i0; i < i1 && x->t[i] < q->to; i++) {
    int64_t t = x->t[i];
    if (t < lo) continue;
    int after = t >= t0;
    pre |= !after;
    double *acc = after ? &y : &xv;
    if (m->c) {
      double v = q->goal_event && x->name[i] != goal ? NAN : metric_at(m, x->row[i]);
      if (!isnan(v)) *acc += v;
    } else if (x->name[i] == goal) {
      *acc = 1;
    }
  }
  e->var[e->n] = var, e->y[e->n] = y, e->x[e->n] = xv, e->pre[e->n] = (uint8_t)pre;
  e->n++;
  return 0;
}

static void exposed_free(exposed *e) {
  ls_free(e->var), ls_free(e->y), ls_free(e->x), ls_free(e->ya), ls_free(e->pre);
}

static ls_experiment *result_new(size_t k) {
  ls_experiment *r = ls_calloc(1, sizeof *r);
  if (r && !(r->v = ls_calloc(k ? k : 1, sizeof *r->v))) ls_free(r), r = NULL;
  return r;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const ls_experiment_variant *)a)->name, ((const ls_experiment_variant *)b)->name);
}

/* the variants: the labels users were exposed to and those the weights
 * name, sorted; map[label] its variant. LS_EINVAL for a label the weights
 * miss. */
static ls_status make_variants(ls_workspace *ws, const ls_experiment_query *q, char *const *labels, size_t nlab,
                               const exposed *e, ls_experiment *r, int32_t *map) {
  int64_t *n = ls_calloc(nlab + 1, sizeof *n);
  if (!n) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (size_t i = 0; i < e->n; i++) n[e->var[i]]++;
  ls_status st = LS_OK;
  size_t k = 0;
  for (size_t l = 0; l < nlab && st == LS_OK; l++) {
    int named = 0;
    for (size_t w = 0; w < q->nweights; w++) named |= same_name(labels[l], q->weight_names[w]);
    if (!n[l] && !named) continue;
    if (q->nweights && !named) st = ls_workspace_fail(ws, LS_EINVAL, "the weights give none for variant \"%s\"", labels[l]);
    else if (!(r->v[k].name = ls_strdup(labels[l]))) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
    else r->v[k++].exposures = n[l];
  }
  for (size_t w = 0; w < q->nweights && st == LS_OK; w++) { /* named, never seen: an arm with no exposures */
    int seen = 0;
    for (size_t v = 0; v < k; v++) seen |= same_name(r->v[v].name, q->weight_names[w]);
    if (!seen && !(r->v[k++].name = ls_strdup(q->weight_names[w]))) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  ls_free(n);
  r->nvariants = k;
  if (st != LS_OK) return st;
  qsort(r->v, k, sizeof *r->v, by_name);
  for (size_t l = 0; l < nlab; l++) {
    map[l] = -1;
    for (size_t v = 0; v < k; v++)
      if (strcmp(r->v[v].name, labels[l]) == 0) map[l] = (int32_t)v;
  }
  return LS_OK;
}

/* the means, and Var and Cov with n − 1, of x[0..n) and y[0..n) */
static void moments(const double *x, const double *y, size_t n, double *mx, double *my, double *vx, double *vy,
                    double *cxy) {
  double sx = 0, sy = 0;
  for (size_t i = 0; i < n; i++) sx += x[i], sy += y[i];
  *mx = n ? sx / (double)n : NAN;
  *my = n ? sy / (double)n : NAN;
  double a = 0, b = 0, c = 0;
  for (size_t i = 0; i < n; i++) {
    double dx = x[i] - *mx, dy = y[i] - *my;
    a += dx * dx, b += dy * dy, c += dx * dy;
  }
  double d = n > 1 ? (double)(n - 1) : NAN;
  *vx = a / d, *vy = b / d, *cxy = c / d;
}

static ls_status cuped(ls_workspace *ws, const ls_experiment_query *q, exposed *e, ls_experiment *r) {
  r->theta = r->variance_reduction = NAN;
  for (size_t v = 0; v < r->nvariants; v++) r->v[v].pre_mean = NAN;
  for (size_t i = 0; i < e->n; i++) r->users_with_pre += e->pre[i];
  double mx, my, vx, vy, cxy;
  moments(e->x, e->y, e->n, &mx, &my, &vx, &vy, &cxy);
  if (!q->cuped || !r->users_with_pre || !(vx > 0)) return LS_OK;
  int64_t *n = ls_calloc(r->nvariants + 1, sizeof *n);
  e->ya = ls_malloc((e->n ? e->n : 1) * sizeof *e->ya);
  if (!n || !e->ya) {
    ls_free(n);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  r->cuped = 1;
  r->theta = cxy / vx;
  for (size_t v = 0; v < r->nvariants; v++) r->v[v].pre_mean = 0;
  for (size_t i = 0; i < e->n; i++) {
    n[e->var[i]]++, r->v[e->var[i]].pre_mean += e->x[i];
    e->ya[i] = e->y[i] - r->theta * (e->x[i] - mx);
  }
  for (size_t v = 0; v < r->nvariants; v++) r->v[v].pre_mean = n[v] ? r->v[v].pre_mean / (double)n[v] : NAN;
  ls_free(n);
  double vya;
  moments(e->x, e->ya, e->n, &mx, &my, &vx, &vya, &cxy);
  r->variance_reduction = vy > 0 ? 1 - vya / vy : NAN;
  return LS_OK;
}

/* per variant: the mean of y (Y, or Y_adj) into value, its interval (normal)
 * and its standard error into se[v]; and the mean and sd when raw */
static void normal_stats(const exposed *e, const double *y, ls_experiment *r, int raw, double *se) {
  size_t k = r->nvariants;
  for (size_t v = 0; v < k; v++) r->v[v].value = 0, se[v] = 0;
  for (size_t i = 0; i < e->n; i++) r->v[e->var[i]].value += y[i];
  for (size_t v = 0; v < k; v++) r->v[v].value = r->v[v].exposures ? r->v[v].value / (double)r->v[v].exposures : NAN;
  for (size_t i = 0; i < e->n; i++) {
    double d = y[i] - r->v[e->var[i]].value;
    se[e->var[i]] += d * d;
  }
  for (size_t v = 0; v < k; v++) {
    ls_experiment_variant *x = &r->v[v];
    double n = (double)x->exposures, sd = x->exposures > 1 ? sqrt(se[v] / (n - 1)) : NAN;
    se[v] = sd / sqrt(n);
    x->ci_low = x->value - Z975 * se[v];
    x->ci_high = x->value + Z975 * se[v];
    if (raw) x->mean = x->value, x->sd = sd;
  }
}

static void posteriors(exposed *e, ls_experiment *r) {
  size_t k = r->nvariants;
  double *p = ls_malloc((2 * k + 1) * sizeof *p), *chance = ls_malloc((k + 1) * sizeof *chance);
  for (size_t v = 0; v < k; v++) {
    ls_experiment_variant *x = &r->v[v];
    x->rate = x->mean = x->sd = x->ci_low = x->ci_high = x->lift = x->chance = NAN;
  }
  if (!p || !chance) {
    ls_free(p), ls_free(chance);
    return;
  }
  if (!r->mean_goal) {
    for (size_t i = 0; i < e->n; i++) r->v[e->var[i]].conversions += e->y[i] > 0;
    for (size_t v = 0; v < k; v++)
      if (r->v[v].exposures) r->v[v].rate = (double)r->v[v].conversions / (double)r->v[v].exposures;
  }
  if (r->method == LS_EXP_BETA) {
    for (size_t v = 0; v < k; v++) {
      ls_experiment_variant *x = &r->v[v];
      p[v] = 1 + (double)x->conversions;
      p[k + v] = 1 + (double)(x->exposures - x->conversions);
      x->value = x->rate;
      if (x->exposures) x->ci_low = ls_beta_quantile(0.025, p[v], p[k + v]), x->ci_high = ls_beta_quantile(0.975, p[v], p[k + v]);
    }
    ls_chance_beta(p, p + k, k, chance);
  } else {
    /* the raw mean and sd, then (CUPED) those of Y_adj */
    normal_stats(e, e->y, r, 1, p + k);
    if (r->cuped) normal_stats(e, e->ya, r, 0, p + k);
    for (size_t v = 0; v < k; v++) p[v] = r->v[v].value;
    ls_chance_normal(p, p + k, k, chance);
  }
  double base = r->v[r->control].value;
  for (size_t v = 0; v < k; v++) {
    r->v[v].chance = chance[v];
    if (v != r->control && base != 0 && isfinite(base)) r->v[v].lift = r->v[v].value / base - 1;
  }
  ls_free(p), ls_free(chance);
}

static void srm(const ls_experiment_query *q, ls_experiment *r) {
  size_t k = r->nvariants;
  double total = 0, wsum = 0, chi2 = 0;
  for (size_t v = 0; v < k; v++) {
    total += (double)r->v[v].exposures;
    double w = 1;
    for (size_t i = 0; i < q->nweights; i++)
      if (same_name(q->weight_names[i], r->v[v].name)) w = q->weights[i];
    r->v[v].expected = w; /* the weight for now */
    wsum += w;
  }
  for (size_t v = 0; v < k; v++) {
    ls_experiment_variant *x = &r->v[v];
    x->expected = total * x->expected / wsum;
    if (x->expected > 0) chi2 += ((double)x->exposures - x->expected) * ((double)x->exposures - x->expected) / x->expected;
  }
  r->srm_df = k > 1 ? (int)k - 1 : 0;
  r->srm_chi2 = k > 1 && total > 0 ? chi2 : NAN;
  r->srm_p = k > 1 && total > 0 ? ls_chi2_sf(chi2, (double)(k - 1)) : NAN;
  r->srm = r->srm_p < LS_EXPERIMENT_SRM_P;
}

static void guard(const ls_experiment_query *q, ls_experiment *r) {
  r->winner = -1;
  r->guard = LS_EXP_OK;
  if (r->nvariants < 2) {
    r->guard = LS_EXP_FEW_VARIANTS, r->guard_count = (int64_t)r->nvariants, r->guard_min = 2;
    return;
  }
  for (size_t v = 0; v < r->nvariants && r->guard == LS_EXP_OK; v++)
    if (r->v[v].exposures < q->min_exposures)
      r->guard = LS_EXP_FEW_EXPOSURES, r->guard_variant = v, r->guard_count = r->v[v].exposures,
      r->guard_min = q->min_exposures;
  for (size_t v = 0; v < r->nvariants && r->guard == LS_EXP_OK && !r->mean_goal; v++)
    if (r->v[v].conversions < q->min_conversions)
      r->guard = LS_EXP_FEW_CONVERSIONS, r->guard_variant = v, r->guard_count = r->v[v].conversions,
      r->guard_min = q->min_conversions;
  if (r->guard != LS_EXP_OK) return;
  for (size_t v = 0; v < r->nvariants; v++)
    if (r->v[v].chance >= LS_EXPERIMENT_SIGNIFICANT) r->v[v].significant = 1, r->winner = (int)v;
}

static ls_status pick_control(ls_workspace *ws, const ls_experiment_query *q, ls_experiment *r) {
  r->control = 0;
  const char *want = q->control ? q->control : "control";
  for (size_t v = 0; v < r->nvariants; v++)
    if (same_name(r->v[v].name, want)) {
      r->control = v;
      return LS_OK;
    }
  if (q->control)
    return ls_workspace_fail(ws, LS_EINVAL, "the control \"%s\" is not a variant of %s seen in range", q->control,
                             q->variant);
  return LS_OK;
}

/* the exposed users of the pass; LS_ENOMEM */
static ls_status pass(ls_workspace *ws, const ls_experiment_query *q, const int32_t *seg, const metric_col *m,
                      exposed *e, int64_t *multiple) {
  const ls_evindex *x = NULL;
  ls_status st = ls_evindex_get(ws, &q->scope, &x);
  if (st != LS_OK) return st;
  size_t nu = x->nusers ? x->nusers : 1;
  e->var = ls_malloc(nu * sizeof *e->var), e->y = ls_malloc(nu * sizeof *e->y);
  e->x = ls_malloc(nu * sizeof *e->x), e->pre = ls_malloc(nu);
  if (!e->var || !e->y || !e->x || !e->pre) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  int32_t goal = q->goal_event ? ls_evindex_name_id(x, q->goal_event) : -1;
  if (q->goal_event && goal < 0) goal = -2; /* named, never seen: nothing counts */
  int32_t expo = q->exposure ? ls_evindex_name_id(x, q->exposure) : -1;
  if (q->exposure && expo < 0) return LS_OK; /* nobody exposed */
  int64_t last = INT64_MIN;
  for (size_t i = 0; i < x->n; i++)
    if (x->t[i] > last) last = x->t[i];
  int64_t end = last == INT64_MIN ? q->to : (last + 1 < q->to ? last + 1 : q->to);
  for (size_t u = 0; u < x->nusers; u++) *multiple += walk_user(x, u, q, seg, goal, expo, end, m, e);
  return LS_OK;
}

/* ---- API ---- */

ls_status ls_experiment_run(ls_workspace *ws, const ls_experiment_query *q, ls_experiment **out) {
  *out = NULL;
  if (!ws || !q) return LS_EINVAL;
  ls_status st = check_query(ws, q);
  if (st != LS_OK) return st;
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  if (di < 0) return ls_workspace_fail(ws, LS_ENODATA, "no events dataset is loaded");
  metric_col m;
  if ((st = find_metric(ws, di, q->metric, &m)) != LS_OK) return st;
  char **labels = NULL;
  size_t nlab = 0;
  int32_t *seg = NULL;
  st = ls_scope_segment_rows(ws, di, q->variant, &q->scope, LS_EXPERIMENT_MAX_VARIANTS, &labels, &nlab, &seg);
  if (st != LS_OK) return st;
  size_t rows = ls_table_rows(ls_workspace_table(ws, (size_t)di));
  for (size_t i = 0; i < rows; i++) /* an empty value is no variant */
    if (seg[i] >= 0 && !labels[seg[i]][0]) seg[i] = -1;
  exposed e = {0};
  int64_t multiple = 0;
  ls_experiment *r = result_new(nlab + q->nweights);
  int32_t *map = ls_malloc((nlab + 1) * sizeof *map);
  if (!r || !map) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  if (st == LS_OK) st = pass(ws, q, seg, &m, &e, &multiple);
  if (st == LS_OK) st = make_variants(ws, q, labels, nlab, &e, r, map);
  if (st == LS_OK) {
    for (size_t i = 0; i < e.n; i++) e.var[i] = map[e.var[i]];
    r->multiple = multiple;
    r->mean_goal = q->metric != NULL;
    st = pick_control(ws, q, r);
  }
  if (st == LS_OK) {
    st = cuped(ws, q, &e, r);
  }
  if (st == LS_OK) {
    r->method = r->mean_goal || r->cuped ? LS_EXP_NORMAL : LS_EXP_BETA;
    posteriors(&e, r);
    srm(q, r);
    guard(q, r);
  }
  exposed_free(&e);
  ls_free(map);
  ls_free(seg);
  ls_scope_values_free(labels, nlab);
  if (st != LS_OK) {
    ls_experiment_free(r);
    return st;
  }
  *out = r;
  return LS_OK;
}

void ls_experiment_free(ls_experiment *e) {
  if (!e) return;
  for (size_t v = 0; v < e->nvariants; v++) ls_free(e->v[v].name);
  ls_free(e->v);
  ls_free(e);
}
