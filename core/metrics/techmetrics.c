/* techmetrics.c: task success rate, error rate and failures, QPS, feature
 * penetration and share from an events dataset, as docs/metrics.md
 * ("Technical and task metrics") describes them.
 *
 * An event's outcome comes from one column, the first the events have of: the
 * success role, the error_code role, the status role, a number column named
 * "status". A cell reads:
 *   null                          no outcome (left out of the rates); in an
 *                                 error_code column: success (no error)
 *   true / false (success role)   success / failure and error
 *   a number, success role        non-zero: success; 0: failure and error
 *   a number (or text of one)     an HTTP status: below 400 success; else a
 *                                 failure, an error from 500 (setting
 *                                 error_status=5xx) or from 400 (4xx)
 *   a success word                ok, success, succeeded, successful, true,
 *                                 pass, passed, done, complete, completed, 成功
 *   a failure word                error, fail, failed, failure, false,
 *                                 timeout, exception, 失败, 错误: failure, error
 *   other text                    in an error_code column: failure and error
 *                                 (a code); else no outcome
 * In an error_code column a number (or text of one) is a code: 0 a success,
 * 100 to 599 an HTTP status as above, any other a failure and error.  * Words compare with ASCII case ignored. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/dict.h"
#include "base/radix.h"
#include "metrics/metrics.h"
#include "metrics/propmath.h"
#include "metrics/scope.h"
#include "workspace/settings.h"

enum { OUT_NONE = 0, OUT_SUCCESS = 1, OUT_FAILURE = 2, OUT_ERROR = 3 };

/* ---- private: outcomes ---- */

static int in_words(const char *s, size_t n, const char *const *words) {
  for (; *words; words++)
    if (ls_ascii_ieq(s, n, *words)) return 1;
  return 0;
}

static int of_status(double x, double error_from) {
  return x < 400 ? OUT_SUCCESS : x >= error_from ? OUT_ERROR : OUT_FAILURE;
}

/* a number in an error_code column: 0 no error, an HTTP status, else a code */
static int of_code(double x, double error_from) {
  return x == 0 ? OUT_SUCCESS : x >= 100 && x < 600 ? of_status(x, error_from) : OUT_ERROR;
}

static int of_text(const char *s, size_t n, int code_col, double error_from) {
  static const char *const ok[] = {"ok", "success", "succeeded", "successful", "true", "pass", "passed", "done",
                                   "complete", "completed", "成功", NULL};
  static const char *const bad[] = {"error", "fail", "failed", "failure", "false", "timeout", "exception",
                                    "失败", "错误", NULL};
  char buf[32];
  if (n > 0 && n < sizeof buf) {
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    double x = strtod(buf, &end);
    if (!*end && isfinite(x)) return code_col ? of_code(x, error_from) : of_status(x, error_from);
  }
  if (in_words(s, n, ok)) return OUT_SUCCESS;
  if (in_words(s, n, bad)) return OUT_ERROR;
  return code_col ? OUT_ERROR : OUT_NONE;
}

/* the outcome column of dataset di and its role (-1: the "status" column) */
static const ls_column *outcome_col(ls_workspace *ws, int di, int *role) {
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  static const ls_role order[] = {LS_ROLE_SUCCESS, LS_ROLE_ERROR_CODE, LS_ROLE_STATUS};
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
    if (d->col[order[i]] >= 0) {
      *role = (int)order[i];
      return ls_table_col(t, (size_t)d->col[order[i]]);
    }
  *role = -1;
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    const ls_column *col = ls_table_col(t, c);
    ls_type ty = ls_column_type(col);
    const char *name = ls_column_name(col);
    if ((ty == LS_TYPE_INT64 || ty == LS_TYPE_DOUBLE) && ls_ascii_ieq(name, strlen(name), "status")) return col;
  }
  return NULL;
}

typedef struct {
  const ls_column *c;
  int role;
  size_t rows;
} outcome_ctx;

/* the outcome of every row of the events (one byte a row, OUT_*), read once
 * per workspace state (the setting error_status drops the cache) */
