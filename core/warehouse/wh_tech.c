/* wh_tech.c: the task metrics of an events table as SQL
 * (warehouse/whbuild.h): task_success_rate, error_rate and failures.
 * docs/metrics.md ("Technical and task metrics") defines each;
 * docs/warehouse.md says how the SQL reads them.
 *
 * An event's outcome comes from one column, the first the mapping has of: the
 * success role, the error_code role, the status role, a number column named
 * "status" in the events' schema (metrics/techmetrics.c). The schema's type
 * of the column says how its cells read (text, a flag, a number); without a
 * schema entry a success column is a flag and the others are text. Default
 * settings: error_status = 5xx. */
#include <string.h>

#include "base/ascii.h"
#include "warehouse/whbuild.h"

#define EV LS_KIND_EVENTS
#define ERROR_FROM "500" /* error_status = 5xx */

enum { O_NONE = 0, O_SUCCESS = 1, O_FAILURE = 2, O_ERROR = 3 };

/* ---- private: outcomes ---- */

/* the outcome column (quoted), its role (-1: the "status" column) and its
 * Lodestar type into *ty; NULL after failing when there is none */
static const char *outcome_col(wh_ctx *c, int *role, const char **ty) {
  static const ls_role order[] = {LS_ROLE_SUCCESS, LS_ROLE_ERROR_CODE, LS_ROLE_STATUS};
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
    if (wh_has(c, EV, order[i])) {
      *role = (int)order[i];
      *ty = wh_schema_type(c, EV, c->m->t[EV].col[order[i]], 0);
      if (!*ty) *ty = order[i] == LS_ROLE_SUCCESS ? "bool" : "string";
      return wh_col(c, EV, order[i], NULL);
    }
  *role = -1;
  const ls_wh_table *t = &c->m->t[EV];
  for (size_t i = 0; t->present && i < t->nschema; i++) {
    const char *n = t->schema[i].name, *y = t->schema[i].type;
    if (ls_ascii_ieq(n, strlen(n), "status") && (strcmp(y, "int") == 0 || strcmp(y, "float") == 0)) {
      *ty = y;
      c->property = n; /* named in the header's events line */
      return wh_name(c, n);
    }
  }
  wh_fail(c, "%s has no outcome column (a success, error_code or status column, or a number column named status)",
          t->present ? t->table : "the events table");
  return NULL;
}

/* the outcome of an HTTP status x (a double) */
static const char *of_status(wh_ctx *c, const char *x) {
  return wh_s(c, "CASE WHEN %s < 400 THEN %d WHEN %s >= " ERROR_FROM " THEN %d ELSE %d END", x, O_SUCCESS, x, O_ERROR,
              O_FAILURE);
}

/* the outcome of a number x in an error_code column: 0 success, 100 to 599
 * an HTTP status, any other a failure and error */
static const char *of_code(wh_ctx *c, const char *x) {
  return wh_s(c, "CASE WHEN %s = 0 THEN %d WHEN %s >= 100 AND %s < 600 THEN %s ELSE %d END", x, O_SUCCESS, x, x,
              of_status(c, x), O_ERROR);
}

/* the outcome of a text cell x: a number (as strtod reads a whole decimal)
 * as above, else the success and failure words, else (code) an error */
static const char *of_text(wh_ctx *c, const char *x, int code) {
  static const char *const ok[] = {"ok",     "success", "succeeded", "successful", "true", "pass",
                                   "passed", "done",    "complete",  "completed",  "成功", NULL};
  static const char *const bad[] = {"error",   "fail",      "failed", "failure", "false",
                                    "timeout", "exception", "失败",   "错误",    NULL};
  const char *re = "'^[ \\t\\n\\v\\f\\r]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'";
  const char *is_num, *num;
  if (c->d == LS_WH_CLICKHOUSE) {
    is_num = wh_s(c, "match(%s, %s)", x, re);
    num = wh_s(c, "toFloat64OrZero(replaceRegexpAll(%s, '^[ \\t\\n\\v\\f\\r]*[+]?', ''))", x);
  } else if (c->d == LS_WH_POSTGRES) {
    is_num = wh_s(c, "%s ~ %s", x, wh_s(c, "E%s", re));
    num = wh_s(c, "CAST(%s AS double precision)", x);
  } else {
    is_num = wh_s(c, "regexp_matches(%s, %s)", x, re);
    num = wh_s(c, "TRY_CAST(trim(%s, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)) AS DOUBLE)", x);
  }
  const char *low = wh_s(c, "lower(%s)", x); /* the words are lower case */
  return wh_s(c, "CASE WHEN length(%s) < 32 AND %s THEN %s WHEN %s%s THEN %d WHEN %s%s THEN %d ELSE %d END", x, is_num,
              code ? of_code(c, num) : of_status(c, num), low, wh_in_list(c, ok), O_SUCCESS, low, wh_in_list(c, bad),
              O_ERROR, code ? O_ERROR : O_NONE);
}

