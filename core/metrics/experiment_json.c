/* experiment_json.c: an experiment from its JSON spec, and its result as
 * JSON (metrics/experiment.h, ls_experiment_json): what the worker's
 * experiment op and `lodestar experiment` both print. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "catalog/query_json.h"
#include "cJSON.h"
#include "metrics/experiment.h"

typedef struct {
  ls_experiment_query q;
  const char *names[LS_EXPERIMENT_MAX_VARIANTS];
  double weights[LS_EXPERIMENT_MAX_VARIANTS];
  ls_where *where;
} spec_query;

/* ---- private ---- */

/* key k of j: a text, or absent/null (NULL); LS_EINVAL otherwise */
static ls_status opt_text(ls_workspace *ws, const cJSON *j, const char *k, const char **out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
  *out = NULL;
  if (!v || cJSON_IsNull(v)) return LS_OK;
  if (!cJSON_IsString(v)) return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: \"%s\" must be a text", k);
  *out = v->valuestring;
  return LS_OK;
}

static ls_status opt_count(ls_workspace *ws, const cJSON *j, const char *k, int64_t *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
  if (!v || cJSON_IsNull(v)) return LS_OK;
  double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
  if (!(d >= 0 && d <= 1e12 && d == floor(d)))
    return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: \"%s\" must be a whole number, 0 or more", k);
  *out = (int64_t)d;
  return LS_OK;
}

static ls_status read_weights(ls_workspace *ws, const cJSON *j, spec_query *s) {
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "weights"), *e;
  if (!w || cJSON_IsNull(w)) return LS_OK;
  if (!cJSON_IsObject(w)) return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: \"weights\" must be an object {variant: share}");
  cJSON_ArrayForEach(e, w) {
    if (s->q.nweights == LS_EXPERIMENT_MAX_VARIANTS)
      return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: at most %d weights", LS_EXPERIMENT_MAX_VARIANTS);
    if (!cJSON_IsNumber(e)) return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: the weight of \"%s\" must be a number", e->string);
    s->names[s->q.nweights] = e->string;
    s->weights[s->q.nweights++] = e->valuedouble;
  }
  s->q.weight_names = s->names;
  s->q.weights = s->weights;
  return LS_OK;
}

static ls_status read_spec(ls_workspace *ws, const cJSON *j, spec_query *s) {
  static const char *const REFUSED[] = {"by", "event", "property", "grain"};
  for (size_t i = 0; i < sizeof REFUSED / sizeof REFUSED[0]; i++)
    if (cJSON_GetObjectItemCaseSensitive(j, REFUSED[i]))
      return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: \"%s\" is not taken (the goal is \"goal\")", REFUSED[i]);
  ls_query mq = LS_QUERY_INIT;
  ls_status st = ls_query_from_json(ws, j, &mq, &s->where);
  if (st != LS_OK) return st;
  s->q.from = mq.from;
  s->q.to = mq.to;
  s->q.scope = mq.scope;
  const char *to = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "to"));
  int64_t day;
  if (to && strlen(to) == 10 && ls_time_parse(to, 10, &day)) /* a day is included */
    s->q.to = ls_tz_from_local(ls_workspace_tz(ws), day + LS_MS_PER_DAY);
  const cJSON *goal = cJSON_GetObjectItemCaseSensitive(j, "goal"), *cu = cJSON_GetObjectItemCaseSensitive(j, "cuped");
  if (!cJSON_IsObject(goal))
    return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: \"goal\" must be {\"event\": name} or {\"metric\": column}");
  if (cu && !cJSON_IsNull(cu) && !cJSON_IsBool(cu))
    return ls_workspace_fail(ws, LS_EINVAL, "experiment spec: \"cuped\" must be true or false");
  s->q.cuped = !cJSON_IsFalse(cu);
  if ((st = opt_text(ws, j, "variant", &s->q.variant)) != LS_OK || (st = opt_text(ws, j, "control", &s->q.control)) != LS_OK ||
      (st = opt_text(ws, j, "exposure", &s->q.exposure)) != LS_OK ||
      (st = opt_text(ws, goal, "event", &s->q.goal_event)) != LS_OK ||
      (st = opt_text(ws, goal, "metric", &s->q.metric)) != LS_OK ||
      (st = opt_count(ws, j, "min_exposures", &s->q.min_exposures)) != LS_OK ||
      (st = opt_count(ws, j, "min_conversions", &s->q.min_conversions)) != LS_OK)
    return st;
  return read_weights(ws, j, s);
}

/* a number as its shortest round-trip text, or null when not finite */
static cJSON *num(double v) {
  char buf[LS_NUMFMT_MAX];
  return isfinite(v) ? cJSON_CreateRaw(ls_fmt_double(v, buf)) : cJSON_CreateNull();
}

/* v to 10 significant digits: the figures that pass through lgamma, exp or
 * erfc (chances, beta intervals, p-values) may differ in their last bits
 * between C libraries (native and WebAssembly), far below the integration's
 * accuracy (about 1e-10); rounded, both print the same digits */
static cJSON *num10(double v) {
  char buf[40];
  if (!isfinite(v)) return cJSON_CreateNull();
  snprintf(buf, sizeof buf, "%.10g", v);
  return num(strtod(buf, NULL));
}

static cJSON *text_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static int add(cJSON *o, const char *k, cJSON *v) {
  if (v && cJSON_AddItemToObject(o, k, v)) return 1;
  cJSON_Delete(v);
  return 0;
}

