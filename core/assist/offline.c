/* offline.c: the assistant without a key (assist/offline.h): the matched
 * metric's catalog series (ls_metric_run, ls_metric_run_by), the monitor's
 * default rules on it (ls_monitor_run) and the insights (ls_insights_movers,
 * ls_insights_contrib). Nothing is computed here but the change between the
 * last two periods. Rules: docs/assistant.md "Offline answers". */
#include "assist/offline.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/jsonlist.h"
#include "base/timeutil.h"
#include "catalog/catalog.h"
#include "monitor/insights.h"
#include "monitor/monitor.h"

#define MATCH_MAX 8       /* matches listed in the answer */
#define SERIES_MAX 60     /* the last periods of the series */
#define MOVERS_MAX 3
#define CONTRIB_TOP 3     /* segments per dimension of the contribution */
#define SUGGEST_MAX 12

/* ---- private ---------------------------------------------------------- */

typedef struct {
  ls_status st; /* LS_ENOMEM once anything failed to allocate */
} build;

static cJSON *oom(build *b, cJSON *item) {
  if (!item) b->st = LS_ENOMEM;
  return item;
}

static void add_str(build *b, cJSON *o, const char *key, const char *v) {
  oom(b, v ? cJSON_AddStringToObject(o, key, v) : cJSON_AddNullToObject(o, key));
}

static void add_num(build *b, cJSON *o, const char *key, double v) { oom(b, ls_json_add_number(o, key, v)); }

static void add_period(build *b, cJSON *o, const char *key, const ls_series *s, size_t i) {
  char buf[LS_TIME_TEXT_MAX];
  ls_period_name(s->start[i], s->grain, s->tz, buf);
  add_str(b, o, key, buf);
}

/* The length of the valid UTF-8 sequence at p (n bytes left), 0 when it is
 * not one (a stray continuation, an overlong form, a surrogate, past
 * U+10FFFF, cut short). */
static size_t utf8_len(const unsigned char *p, size_t n) {
  if (p[0] < 0x80) return 1;
  size_t k = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
  if (k == 0 || p[0] > 0xF4 || k > n) return 0;
  for (size_t i = 1; i < k; i++)
    if ((p[i] & 0xC0) != 0x80) return 0;
  if (k == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0))) return 0;
  if (k == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))) return 0;
  return k;
}

/* The question as the answer shows it: its first QUESTION_SHOWN bytes, each
 * byte that is not part of valid UTF-8 as U+FFFD, so the JSON is text. A new
 * string (ls_free), NULL on out of memory. */
#define QUESTION_SHOWN 4096
static char *shown(const char *q) {
  size_t n = 0, j = 0;
  while (n < QUESTION_SHOWN && q[n]) n++;
  char *out = ls_malloc(3 * n + 1);
  if (!out) return NULL;
  for (size_t i = 0; i < n;) {
    size_t k = utf8_len((const unsigned char *)q + i, n - i);
    if (k) {
      memcpy(out + j, q + i, k);
      i += k, j += k;
    } else {
      memcpy(out + j, "\xEF\xBF\xBD", 3);
      i++, j += 3;
    }
  }
  out[j] = '\0';
  return out;
}

/* Whether def runs without arguments: no property needed, not always broken
 * down (the metrics the movers and the aggregates take). */
static int plain(const ls_metric_def *def) {
  return !(def->args & LS_ARG_PROPERTY_NEEDED) && !ls_metric_breaks_down(def);
}

static int loaded(const ls_workspace *ws, const ls_metric_def *def) { return ls_workspace_find(ws, def->needs) >= 0; }

/* The last two periods of s into o: period, value, previous_period,
 * previous, change (value - previous), change_pct (change / |previous| x
 * 100, null when previous is 0 or either is undefined). */
