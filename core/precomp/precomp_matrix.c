/* precomp_matrix.c: retention matrices and funnels read back from their CSV
 * (precomp/precomp_matrix.h). */
#include "precomp/precomp_matrix.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"

/* ---- private ---- */

/* the whole number >= 0 in cell (r, c) into *v (LS_RETENTION_ABSENT for an
 * empty cell when empty_ok); 0 when it is none */
static int whole(const ls_column *c, size_t r, int empty_ok, int64_t *v) {
  double d;
  if (!ls_precomp_number(c, r, &d)) return 0;
  if (isnan(d)) {
    *v = LS_RETENTION_ABSENT;
    return empty_ok;
  }
  if (!(d >= 0 && d <= 9007199254740992.0) || d != floor(d)) return 0;
  *v = (int64_t)d;
  return 1;
}

static ls_status fail_oom(char *err, size_t errlen) {
  if (err && errlen) snprintf(err, errlen, "out of memory");
  return LS_ENOMEM;
}

/* the first dataset of kind k, and whether an events dataset is loaded */
static int loaded(ls_workspace *ws, ls_kind k) {
  return ls_workspace_find(ws, LS_KIND_EVENTS) < 0 ? ls_workspace_find(ws, k) : -1;
}

/* ---- API ---- */

ls_status ls_precomp_retention_read(const ls_table *t, const ls_source *src, ls_tz tz, ls_retention **out,
                                    char *err, size_t errlen) {
  *out = NULL;
  if (err && errlen) err[0] = '\0';
  if (!t || ls_precomp_kind(t) != LS_KIND_RETENTION_MATRIX)
    return ls_precomp_fail(t, src, 0, 0, err, errlen, "not a cohort,size,0,1,... table");
  size_t nc = ls_table_rows(t), nk = ls_table_ncols(t) - 2;
  ls_retention *r = ls_calloc(1, sizeof *r);
  if (!r) return fail_oom(err, errlen);
  r->tz = tz, r->ncohorts = nc, r->nk = nk, r->nsegments = 1;
  r->cohort = ls_malloc((nc + 1) * sizeof *r->cohort);
  r->size = ls_malloc((nc + 1) * sizeof *r->size);
  r->count = ls_malloc((nc * nk + 1) * sizeof *r->count);
  r->mean = ls_malloc((nk + 1) * sizeof *r->mean);
  r->mean_size = ls_malloc(sizeof *r->mean_size);
  ls_status st = r->cohort && r->size && r->count && r->mean && r->mean_size ? LS_OK : fail_oom(err, errlen);
  ls_grain label = 0;
  const ls_column *cc = ls_table_col(t, 0);
  for (size_t c = 0; st == LS_OK && c < nc; c++) {
    ls_grain g;
    if (!ls_precomp_period(cc, c, tz, &r->cohort[c], &g))
      st = ls_precomp_fail(t, src, c, 0, err, errlen,
                           "bad cohort label (YYYY-MM-DD for a day or week, YYYY-MM for a month)");
    else if (c && (g != label || r->cohort[c] <= r->cohort[c - 1]))
      st = ls_precomp_fail(t, src, c, 0, err, errlen,
                           g != label ? "mixed grains: months and dates among the cohorts"
                                      : "the cohorts are not in ascending order");
    else if (!whole(ls_table_col(t, 1), c, 0, &r->size[c]))
      st = ls_precomp_fail(t, src, c, 1, err, errlen, "the size is not a whole number");
    label = g;
    for (size_t k = 0; st == LS_OK && k < nk; k++)
      if (!whole(ls_table_col(t, k + 2), c, 1, &r->count[c * nk + k]))
        st = ls_precomp_fail(t, src, c, k + 2, err, errlen, "the count is not a whole number");
  }
  if (st == LS_OK) {
    r->grain = ls_precomp_grain(r->cohort, nc, sizeof *r->cohort, label ? label : LS_GRAIN_DAY, tz);
    for (size_t c = 1; st == LS_OK && c < nc; c++) /* dates: one period apart, whatever the grain */
      if (ls_period_next(r->cohort[c - 1], r->grain, tz) != r->cohort[c])
        st = ls_precomp_fail(t, src, c, 0, err, errlen, "this cohort does not follow the one before by one %s",
                             ls_grain_name(r->grain));
  }
  if (st != LS_OK) {
    ls_retention_free(r);
    return st;
  }
  ls_retention_mean_row(r, 0);
  *out = r;
  return LS_OK;
}

