/* ops_monitor.c: the monitoring exports (issue 6): the rules run
 * (monitor/monitor.h), the webhook payload (monitor/notify.h), the report
 * (report/report.h) and the insights (monitor/insights.h). Conventions as
 * exports.c says: a JSON spec in, a NUL-terminated text out (JSON, or the
 * report's Markdown or HTML) that the caller frees with lsw_free, NULL on
 * failure with the status in lsw_status(w) and the message on the workspace. */
#include <emscripten.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "monitor/insights.h"
#include "monitor/monitor.h"
#include "monitor/notify.h"
#include "ops.h"
#include "report/report.h"

#define LSW_MOVERS 10       /* the movers the page shows */
#define LSW_CONTRIB_TOP 5   /* segments per dimension of a contribution */
#define LSW_CONTRIB_MAX 3   /* metrics whose contributions are asked when none is named */
#define LSW_DIMS_MAX 16

/* ---- private ---- */

/* The text of spec's key into *out: NULL when absent or null; 0 when it is
 * something else (the message then on w, naming op and key). */
static int text_of(lsw_ws *w, const cJSON *j, const char *op, const char *key, const char **out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  *out = NULL;
  if (!v || cJSON_IsNull(v)) return 1;
  if (cJSON_IsString(v)) {
    *out = v->valuestring;
    return 1;
  }
  ls_workspace_fail(w->ws, LS_EINVAL, "%s: \"%s\" must be text", op, key);
  return 0;
}

/* The instant of spec's "at" into *at: absent or null: INT64_MIN (the
 * workspace's as-of); a bare day (YYYY-MM-DD) is included whole: it ends at
 * the start of the next day in the workspace zone; a full time is that
 * local time. LS_EINVAL on w for anything else. */
static ls_status at_of(lsw_ws *w, const cJSON *j, const char *op, int64_t *at) {
  const char *text;
  *at = INT64_MIN;
  if (!text_of(w, j, op, "at", &text)) return LS_EINVAL;
  if (!text) return LS_OK;
  size_t len = strlen(text);
  int64_t t;
  if (!ls_time_parse(text, len, &t)) return ls_workspace_fail(w->ws, LS_EINVAL, "%s: bad date \"%.64s\"", op, text);
  *at = ls_tz_from_local(ls_workspace_tz(w->ws), len == 10 ? t + LS_MS_PER_DAY : t);
  return LS_OK;
}

/* One of names (n of them) as spec's key into *out (kept when absent or
 * null); LS_EINVAL on w naming the key otherwise. */
static ls_status choice_of(lsw_ws *w, const cJSON *j, const char *op, const char *key,
                           const char *const *names, int n, int *out) {
  const char *text;
  if (!text_of(w, j, op, key, &text)) return LS_EINVAL;
  if (!text) return LS_OK;
  for (int i = 0; i < n; i++)
    if (strcmp(text, names[i]) == 0) {
      *out = i;
      return LS_OK;
    }
  return ls_workspace_fail(w->ws, LS_EINVAL, "%s: unknown %s \"%.64s\"", op, key, text);
}

