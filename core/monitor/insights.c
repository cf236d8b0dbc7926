/* insights.c: biggest movers and contribution analysis, computed from the
 * catalog's series (ls_metric_run, ls_metric_run_by). Definitions:
 * docs/monitoring-insights.md. */
#include "monitor/insights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/jsonlist.h"
#include "catalog/catalog.h"

/* ---- private ---------------------------------------------------------- */

/* Averages in currency or count units: not sums over their segments. */
static const char *const AVERAGES[] = {"arpa", "aov", "arpu", "arppu", "ltv", "cac", "sessions_per_user"};

static int listed(const char *name, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(name, list[i]) == 0) return 1;
  return 0;
}

/* Sums and counts: a currency or count unit, and not an average. */
static int additive(const ls_metric_def *d) {
  return (strcmp(d->unit, "currency") == 0 || strcmp(d->unit, "count") == 0) &&
         !listed(d->name, AVERAGES, sizeof AVERAGES / sizeof *AVERAGES);
}

static void add_period(cJSON *o, const char *name, int64_t start, ls_grain g, ls_tz tz) {
  char buf[LS_TIME_TEXT_MAX];
  ls_period_name(start, g, tz, buf);
  cJSON_AddStringToObject(o, name, buf);
}

typedef struct {
  const ls_metric_def *def;
  int64_t start, prev_start;
  double value, previous, change, pct;
  double typical, score; /* NaN: too little history to judge */
} mover;

/* The movers' history: up to MOVER_HISTORY period-to-period changes before the
 * last one, of which at least MOVER_HISTORY_MIN defined; the typical change is
 * at least MOVER_FLOOR x |previous|. */
#define MOVER_HISTORY 8
#define MOVER_HISTORY_MIN 4
#define MOVER_FLOOR 0.01

/* Scored movers first, by score; then the unscored; each by |change_pct|,
 * then by name. */
