/* dashbench.c: the native timing harness of the dashboard bench (issue 9,
 * tools/bench.d/dash-native.mjs; docs/performance.md). Built by CMake beside
 * the tests, never installed.
 *
 *   dashbench EVENTS.csv CUSTOMERS.csv SUBSCRIPTIONS.csv [--reps N]
 *
 * Loads the three files into one workspace (timed: read, parse, type,
 * detect), then in N rounds: the workspace cache dropped (by setting
 * movements to its value), the whole dashboard unfiltered (every metric of
 * dash-sql.mjs's DASH_METRICS, each timed, and their sum), then the same set
 * with the condition channel = google_ads (the filter change: the unfiltered
 * indexes are still cached, as in the app after the dashboard is shown; the
 * scoped ones are built). Prints one JSON object on stdout: the rows and
 * bytes of each file, the milliseconds of every run and their medians, per
 * metric too, and the last round's figures as the canonical rows of
 * dash-sql.mjs ("results" unfiltered, "filtered"): [day, value] and so on,
 * null for an empty value. Exit 0; 1 when something fails to load or
 * compute. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cJSON.h"
#include "catalog/catalog.h"
#include "metrics/funnel.h"
#include "metrics/retention.h"
#include "timing.h"
#include "workspace/workspace.h"

typedef enum { K_SERIES, K_BY, K_RETENTION, K_FUNNEL } kind;

/* the dashboard, in DASH_METRICS order: the name, how it is asked, the
 * catalog metric, its grain and property */
static const struct {
  const char *name;
  kind k;
  const char *metric;
  ls_grain grain;
  const char *property;
} DASH[] = {
    {"dau", K_SERIES, "dau", LS_GRAIN_DAY, NULL},
    {"wau", K_SERIES, "wau", LS_GRAIN_DAY, NULL},
    {"mau", K_SERIES, "mau", LS_GRAIN_DAY, NULL},
    {"retention", K_RETENTION, NULL, LS_GRAIN_WEEK, NULL},
    {"funnel", K_FUNNEL, NULL, 0, NULL},
    {"p50", K_SERIES, "p50", LS_GRAIN_DAY, "latency_ms"},
    {"p95", K_SERIES, "p95", LS_GRAIN_DAY, "latency_ms"},
    {"p99", K_SERIES, "p99", LS_GRAIN_DAY, "latency_ms"},
    {"error_rate", K_SERIES, "error_rate", LS_GRAIN_DAY, NULL},
    {"mrr_by_channel", K_BY, "mrr", LS_GRAIN_MONTH, NULL},
    {"mrr", K_SERIES, "mrr", LS_GRAIN_MONTH, NULL},
    {"new_mrr", K_SERIES, "new_mrr", LS_GRAIN_MONTH, NULL},
    {"expansion_mrr", K_SERIES, "expansion_mrr", LS_GRAIN_MONTH, NULL},
    {"contraction_mrr", K_SERIES, "contraction_mrr", LS_GRAIN_MONTH, NULL},
    {"churned_mrr", K_SERIES, "churned_mrr", LS_GRAIN_MONTH, NULL},
    {"reactivation_mrr", K_SERIES, "reactivation_mrr", LS_GRAIN_MONTH, NULL},
};
#define NDASH (sizeof DASH / sizeof *DASH)

static const char *const FUNNEL[] = {"signup", "resume_scan", "upgrade"};
static const ls_where FILTER = {"channel", "google_ads"};

/* one metric's answer: the one its kind fills */
typedef struct {
  ls_series *s;
  ls_breakdown *b;
  ls_retention *r;
  ls_funnel *f;
} answer;

static void answer_free(answer *a) {
  ls_series_free(a->s);
  ls_breakdown_free(a->b);
  ls_retention_free(a->r);
  ls_funnel_free(a->f);
  memset(a, 0, sizeof *a);
}

