/* ops_retention.c: the retention matrix of the events (metrics/retention.h)
 * as `lodestar retention` prints it. Conventions as exports.c says. */
#include <emscripten.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "catalog/catalog.h"
#include "metrics/retention.h"
#include "ops.h"

/* ---- private ---- */

/* The text of j's member key: NULL when absent or null, "" (refused by the
 * caller) when it is not a string. */
static const char *text(const cJSON *j, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  if (!v || cJSON_IsNull(v)) return NULL;
  return cJSON_IsString(v) ? v->valuestring : "";
}

/* One of the settings (type, mode, buckets) through its parser; *out keeps
 * its default when absent. */
static ls_status setting(lsw_ws *w, const cJSON *j, const char *key, int (*parse)(const char *), int *out) {
  const char *s = text(j, key);
  if (!s) return LS_OK;
  int k = parse(s);
  if (k < 0) return ls_workspace_fail(w->ws, LS_EINVAL, "retention: unknown %s \"%.64s\"", key, s);
  *out = k;
  return LS_OK;
}

static int parse_period(const char *s) {
  ls_grain g = ls_grain_parse(s);
  return g ? (int)g : -1;
}

/* spec → q; texts point into j, the conditions into *where (ls_free). */
static ls_status read_spec(lsw_ws *w, const cJSON *j, ls_retention_query *q, ls_where **where) {
  ls_query mq = LS_QUERY_INIT;
  ls_status st = lsw_metric_query(w, j, &mq, where);
  if (st != LS_OK) return st;
  int period = (int)q->period, type = (int)q->type, mode = (int)q->mode, buckets = (int)q->buckets;
  if ((st = setting(w, j, "period", parse_period, &period)) != LS_OK ||
      (st = setting(w, j, "type", ls_retention_type_parse, &type)) != LS_OK ||
      (st = setting(w, j, "mode", ls_retention_mode_parse, &mode)) != LS_OK ||
      (st = setting(w, j, "buckets", ls_retention_buckets_parse, &buckets)) != LS_OK)
    return st;
  q->period = (ls_grain)period;
  q->type = (ls_retention_type)type;
  q->mode = (ls_retention_mode)mode;
  q->buckets = (ls_retention_buckets)buckets;
  q->start_event = text(j, "start_event");
  q->return_event = text(j, "return_event");
  q->from = mq.from;
  q->to = mq.to;
  q->scope = mq.scope;
  q->by = mq.by;
  return LS_OK; /* ls_retention_run judges the rest (an empty event name, from after to) */
}

/* Segment s's matrix into o: "size", "counts", "mean" and "mean_size". */
static int add_matrix(cJSON *o, const ls_retention *r, size_t s) {
  cJSON *size = cJSON_AddArrayToObject(o, "size"), *counts = cJSON_AddArrayToObject(o, "counts"),
        *mean = cJSON_AddArrayToObject(o, "mean");
  int ok = size && counts && mean && cJSON_AddNumberToObject(o, "mean_size", (double)r->mean_size[s]);
  for (size_t c = 0; ok && c < r->ncohorts; c++) {
    cJSON *row = cJSON_CreateArray();
    ok = cJSON_AddItemToArray(counts, row);
    if (!ok) cJSON_Delete(row);
    ok = ok && cJSON_AddItemToArray(size, cJSON_CreateNumber((double)r->size[s * r->ncohorts + c]));
    for (size_t k = 0; ok && k < r->nk; k++) {
      int64_t v = r->count[(s * r->ncohorts + c) * r->nk + k];
      ok = cJSON_AddItemToArray(row, v == LS_RETENTION_ABSENT ? cJSON_CreateNull() : cJSON_CreateNumber((double)v));
    }
  }
  for (size_t k = 0; ok && k < r->nk && r->ncohorts; k++) ok = cJSON_AddItemToArray(mean, lsw_number_or_null(r->mean[s * r->nk + k]));
  return ok;
}

static cJSON *to_json(const ls_retention *r, const char *by) {
  cJSON *o = cJSON_CreateObject(), *cohorts = cJSON_AddArrayToObject(o, "cohorts");
  int ok = cJSON_AddStringToObject(o, "grain", ls_grain_name(r->grain)) && cohorts;
  for (size_t c = 0; ok && c < r->ncohorts; c++) {
    char name[LS_TIME_TEXT_MAX];
    ls_period_name(r->cohort[c], r->grain, r->tz, name);
    ok = cJSON_AddItemToArray(cohorts, cJSON_CreateString(name));
  }
  if (!by) {
    ok = ok && add_matrix(o, r, 0);
  } else {
    cJSON *segments = cJSON_AddArrayToObject(o, "segments"), *matrices = cJSON_AddArrayToObject(o, "matrices");
    ok = ok && segments && matrices && cJSON_AddStringToObject(o, "by", by);
    for (size_t s = 0; ok && s < r->nsegments; s++) {
      cJSON *m = cJSON_CreateObject();
      ok = cJSON_AddItemToArray(matrices, m);
      if (!ok) cJSON_Delete(m);
      ok = ok && cJSON_AddItemToArray(segments, cJSON_CreateString(r->segment[s])) &&
           cJSON_AddStringToObject(m, "segment", r->segment[s]) && add_matrix(m, r, s);
    }
  }
  if (!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* ---- API ---- */

/* spec {"period": "day"|"week"|"month" (default week), "type":
 * "first_time"|"recurring", "mode": "on"|"on_or_after", "buckets":
 * "calendar"|"rolling_24h", "start_event", "return_event" (absent or null:
 * any event), "from", "to" (cohorts: the periods holding them), "where", "by" (a column: a breakdown)} →
 * {"grain", "cohorts": [period names], "size": [memberships], "counts":
 * [[memberships returning in bucket k, k = 0 … (0: the size); null where the
 * cell is not observable yet]], "mean": [the weighted mean share of bucket k;
 * null where no cohort observes k], "mean_size": the sum of the sizes}.
 * With "by": {"grain", "cohorts", "by", "segments": [labels, sorted],
 * "matrices": [{"segment", "size", "counts", "mean", "mean_size"}]}, one per
 * segment over the same cohorts (retention.h: a membership's segment is the
 * value at its anchor event). */
EMSCRIPTEN_KEEPALIVE char *lsw_retention(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL;
  ls_status st = lsw_parse_spec(w, spec, "retention", &j);
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  ls_where *where = NULL;
  ls_retention *r = NULL;
  char *out = NULL;
  if (st == LS_OK) st = read_spec(w, j, &q, &where);
  if (st == LS_OK) st = ls_retention_run(w->ws, &q, &r);
  if (st == LS_OK) {
    cJSON *o = to_json(r, q.by);
    out = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  ls_retention_free(r);
  ls_free(where);
  cJSON_Delete(j);
  w->status = st;
  return out;
}
