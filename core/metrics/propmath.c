/* propmath.c: count, sum, mean, min, max and exact percentiles of a numeric
 * property per period (metrics/propmath.h). */
#include "metrics/propmath.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/radix.h"
#include "metrics/metrics.h"
#include "metrics/scope.h"

/* ---- private: sorting ---- */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* an order-preserving key of finite x */
static uint64_t key_of(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u >> 63 ? ~u : u | UINT64_C(1) << 63;
}

static double of_key(uint64_t u) {
  u = u >> 63 ? u & ~(UINT64_C(1) << 63) : ~u;
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

#define INTEGRAL_MAX 9007199254740992.0 /* 2^53 */
#define HOUR_MS INT64_C(3600000)
#define MAX_BUCKETS INT64_C(4194304)

/* ---- private: gathering ---- */

/* per period k the finite values of the property: v[off[k]..off[k+1]) */
typedef struct {
  size_t *off; /* p->n + 1 */
  double *v;
} values;

static void values_free(values *x) {
  ls_free(x->off);
  ls_free(x->v);
}

static ls_status gather(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, int sorted, values *out) {
  memset(out, 0, sizeof *out);
  ls_prows r;
  ls_status st = ls_prows_get(ws, sc, p, &r);
  if (st != LS_OK) return st;
  const ls_column *c = p->args && p->args->property ? ls_table_find(r.t, p->args->property) : NULL;
  if (!c) {
    ls_prows_free(&r);
    return ls_workspace_fail(ws, LS_EINVAL, "no property to compute over");
  }
  out->off = ls_calloc(p->n + 2, sizeof *out->off);
  if (!out->off) goto oom;
  int ints = ls_column_type(c) == LS_TYPE_INT64;
  const int64_t *iv = ints ? ls_column_i64(c) : NULL;
  const double *dv = ints ? NULL : ls_column_f64(c);
  /* the rows counted: kept, in a period, valid and finite */
  int nulls = ls_column_nulls(c) != 0;
#define COUNTED(i) (r.period[i] >= 0 && (!nulls || ls_column_valid(c, i)) && (ints || isfinite(dv[i])))
  for (size_t i = 0; i < r.rows; i++)
    if (COUNTED(i)) out->off[r.period[i] + 2]++;
  for (size_t k = 0; k < p->n; k++) out->off[k + 2] += out->off[k + 1];
  size_t n = out->off[p->n + 1];
  out->v = ls_malloc((n ? n : 1) * sizeof *out->v);
  if (!out->v) goto oom;
  for (size_t i = 0; i < r.rows; i++) /* off[k + 1] runs through period k's slots */
    if (COUNTED(i)) out->v[out->off[r.period[i] + 1]++] = ints ? (double)iv[i] : dv[i];
#undef COUNTED
  ls_prows_free(&r);
  if (!sorted) return LS_OK;
  size_t most = 0;
  for (size_t k = 0; k < p->n; k++)
    if (out->off[k + 1] - out->off[k] > most) most = out->off[k + 1] - out->off[k];
  uint64_t *scratch = ls_malloc((2 * most + 1) * sizeof *scratch);
  if (!scratch) {
    values_free(out);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  for (size_t k = 0; k < p->n; k++) ls_sort_doubles(out->v + out->off[k], scratch, out->off[k + 1] - out->off[k]);
  ls_free(scratch);
  return LS_OK;
oom:
  ls_prows_free(&r);
  values_free(out);
  return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
}

typedef enum { SUM, MEAN, MIN, MAX, COUNT } fold;

static ls_status fold_values(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, fold f, double *out) {
  values x;
  ls_status st = gather(ws, sc, p, 0, &x);
  if (st != LS_OK) return st;
  for (size_t k = 0; k < p->n; k++) {
    const double *v = x.v + x.off[k];
    size_t n = x.off[k + 1] - x.off[k];
    double a = f == SUM || f == MEAN ? 0 : n ? v[0] : NAN;
    for (size_t i = 0; i < n; i++) {
      if (f == SUM || f == MEAN) a += v[i];
      else if (f == MIN ? v[i] < a : v[i] > a) a = v[i];
    }
    out[k] = f == COUNT ? (double)n : f == MEAN ? (n ? a / (double)n : NAN) : a;
  }
  values_free(&x);
  return LS_OK;
}

typedef struct {
  const ls_scope *sc;
  const ls_periods *p;
} sorted_ctx;

static void sorted_free(void *v) {
  if (!v) return;
  values_free(v);
  ls_free(v);
}

static ls_status build_sorted(ls_workspace *ws, void *ctx, void **value) {
  const sorted_ctx *cx = ctx;
  values *x = ls_malloc(sizeof *x);
  if (!x) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  ls_status st = gather(ws, cx->sc, cx->p, 1, x);
  if (st != LS_OK) {
    ls_free(x);
    return st;
  }
  *value = x;
  return LS_OK;
}

/* Each period's values sorted, kept in the workspace cache per scope,
 * periods and property, so that p50, p95 and p99 of one chart sort once. */
static ls_status percentile(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double q, double *out) {
  const char *prop = p->args && p->args->property ? p->args->property : "";
  uint64_t h = 1469598103934665603ull;
  for (const unsigned char *c = (const unsigned char *)prop; *c; c++) h = (h ^ *c) * 1099511628211ull;
  char what[64], key[256];
  snprintf(what, sizeof what, "pvals|%016llx", (unsigned long long)h);
  ls_periods_key(what, p, sc, key, sizeof key);
  sorted_ctx cx = {sc, p};
  void *v = NULL;
  ls_status st = ls_workspace_cached_ctx(ws, key, build_sorted, &cx, sorted_free, &v);
  if (st != LS_OK) return st;
  const values *x = v;
  for (size_t k = 0; k < p->n; k++) out[k] = ls_quantile_cont(x->v + x->off[k], x->off[k + 1] - x->off[k], q);
  return LS_OK;
}

/* ---- API ---- */

void ls_sort_doubles(double *x, uint64_t *scratch, size_t n) {
  if (n < 512) {
    qsort(x, n, sizeof *x, cmp_double);
    return;
  }
  double lo = x[0], hi = x[0];
  int integral = 1;
  for (size_t i = 0; i < n; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
    if (integral && (fabs(x[i]) >= INTEGRAL_MAX || x[i] != trunc(x[i]))) integral = 0;
  }
  uint64_t *keys = scratch, *tmp = scratch + n;
  if (integral) {
    int64_t base = (int64_t)lo;
    for (size_t i = 0; i < n; i++) keys[i] = (uint64_t)((int64_t)x[i] - base);
    int bits = ls_bits_for((uint64_t)((int64_t)hi - base));
    if (bits) ls_radix_sort_u64(keys, tmp, n, bits);
    for (size_t i = 0; i < n; i++) x[i] = (double)((int64_t)keys[i] + base);
    return;
  }
  for (size_t i = 0; i < n; i++) keys[i] = key_of(x[i]);
  ls_radix_sort_u64(keys, tmp, n, 64);
  for (size_t i = 0; i < n; i++) x[i] = of_key(keys[i]);
}

double ls_quantile_cont(const double *x, size_t n, double q) {
  if (n == 0) return NAN;
  double h = (double)(n - 1) * q;
  size_t lo = (size_t)floor(h);
  if (lo + 1 >= n) return x[n - 1];
  return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

void ls_prows_free(ls_prows *r) { r->period = NULL; /* the cache's */ }

typedef struct {
  int di;
  const ls_scope *sc;
  const ls_periods *p;
} prows_ctx;

/* per row of the events dataset its period, or -1 (ls_prows) */
static ls_status build_prows(ls_workspace *ws, void *ctx, void **value) {
  const prows_ctx *cx = ctx;
  const ls_periods *p = cx->p;
  const ls_table *t = ls_workspace_table(ws, (size_t)cx->di);
  const ls_column *ts = ls_table_col(t, (size_t)ls_workspace_detection(ws, (size_t)cx->di)->col[LS_ROLE_TIMESTAMP]);
  const int64_t *time = ls_column_i64(ts);
  size_t rows = ls_table_rows(t);
  uint8_t *keep = NULL;
  ls_status st = ls_scope_mask(ws, cx->di, cx->sc, &keep);
  if (st != LS_OK) return st;
  int32_t *period = ls_malloc((rows ? rows : 1) * sizeof *period);
  /* the period holding the start of each bucket (an hour, longer past 2^22
   * hours) from start[0]: a row's period is its bucket's, or one of the next
   * when a period starts inside the bucket */
  int64_t t0 = p->start[0], t1 = p->start[p->n], span = t1 - t0;
  int64_t width = span / MAX_BUCKETS + 1 > HOUR_MS ? span / MAX_BUCKETS + 1 : HOUR_MS;
  size_t nh = (size_t)(span / width) + 1;
  int32_t *hour = ls_malloc(nh * sizeof *hour);
  if (!hour || !period) {
    ls_free(keep);
    ls_free(hour);
    ls_free(period);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  for (size_t h = 0, k = 0; h < nh; h++) {
    while (k + 1 < p->n && p->start[k + 1] <= t0 + (int64_t)h * width) k++;
    hour[h] = (int32_t)k;
  }
  int nulls = ls_column_nulls(ts) != 0;
  for (size_t i = 0; i < rows; i++) {
    int64_t ti = time[i];
    period[i] = -1;
    if ((keep && !keep[i]) || (nulls && !ls_column_valid(ts, i)) || ti < t0 || ti >= t1) continue;
    int32_t k = hour[(ti - t0) / width];
    while (ti >= p->start[k + 1]) k++;
    period[i] = k;
  }
  ls_free(hour);
  ls_free(keep);
  *value = period;
  return LS_OK;
}

ls_status ls_prows_get(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, ls_prows *out) {
  memset(out, 0, sizeof *out);
  out->di = ls_workspace_find(ws, LS_KIND_EVENTS);
  if (out->di < 0) return ls_workspace_fail(ws, LS_ENODATA, "no events dataset is loaded");
  out->t = ls_workspace_table(ws, (size_t)out->di);
  int tc = ls_workspace_detection(ws, (size_t)out->di)->col[LS_ROLE_TIMESTAMP];
  if (tc < 0) return ls_workspace_fail(ws, LS_ENODATA, "%s has no timestamp column", ls_table_name(out->t));
  out->time = ls_column_i64(ls_table_col(out->t, (size_t)tc));
  out->rows = ls_table_rows(out->t);
  char key[256];
  ls_periods_key("prows", p, sc, key, sizeof key);
  prows_ctx cx = {out->di, sc, p};
  void *v = NULL;
  ls_status st = ls_workspace_cached_ctx(ws, key, build_prows, &cx, ls_free, &v);
  out->period = v;
  return st;
}

LS_KERNEL(count) {
  if (p->args && p->args->property) return fold_values(ws, sc, p, COUNT, out);
  ls_prows r;
  ls_status st = ls_prows_get(ws, sc, p, &r);
  if (st != LS_OK) return st;
  for (size_t k = 0; k < p->n; k++) out[k] = 0;
  for (size_t i = 0; i < r.rows; i++)
    if (r.period[i] >= 0) out[r.period[i]]++;
  ls_prows_free(&r);
  return LS_OK;
}

LS_KERNEL(sum) { return fold_values(ws, sc, p, SUM, out); }
LS_KERNEL(mean) { return fold_values(ws, sc, p, MEAN, out); }
LS_KERNEL(min) { return fold_values(ws, sc, p, MIN, out); }
LS_KERNEL(max) { return fold_values(ws, sc, p, MAX, out); }
LS_KERNEL(p50) { return percentile(ws, sc, p, 0.50, out); }
LS_KERNEL(p90) { return percentile(ws, sc, p, 0.90, out); }
LS_KERNEL(p95) { return percentile(ws, sc, p, 0.95, out); }
LS_KERNEL(p99) { return percentile(ws, sc, p, 0.99, out); }