static void add_latest(build *b, cJSON *o, const ls_series *s) {
  size_t n = s->n;
  double v = s->value[n - 1], p = n >= 2 ? s->value[n - 2] : NAN;
  add_period(b, o, "period", s, n - 1);
  add_num(b, o, "value", v);
  if (n >= 2) add_period(b, o, "previous_period", s, n - 2);
  else add_str(b, o, "previous_period", NULL);
  add_num(b, o, "previous", p);
  add_num(b, o, "change", v - p);
  add_num(b, o, "change_pct", p != 0 ? (v - p) / fabs(p) * 100 : NAN);
}

/* The series of metric def at its default grain, or NULL (*st: LS_ENOMEM,
 * else not run: its dataset missing, an error of the data, no period). */
static ls_series *run(ls_workspace *ws, const ls_metric_def *def, ls_status *st) {
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  *st = ls_metric_run(ws, def->name, &q, &s);
  if (*st == LS_OK && s->n == 0) {
    ls_series_free(s);
    s = NULL;
  }
  return s;
}

/* The column dimension dim names on def's data: the column with its role in
 * def's dataset, then in the customers dataset; else one named dim (ASCII
 * case ignored) in either. NULL when none. */
static const char *dimension_column(const ls_workspace *ws, const ls_metric_def *def, const char *dim) {
  static const struct {
    const char *dim;
    ls_role role;
  } roles[] = {{"channel", LS_ROLE_CHANNEL}, {"plan", LS_ROLE_PLAN},         {"country", LS_ROLE_COUNTRY},
               {"segment", LS_ROLE_SEGMENT}, {"campaign", LS_ROLE_CAMPAIGN}, {"region", LS_ROLE_REGION}};
  int sets[2] = {ls_workspace_find(ws, def->needs), ls_workspace_find(ws, LS_KIND_CUSTOMERS)};
  for (int pass = 0; pass < 2; pass++)
    for (int k = 0; k < 2; k++) {
      if (sets[k] < 0) continue;
      const ls_detection *d = ls_workspace_detection(ws, (size_t)sets[k]);
      const ls_table *t = ls_workspace_table(ws, (size_t)sets[k]);
      for (size_t r = 0; pass == 0 && r < sizeof roles / sizeof *roles; r++)
        if (strcmp(roles[r].dim, dim) == 0 && d->col[roles[r].role] >= 0)
          return ls_column_name(ls_table_col(t, (size_t)d->col[roles[r].role]));
      for (size_t c = 0; pass == 1 && c < ls_table_ncols(t); c++) {
        const char *name = ls_column_name(ls_table_col(t, c));
        if (ls_ascii_ieq(name, strlen(name), dim)) return name;
      }
    }
  return NULL;
}

typedef struct {
  const char *label;
  double value;
} seg;

/* "by" and "segments" on o: metric def by column (NULL: its own
 * breakdown) at the latest period (start), best first (the lowest first
 * when lower is better; undefined last), each {label, value}. Both null when
 * it cannot be broken down so. */
static void add_segments(build *b, cJSON *o, ls_workspace *ws, const ls_metric_def *def, const char *column,
                         int64_t start) {
  ls_query q = LS_QUERY_INIT;
  q.by = column;
  ls_breakdown *bd = NULL;
  ls_status st = column || ls_metric_breaks_down(def) ? ls_metric_run_by(ws, def->name, &q, &bd) : LS_ENOTFOUND;
  if (st == LS_ENOMEM) b->st = st;
  seg *sg = st == LS_OK ? ls_calloc(bd->n + 1, sizeof *sg) : NULL;
  cJSON *arr = sg ? cJSON_CreateArray() : NULL;
  if (st == LS_OK && !arr) b->st = LS_ENOMEM;
  add_str(b, o, "by", arr ? bd->by : NULL);
  if (!arr || !cJSON_AddItemToObject(o, "segments", arr)) {
    if (arr) b->st = LS_ENOMEM;
    cJSON_Delete(arr);
    oom(b, cJSON_AddNullToObject(o, "segments"));
    ls_free(sg);
    ls_breakdown_free(bd);
    return;
  }
  int low = ls_metric_lower_is_better(def);
  size_t n = 0;
  for (size_t k = 0; k < bd->n; k++) {
    const ls_series *s = bd->series[k];
    double v = NAN;
    for (size_t i = 0; i < s->n; i++)
      if (s->start[i] == start) v = s->value[i];
    sg[n++] = (seg){bd->label[k], v};
  }
  /* insertion sort, stable: labels come sorted (at most LS_BREAKDOWN_MAX) */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0; j--) {
      double x = sg[j].value, y = sg[j - 1].value;
      int before = isnan(y) ? !isnan(x) : !isnan(x) && (low ? x < y : x > y);
      if (!before) break;
      seg t = sg[j];
      sg[j] = sg[j - 1], sg[j - 1] = t;
    }
  for (size_t k = 0; k < n; k++) {
    cJSON *x = oom(b, cJSON_CreateObject());
    if (!x || !cJSON_AddItemToArray(arr, x)) {
      cJSON_Delete(x);
      b->st = LS_ENOMEM;
      break;
    }
    add_str(b, x, "label", sg[k].label);
    add_num(b, x, "value", sg[k].value);
  }
  ls_free(sg);
  ls_breakdown_free(bd);
}