static int die(const char *what, ls_workspace *ws) {
  fprintf(stderr, "dashbench: %s: %s\n", what, ws ? ls_workspace_errmsg(ws) : "failed");
  return 1;
}

/* metric m over the rows sc keeps into *a */
static ls_status compute(ls_workspace *ws, size_t m, ls_scope sc, answer *a) {
  if (DASH[m].k == K_RETENTION) {
    ls_retention_query q = LS_RETENTION_QUERY_INIT; /* first_time, on, calendar, any event */
    q.period = DASH[m].grain;
    q.scope = sc;
    return ls_retention_run(ws, &q, &a->r);
  }
  if (DASH[m].k == K_FUNNEL) {
    ls_funnel_query q = LS_FUNNEL_QUERY_INIT; /* 14 days, sequential */
    q.steps = FUNNEL, q.nsteps = 3;
    q.scope = sc;
    return ls_funnel_run(ws, &q, &a->f);
  }
  ls_query q = LS_QUERY_INIT;
  q.grain = DASH[m].grain;
  q.property = DASH[m].property;
  q.scope = sc;
  if (DASH[m].k == K_BY) {
    q.by = FILTER.column;
    return ls_metric_run_by(ws, DASH[m].metric, &q, &a->b);
  }
  return ls_metric_run(ws, DASH[m].metric, &q, &a->s);
}

/* the whole set over sc, each metric timed into per[m] and the sum into
 * total; the answers into out (freed first) */
static int dashboard(ls_workspace *ws, ls_scope sc, runs *per, runs *total, answer out[NDASH]) {
  double sum = 0;
  for (size_t m = 0; m < NDASH; m++) {
    answer_free(&out[m]);
    double t0 = now_ms();
    if (compute(ws, m, sc, &out[m]) != LS_OK) return die(DASH[m].name, ws);
    double ms = now_ms() - t0;
    add(&per[m], ms);
    sum += ms;
  }
  add(total, sum);
  return 0;
}

/* ---- canonical rows (dash-sql.mjs) ---- */

static cJSON *value_json(double v) { return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v); }

static cJSON *period_json(int64_t start, ls_grain g, ls_tz tz) {
  char name[32];
  ls_period_name(start, g, tz, name);
  return cJSON_CreateString(name);
}

static cJSON *canon(const answer *a) {
  cJSON *rows = cJSON_CreateArray();
  if (a->s) {
    for (size_t i = 0; i < a->s->n; i++) {
      cJSON *row = cJSON_CreateArray();
      cJSON_AddItemToArray(row, period_json(a->s->start[i], a->s->grain, a->s->tz));
      cJSON_AddItemToArray(row, value_json(a->s->value[i]));
      cJSON_AddItemToArray(rows, row);
    }
  } else if (a->b) { /* [period, segment, value], the segments of a period together */
    size_t n = a->b->n ? a->b->series[0]->n : 0;
    for (size_t i = 0; i < n; i++) {
      for (size_t s = 0; s < a->b->n; s++) {
        const ls_series *x = a->b->series[s];
        cJSON *row = cJSON_CreateArray();
        cJSON_AddItemToArray(row, period_json(x->start[i], x->grain, x->tz));
        cJSON_AddItemToArray(row, cJSON_CreateString(a->b->label[s]));
        cJSON_AddItemToArray(row, value_json(x->value[i]));
        cJSON_AddItemToArray(rows, row);
      }
    }
  } else if (a->r) { /* [cohort, size, n0, n1, ...], the observable cells */
    for (size_t c = 0; c < a->r->ncohorts; c++) {
      cJSON *row = cJSON_CreateArray();
      cJSON_AddItemToArray(row, period_json(a->r->cohort[c], a->r->grain, a->r->tz));
      cJSON_AddItemToArray(row, cJSON_CreateNumber((double)a->r->size[c]));
      for (size_t k = 0; k < a->r->nk; k++) {
        int64_t v = a->r->count[c * a->r->nk + k];
        if (v != LS_RETENTION_ABSENT) cJSON_AddItemToArray(row, cJSON_CreateNumber((double)v));
      }
      cJSON_AddItemToArray(rows, row);
    }
  } else if (a->f) { /* [step, users] */
    for (size_t k = 0; k < a->f->nsteps; k++) {
      cJSON *row = cJSON_CreateArray();
      cJSON_AddItemToArray(row, cJSON_CreateNumber((double)(k + 1)));
      cJSON_AddItemToArray(row, cJSON_CreateNumber((double)a->f->users[k]));
      cJSON_AddItemToArray(rows, row);
    }
  }
  return rows;
}

