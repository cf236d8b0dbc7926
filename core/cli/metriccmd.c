/* metriccmd.c: metric, cohorts and settings (cli/metriccmd.h). */
#include "cli/metriccmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "catalog/catalog.h"
#include "cJSON.h"
#include "cli/loadargs.h"
#include "metrics/cohorts.h"
#include "workspace/settings.h"

#define MAX_SET 32

typedef struct {
  cli_load load;
  ls_query q;
  const char *from, *to, *metric;
  cli_where wh;
  const char *set[MAX_SET];
  int nset;
  int json;
} query_args;

/* ---- private: arguments ---- */

static void args_free(query_args *a) {
  cli_where_free(&a->wh);
  cli_load_free(&a->load);
}

/* a count of 1 to LS_BREAKDOWN_MAX in text s into *out */
static int top_count(const char *s, size_t *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*end || end == s || v < 1 || v > LS_BREAKDOWN_MAX) return 0;
  *out = (size_t)v;
  return 1;
}

/* Parse argv for command cmd (NAME already taken); extra is an option only
 * this command takes with a value ("--metric"), or NULL. 0 when parsed;
 * otherwise the exit status after printing the error. */
static int parse(query_args *a, const char *cmd, const char *extra, int argc, char **argv) {
  memset(a, 0, sizeof *a);
  a->q = (ls_query)LS_QUERY_INIT;
  if (!cli_load_init(&a->load, argc)) return 1;
  for (int i = 0; i < argc; i++) {
    int w;
    const char *o = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int used = 2;
    if (strcmp(o, "--grain") == 0 && val && ls_grain_parse(val)) {
      a->q.grain = ls_grain_parse(val);
    } else if (strcmp(o, "--from") == 0 && val && ls_time_parse(val, strlen(val), &a->q.from)) {
      a->from = val;
    } else if (strcmp(o, "--to") == 0 && val && ls_time_parse(val, strlen(val), &a->q.to)) {
      a->to = val;
    } else if (strcmp(o, "--by") == 0 && val && *val) {
      a->q.by = val;
    } else if (strcmp(o, "--event") == 0 && val && *val) {
      a->q.event = val;
    } else if (strcmp(o, "--property") == 0 && val && *val) {
      a->q.property = val;
    } else if (strcmp(o, "--top") == 0 && val && top_count(val, &a->q.top)) {
      /* read */
    } else if (strcmp(o, "--where") == 0 && (w = cli_where_add(&a->wh, cmd, val)) != 0) {
      if (w < 0) return w == -1 ? 2 : 1;
      a->q.scope = a->wh.scope;
    } else if (strcmp(o, "--set") == 0 && val && strchr(val, '=')) {
      if (a->nset == MAX_SET) return cli_usage("%s: at most %d --set", cmd, MAX_SET);
      a->set[a->nset++] = val;
    } else if (strcmp(o, "--format") == 0 && val && (!strcmp(val, "csv") || !strcmp(val, "json"))) {
      a->json = strcmp(val, "json") == 0;
    } else if (extra && strcmp(o, extra) == 0 && val) {
      a->metric = val;
    } else {
      int k = cli_load_arg(&a->load, cmd, o, val);
      if (k < 0) return 2;
      if (k == 0) return cli_usage("%s: bad or incomplete option %s", cmd, o);
      used = k;
    }
    i += used - 1;
  }
  if (a->load.nfiles == 0) return cli_usage("%s: no files given", cmd);
  /* settings are checked before any file is read */
  ls_settings check;
  ls_settings_default(&check);
  for (int i = 0; i < a->nset; i++) {
    char key[64], err[256];
    const char *eq = strchr(a->set[i], '=');
    snprintf(key, sizeof key, "%.*s", (int)(eq - a->set[i]), a->set[i]);
    if (ls_settings_set(&check, key, eq + 1, err, sizeof err) != LS_OK) return cli_usage("%s: --set %s", cmd, err);
  }
  /* --from / --to name times in the workspace zone */
  if (a->from) a->q.from = ls_tz_from_local(a->load.tz, a->q.from);
  if (a->to) a->q.to = ls_tz_from_local(a->load.tz, a->q.to);
  return 0;
}

/* The workspace with the files loaded and the settings applied; NULL after
 * printing the error. */