/* The default rules whose metric is def, judged on ws: [{id, severity,
 * status, message}] into arr. */
static void rules(build *b, ls_workspace *ws, const ls_metric_def *def, cJSON *arr) {
  cJSON *all = cJSON_Parse(ls_monitor_default_rules()), *r, *next;
  cJSON *list = all ? cJSON_GetObjectItemCaseSensitive(all, "rules") : NULL;
  if (!list) {
    b->st = LS_ENOMEM;
    cJSON_Delete(all);
    return;
  }
  for (r = list->child; r; r = next) { /* keep the rules on def */
    next = r->next;
    const char *m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "metric"));
    if (!m || strcmp(m, def->name) != 0) cJSON_Delete(cJSON_DetachItemViaPointer(list, r));
  }
  char *text = cJSON_GetArraySize(list) ? cJSON_PrintUnformatted(all) : NULL, *out = NULL;
  cJSON_Delete(all);
  if (!text) return; /* none on def (or out of memory: the run below says so) */
  ls_status st = ls_monitor_run(ws, text, INT64_MIN, &out);
  ls_free(text);
  if (st == LS_ENOMEM) b->st = st;
  cJSON *res = out ? cJSON_Parse(out) : NULL;
  ls_free(out);
  const cJSON *judged = res ? cJSON_GetObjectItemCaseSensitive(res, "rules") : NULL;
  cJSON_ArrayForEach(r, judged) {
    cJSON *o = oom(b, cJSON_CreateObject());
    if (!o || !cJSON_AddItemToArray(arr, o)) {
      cJSON_Delete(o);
      b->st = LS_ENOMEM;
      break;
    }
    static const char *const keys[] = {"id", "title", "type", "severity", "status", "message", "period"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
      add_str(b, o, keys[k], cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, keys[k])));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "value"), *th = cJSON_GetObjectItemCaseSensitive(r, "threshold");
    add_num(b, o, "value", cJSON_IsNumber(v) ? v->valuedouble : NAN);
    add_num(b, o, "threshold", cJSON_IsNumber(th) ? th->valuedouble : NAN);
  }
  cJSON_Delete(res);
}

/* The metric the answer is about among the matches: the best whose dataset
 * is loaded and, when a dimension is named, that it can be broken down by
 * (a column for it found); else the best whose dataset is loaded; else the
 * best match. NULL when nothing matched. */
static const ls_metric_def *choose(const ls_workspace *ws, const ls_assist_match *m, size_t n, const char *dim) {
  for (size_t i = 0; dim && i < n; i++) {
    const ls_metric_def *d = ls_catalog_find(m[i].metric);
    if (d && loaded(ws, d) && !ls_metric_breaks_down(d) && dimension_column(ws, d, dim)) return d;
  }
  for (size_t i = 0; i < n; i++) {
    const ls_metric_def *d = ls_catalog_find(m[i].metric);
    if (d && loaded(ws, d)) return d;
  }
  return n ? ls_catalog_find(m[0].metric) : NULL;
}

