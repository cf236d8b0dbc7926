/* ops_paths.c: the paths export (metrics/paths.h), conventions as
 * exports.c says: JSON out, NULL on failure with the status in
 * lsw_status(w) and the message on the workspace. */
#include <emscripten.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "metrics/paths.h"
#include "ops.h"

/* ---- private ---- */

/* a whole number n of spec's key, lo <= n <= hi, into *out (kept when the
 * key is absent or null); 0 when it is something else */
static int count_of(const cJSON *j, const char *key, size_t lo, size_t hi, size_t *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  if (!v || cJSON_IsNull(v)) return 1;
  if (!cJSON_IsNumber(v) || v->valuedouble < (double)lo || v->valuedouble > (double)hi ||
      v->valuedouble != (double)(size_t)v->valuedouble)
    return 0;
  *out = (size_t)v->valuedouble;
  return 1;
}

/* an event name of spec's key into *out (NULL when absent or null); 0 when
 * it is not text */
static int name_of(const cJSON *j, const char *key, const char **out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  *out = NULL;
  if (!v || cJSON_IsNull(v)) return 1;
  if (!cJSON_IsString(v)) return 0;
  *out = v->valuestring;
  return 1;
}

static ls_status read_spec(lsw_ws *w, const cJSON *j, ls_paths_query *pq, ls_where **where) {
  ls_query q = LS_QUERY_INIT;
  ls_status st = lsw_metric_query(w, j, &q, where);
  if (st != LS_OK) return st;
  if (q.by || q.grain) return ls_workspace_fail(w->ws, LS_EINVAL, "paths: \"by\" and \"grain\" are not taken");
  if (!name_of(j, "after", &pq->after) || !name_of(j, "before", &pq->before))
    return ls_workspace_fail(w->ws, LS_EINVAL, "paths: \"after\" and \"before\" must be event names");
  if (!count_of(j, "steps", 1, LS_PATHS_MAX_STEPS, &pq->steps))
    return ls_workspace_fail(w->ws, LS_EINVAL, "paths: \"steps\" must be a whole number from 1 to %d",
                             LS_PATHS_MAX_STEPS);
  if (!count_of(j, "top", 1, LS_PATHS_MAX_TOP, &pq->top))
    return ls_workspace_fail(w->ws, LS_EINVAL, "paths: \"top\" must be a whole number from 1 to %d",
                             LS_PATHS_MAX_TOP);
  pq->from = q.from;
  pq->to = lsw_day_end(w, j, q.to); /* a day is included whole */
  pq->scope = q.scope;
  return LS_OK;
}

static cJSON *int_number(int64_t v) { return cJSON_CreateNumber((double)v); }

static char *to_json(const ls_paths *p) {
  cJSON *o = cJSON_CreateObject(), *pairs = cJSON_AddArrayToObject(o, "pairs");
  int ok = pairs && cJSON_AddItemToObject(o, "distinct", int_number((int64_t)p->distinct)) &&
           cJSON_AddItemToObject(o, "sessions", int_number(p->sessions)) &&
           cJSON_AddItemToObject(o, "users", int_number(p->users_total));
  for (size_t k = 0; ok && k < p->n; k++) {
    cJSON *e = cJSON_CreateObject();
    ok = e && cJSON_AddItemToArray(pairs, e) && cJSON_AddStringToObject(e, "from", p->from[k]) &&
         cJSON_AddStringToObject(e, "to", p->to[k]) && cJSON_AddItemToObject(e, "users", int_number(p->users[k])) &&
         cJSON_AddItemToObject(e, "transitions", int_number(p->transitions[k]));
  }
  if (ok && p->reached_sessions) {
    cJSON *steps = cJSON_AddArrayToObject(o, "dropoff");
    ok = steps != NULL;
    for (size_t k = 0; ok && k <= p->nsteps; k++) {
      cJSON *e = cJSON_CreateObject();
      ok = e && cJSON_AddItemToArray(steps, e) && cJSON_AddItemToObject(e, "step", int_number((int64_t)k)) &&
           cJSON_AddItemToObject(e, "sessions", int_number(p->reached_sessions[k])) &&
           cJSON_AddItemToObject(e, "users", int_number(p->reached_users[k])) &&
           cJSON_AddItemToObject(e, "ended_sessions", int_number(p->ended_sessions[k])) &&
           cJSON_AddItemToObject(e, "ended_users", int_number(p->ended_users[k]));
    }
  }
  char *out = ok ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return out;
}

/* ---- API ---- */

/* Paths for spec {"after", "before", "steps", "top", "from", "to", "where"}
 * (metrics/paths.h; from and to are days in the workspace zone, both
 * included; the gap is the session_gap_minutes setting) as JSON:
 * {"pairs": [{"from", "to", "users", "transitions"}], "distinct",
 * "sessions", "users"}, with "after" also "dropoff": [{"step", "sessions",
 * "users", "ended_sessions", "ended_users"}] for steps 0..steps. NULL on
 * error: the message is on w, the status lsw_status(w). */
EMSCRIPTEN_KEEPALIVE char *lsw_paths(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL;
  ls_status st = lsw_parse_spec(w, spec, "paths", &j);
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  ls_where *where = NULL;
  ls_paths *p = NULL;
  if (st == LS_OK) st = read_spec(w, j, &q, &where);
  if (st == LS_OK) st = ls_paths_run(w->ws, &q, &p);
  char *out = st == LS_OK ? to_json(p) : NULL;
  if (st == LS_OK && !out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  ls_paths_free(p);
  cJSON_Delete(j);
  ls_free(where);
  w->status = st;
  return out;
}
