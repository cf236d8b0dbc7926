/* ops_funnel.c: the funnel exports (metrics/funnel.h) and the event names a
 * funnel builder offers. Conventions as exports.c says: char * results are
 * JSON the caller frees with lsw_free; NULL on failure, with the status in
 * lsw_status(w) and the message in lsw_errmsg(w). */
#include <emscripten.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "metrics/evindex.h"
#include "metrics/funnel.h"
#include "ops.h"

#define LSW_EVENT_NAMES_MAX 500

/* ---- private ---- */

/* A window: a number of seconds, or a text "<count><unit>" with unit one of
 * s m h d w ("14d", "90m"), to ms in *ms; 0 when it is neither. */
static int read_window(const cJSON *v, int64_t *ms) {
  if (cJSON_IsNumber(v)) {
    double s = v->valuedouble;
    if (!(s > 0 && s <= 1e12)) return 0;
    *ms = (int64_t)(s * 1000 + 0.5);
    return *ms > 0;
  }
  return ls_funnel_window_parse(cJSON_GetStringValue(v), ms);
}

/* The texts of array a (absent or null: none) into names[max]; LS_EINVAL
 * naming what when a is not an array of at most max texts. */
static ls_status read_names(lsw_ws *w, const cJSON *a, const char *what, size_t max, const char **names,
                            size_t *n) {
  *n = 0;
  if (!a || cJSON_IsNull(a)) return LS_OK;
  if (!cJSON_IsArray(a)) return ls_workspace_fail(w->ws, LS_EINVAL, "funnel spec: \"%s\" must be an array of event names", what);
  const cJSON *e;
  cJSON_ArrayForEach(e, a) {
    if (!cJSON_IsString(e))
      return ls_workspace_fail(w->ws, LS_EINVAL, "funnel spec: \"%s\" must be an array of event names", what);
    if (*n == max) return ls_workspace_fail(w->ws, LS_EINVAL, "funnel spec: at most %zu %s", max, what);
    names[(*n)++] = e->valuestring;
  }
  return LS_OK;
}

/* The spec j into q (texts pointing into j, conditions into *where). A "to"
 * that is a day (YYYY-MM-DD) takes the whole day, as `lodestar funnel --to`. */
static ls_status read_spec(lsw_ws *w, const cJSON *j, ls_funnel_query *q, const char **steps, const char **exclude,
                           ls_where **where) {
  ls_query mq = LS_QUERY_INIT;
  ls_status st = lsw_metric_query(w, j, &mq, where);
  if (st != LS_OK) return st;
  q->from = mq.from;
  q->to = lsw_day_end(w, j, mq.to);
  q->by = mq.by;
  q->scope = mq.scope;
  if ((st = read_names(w, cJSON_GetObjectItemCaseSensitive(j, "steps"), "steps", LS_FUNNEL_MAX_STEPS, steps,
                       &q->nsteps)) != LS_OK ||
      (st = read_names(w, cJSON_GetObjectItemCaseSensitive(j, "exclude"), "exclusions", LS_FUNNEL_MAX_EXCLUDE,
                       exclude, &q->nexclude)) != LS_OK)
    return st;
  q->steps = steps;
  q->exclude = exclude;
  const cJSON *win = cJSON_GetObjectItemCaseSensitive(j, "window");
  if (win && !cJSON_IsNull(win) && !read_window(win, &q->window))
    return ls_workspace_fail(w->ws, LS_EINVAL,
                             "funnel spec: \"window\" is seconds or a count and a unit (14d, 1h, 90m, 3600s, 2w)");
  const cJSON *order = cJSON_GetObjectItemCaseSensitive(j, "order");
  if (order && !cJSON_IsNull(order)) {
    int o = ls_funnel_order_parse(cJSON_IsString(order) ? order->valuestring : "");
    if (o < 0) return ls_workspace_fail(w->ws, LS_EINVAL, "funnel spec: \"order\" is sequential, strict or any");
    q->order = (ls_funnel_order)o;
  }
  return LS_OK;
}

/* One array of the nsegments values of step k from v (segment-major). */
static cJSON *per_segment(const ls_funnel *f, size_t k, const double *v, const int64_t *users) {
  cJSON *a = cJSON_CreateArray();
  for (size_t s = 0; a && s < f->nsegments; s++) {
    size_t i = s * f->nsteps + k;
    if (!cJSON_AddItemToArray(a, users ? cJSON_CreateNumber((double)users[i]) : lsw_number_or_null(v[i]))) {
      cJSON_Delete(a);
      return NULL;
    }
  }
  return a;
}