/* The metric's part of the answer: its series, latest, segments, rules,
 * movers and contribution, on o. */
static void about(build *b, ls_workspace *ws, const ls_metric_def *def, const char *dim, cJSON *o) {
  ls_status st = LS_OK;
  ls_series *s = loaded(ws, def) ? run(ws, def, &st) : NULL;
  if (!s && loaded(ws, def) && st == LS_ENOMEM) b->st = st;
  cJSON *latest = NULL, *series = NULL;
  if (s) {
    latest = oom(b, cJSON_AddObjectToObject(o, "latest"));
    if (latest) {
      add_latest(b, latest, s);
      oom(b, cJSON_AddBoolToObject(latest, "lower_is_better", ls_metric_lower_is_better(def)));
    }
    series = oom(b, cJSON_AddObjectToObject(o, "series"));
    cJSON *periods = series ? oom(b, cJSON_AddArrayToObject(series, "periods")) : NULL;
    cJSON *values = series ? oom(b, cJSON_AddArrayToObject(series, "values")) : NULL;
    for (size_t i = s->n > SERIES_MAX ? s->n - SERIES_MAX : 0; periods && values && i < s->n; i++) {
      char buf[LS_TIME_TEXT_MAX];
      ls_period_name(s->start[i], s->grain, s->tz, buf);
      if (!cJSON_AddItemToArray(periods, oom(b, cJSON_CreateString(buf))) ||
          !cJSON_AddItemToArray(values, oom(b, isfinite(s->value[i]) ? cJSON_CreateNumber(s->value[i])
                                                                     : cJSON_CreateNull())))
        b->st = LS_ENOMEM;
    }
    /* a metric always broken down shows its own segments; another, those
       of the dimension asked about */
    const char *column = ls_metric_breaks_down(def) || !dim ? NULL : dimension_column(ws, def, dim);
    add_segments(b, o, ws, def, column, s->start[s->n - 1]);
  } else {
    static const char *const nulls[] = {"latest", "series", "by", "segments"};
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++) oom(b, cJSON_AddNullToObject(o, nulls[i]));
  }
  cJSON *rl = oom(b, cJSON_AddArrayToObject(o, "rules"));
  if (rl) rules(b, ws, def, rl);
  /* the movers at the metric's grain, and its contribution analysis */
  ls_grain g = s ? s->grain : def->default_grain;
  cJSON *mv = NULL, *ct = NULL;
  st = ls_insights_movers(ws, g, INT64_MIN, MOVERS_MAX, &mv);
  if (st == LS_ENOMEM) b->st = st;
  if (!mv) mv = oom(b, cJSON_CreateArray());
  if (mv && !cJSON_AddItemToObject(o, "movers", mv)) cJSON_Delete(mv), b->st = LS_ENOMEM;
  if (s && s->n >= 2 && plain(def)) {
    st = ls_insights_contrib(ws, def->name, g, INT64_MIN, NULL, 0, CONTRIB_TOP, &ct);
    if (st == LS_ENOMEM) b->st = st;
  }
  if (ct && !cJSON_AddItemToObject(o, "contribution", ct)) cJSON_Delete(ct), b->st = LS_ENOMEM;
  else if (!ct) oom(b, cJSON_AddNullToObject(o, "contribution"));
  oom(b, cJSON_AddArrayToObject(o, "suggestions"));
  ls_series_free(s);
}

/* What the assistant can answer when nothing matched: the metrics that run
 * without arguments, those whose dataset is loaded first, at most
 * SUGGEST_MAX, in catalog order. */
static void suggest(build *b, const ls_workspace *ws, cJSON *arr) {
  size_t n = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < ls_catalog_count() && n < SUGGEST_MAX; i++) {
      const ls_metric_def *d = ls_catalog_at(i);
      if (!plain(d) || loaded(ws, d) != (pass == 0)) continue;
      if (!cJSON_AddItemToArray(arr, oom(b, cJSON_CreateString(d->name)))) b->st = LS_ENOMEM;
      n++;
    }
}

/* ---- API -------------------------------------------------------------- */