ls_status ls_precomp_funnel_read(const ls_table *t, const ls_source *src, ls_funnel **out, char ***events,
                                 char *err, size_t errlen) {
  *out = NULL;
  if (events) *events = NULL;
  if (err && errlen) err[0] = '\0';
  if (!t || ls_precomp_kind(t) != LS_KIND_FUNNEL_STEPS)
    return ls_precomp_fail(t, src, 0, 0, err, errlen, "not a step,event,users,... table");
  size_t n = ls_table_rows(t);
  ls_funnel *f = ls_calloc(1, sizeof *f);
  char **names = events ? ls_calloc(n + 1, sizeof *names) : NULL;
  if (!f || (events && !names)) {
    ls_free(f);
    ls_free(names);
    return fail_oom(err, errlen);
  }
  f->nsteps = n, f->nsegments = 1;
  f->users = ls_malloc((n + 1) * sizeof *f->users);
  double *cols[4];
  cols[0] = f->from_start = ls_malloc((n + 1) * sizeof(double));
  cols[1] = f->from_previous = ls_malloc((n + 1) * sizeof(double));
  cols[2] = f->median_seconds = ls_malloc((n + 1) * sizeof(double));
  cols[3] = f->mean_seconds = ls_malloc((n + 1) * sizeof(double));
  ls_status st = f->users && cols[0] && cols[1] && cols[2] && cols[3] ? LS_OK : fail_oom(err, errlen);
  const ls_column *ev = ls_table_col(t, 1);
  for (size_t k = 0; st == LS_OK && k < n; k++) {
    int64_t step;
    size_t len = 0;
    const char *s = ls_column_type(ev) == LS_TYPE_STRING && ls_column_valid(ev, k) ? ls_column_str(ev, k, &len) : NULL;
    if (!whole(ls_table_col(t, 0), k, 0, &step) || step != (int64_t)k + 1)
      st = ls_precomp_fail(t, src, k, 0, err, errlen, "steps are numbered 1, 2, ... in order; this is not %zu",
                           k + 1);
    else if (!s || !len)
      st = ls_precomp_fail(t, src, k, 1, err, errlen, "no event name");
    else if (!whole(ls_table_col(t, 2), k, 0, &f->users[k]))
      st = ls_precomp_fail(t, src, k, 2, err, errlen, "users is not a whole number");
    for (size_t j = 0; st == LS_OK && j < 4; j++)
      if (!ls_precomp_number(ls_table_col(t, j + 3), k, &cols[j][k]))
        st = ls_precomp_fail(t, src, k, j + 3, err, errlen, "the value is not a number");
    if (st == LS_OK && names) {
      names[k] = ls_malloc(len + 1);
      if (!names[k]) st = fail_oom(err, errlen);
      else memcpy(names[k], s, len), names[k][len] = '\0';
    }
  }
  if (st != LS_OK) {
    for (size_t k = 0; names && k < n; k++) ls_free(names[k]);
    ls_free(names);
    ls_funnel_free(f);
    return st;
  }
  if (events) *events = names;
  *out = f;
  return LS_OK;
}

ls_status ls_precomp_retention(ls_workspace *ws, const ls_retention_query *q, ls_retention **out, int *used) {
  *out = NULL;
  int di = loaded(ws, LS_KIND_RETENTION_MATRIX);
  *used = di >= 0;
  if (di < 0) return LS_OK;
  char err[256];
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  ls_status st = ls_precomp_retention_read(t, ls_workspace_source(ws, (size_t)di), ls_workspace_tz(ws), out, err,
                                           sizeof err);
  if (st != LS_OK) return ls_workspace_fail(ws, st, "%s", err);
  if ((*out)->ncohorts && (*out)->grain != q->period) {
    ls_grain g = (*out)->grain;
    ls_retention_free(*out);
    *out = NULL;
    return ls_workspace_fail(ws, LS_EGRAIN, "%s holds a retention matrix by %s, not by %s", ls_table_name(t),
                             ls_grain_name(g), ls_grain_name(q->period));
  }
  return LS_OK;
}

ls_status ls_precomp_funnel(ls_workspace *ws, const ls_funnel_query *q, ls_funnel **out, int *used) {
  *out = NULL;
  int di = loaded(ws, LS_KIND_FUNNEL_STEPS);
  *used = di >= 0;
  if (di < 0) return LS_OK;
  char err[256], **names = NULL;
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  ls_status st = ls_precomp_funnel_read(t, ls_workspace_source(ws, (size_t)di), out, &names, err, sizeof err);
  if (st != LS_OK) return ls_workspace_fail(ws, st, "%s", err);
  int same = (*out)->nsteps == q->nsteps;
  for (size_t k = 0; same && k < q->nsteps; k++) same = q->steps[k] && ls_ascii_ieq(names[k], strlen(names[k]), q->steps[k]);
  char have[200] = "";
  for (size_t k = 0; !same && k < (*out)->nsteps; k++)
    snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s", k ? "," : "", names[k]);
  for (size_t k = 0; k < (*out)->nsteps; k++) ls_free(names[k]);
  ls_free(names);
  if (!same) {
    ls_funnel_free(*out);
    *out = NULL;
    return ls_workspace_fail(ws, LS_ENOTFOUND, "%s holds the funnel %s; no other steps can be shown",
                             ls_table_name(t), have);
  }
  return LS_OK;
}