static char *funnel_json(const ls_funnel *f, const ls_funnel_query *q) {
  static const char *const KEYS[] = {"users", "from_start", "from_previous", "median_seconds", "mean_seconds"};
  const double *vals[] = {NULL, f->from_start, f->from_previous, f->median_seconds, f->mean_seconds};
  static const char *const ORDERS[] = {"sequential", "strict", "any"};
  cJSON *o = cJSON_CreateObject(), *steps = cJSON_AddArrayToObject(o, "steps");
  int ok = steps != NULL;
  for (size_t k = 0; ok && k < f->nsteps; k++) {
    cJSON *step = cJSON_CreateObject();
    ok = step && cJSON_AddItemToArray(steps, step) && cJSON_AddStringToObject(step, "event", q->steps[k]);
    for (size_t m = 0; ok && m < sizeof KEYS / sizeof KEYS[0]; m++) {
      cJSON *a = per_segment(f, k, vals[m], m == 0 ? f->users : NULL);
      ok = a && cJSON_AddItemToObject(step, KEYS[m], a);
      if (!ok) cJSON_Delete(a);
    }
  }
  cJSON *segs = f->segment ? cJSON_CreateArray() : cJSON_CreateNull();
  ok = ok && segs && cJSON_AddItemToObject(o, "segments", segs);
  if (!ok) cJSON_Delete(segs);
  for (size_t s = 0; ok && f->segment && s < f->nsegments; s++)
    ok = cJSON_AddItemToArray(segs, cJSON_CreateString(f->segment[s]));
  ok = ok && (q->by ? cJSON_AddStringToObject(o, "by", q->by) : cJSON_AddNullToObject(o, "by")) &&
       cJSON_AddStringToObject(o, "order", ORDERS[q->order]) &&
       cJSON_AddNumberToObject(o, "window_seconds", (double)q->window / 1000);
  char *out = ok ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return out;
}

/* ---- API ---- */

/* spec: {"steps": [names, 2..20], "window": "14d" | seconds (default 14
 * days), "order": "sequential" | "strict" | "any", "exclude": [names],
 * "by": column, "from": day, "to": day (inclusive), "where": [{column,
 * value}]} → {"steps": [{"event", "users", "from_start", "from_previous",
 * "median_seconds", "mean_seconds"}], "segments": [labels] | null, "by",
 * "order", "window_seconds"}: each of a step's numbers is an array with one
 * value per segment (one without "by"), null where undefined. NULL on error:
 * the message is on w, the status lsw_status(w). */
EMSCRIPTEN_KEEPALIVE char *lsw_funnel(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL;
  ls_status st = lsw_parse_spec(w, spec, "funnel", &j);
  const char *steps[LS_FUNNEL_MAX_STEPS], *exclude[LS_FUNNEL_MAX_EXCLUDE];
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  ls_where *where = NULL;
  ls_funnel *f = NULL;
  if (st == LS_OK) st = read_spec(w, j, &q, steps, exclude, &where);
  if (st == LS_OK) st = ls_funnel_run(w->ws, &q, &f);
  char *out = st == LS_OK ? funnel_json(f, &q) : NULL;
  if (st == LS_OK && !out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  ls_funnel_free(f);
  cJSON_Delete(j);
  ls_free(where);
  w->status = st;
  return out;
}

typedef struct {
  int32_t id;
  int64_t count;
} name_count;

static int by_count_then_name(const void *a, const void *b) {
  const name_count *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* The distinct event names of the events dataset with their number of events
 * (rows with a user, a name and a valid time, as funnels read them), most
 * frequent first (ties in dictionary order), at most 500:
 * {"names": [{"name", "events"}], "total": distinct names}. NULL on error
 * (LS_ENODATA without an events dataset), as lsw_funnel. */
EMSCRIPTEN_KEEPALIVE char *lsw_event_names(lsw_ws *w) {
  if (!w) return NULL;
  ls_alloc_init_json();
  const ls_evindex *x = NULL;
  ls_status st = ls_evindex_get(w->ws, NULL, &x);
  char *out = NULL;
  if (st == LS_OK) {
    size_t n = ls_evindex_name_count(x);
    name_count *c = ls_calloc(n ? n : 1, sizeof *c);
    cJSON *o = c ? cJSON_CreateObject() : NULL, *names = o ? cJSON_AddArrayToObject(o, "names") : NULL;
    int ok = names && cJSON_AddNumberToObject(o, "total", 0);
    for (size_t i = 0; ok && i < n; i++) c[i].id = (int32_t)i;
    for (size_t e = 0; ok && e < x->n; e++) c[x->name[e]].count++;
    size_t used = 0;
    for (size_t i = 0; ok && i < n; i++)
      if (c[i].count) c[used++] = c[i];
    if (ok) {
      qsort(c, used, sizeof *c, by_count_then_name);
      cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "total"), (double)used);
    }
    for (size_t i = 0; ok && i < used && i < LSW_EVENT_NAMES_MAX; i++) {
      cJSON *item = cJSON_CreateObject();
      ok = item && cJSON_AddItemToArray(names, item) &&
           cJSON_AddStringToObject(item, "name", ls_evindex_name(x, c[i].id)) &&
           cJSON_AddNumberToObject(item, "events", (double)c[i].count);
    }
    out = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    ls_free(c);
    if (!out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  w->status = st;
  return out;
}
