/* precomp_ws.c: the precomputed metrics of a workspace, read once and kept
 * in its cache (precomp/precomp.h). */
#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "precomp/precomp.h"
#include "metrics/lifecycle.h"
#include "precomp/precomp_matrix.h"

/* ---- private ---- */

/* every metric_values dataset's series, in dataset order, into one list */
static ls_status build(ls_workspace *ws, void **value) {
  ls_precomp_values *all = ls_calloc(1, sizeof *all);
  if (!all) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  ls_status st = LS_OK;
  for (size_t i = 0; st == LS_OK && i < ls_workspace_count(ws); i++) {
    if (ls_workspace_detection(ws, i)->kind != LS_KIND_METRIC_VALUES) continue;
    char err[256];
    ls_precomp_values *v = NULL;
    st = ls_precomp_values_read(ls_workspace_table(ws, i), ls_workspace_source(ws, i), ls_workspace_tz(ws), &v,
                                err, sizeof err);
    if (st != LS_OK) {
      st = ls_workspace_fail(ws, st, "%s", err);
      break;
    }
    ls_precomp_series *s = ls_reallocarray(all->series, all->n + v->n + 1, sizeof *s);
    if (!s) {
      ls_precomp_values_free(v);
      st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
      break;
    }
    all->series = s;
    memcpy(s + all->n, v->series, v->n * sizeof *s); /* the arrays change hands */
    all->n += v->n;
    v->n = 0;
    ls_precomp_values_free(v);
  }
  if (st != LS_OK) {
    ls_precomp_values_free(all);
    return st;
  }
  *value = all;
  return LS_OK;
}

static void drop(void *v) { ls_precomp_values_free(v); }

/* ---- API ---- */

ls_status ls_precomp_lookup(ls_workspace *ws, const char *name, ls_grain g, ls_grain dflt,
                            const ls_precomp_series **out, unsigned *grains) {
  *out = NULL;
  *grains = 0;
  int any = 0;
  for (size_t i = 0; !any && i < ls_workspace_count(ws); i++)
    any = ls_workspace_detection(ws, i)->kind == LS_KIND_METRIC_VALUES;
  if (!any || !name) return LS_OK;
  void *v;
  ls_status st = ls_workspace_cached(ws, "precomp.values", build, drop, &v);
  if (st != LS_OK) return st;
  const ls_precomp_values *all = v;
  for (size_t i = 0; i < all->n; i++)
    if (strcmp(all->series[i].metric, name) == 0) *grains |= (unsigned)all->series[i].grain;
  if (!g) g = (*grains & (unsigned)dflt) ? dflt : (ls_grain)(*grains & (0u - *grains)); /* lowest bit */
  for (size_t i = 0; i < all->n && !*out; i++)
    if (strcmp(all->series[i].metric, name) == 0 && all->series[i].grain == g) *out = &all->series[i];
  return LS_OK;
}

int ls_precomp_extent(const ls_workspace *ws, int64_t *first, int64_t *asof) {
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  ls_tz tz = ls_workspace_tz(ws);
  for (size_t i = 0; i < ls_workspace_count(ws); i++) {
    ls_kind k = ls_workspace_detection(ws, i)->kind;
    const ls_table *t = ls_workspace_table(ws, i);
    const ls_source *src = ls_workspace_source(ws, i);
    if (k == LS_KIND_METRIC_VALUES) {
      ls_precomp_values *v = NULL;
      if (ls_precomp_values_read(t, src, tz, &v, NULL, 0) != LS_OK) return 0;
      for (size_t j = 0; j < v->n; j++) {
        if (v->series[j].start[0] < lo) lo = v->series[j].start[0];
        if (v->series[j].start[v->series[j].n] > hi) hi = v->series[j].start[v->series[j].n];
      }
      ls_precomp_values_free(v);
    } else if (k == LS_KIND_RETENTION_MATRIX) {
      ls_retention *r = NULL;
      if (ls_precomp_retention_read(t, src, tz, &r, NULL, 0) != LS_OK) return 0;
      if (r->ncohorts && r->cohort[0] < lo) lo = r->cohort[0];
      if (r->ncohorts && ls_period_next(r->cohort[r->ncohorts - 1], r->grain, tz) > hi)
        hi = ls_period_next(r->cohort[r->ncohorts - 1], r->grain, tz);
      ls_retention_free(r);
    }
  }
  if (lo == INT64_MAX) return 0;
  *first = lo;
  *asof = hi;
  return 1;
}

ls_status ls_precomp_lifecycle(ls_workspace *ws, const ls_query *q, ls_series **s, double **v, int *used) {
  static const char *const names[LS_LIFE_STATES] = {"lifecycle_new", "lifecycle_returning", "lifecycle_resurrecting",
                                      "lifecycle_dormant"};
  *s = NULL;
  *v = NULL;
  const ls_precomp_series *ps;
  unsigned have;
  ls_status st = ls_workspace_find(ws, LS_KIND_EVENTS) >= 0 ? LS_OK : ls_precomp_lookup(ws, names[0], 0, 0, &ps, &have);
  *used = st == LS_OK && ls_workspace_find(ws, LS_KIND_EVENTS) < 0 && have;
  if (!*used) return st;
  st = ls_metric_run(ws, names[0], q, s);
  if (st == LS_OK && !(*v = ls_malloc((LS_LIFE_STATES * (*s)->n + 1) * sizeof **v)))
    st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (size_t k = 0; st == LS_OK && k < LS_LIFE_STATES; k++) {
    ls_series *o = NULL;
    st = ls_metric_run(ws, names[k], q, &o);
    if (st == LS_OK && (o->n != (*s)->n || o->grain != (*s)->grain || (o->n && o->start[0] != (*s)->start[0])))
      st = ls_workspace_fail(ws, LS_EINVAL, "%s and %s cover other periods", names[k], names[0]);
    if (st == LS_OK) memcpy(*v + k * o->n, o->value, o->n * sizeof *o->value);
    ls_series_free(o);
  }
  if (st != LS_OK) {
    ls_series_free(*s);
    ls_free(*v);
    *s = NULL;
    *v = NULL;
  }
  return st;
}