/* the outcome (O_*) of an events row */
static const char *outcome(wh_ctx *c) {
  int role;
  const char *ty;
  const char *x = outcome_col(c, &role, &ty);
  if (!x) return "0";
  int code = role == LS_ROLE_ERROR_CODE;
  const char *v;
  if (strcmp(ty, "string") == 0) {
    v = of_text(c, x, code);
  } else if (strcmp(ty, "bool") == 0) {
    const char *b = c->d == LS_WH_CLICKHOUSE ? x : wh_s(c, "CAST(%s AS integer)", x);
    v = wh_s(c, "CASE WHEN %s <> 0 THEN %d ELSE %d END", b, O_SUCCESS, O_ERROR);
  } else {
    const char *n = wh_e_double(c, x);
    v = role == LS_ROLE_SUCCESS ? wh_s(c, "CASE WHEN %s <> 0 THEN %d ELSE %d END", n, O_SUCCESS, O_ERROR)
        : code                  ? of_code(c, n)
                                : of_status(c, n);
  }
  return wh_s(c, "CASE WHEN %s IS NULL THEN %d ELSE %s END", x, code ? O_SUCCESS : O_NONE, v);
}

/* an aggregate over the outcomes o of each period's events */
static int over_outcomes(wh_ctx *c, const char *agg, const char *missing) {
  const char *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  const char *rows =
      wh_s(c, "(SELECT %s AS vp, %s AS o FROM %s WHERE %s IS NOT NULL AND %s)",
           wh_e_trunc(c, c->grain, wh_local(c, ts)), outcome(c), wh_table(c, EV), ts, wh_event_filter(c, NULL));
  wh_per_period(c, EV, wh_s(c, "(SELECT oc.vp AS vp, %s AS value FROM %s AS oc GROUP BY oc.vp)", agg, rows), missing);
  return !c->failed;
}

/* events of outcome want / events with an outcome */
static int outcome_rate(wh_ctx *c, const char *want) {
  return over_outcomes(c,
                       wh_e_div(c, wh_s(c, "sum(CASE WHEN oc.o %s THEN 1 ELSE 0 END)", want),
                                wh_s(c, "sum(CASE WHEN oc.o <> %d THEN 1 ELSE 0 END)", O_NONE)),
                       "NULL");
}

/* ---- private: the metrics ---- */

static int task_success_rate(wh_ctx *c) { return outcome_rate(c, wh_s(c, "= %d", O_SUCCESS)); }
static int error_rate(wh_ctx *c) { return outcome_rate(c, wh_s(c, "= %d", O_ERROR)); }
static int failures(wh_ctx *c) {
  return over_outcomes(c, wh_s(c, "sum(CASE WHEN oc.o IN (%d, %d) THEN 1 ELSE 0 END)", O_FAILURE, O_ERROR), "0");
}

/* ---- private: features (the event names) ---- */

/* the event name of a row folded as conditions compare it (ASCII case) */
static const char *feature_key(wh_ctx *c, const char *ev) {
  return c->d == LS_WH_CLICKHOUSE ? wh_s(c, "assumeNotNull(lower(%s))", ev) : wh_s(c, "lower(%s)", ev);
}

/* the features as a breakdown: period, the event column, num / den per
 * feature and period over the grid of periods and features, where num is a
 * subquery (np, nfk, n) per period and folded feature, den one (dp, d) per
 * period; empty when den is 0 */