/* The export's end: the status on w, the text or NULL. */
static char *finish(lsw_ws *w, ls_status st, char *out) {
  if (st == LS_OK && !out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  if (st != LS_OK && out) {
    ls_free(out);
    out = NULL;
  }
  w->status = st;
  return out;
}

/* The dims of spec ([texts], absent or null: none) into names, *n of them. */
static ls_status dims_of(lsw_ws *w, const cJSON *j, const char **names, size_t *n) {
  const cJSON *dims = cJSON_GetObjectItemCaseSensitive(j, "dims"), *d;
  *n = 0;
  if (!dims || cJSON_IsNull(dims)) return LS_OK;
  if (!cJSON_IsArray(dims) || cJSON_GetArraySize(dims) > LSW_DIMS_MAX)
    return ls_workspace_fail(w->ws, LS_EINVAL, "insights: \"dims\" must be an array of at most %d column names",
                             LSW_DIMS_MAX);
  cJSON_ArrayForEach(d, dims) {
    if (!cJSON_IsString(d) || !d->valuestring[0])
      return ls_workspace_fail(w->ws, LS_EINVAL, "insights: \"dims\" must be an array of column names");
    names[(*n)++] = d->valuestring;
  }
  return LS_OK;
}

/* The contributions to the change of metric, appended to arr. */
static ls_status contrib_into(lsw_ws *w, const char *metric, ls_grain g, int64_t at, const char **dims,
                              size_t n_dims, cJSON *arr) {
  cJSON *c = NULL;
  ls_status st = ls_insights_contrib(w->ws, metric, g, at, dims, n_dims, LSW_CONTRIB_TOP, &c);
  if (st == LS_OK && !cJSON_AddItemToArray(arr, c)) {
    cJSON_Delete(c);
    st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  return st;
}

/* ---- API ---- */

/* The rules run for spec {"rules": the rules file's text | null (the
 * default rules), "at": a day or time | null (the workspace's as-of)}: the
 * JSON of ls_monitor_run (monitor/monitor.h). A bad rules file fails with
 * LS_EINVAL or LS_EPARSE and the message naming the rule. */
EMSCRIPTEN_KEEPALIVE char *lsw_monitor(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL;
  const char *rules = NULL;
  int64_t at = INT64_MIN;
  char *out = NULL;
  ls_status st = lsw_parse_spec(w, spec, "monitor", &j);
  if (st == LS_OK && !text_of(w, j, "monitor", "rules", &rules)) st = LS_EINVAL;
  if (st == LS_OK) st = at_of(w, j, "monitor", &at);
  if (st == LS_OK) st = ls_monitor_run(w->ws, rules, at, &out);
  cJSON_Delete(j);
  return finish(w, st, out);
}

/* The default rules file (JSON text; ls_monitor_default_rules), a copy the
 * caller frees with lsw_free. NULL on out of memory. */
EMSCRIPTEN_KEEPALIVE char *lsw_default_rules(void) {
  const char *r = ls_monitor_default_rules();
  size_t n = strlen(r) + 1;
  char *out = ls_malloc(n);
  if (out) memcpy(out, r, n);
  return out;
}

/* The webhook body for spec {"monitor": a lsw_monitor result (text or the
 * object itself), "target": "slack" | "feishu" | "dingtalk", "lang": "en" |
 * "zh-CN" | "zh-TW" (default en)} as JSON text (monitor/notify.h). */
EMSCRIPTEN_KEEPALIVE char *lsw_notify(lsw_ws *w, const char *spec) {
  static const char *const targets[] = {"slack", "feishu", "dingtalk"};
  static const char *const langs[] = {"en", "zh-CN", "zh-TW"};
  if (!w) return NULL;
  cJSON *j = NULL;
  int target = -1, lang = 0;
  char *monitor = NULL, *out = NULL;
  ls_status st = lsw_parse_spec(w, spec, "notify", &j);
  if (st == LS_OK) st = choice_of(w, j, "notify", "target", targets, 3, &target);
  if (st == LS_OK) st = choice_of(w, j, "notify", "lang", langs, 3, &lang);
  if (st == LS_OK && target < 0) st = ls_workspace_fail(w->ws, LS_EINVAL, "notify: \"target\" is required");
  if (st == LS_OK) {
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "monitor");
    if (cJSON_IsString(m)) monitor = ls_strdup(m->valuestring);
    else if (cJSON_IsObject(m)) monitor = cJSON_PrintUnformatted(m);
    else st = ls_workspace_fail(w->ws, LS_EINVAL, "notify: \"monitor\" must be a monitor result");
    if (st == LS_OK && !monitor) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  if (st == LS_OK) {
    st = ls_notify_payload(monitor, targets[target], langs[lang], &out);
    if (st != LS_OK && st != LS_ENOMEM) ls_workspace_fail(w->ws, st, "notify: \"monitor\" is not a monitor result");
    else if (st == LS_ENOMEM) ls_workspace_fail(w->ws, st, "out of memory");
  }
  ls_free(monitor);
  cJSON_Delete(j);
  return finish(w, st, out);
}

/* The report for spec {"period": "daily" | "weekly" (default) | "monthly",
 * "at": a day or time | null, "format": "html" (default) | "md", "lang":
 * "en" (default) | "zh-CN" | "zh-TW", "rules": text | null (the default
 * rules)}: the report's text (report/report.h), not JSON. */
EMSCRIPTEN_KEEPALIVE char *lsw_report(lsw_ws *w, const char *spec) {
  static const char *const periods[] = {"daily", "weekly", "monthly"};
  static const char *const formats[] = {"md", "html"};
  if (!w) return NULL;
  cJSON *j = NULL;
  const char *rules = NULL, *lang = NULL;
  int period = LS_REPORT_WEEKLY, format = LS_REPORT_HTML;
  int64_t at = INT64_MIN;
  char *out = NULL;
  ls_status st = lsw_parse_spec(w, spec, "report", &j);
  if (st == LS_OK) st = choice_of(w, j, "report", "period", periods, 3, &period);
  if (st == LS_OK) st = choice_of(w, j, "report", "format", formats, 2, &format);
  if (st == LS_OK && (!text_of(w, j, "report", "rules", &rules) || !text_of(w, j, "report", "lang", &lang)))
    st = LS_EINVAL;
  if (st == LS_OK) st = at_of(w, j, "report", &at);
  if (st == LS_OK)
    st = ls_report(w->ws, (ls_report_period)period, at, rules, (ls_report_format)format, lang ? lang : "en", &out);
  cJSON_Delete(j);
  return finish(w, st, out);
}

/* Insights for spec {"grain": "day" | "week" (default) | "month", "at": a
 * day or time | null, "metric": a catalog name | null, "dims": [columns] |
 * null}: {"movers": [...] (the top 10, monitor/insights.h), "contributions":
 * [...]}: for metric, its contribution analysis; without one, those of the
 * first three movers that changed (a mover whose contribution cannot be
 * computed is left out, not an error). */
EMSCRIPTEN_KEEPALIVE char *lsw_insights(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL, *movers = NULL, *o = NULL, *contribs = NULL;
  const char *grain = NULL, *metric = NULL, *dims[LSW_DIMS_MAX];
  size_t n_dims = 0;
  int64_t at = INT64_MIN;
  ls_grain g = LS_GRAIN_WEEK;
  ls_status st = lsw_parse_spec(w, spec, "insights", &j);
  if (st == LS_OK && (!text_of(w, j, "insights", "grain", &grain) || !text_of(w, j, "insights", "metric", &metric)))
    st = LS_EINVAL;
  if (st == LS_OK && grain && !(g = ls_grain_parse(grain)))
    st = ls_workspace_fail(w->ws, LS_EINVAL, "insights: unknown grain \"%.64s\"", grain);
  if (st == LS_OK) st = at_of(w, j, "insights", &at);
  if (st == LS_OK) st = dims_of(w, j, dims, &n_dims);
  if (st == LS_OK) st = ls_insights_movers(w->ws, g, at, LSW_MOVERS, &movers);
  if (st == LS_OK) {
    o = cJSON_CreateObject();
    contribs = cJSON_CreateArray();
    if (!o || !contribs || !cJSON_AddItemToObject(o, "movers", movers)) st = LS_ENOMEM;
    else movers = NULL;
    if (st == LS_OK && !cJSON_AddItemToObject(o, "contributions", contribs)) st = LS_ENOMEM;
    else if (st == LS_OK) contribs = NULL;
    if (st != LS_OK) ls_workspace_fail(w->ws, st, "out of memory");
  }
  if (st == LS_OK && metric) {
    st = contrib_into(w, metric, g, at, dims, n_dims, cJSON_GetObjectItemCaseSensitive(o, "contributions"));
  } else if (st == LS_OK) {
    const cJSON *m, *arr = cJSON_GetObjectItemCaseSensitive(o, "movers");
    size_t asked = 0;
    cJSON_ArrayForEach(m, arr) {
      const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "metric"));
      const cJSON *ch = cJSON_GetObjectItemCaseSensitive(m, "change");
      if (asked == LSW_CONTRIB_MAX || !name || !cJSON_IsNumber(ch) || ch->valuedouble == 0) continue;
      asked++;
      ls_status cs = contrib_into(w, name, g, at, dims, n_dims, cJSON_GetObjectItemCaseSensitive(o, "contributions"));
      if (cs == LS_ENOMEM) {
        st = cs;
        break;
      }
      if (cs != LS_OK) ls_workspace_fail(w->ws, LS_OK, "%s", ""); // left out: its message is not the op's
    }
  }
  char *out = st == LS_OK ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(movers);
  cJSON_Delete(contribs);
  cJSON_Delete(o);
  cJSON_Delete(j);
  return finish(w, st, out);
}