static ls_workspace *workspace(const query_args *a) {
  ls_workspace *ws = cli_load_workspace(&a->load);
  for (int i = 0; ws && i < a->nset; i++) {
    char key[64];
    const char *eq = strchr(a->set[i], '=');
    snprintf(key, sizeof key, "%.*s", (int)(eq - a->set[i]), a->set[i]);
    ls_workspace_set(ws, key, eq + 1); /* checked in parse */
  }
  return ws;
}

static int data_error(ls_workspace *ws) {
  fprintf(stderr, "lodestar: %s\n", ls_workspace_errmsg(ws));
  return 1;
}

/* ---- private: output ---- */


/* series[0..n) (labels NULL: one unbroken series) as CSV or JSON */
static void print_series(const ls_metric_def *def, ls_series *const *series, char *const *labels, size_t n,
                         const char *by, int json) {
  char period[LS_TIME_TEXT_MAX], num[LS_NUMFMT_MAX];
  if (!json) {
    fputs("period,", stdout);
    if (by) {
      cli_csv_text(by);
      putchar(',');
    }
    puts("value");
    size_t np = n ? series[0]->n : 0;
    for (size_t i = 0; i < np; i++)
      for (size_t s = 0; s < n; s++) {
        ls_period_name(series[s]->start[i], series[s]->grain, series[s]->tz, period);
        printf("%s,", period);
        if (labels) {
          cli_csv_text(labels[s]);
          putchar(',');
        }
        printf("%s\n", ls_fmt_double(series[s]->value[i], num));
      }
    return;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "metric", def->name);
  cJSON_AddStringToObject(o, "unit", def->unit);
  cJSON_AddStringToObject(o, "grain", n ? ls_grain_name(series[0]->grain) : ls_grain_name(def->default_grain));
  if (by) cJSON_AddStringToObject(o, "by", by);
  else cJSON_AddNullToObject(o, "by");
  cJSON *rows = cJSON_AddArrayToObject(o, "rows");
  size_t np = n ? series[0]->n : 0;
  for (size_t i = 0; rows && i < np; i++)
    for (size_t s = 0; s < n; s++) {
      cJSON *r = cJSON_CreateObject();
      if (!r) continue;
      ls_period_name(series[s]->start[i], series[s]->grain, series[s]->tz, period);
      cJSON_AddStringToObject(r, "period", period);
      if (labels) cJSON_AddStringToObject(r, "segment", labels[s]);
      double v = series[s]->value[i];
      if (isnan(v) || isinf(v)) cJSON_AddNullToObject(r, "value");
      else cJSON_AddRawToObject(r, "value", ls_fmt_double(v, num));
      cJSON_AddItemToArray(rows, r);
    }
  char *text = cJSON_PrintUnformatted(o);
  if (text) puts(text);
  ls_free(text);
  cJSON_Delete(o);
}

/* the column holding the currency of the dataset metric def needs, or NULL */
static const char *currency_column(ls_workspace *ws, const ls_metric_def *def) {
  int di = ls_workspace_find(ws, def->needs);
  if (di < 0) return NULL;
  int c = ls_workspace_detection(ws, (size_t)di)->col[LS_ROLE_CURRENCY];
  return c < 0 ? NULL : ls_column_name(ls_table_col(ls_workspace_table(ws, (size_t)di), (size_t)c));
}

/* ---- API ---- */