static int cmp_mover(const void *a, const void *b) {
  const mover *x = a, *y = b;
  int sx = isfinite(x->score), sy = isfinite(y->score);
  if (sx != sy) return sy - sx;
  if (sx && x->score != y->score) return x->score > y->score ? -1 : 1;
  double ax = fabs(x->pct), ay = fabs(y->pct);
  if (ax != ay) return ax > ay ? -1 : 1;
  return strcmp(x->def->name, y->def->name);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The typical |change| of s before its last change, from the MOVER_HISTORY
 * changes s[j] - s[j-1], j = n-2, n-3, ... (fewer when the series is
 * shorter): NaN with fewer than MOVER_HISTORY_MIN of them defined; else the
 * median of the defined non-zero |changes| (0 when there are none), at least
 * MOVER_FLOOR x |previous|. Zeros are left out of the median: a period that
 * did not move says nothing about how far the metric moves, and a sparse or
 * whole-number metric (a repurchase rate mostly 0, a peak of 3 or 4) would
 * otherwise have a typical change near 0 and every move of it would lead. */
static double typical_change(const ls_series *s, double previous) {
  double d[MOVER_HISTORY];
  size_t defined = 0, k = 0;
  for (size_t j = s->n - 1; j-- > 1 && s->n - 2 - j < MOVER_HISTORY;) {
    double c = fabs(s->value[j] - s->value[j - 1]);
    defined += isfinite(c) != 0;
    if (isfinite(c) && c > 0) d[k++] = c;
  }
  if (defined < MOVER_HISTORY_MIN) return NAN;
  qsort(d, k, sizeof *d, cmp_double);
  double med = k == 0 ? 0 : k % 2 ? d[k / 2] : (d[k / 2 - 1] + d[k / 2]) / 2;
  return fmax(med, MOVER_FLOOR * fabs(previous));
}

/* Whether the movers run def: no property needed, not always broken down,
 * the grain offered, its dataset loaded. */
static int mover_candidate(const ls_workspace *ws, const ls_metric_def *def, ls_grain grain) {
  return !ls_metric_breaks_down(def) && !(def->args & LS_ARG_PROPERTY_NEEDED) && (def->grains & grain) &&
         ls_workspace_find(ws, def->needs) >= 0;
}

/* The last two periods of def at grain ending by at, and how unusual the
 * change between them is, into *m; 0 when the metric does not run or either
 * value is undefined or the previous is 0; -1 on out of memory. */
static int last_two(ls_workspace *ws, const ls_metric_def *def, ls_grain grain, int64_t at, mover *m) {
  ls_query q = LS_QUERY_INIT;
  q.grain = grain;
  q.asof = at;
  ls_series *s = NULL;
  ls_status st = ls_metric_run(ws, def->name, &q, &s);
  if (st == LS_ENOMEM) return -1;
  int ok = st == LS_OK && s->n >= 2;
  if (ok) {
    m->def = def;
    m->start = s->start[s->n - 1];
    m->prev_start = s->start[s->n - 2];
    m->value = s->value[s->n - 1];
    m->previous = s->value[s->n - 2];
    m->change = m->value - m->previous;
    m->pct = m->change / fabs(m->previous) * 100;
    ok = isfinite(m->pct);
    m->typical = ok ? typical_change(s, m->previous) : NAN;
    m->score = fabs(m->change) / m->typical;
  }
  ls_series_free(s);
  return ok;
}

/* ---- contribution ----------------------------------------------------- */

typedef struct {
  const char *label; /* NULL: the rest (rows in no segment, or overlap) */
  double value, previous, change, weight, share;
} segment;

static int cmp_segment(const void *a, const void *b) {
  const segment *x = a, *y = b;
  double ax = isnan(x->change) ? -1 : fabs(x->change), ay = isnan(y->change) ? -1 : fabs(y->change);
  if (ax != ay) return ax > ay ? -1 : 1;
  if (!x->label || !y->label) return !x->label - !y->label;
  return strcmp(x->label, y->label);
}

/* The index of period start in s, or -1. */
static long find_period(const ls_series *s, int64_t start) {
  for (size_t i = 0; i < s->n; i++)
    if (s->start[i] == start) return (long)i;
  return -1;
}

static double at_period(const ls_series *s, int64_t start) {
  long i = find_period(s, start);
  return i < 0 ? NAN : s->value[i];
}

/* Weights of the segments with a defined change, from the volume breakdown
 * vol (same dimension; NULL: equal): each one's volume over both periods /
 * the total of those segments' volumes. Segments without a change: NaN. */
static void weigh(segment *sg, size_t n, const ls_breakdown *vol, int64_t cur, int64_t prev) {
  double total = 0;
  for (size_t k = 0; k < n; k++) {
    double v = isfinite(sg[k].change) ? 1 : NAN;
    if (vol && isfinite(v)) {
      v = 0;
      for (size_t j = 0; j < vol->n; j++)
        if (strcmp(vol->label[j], sg[k].label) == 0) {
          double a = at_period(vol->series[j], cur), b = at_period(vol->series[j], prev);
          v = (isfinite(a) ? a : 0) + (isfinite(b) ? b : 0);
        }
    }
    sg[k].weight = v;
    if (isfinite(v)) total += v;
  }
  for (size_t k = 0; k < n; k++) sg[k].weight = total > 0 ? sg[k].weight / total : NAN;
}

typedef struct {
  const ls_metric_def *def;
  ls_grain grain;
  int64_t at, cur, prev;
  double value, previous;
} contrib_ctx;

/* One dimension's object, or NULL with *st set (LS_OK: skipped, too many
 * values or no such column among the defaults). */
static cJSON *dimension(ls_workspace *ws, const contrib_ctx *c, const char *by, int given, size_t top,
                        ls_status *st) {
  ls_query q = LS_QUERY_INIT;
  q.grain = c->grain;
  q.asof = c->at;
  q.by = by;
  ls_breakdown *b = NULL, *vol = NULL;
  *st = ls_metric_run_by(ws, c->def->name, &q, &b);
  if (*st == LS_ERANGE || (*st != LS_OK && *st != LS_ENOMEM && !given)) *st = LS_OK;
  if (!b) return NULL;
  int add = additive(c->def);
  const char *vm = add ? NULL : ls_catalog_volume_metric(c->def->needs);
  if (vm && ls_metric_run_by(ws, vm, &q, &vol) == LS_ENOMEM) *st = LS_ENOMEM;
  segment *sg = ls_calloc(b->n + 1, sizeof *sg);
  cJSON *dim = sg && *st == LS_OK ? cJSON_CreateObject() : NULL;
  if (!dim) {
    if (*st == LS_OK) *st = LS_ENOMEM;
    ls_free(sg);
    ls_breakdown_free(b);
    ls_breakdown_free(vol);
    return NULL;
  }
  size_t n = b->n;
  double sum_cur = 0, sum_prev = 0, total_change = c->value - c->previous;
  for (size_t k = 0; k < n; k++) {
    segment *s = &sg[k];
    s->label = b->label[k];
    s->value = at_period(b->series[k], c->cur);
    s->previous = at_period(b->series[k], c->prev);
    if (add) { /* a sum over no rows is 0 */
      if (!isfinite(s->value)) s->value = 0;
      if (!isfinite(s->previous)) s->previous = 0;
    }
    s->change = s->value - s->previous;
    sum_cur += s->value;
    sum_prev += s->previous;
  }
  if (add) {
    double eps = 1e-9 * fmax(1.0, fmax(fabs(c->value), fabs(c->previous)));
    double rc = c->value - sum_cur, rp = c->previous - sum_prev;
    if (fabs(rc) > eps || fabs(rp) > eps) sg[n++] = (segment){NULL, rc, rp, rc - rp, NAN, NAN};
    for (size_t k = 0; k < n; k++) sg[k].share = total_change != 0 ? sg[k].change / total_change : NAN;
  } else {
    weigh(sg, n, vol, c->cur, c->prev);
    for (size_t k = 0; k < n; k++)
      sg[k].share = total_change != 0 ? sg[k].weight * sg[k].change / total_change : NAN;
  }
  qsort(sg, n, sizeof *sg, cmp_segment);
  cJSON_AddStringToObject(dim, "by", b->by);
  cJSON *arr = cJSON_AddArrayToObject(dim, "segments");
  for (size_t k = 0; arr && k < n && (top == 0 || k < top); k++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    if (sg[k].label)
      cJSON_AddStringToObject(o, "segment", sg[k].label);
    else
      cJSON_AddNullToObject(o, "segment");
    ls_json_add_number(o, "value", sg[k].value);
    ls_json_add_number(o, "previous", sg[k].previous);
    ls_json_add_number(o, "change", sg[k].change);
    ls_json_add_number(o, "share", sg[k].share);
    if (!add) ls_json_add_number(o, "weight", sg[k].weight);
  }
  ls_free(sg);
  ls_breakdown_free(b);
  ls_breakdown_free(vol);
  return dim;
}

/* The default dimensions of def: the plan, channel, country and segment
 * columns of its dataset, then of the customers dataset, then the event
 * column for event metrics; names distinct (ASCII case ignored). */
static size_t default_dims(const ls_workspace *ws, const ls_metric_def *def, const char **out) {
  static const ls_role roles[] = {LS_ROLE_PLAN, LS_ROLE_CHANNEL, LS_ROLE_COUNTRY, LS_ROLE_SEGMENT};
  int di = ls_workspace_find(ws, def->needs), cj = ls_workspace_find(ws, LS_KIND_CUSTOMERS);
  int sets[2] = {di, cj != di ? cj : -1};
  size_t n = 0;
  for (int s = 0; s < 3; s++) {
    int ds = s < 2 ? sets[s] : (def->needs == LS_KIND_EVENTS ? di : -1);
    if (ds < 0) continue;
    const ls_detection *d = ls_workspace_detection(ws, (size_t)ds);
    const ls_table *t = ls_workspace_table(ws, (size_t)ds);
    for (size_t r = 0; r < (s < 2 ? 4u : 1u); r++) {
      int col = d->col[s < 2 ? roles[r] : LS_ROLE_EVENT];
      if (col < 0) continue;
      const char *name = ls_column_name(ls_table_col(t, (size_t)col));
      int dup = 0;
      for (size_t i = 0; i < n; i++) dup |= ls_ascii_ieq(name, strlen(name), out[i]);
      if (!dup) out[n++] = name;
    }
  }
  return n;
}

/* ---- API -------------------------------------------------------------- */

ls_status ls_insights_movers(ls_workspace *ws, ls_grain grain, int64_t at, size_t n, cJSON **out) {
  if (!ws || !out) return LS_EINVAL;
  *out = NULL;
  if (grain != LS_GRAIN_DAY && grain != LS_GRAIN_WEEK && grain != LS_GRAIN_MONTH)
    return ls_workspace_fail(ws, LS_EINVAL, "insights: unknown grain");
  size_t nc = ls_catalog_count(), nm = 0;
  mover *m = ls_malloc((nc + 1) * sizeof *m);
  if (!m) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (size_t i = 0; i < nc; i++) {
    const ls_metric_def *def = ls_catalog_at(i);
    if (!mover_candidate(ws, def, grain)) continue;
    int r = last_two(ws, def, grain, at, &m[nm]);
    if (r < 0) {
      ls_free(m);
      return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
    }
    nm += (size_t)r;
  }
  qsort(m, nm, sizeof *m, cmp_mover);
  cJSON *arr = cJSON_CreateArray();
  ls_tz tz = ls_workspace_tz(ws);
  for (size_t i = 0; arr && i < nm && (n == 0 || i < n); i++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    cJSON_AddStringToObject(o, "metric", m[i].def->name);
    cJSON_AddStringToObject(o, "unit", m[i].def->unit);
    cJSON_AddStringToObject(o, "grain", ls_grain_name(grain));
    add_period(o, "period", m[i].start, grain, tz);
    add_period(o, "previous_period", m[i].prev_start, grain, tz);
    ls_json_add_number(o, "value", m[i].value);
    ls_json_add_number(o, "previous", m[i].previous);
    ls_json_add_number(o, "change", m[i].change);
    ls_json_add_number(o, "change_pct", m[i].pct);
    ls_json_add_number(o, "typical_change", m[i].typical);
    ls_json_add_number(o, "score", m[i].score);
    cJSON_AddBoolToObject(o, "lower_is_better", ls_metric_lower_is_better(m[i].def));
  }
  ls_free(m);
  if (!arr) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  *out = arr;
  return LS_OK;
}

ls_status ls_insights_contrib(ls_workspace *ws, const char *metric, ls_grain grain, int64_t at,
                              const char *const *dims, size_t n_dims, size_t top, cJSON **out) {
  if (!ws || !out) return LS_EINVAL;
  *out = NULL;
  const ls_metric_def *def = metric ? ls_catalog_find(metric) : NULL;
  if (!def) return ls_workspace_fail(ws, LS_ENOTFOUND, "no metric named \"%s\"", metric ? metric : "");
  if (ls_metric_breaks_down(def))
    return ls_workspace_fail(ws, LS_EINVAL, "%s is always broken down: ask for its total metric", def->name);
  if (def->args & LS_ARG_PROPERTY_NEEDED)
    return ls_workspace_fail(ws, LS_EINVAL, "%s needs a property: contributions take none", def->name);
  if (n_dims && !dims) return LS_EINVAL;
  contrib_ctx c = {def, grain ? grain : def->default_grain, at, 0, 0, NAN, NAN};
  ls_query q = LS_QUERY_INIT;
  q.grain = c.grain;
  q.asof = at;
  ls_series *s = NULL;
  ls_status st = ls_metric_run(ws, def->name, &q, &s);
  if (st != LS_OK) return st;
  if (s->n < 2) {
    ls_series_free(s);
    return ls_workspace_fail(ws, LS_ENODATA, "%s: fewer than two complete %ss", def->name, ls_grain_name(c.grain));
  }
  c.cur = s->start[s->n - 1], c.prev = s->start[s->n - 2], c.value = s->value[s->n - 1], c.previous = s->value[s->n - 2];
  ls_series_free(s);
  const char *defaults[12];
  size_t nd = n_dims ? n_dims : default_dims(ws, def, defaults);
  const char *const *use = n_dims ? dims : defaults;
  cJSON *o = cJSON_CreateObject();
  if (!o) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  ls_tz tz = ls_workspace_tz(ws);
  cJSON_AddStringToObject(o, "metric", def->name);
  cJSON_AddStringToObject(o, "grain", ls_grain_name(c.grain));
  add_period(o, "period", c.cur, c.grain, tz);
  add_period(o, "previous_period", c.prev, c.grain, tz);
  ls_json_add_number(o, "value", c.value);
  ls_json_add_number(o, "previous", c.previous);
  ls_json_add_number(o, "change", c.value - c.previous);
  cJSON_AddBoolToObject(o, "additive", additive(def));
  cJSON *arr = cJSON_AddArrayToObject(o, "dimensions");
  for (size_t i = 0; st == LS_OK && arr && i < nd; i++) {
    cJSON *dim = dimension(ws, &c, use[i], n_dims > 0, top, &st);
    if (dim) cJSON_AddItemToArray(arr, dim);
  }
  if (st == LS_OK && !arr) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  if (st != LS_OK) {
    cJSON_Delete(o);
    return st;
  }
  *out = o;
  return LS_OK;
}