ls_status ls_assist_answer(ls_workspace *ws, const char *question, cJSON **out) {
  if (!ws || !out) return LS_EINVAL;
  *out = NULL;
  if (!question) question = "";
  build b = {LS_OK};
  ls_assist_match m[MATCH_MAX];
  size_t n = ls_assist_match_metrics(question, m, MATCH_MAX);
  const char *dim = ls_assist_match_dimension(question);
  const ls_metric_def *def = choose(ws, m, n, dim);
  cJSON *o = cJSON_CreateObject();
  if (!o) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  char *q = shown(question);
  if (!q) b.st = LS_ENOMEM;
  add_str(&b, o, "question", q ? q : "");
  ls_free(q);
  cJSON *matched = oom(&b, cJSON_AddArrayToObject(o, "matched"));
  for (size_t i = 0; matched && i < n; i++) {
    cJSON *x = oom(&b, cJSON_CreateObject());
    if (!x || !cJSON_AddItemToArray(matched, x)) {
      cJSON_Delete(x);
      b.st = LS_ENOMEM;
      break;
    }
    add_str(&b, x, "metric", m[i].metric);
    add_str(&b, x, "synonym", m[i].synonym);
    add_num(&b, x, "score", m[i].score);
  }
  add_str(&b, o, "metric", def ? def->name : NULL);
  add_str(&b, o, "title", def ? def->title : NULL);
  add_str(&b, o, "unit", def ? def->unit : NULL);
  add_str(&b, o, "description", def ? def->description : NULL);
  add_str(&b, o, "grain", def ? ls_grain_name(def->default_grain) : NULL);
  oom(&b, cJSON_AddBoolToObject(o, "available", def && loaded(ws, def)));
  add_str(&b, o, "dimension", dim);
  if (def) {
    about(&b, ws, def, dim, o);
  } else {
    static const char *const nulls[] = {"latest", "series", "by", "segments", "contribution"};
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++) oom(&b, cJSON_AddNullToObject(o, nulls[i]));
    oom(&b, cJSON_AddArrayToObject(o, "rules"));
    cJSON *mv = NULL;
    ls_status st = ls_insights_movers(ws, LS_GRAIN_WEEK, INT64_MIN, MOVERS_MAX, &mv);
    if (st == LS_ENOMEM) b.st = st;
    if (!mv) mv = oom(&b, cJSON_CreateArray());
    if (mv && !cJSON_AddItemToObject(o, "movers", mv)) cJSON_Delete(mv), b.st = LS_ENOMEM;
    cJSON *sg = oom(&b, cJSON_AddArrayToObject(o, "suggestions"));
    if (sg) suggest(&b, ws, sg);
  }
  if (b.st != LS_OK) {
    cJSON_Delete(o);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *out = o;
  return LS_OK;
}

ls_status ls_assist_aggregates(ls_workspace *ws, cJSON **out) {
  if (!ws || !out) return LS_EINVAL;
  *out = NULL;
  build b = {LS_OK};
  cJSON *o = cJSON_CreateObject(), *arr = o ? cJSON_AddArrayToObject(o, "aggregates") : NULL;
  for (size_t i = 0; arr && b.st == LS_OK && i < ls_catalog_count(); i++) {
    const ls_metric_def *def = ls_catalog_at(i);
    if (!plain(def) || !loaded(ws, def)) continue;
    ls_status st;
    ls_series *s = run(ws, def, &st);
    if (st == LS_ENOMEM) b.st = st;
    if (!s) continue;
    cJSON *x = oom(&b, cJSON_CreateObject());
    if (x && cJSON_AddItemToArray(arr, x)) {
      add_str(&b, x, "metric", def->name);
      add_str(&b, x, "unit", def->unit);
      add_str(&b, x, "grain", ls_grain_name(s->grain));
      add_latest(&b, x, s);
    } else {
      cJSON_Delete(x);
      b.st = LS_ENOMEM;
    }
    ls_series_free(s);
  }
  if (!arr || b.st != LS_OK) {
    cJSON_Delete(o);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *out = o;
  return LS_OK;
}
