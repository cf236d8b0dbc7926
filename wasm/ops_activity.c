/* ops_activity.c: the lifecycle of active users and the distribution of
 * active days (metrics/lifecycle.h), as `lodestar lifecycle` and
 * `lodestar activedays` print them. Conventions as exports.c says: the
 * result is JSON the caller frees with lsw_free, NULL on failure with the
 * message on w and the status in lsw_status(w). */
#include <emscripten.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "catalog/catalog.h"
#include "metrics/lifecycle.h"
#include "precomp/precomp.h"
#include "ops.h"

/* What each export lays out and computes: the grains it takes, the doubles
 * per period, the computation, and how the result goes into JSON. */
typedef struct {
  const char *name;
  unsigned grains;
  size_t width;
  ls_status (*compute)(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out);
  int (*put)(cJSON *o, const ls_series *s, const double *v);
} activity_op;

/* ---- private ---- */

static int put_life(cJSON *o, const ls_series *s, const double *v) {
  static const char *const NAMES[LS_LIFE_STATES] = {"new", "returning", "resurrecting", "dormant"};
  for (int st = 0; st < LS_LIFE_STATES; st++) {
    cJSON *a = cJSON_AddArrayToObject(o, NAMES[st]);
    if (!a) return 0;
    for (size_t k = 0; k < s->n; k++)
      if (!cJSON_AddItemToArray(a, cJSON_CreateNumber(v[(size_t)st * s->n + k]))) return 0;
  }
  return 1;
}

/* "days": per period, the users active on exactly 1, 2, … of its days (as
 * many entries as the period has days). */
static int put_days(cJSON *o, const ls_series *s, const double *v) {
  cJSON *rows = cJSON_AddArrayToObject(o, "days");
  if (!rows) return 0;
  for (size_t k = 0; k < s->n; k++) {
    int64_t days = ls_floor_div(ls_tz_to_local(s->tz, s->start[k + 1]), LS_MS_PER_DAY) -
                   ls_floor_div(ls_tz_to_local(s->tz, s->start[k]), LS_MS_PER_DAY);
    cJSON *row = cJSON_CreateArray();
    if (!cJSON_AddItemToArray(rows, row)) {
      cJSON_Delete(row);
      return 0;
    }
    for (int64_t d = 1; d <= days && d <= LS_ACTIVE_DAYS_MAX; d++)
      if (!cJSON_AddItemToArray(row, cJSON_CreateNumber(v[k * (LS_ACTIVE_DAYS_MAX + 1) + (size_t)d]))) return 0;
  }
  return 1;
}

/* spec {"period", "from", "to", "where"} → the periods of active_users (the
 * complete ones), computed with op. */
static char *run(lsw_ws *w, const activity_op *op, const char *spec) {
  cJSON *j = NULL;
  ls_status st = lsw_parse_spec(w, spec, op->name, &j);
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_WEEK;
  ls_where *where = NULL;
  ls_series *s = NULL;
  double *v = NULL;
  char *out = NULL;
  if (st == LS_OK) st = lsw_metric_query(w, j, &q, &where);
  const cJSON *period = cJSON_GetObjectItemCaseSensitive(j, "period");
  if (st == LS_OK && q.by) st = ls_workspace_fail(w->ws, LS_EINVAL, "%s: \"by\" is not taken; use \"where\"", op->name);
  if (st == LS_OK && period && !cJSON_IsNull(period))
    q.grain = cJSON_IsString(period) ? ls_grain_parse(period->valuestring) : 0;
  if (st == LS_OK && !(q.grain & op->grains))
    st = ls_workspace_fail(w->ws, LS_EINVAL, "%s: period must be %s", op->name,
                           op->grains & LS_GRAIN_DAY ? "day, week or month" : "week or month");
  int pre = 0; /* the lifecycle read back from a file (precomp/precomp.h) */
  if (st == LS_OK && op->compute == ls_lifecycle) st = ls_precomp_lifecycle(w->ws, &q, &s, &v, &pre);
  if (st == LS_OK && !pre) st = ls_metric_run(w->ws, "active_users", &q, &s);
  if (st == LS_OK && !pre) {
    ls_periods p = {s->n, s->start, s->grain, s->tz, NULL}; /* start[n] ends the last period */
    v = ls_malloc((op->width * s->n + 1) * sizeof *v);
    st = v ? op->compute(w->ws, &q.scope, &p, v) : ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  if (st == LS_OK) {
    cJSON *o = cJSON_CreateObject(), *periods = cJSON_AddArrayToObject(o, "periods");
    int ok = cJSON_AddStringToObject(o, "grain", ls_grain_name(s->grain)) && periods;
    for (size_t k = 0; ok && k < s->n; k++) {
      char name[LS_TIME_TEXT_MAX];
      ls_period_name(s->start[k], s->grain, s->tz, name);
      ok = cJSON_AddItemToArray(periods, cJSON_CreateString(name));
    }
    out = ok && op->put(o, s, v) ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  ls_free(v);
  ls_series_free(s);
  ls_free(where);
  cJSON_Delete(j);
  w->status = st;
  return out;
}

/* ---- API ---- */

/* spec {"period": "day"|"week"|"month" (default week), "from", "to",
 * "where": [{column, value}]} → {"grain", "periods": [names], "new",
 * "returning", "resurrecting", "dormant": [users per period]}, dormant
 * positive (PostHog draws it below zero). */
EMSCRIPTEN_KEEPALIVE char *lsw_lifecycle(lsw_ws *w, const char *spec) {
  static const activity_op op = {"lifecycle", LS_GRAIN_DAY | LS_GRAIN_WEEK | LS_GRAIN_MONTH, LS_LIFE_STATES,
                                 ls_lifecycle, put_life};
  return w ? run(w, &op, spec) : NULL;
}

/* spec {"period": "week"|"month" (default week), "from", "to", "where"} →
 * {"grain", "periods": [names], "days": [[users active on exactly d days,
 * d = 1 … the period's days]]}. */
EMSCRIPTEN_KEEPALIVE char *lsw_active_days(lsw_ws *w, const char *spec) {
  static const activity_op op = {"activedays", LS_GRAIN_WEEK | LS_GRAIN_MONTH, LS_ACTIVE_DAYS_MAX + 1,
                                  ls_active_days, put_days};
  return w ? run(w, &op, spec) : NULL;
}