static int features(wh_ctx *c, const char *num, const char *den) {
  const char *ev = wh_col(c, EV, LS_ROLE_EVENT, NULL);
  const char *seg = wh_s(c, "(SELECT %s AS fk, min(%s) AS label FROM %s WHERE %s IS NOT NULL AND %s GROUP BY %s)",
                         feature_key(c, ev), ev, wh_table(c, EV), ev, wh_event_filter(c, NULL), feature_key(c, ev));
  const char *grid = wh_s(c, "(SELECT cal.p AS p, sg.fk AS fk, sg.label AS label FROM %s AS cal CROSS JOIN %s AS sg)",
                          wh_calendar(c, EV, c->grain), seg);
  const char *with_num = wh_s(c,
                              "(SELECT gr.p AS p, gr.label AS label, nm.n AS n FROM %s AS gr %s %s AS nm ON gr.p = "
                              "nm.np AND gr.fk = nm.nfk)",
                              grid, wh_join(c->d, 1), num);
  ls_text_printf(c->b,
                 "SELECT %s AS period, x.label AS %s, %s AS value\nFROM %s AS x\n%s %s AS dn ON x.p = dn.dp\nORDER BY "
                 "x.p, x.label%s",
                 wh_e_label(c, c->grain, "x.p"), wh_name(c, c->m->t[EV].col[LS_ROLE_EVENT]),
                 wh_e_div(c, "COALESCE(x.n, 0)", "dn.d"), with_num, wh_join(c->d, 1), den,
                 c->d == LS_WH_POSTGRES ? " COLLATE \"C\"" : "");
  return !c->failed;
}

/* the rows of the features' counts: a time and an event name */
static const char *feature_rows(wh_ctx *c, int users) {
  const char *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL), *ev = wh_col(c, EV, LS_ROLE_EVENT, NULL);
  const char *w = wh_s(c, "%s IS NOT NULL AND %s IS NOT NULL", ts, ev);
  return users ? wh_s(c, "%s AND %s IS NOT NULL", w, wh_user(c, NULL)) : w;
}

/* users with an event of the feature / users with any event */
static int feature_penetration(wh_ctx *c) {
  const char *u = wh_user(c, NULL), *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL);
  const char *ev = wh_col(c, EV, LS_ROLE_EVENT, NULL), *t = wh_table(c, EV);
  const char *vp = wh_e_trunc(c, c->grain, wh_local(c, ts));
  const char *num = wh_s(c, "(SELECT %s AS np, %s AS nfk, %s AS n FROM %s WHERE %s GROUP BY %s, %s)", vp,
                         feature_key(c, ev), wh_e_distinct(c, u), t, feature_rows(c, 1), vp, feature_key(c, ev));
  const char *den = wh_s(c, "(SELECT %s AS dp, %s AS d FROM %s WHERE %s IS NOT NULL AND %s IS NOT NULL GROUP BY %s)",
                         vp, wh_e_distinct(c, u), t, u, ts, vp);
  return features(c, num, den);
}

/* events of the feature / events with any feature */
static int feature_share(wh_ctx *c) {
  const char *ts = wh_col(c, EV, LS_ROLE_TIMESTAMP, NULL), *ev = wh_col(c, EV, LS_ROLE_EVENT, NULL);
  const char *t = wh_table(c, EV), *vp = wh_e_trunc(c, c->grain, wh_local(c, ts));
  const char *num = wh_s(c, "(SELECT %s AS np, %s AS nfk, count(*) AS n FROM %s WHERE %s GROUP BY %s, %s)", vp,
                         feature_key(c, ev), t, feature_rows(c, 0), vp, feature_key(c, ev));
  const char *den =
      wh_s(c, "(SELECT %s AS dp, count(*) AS d FROM %s WHERE %s GROUP BY %s)", vp, t, feature_rows(c, 0), vp);
  return features(c, num, den);
}

/* ---- API ---- */

const struct wh_builder WH_TECH[] = {
    {"task_success_rate", 0, task_success_rate},     {"error_rate", 0, error_rate},       {"failures", 0, failures},
    {"feature_penetration", 0, feature_penetration}, {"feature_share", 0, feature_share},
};
const size_t WH_TECH_COUNT = sizeof WH_TECH / sizeof WH_TECH[0];