static ls_status build_outcomes(ls_workspace *ws, void *ctx, void **value) {
  const outcome_ctx *x = ctx;
  const ls_column *c = x->c;
  double error_from = ls_workspace_settings(ws)->error_status == LS_ERROR_STATUS_4XX ? 400 : 500;
  int code_col = x->role == LS_ROLE_ERROR_CODE;
  ls_type ty = ls_column_type(c);
  int8_t *word = NULL; /* text columns: the outcome of each dictionary entry */
  uint8_t *o = ls_malloc(x->rows ? x->rows : 1);
  if (!o) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  if (ty == LS_TYPE_STRING) {
    const ls_dict *d = ls_column_dict(c);
    size_t nd = d ? ls_dict_size(d) : 0;
    if (!(word = ls_malloc(nd ? nd : 1))) {
      ls_free(o);
      return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
    }
    for (size_t id = 0; id < nd; id++) {
      size_t len;
      const char *s = ls_dict_str(d, (int32_t)id, &len);
      word[id] = (int8_t)of_text(s, len, code_col, error_from);
    }
  }
  for (size_t i = 0; i < x->rows; i++) {
    int v;
    if (!ls_column_valid(c, i)) v = code_col ? OUT_SUCCESS : OUT_NONE;
    else if (ty == LS_TYPE_STRING) v = word[ls_column_str_ids(c)[i]];
    else if (ty == LS_TYPE_BOOL) v = ls_column_bool(c)[i] ? OUT_SUCCESS : OUT_ERROR;
    else if (x->role == LS_ROLE_SUCCESS) v = ls_column_num(c, i) != 0 ? OUT_SUCCESS : OUT_ERROR;
    else if (code_col) v = isfinite(ls_column_num(c, i)) ? of_code(ls_column_num(c, i), error_from) : OUT_ERROR;
    else v = isfinite(ls_column_num(c, i)) ? of_status(ls_column_num(c, i), error_from) : OUT_NONE;
    o[i] = (uint8_t)v;
  }
  ls_free(word);
  *value = o;
  return LS_OK;
}

/* per period k: rows with an outcome (n[k]) and rows whose outcome is
 * `want` or, for OUT_FAILURE, any failure (hits[k]) */
static ls_status outcomes(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, int want, double *hits,
                          double *n) {
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  outcome_ctx x = {NULL, -1, 0};
  if (di >= 0) {
    x.c = outcome_col(ws, di, &x.role);
    x.rows = ls_table_rows(ls_workspace_table(ws, (size_t)di));
  }
  void *v = NULL;
  ls_status st = LS_OK;
  if (x.c) {
    char key[64];
    snprintf(key, sizeof key, "outcomes|%d|%p", di, (const void *)x.c);
    st = ls_workspace_cached_ctx(ws, key, build_outcomes, &x, ls_free, &v);
  }
  if (st != LS_OK) return st;
  /* the outcomes first, then the rows: the entry looked up last is held */
  const uint8_t *oc = v;
  ls_prows r;
  st = ls_prows_get(ws, sc, p, &r);
  if (st != LS_OK) return st;
  if (!x.c) {
    ls_prows_free(&r);
    return ls_workspace_fail(ws, LS_EINVAL,
                             "%s has no outcome column (a success, error_code or status column, or a number column "
                             "named status)",
                             ls_table_name(r.t));
  }
  for (size_t k = 0; k < p->n; k++) hits[k] = n[k] = 0;
  for (size_t i = 0; i < r.rows; i++) {
    if (r.period[i] < 0 || oc[i] == OUT_NONE) continue;
    n[r.period[i]]++;
    if (oc[i] == want || (want == OUT_FAILURE && oc[i] == OUT_ERROR)) hits[r.period[i]]++;
  }
  ls_prows_free(&r);
  return LS_OK;
}

static ls_status outcome_rate(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, int want, double *out) {
  double *n = ls_malloc(p->n * sizeof *n);
  if (!n) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  ls_status st = outcomes(ws, sc, p, want, out, n);
  for (size_t k = 0; st == LS_OK && k < p->n; k++) out[k] = n[k] > 0 ? out[k] / n[k] : NAN;
  ls_free(n);
  return st;
}

/* ---- private: features ---- */

/* sc without its conditions on the feature column (*where: ls_free) */
static ls_status all_features(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, ls_scope *out,
                              ls_where **where) {
  *out = *sc;
  *where = NULL;
  const char *f = p->args ? p->args->feature : NULL;
  if (!f) return ls_workspace_fail(ws, LS_EINVAL, "no column tells the features apart");
  if (!(*where = ls_calloc(sc->n + 1, sizeof **where))) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  size_t m = 0;
  for (size_t k = 0; k < sc->n; k++) {
    const char *c = sc->where[k].column;
    if (!ls_ascii_ieq(c, strlen(c), f)) (*where)[m++] = sc->where[k];
  }
  out->where = *where;
  out->n = m;
  return LS_OK;
}