static cJSON *set_json(const runs *total, const runs per[NDASH], const answer ans[NDASH], cJSON **results) {
  cJSON *o = json_runs(total), *pm = cJSON_AddObjectToObject(o, "per_metric");
  *results = cJSON_CreateObject();
  for (size_t m = 0; m < NDASH; m++) {
    cJSON_AddItemToObject(pm, DASH[m].name, json_runs(&per[m]));
    cJSON_AddItemToObject(*results, DASH[m].name, canon(&ans[m]));
  }
  return o;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: dashbench EVENTS.csv CUSTOMERS.csv SUBSCRIPTIONS.csv [--reps N]\n");
    return 2;
  }
  int reps = 3;
  for (int i = 4; i + 1 < argc; i += 2)
    if (strcmp(argv[i], "--reps") == 0) reps = atoi(argv[i + 1]);
  if (reps < 1 || reps > MAX_REPS) reps = 3;

  ls_workspace *ws = ls_workspace_new();
  if (!ws) return die("workspace", NULL);
  double bytes = 0, t0 = now_ms();
  for (int i = 1; i <= 3; i++)
    if (ls_workspace_load_path(ws, argv[i]) != LS_OK) return die(argv[i], ws);
  double load_ms = now_ms() - t0;
  for (int i = 1; i <= 3; i++) {
    struct stat st;
    if (stat(argv[i], &st) == 0) bytes += (double)st.st_size;
  }

  runs per[NDASH] = {{{0}, 0}}, fper[NDASH] = {{{0}, 0}}, total = {{0}, 0}, ftotal = {{0}, 0};
  answer ans[NDASH], fans[NDASH];
  memset(ans, 0, sizeof ans);
  memset(fans, 0, sizeof fans);
  ls_scope all = {NULL, 0}, filtered = {&FILTER, 1};
  for (int r = 0; r < reps; r++) {
    if (ls_workspace_set(ws, "movements", "boundary") != LS_OK) return die("movements", ws);
    if (dashboard(ws, all, per, &total, ans) || dashboard(ws, filtered, fper, &ftotal, fans)) return 1;
  }

  cJSON *o = cJSON_CreateObject(), *results = NULL, *fresults = NULL;
  cJSON *rows = cJSON_AddObjectToObject(o, "rows");
  for (size_t i = 0; i < ls_workspace_count(ws); i++) {
    const ls_table *t = ls_workspace_table(ws, i);
    cJSON_AddNumberToObject(rows, ls_table_name(t), (double)ls_table_rows(t));
  }
  cJSON_AddNumberToObject(o, "bytes", bytes);
  cJSON_AddNumberToObject(o, "load_ms", load_ms);
  cJSON_AddNumberToObject(o, "reps", reps);
  cJSON_AddItemToObject(o, "dashboard", set_json(&total, per, ans, &results));
  cJSON_AddItemToObject(o, "filter", set_json(&ftotal, fper, fans, &fresults));
  cJSON_AddItemToObject(o, "results", results);
  cJSON_AddItemToObject(o, "filtered", fresults);
  char *text = cJSON_PrintUnformatted(o);
  if (!text) return die("json", NULL);
  puts(text);
  free(text);
  cJSON_Delete(o);
  for (size_t m = 0; m < NDASH; m++) answer_free(&ans[m]), answer_free(&fans[m]);
  ls_workspace_free(ws);
  return 0;
}