int cli_metric(int argc, char **argv) {
  if (argc == 0) return cli_usage("metric: no metric name given");
  const char *name = argv[0];
  const ls_metric_def *def = ls_catalog_find(name);
  if (!def) return cli_usage("metric: no metric named \"%s\" (see lodestar metrics)", name);
  query_args a;
  int rc = parse(&a, "metric", NULL, argc - 1, argv + 1);
  if (rc == 0 && a.q.grain && !(def->grains & a.q.grain))
    rc = cli_usage("metric: this metric has no such grain: %s", ls_grain_name(a.q.grain));
  if (rc == 0 && a.q.top && !a.q.by && !ls_metric_breaks_down(def))
    rc = cli_usage("metric: --top keeps the top segments of a breakdown; give --by too%s", "");
  if (rc == 0 && (a.q.event || a.q.property)) {
    const char *what = a.q.event && !(def->args & LS_ARG_EVENT) ? "--event" : NULL;
    if (!what && a.q.property && !(def->args & LS_ARG_PROPERTY)) what = "--property";
    if (what) rc = cli_usage("metric: %s takes no %s (see lodestar metrics)", name, what);
  }
  ls_workspace *ws = rc == 0 ? workspace(&a) : NULL;
  if (rc == 0 && !ws) rc = 1;
  if (rc == 0 && !a.q.by && !ls_metric_breaks_down(def)) {
    ls_series *s = NULL;
    ls_status st = ls_metric_run(ws, name, &a.q, &s);
    /* without a reporting currency, several currencies are shown apart */
    const char *cur = st == LS_ECURRENCY && !ls_workspace_settings(ws)->currency[0] ? currency_column(ws, def) : NULL;
    if (cur) { /* several currencies without rates: each apart */
      fprintf(stderr, "lodestar: warning: %s; showing each currency apart\n", ls_workspace_errmsg(ws));
      a.q.by = cur;
    } else if (st != LS_OK) {
      rc = data_error(ws);
    } else {
      print_series(def, &s, NULL, 1, NULL, a.json);
    }
    ls_series_free(s);
  }
  if (rc == 0 && (a.q.by || ls_metric_breaks_down(def))) {
    ls_breakdown *b = NULL;
    if (ls_metric_run_by(ws, name, &a.q, &b) != LS_OK) rc = data_error(ws);
    else print_series(def, b->series, b->label, b->n, b->by, a.json);
    ls_breakdown_free(b);
  }
  ls_workspace_free(ws);
  args_free(&a);
  return rc;
}

int cli_cohorts(int argc, char **argv) {
  query_args a;
  int rc = parse(&a, "cohorts", "--metric", argc, argv);
  if (rc == 0 && (!a.metric || strcmp(a.metric, "revenue") != 0))
    rc = cli_usage("cohorts: --metric revenue is the one cohort metric so far%s", "");
  if (rc == 0 && a.q.by) rc = cli_usage("cohorts: --by is not taken here; use --where%s", "");
  if (rc == 0 && (a.q.event || a.q.property || a.q.top))
    rc = cli_usage("cohorts: --event, --property and --top are not taken here%s", "");
  if (rc == 0 && a.json) rc = cli_usage("cohorts: the matrix is printed as CSV only so far%s", "");
  ls_workspace *ws = rc == 0 ? workspace(&a) : NULL;
  if (rc == 0 && !ws) rc = 1;
  ls_cohorts *c = NULL;
  if (rc == 0 && ls_revenue_cohorts(ws, &a.q, &c) != LS_OK) rc = data_error(ws);
  if (rc == 0) {
    char period[LS_TIME_TEXT_MAX], num[LS_NUMFMT_MAX];
    fputs("cohort,customers,start_mrr", stdout);
    for (size_t k = 0; k < c->n; k++) printf(",%zu", k);
    putchar('\n');
    for (size_t q = 0; q < c->n; q++) {
      ls_period_name(c->start[q], c->grain, c->tz, period);
      printf("%s,%lld,%s", period, (long long)c->customers[q], ls_fmt_double(c->start_mrr[q], num));
      for (size_t k = 0; k + q < c->n; k++) printf(",%s", ls_fmt_double(c->retention[q * c->n + k], num));
      putchar('\n');
    }
  }
  ls_cohorts_free(c);
  ls_workspace_free(ws);
  args_free(&a);
  return rc;
}

int cli_settings(int argc, char **argv) {
  (void)argv;
  if (argc) return cli_usage("settings takes no arguments%s", "");
  char *json = NULL;
  ls_settings s;
  ls_settings_default(&s);
  json = ls_settings_json(&s);
  cJSON *arr = json ? cJSON_Parse(json) : NULL;
  ls_free(json);
  if (!arr) return 1;
  cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(it, "name")),
               *def = cJSON_GetStringValue(cJSON_GetObjectItem(it, "default")),
               *desc = cJSON_GetStringValue(cJSON_GetObjectItem(it, "description"));
    printf("%-18s %-12s %s", name, *def ? def : "(none)", desc);
    cJSON *ch = cJSON_GetObjectItem(it, "choices");
    if (cJSON_IsArray(ch)) {
      fputs(" Choices:", stdout);
      cJSON *one;
      cJSON_ArrayForEach(one, ch) printf(" %s", cJSON_GetStringValue(one));
      putchar('.');
    }
    putchar('\n');
  }
  cJSON_Delete(arr);
  return 0;
}