/* events per period (the property math's count without a property) */
static ls_status events(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) {
  ls_periods bare = *p;
  bare.args = NULL;
  return ls_metric_count(ws, sc, &bare, out);
}

/* ---- API ---- */

LS_KERNEL(task_success_rate) { return outcome_rate(ws, sc, p, OUT_SUCCESS, out); }

LS_KERNEL(error_rate) { return outcome_rate(ws, sc, p, OUT_ERROR, out); }

LS_KERNEL(failures) {
  double *n = ls_malloc(p->n * sizeof *n);
  if (!n) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  ls_status st = outcomes(ws, sc, p, OUT_FAILURE, out, n);
  ls_free(n);
  return st;
}

/* the most events in one second (UTC, whole seconds) of the period */
LS_KERNEL(qps_peak) {
  ls_prows r;
  ls_status st = ls_prows_get(ws, sc, p, &r);
  if (st != LS_OK) return st;
  int64_t s0 = ls_floor_div(p->start[0], 1000);
  size_t kept = 0;
  for (size_t i = 0; i < r.rows; i++) kept += r.period[i] >= 0;
  uint64_t *keys = ls_malloc((2 * kept + 1) * sizeof *keys);
  if (!keys) {
    ls_prows_free(&r);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  size_t m = 0;
  for (size_t i = 0; i < r.rows; i++)
    if (r.period[i] >= 0) keys[m++] = (uint64_t)(ls_floor_div(r.time[i], 1000) - s0);
  ls_prows_free(&r);
  int bits = ls_bits_for((uint64_t)(ls_floor_div(p->start[p->n], 1000) - s0));
  ls_radix_sort_u64(keys, keys + kept, m, bits ? bits : 1);
  for (size_t k = 0; k < p->n; k++) out[k] = 0;
  size_t k = 0;
  for (size_t i = 0; i < m;) {
    size_t j = i;
    while (j < m && keys[j] == keys[i]) j++;
    int64_t at = ((int64_t)keys[i] + s0) * 1000; /* the second's start: in the period of its events */
    while (at >= p->start[k + 1]) k++;
    if ((double)(j - i) > out[k]) out[k] = (double)(j - i);
    i = j;
  }
  ls_free(keys);
  return LS_OK;
}

/* events in the period / its length in seconds */
LS_KERNEL(qps_mean) {
  ls_status st = events(ws, sc, p, out);
  for (size_t k = 0; st == LS_OK && k < p->n; k++) out[k] /= (double)(p->start[k + 1] - p->start[k]) / 1000.0;
  return st;
}

/* users with an event of the feature / users with any event */
LS_KERNEL(feature_penetration) {
  ls_scope all;
  ls_where *w;
  ls_status st = all_features(ws, sc, p, &all, &w);
  double *den = st == LS_OK ? ls_malloc(p->n * sizeof *den) : NULL;
  if (st == LS_OK && !den) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  if (st == LS_OK) st = ls_activity_users(ws, &all, p, den);
  if (st == LS_OK) st = ls_activity_users(ws, sc, p, out);
  for (size_t k = 0; st == LS_OK && k < p->n; k++) out[k] = den[k] > 0 ? out[k] / den[k] : NAN;
  ls_free(den);
  ls_free(w);
  return st;
}

/* events of the feature / events with any value of the feature column */
LS_KERNEL(feature_share) {
  ls_scope all;
  ls_where *w;
  ls_status st = all_features(ws, sc, p, &all, &w);
  ls_prows r = {0};
  char **values = NULL;
  size_t nv = 0;
  int32_t *seg = NULL;
  if (st == LS_OK) st = ls_prows_get(ws, &all, p, &r);
  if (st == LS_OK) st = ls_scope_segment_rows(ws, r.di, p->args->feature, &all, SIZE_MAX, &values, &nv, &seg);
  if (st == LS_OK) {
    double *den = ls_calloc(p->n + 1, sizeof *den);
    if (!den) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
    for (size_t i = 0; den && i < r.rows; i++)
      if (r.period[i] >= 0 && seg[i] >= 0) den[r.period[i]]++;
    if (den) st = events(ws, sc, p, out);
    for (size_t k = 0; st == LS_OK && k < p->n; k++) out[k] = den[k] > 0 ? out[k] / den[k] : NAN;
    ls_free(den);
  }
  ls_scope_values_free(values, nv);
  ls_free(seg);
  ls_prows_free(&r);
  ls_free(w);
  return st;
}