static cJSON *variant_json(const ls_experiment *r, const ls_experiment_variant *v) {
  cJSON *(*ci_num)(double) = r->method == LS_EXP_BETA ? num10 : num; /* normal: arithmetic and sqrt only */
  cJSON *o = cJSON_CreateObject(), *ci = cJSON_CreateArray();
  int ok = o && ci && cJSON_AddItemToArray(ci, ci_num(v->ci_low)) && cJSON_AddItemToArray(ci, ci_num(v->ci_high));
  ok = ok && add(o, "name", cJSON_CreateString(v->name)) && add(o, "exposures", num((double)v->exposures)) &&
       add(o, "conversions", r->mean_goal ? cJSON_CreateNull() : num((double)v->conversions)) &&
       add(o, "rate", num(v->rate)) && add(o, "mean", num(v->mean)) && add(o, "sd", num(v->sd)) &&
       add(o, "pre_mean", num(v->pre_mean)) && add(o, "value", num(v->value)) && add(o, "ci", ci);
  if (!ok && ci && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "ci"))) cJSON_Delete(ci);
  ok = ok && add(o, "lift", num(v->lift)) && add(o, "chance", num10(v->chance)) &&
       add(o, "expected", num(v->expected)) && add(o, "significant", cJSON_CreateBool(v->significant));
  if (!ok) cJSON_Delete(o);
  return ok ? o : NULL;
}

static cJSON *reason_json(const ls_experiment *r) {
  static const char *const CODES[] = {NULL, "variants", "exposures", "conversions"};
  if (r->guard == LS_EXP_OK) return cJSON_CreateNull();
  cJSON *o = cJSON_CreateObject();
  int ok = o && add(o, "code", cJSON_CreateString(CODES[r->guard])) &&
           add(o, "variant", r->guard == LS_EXP_FEW_VARIANTS ? cJSON_CreateNull()
                                                             : cJSON_CreateString(r->v[r->guard_variant].name)) &&
           add(o, "count", num((double)r->guard_count)) && add(o, "min", num((double)r->guard_min));
  if (!ok) cJSON_Delete(o);
  return ok ? o : NULL;
}

static cJSON *cuped_json(const ls_experiment *r) {
  if (!r->cuped) return cJSON_CreateNull();
  cJSON *o = cJSON_CreateObject();
  int ok = o && add(o, "theta", num(r->theta)) && add(o, "variance_reduction", num(r->variance_reduction));
  if (!ok) cJSON_Delete(o);
  return ok ? o : NULL;
}

static char *result_json(const ls_experiment *r, const ls_experiment_query *q) {
  cJSON *o = cJSON_CreateObject(), *goal = cJSON_CreateObject(), *vs = cJSON_CreateArray(), *t = cJSON_CreateObject();
  int ok = o && add(o, "variant", cJSON_CreateString(q->variant)) && add(o, "goal", goal);
  if (!ok) cJSON_Delete(goal);
  ok = ok && add(goal, "event", text_or_null(q->goal_event)) && add(goal, "metric", text_or_null(q->metric)) &&
       add(o, "kind", cJSON_CreateString(r->mean_goal ? "mean" : "conversion")) &&
       add(o, "method", cJSON_CreateString(r->method == LS_EXP_BETA ? "beta" : "normal")) &&
       add(o, "control", r->nvariants ? cJSON_CreateString(r->v[r->control].name) : cJSON_CreateNull()) &&
       add(o, "exposure", text_or_null(q->exposure)) && add(o, "variants", vs);
  if (!ok && !cJSON_GetObjectItemCaseSensitive(o, "variants")) cJSON_Delete(vs);
  for (size_t v = 0; ok && v < r->nvariants; v++) ok = cJSON_AddItemToArray(vs, variant_json(r, &r->v[v]));
  ok = ok && add(o, "cuped", cuped_json(r)) && add(o, "cuped_requested", cJSON_CreateBool(q->cuped)) &&
       add(o, "users_with_pre", num((double)r->users_with_pre)) && add(o, "multiple", num((double)r->multiple)) &&
       add(o, "srm", cJSON_CreateBool(r->srm)) && add(o, "srm_test", t);
  if (!ok && !cJSON_GetObjectItemCaseSensitive(o, "srm_test")) cJSON_Delete(t);
  ok = ok && add(t, "chi2", num(r->srm_chi2)) && add(t, "df", num((double)r->srm_df)) && add(t, "p", num10(r->srm_p)) &&
       add(o, "insufficient", cJSON_CreateBool(r->guard != LS_EXP_OK)) && add(o, "reason", reason_json(r)) &&
       add(o, "winner", r->winner >= 0 ? cJSON_CreateString(r->v[r->winner].name) : cJSON_CreateNull());
  char *out = ok ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return out;
}

/* ---- API ---- */

ls_status ls_experiment_json(ls_workspace *ws, const char *spec, char **out) {
  *out = NULL;
  if (!ws) return LS_EINVAL;
  ls_alloc_init_json();
  cJSON *j = spec ? cJSON_Parse(spec) : NULL;
  if (!cJSON_IsObject(j)) {
    cJSON_Delete(j);
    return ls_workspace_fail(ws, LS_EINVAL, "experiment spec is not a JSON object");
  }
  spec_query s;
  memset(&s, 0, sizeof s);
  s.q = (ls_experiment_query)LS_EXPERIMENT_QUERY_INIT;
  ls_experiment *r = NULL;
  ls_status st = read_spec(ws, j, &s);
  if (st == LS_OK) st = ls_experiment_run(ws, &s.q, &r);
  if (st == LS_OK && !(*out = result_json(r, &s.q))) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  ls_experiment_free(r);
  ls_free(s.where);
  cJSON_Delete(j);
  return st;
}
