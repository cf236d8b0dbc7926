/* prodbench.c: the native timing harness of `tools/bench product`
 * (docs/performance.md). Built by CMake beside the tests, never installed.
 *
 *   prodbench EVENTS.csv [--reps N]
 *
 * Loads the events file (timed apart), then in rounds after one untimed
 * warm-up: the workspace cache dropped (by setting movements to its value),
 * DAU, rolling WAU and rolling MAU for every day of the data, each timed,
 * and their sum; then, from a dropped cache again, the 3-step funnel signup,
 * resume_scan, upgrade in 14 days (it builds the events index); from a
 * dropped cache, the weekly retention matrix (first_time, on, calendar; it
 * builds the index too); then, each from a dropped cache, sessions and the
 * median session duration for every day, and the top 50 paths (pairs of
 * consecutive events in sessions); then p95 of latency_ms for every day.
 * Prints one JSON object on stdout: the milliseconds of every run (and, for
 * the funnel and the matrix, the CPU milliseconds), medians, the last
 * round's series, the funnel's counts, the matrix, the sessions per day, the
 * number of distinct path pairs and the p95 series (for the peers' checks in
 * product.mjs).
 * Exit 0; 1 when something fails to load or compute. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"
#include "catalog/catalog.h"
#include "metrics/funnel.h"
#include "metrics/paths.h"
#include "metrics/retention.h"
#include "timing.h"
#include "workspace/workspace.h"


static const char *const METRICS[] = {"dau", "wau", "mau"};
#define NMETRICS (sizeof METRICS / sizeof *METRICS)

static int die(const char *what, ls_workspace *ws) {
  fprintf(stderr, "prodbench: %s: %s\n", what, ws ? ls_workspace_errmsg(ws) : "failed");
  return 1;
}

/* one round: every metric at day grain from a dropped cache; the series of
 * the last one are kept in out (NULL: not kept) */
static int round_of(ls_workspace *ws, runs *per, runs *total, ls_series *out[NMETRICS]) {
  if (ls_workspace_set(ws, "movements", "boundary") != LS_OK) return die("movements", ws);
  double sum = 0;
  for (size_t m = 0; m < NMETRICS; m++) {
    ls_query q = LS_QUERY_INIT;
    q.grain = LS_GRAIN_DAY;
    ls_series *s = NULL;
    double t0 = now_ms();
    if (ls_metric_run(ws, METRICS[m], &q, &s) != LS_OK) return die(METRICS[m], ws);
    double ms = now_ms() - t0;
    sum += ms;
    if (per) add(&per[m], ms);
    if (out) {
      ls_series_free(out[m]);
      out[m] = s;
    } else {
      ls_series_free(s);
    }
  }
  if (total) add(total, sum);
  return 0;
}

/* this process's CPU time (ms): the kernels run on one thread, so on a busy
 * machine it shows what the wall clock would on an idle one */
static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static const char *const FUNNEL[] = {"signup", "resume_scan", "upgrade"};

/* the funnel from a dropped cache, timed into r (CPU time into cpu); its
 * users per step into users */
static int funnel_round(ls_workspace *ws, runs *r, runs *cpu, int64_t users[3]) {
  if (ls_workspace_set(ws, "movements", "boundary") != LS_OK) return die("movements", ws);
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  q.steps = FUNNEL, q.nsteps = 3;
  ls_funnel *f = NULL;
  double t0 = now_ms(), c0 = cpu_ms();
  if (ls_funnel_run(ws, &q, &f) != LS_OK) return die("funnel", ws);
  double ms = now_ms() - t0, cms = cpu_ms() - c0;
  if (r) add(r, ms), add(cpu, cms);
  for (int k = 0; k < 3; k++) users[k] = f->users[k];
  ls_funnel_free(f);
  return 0;
}

/* p95 of latency_ms for every day (property math: a gather and one sort per
 * day; no cache to drop), timed into r; the series into *out (NULL: not kept) */
static int p95_round(ls_workspace *ws, runs *r, ls_series **out) {
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_DAY;
  q.property = "latency_ms";
  ls_series *s = NULL;
  double t0 = now_ms();
  if (ls_metric_run(ws, "p95", &q, &s) != LS_OK) return die("p95", ws);
  double ms = now_ms() - t0;
  if (r) add(r, ms);
  if (out) {
    ls_series_free(*out);
    *out = s;
  } else {
    ls_series_free(s);
  }
  return 0;
}

/* sessions and their median duration for every day from a dropped cache,
 * timed into r; the sessions series into *out (NULL: not kept) */
static int sessions_round(ls_workspace *ws, runs *r, ls_series **out) {
  if (ls_workspace_set(ws, "movements", "boundary") != LS_OK) return die("movements", ws);
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_DAY;
  ls_series *n = NULL, *median = NULL;
  double t0 = now_ms();
  if (ls_metric_run(ws, "sessions", &q, &n) != LS_OK || ls_metric_run(ws, "session_duration_median", &q, &median) != LS_OK)
    return die("sessions", ws);
  if (r) add(r, now_ms() - t0);
  ls_series_free(median);
  if (out) {
    ls_series_free(*out);
    *out = n;
  } else {
    ls_series_free(n);
  }
  return 0;
}

/* the top 50 paths from a dropped cache, timed into r; distinct pairs and
 * sessions into d[0], d[1] */
static int paths_round(ls_workspace *ws, runs *r, double d[2]) {
  if (ls_workspace_set(ws, "movements", "boundary") != LS_OK) return die("movements", ws);
  ls_paths_query q = LS_PATHS_QUERY_INIT;
  ls_paths *p = NULL;
  double t0 = now_ms();
  if (ls_paths_run(ws, &q, &p) != LS_OK) return die("paths", ws);
  if (r) add(r, now_ms() - t0);
  d[0] = (double)p->distinct, d[1] = (double)p->sessions;
  ls_paths_free(p);
  return 0;
}

/* the weekly retention matrix from a dropped cache, timed into r (CPU time
 * into cpu); the last one kept in *out */
static int retention_round(ls_workspace *ws, runs *r, runs *cpu, ls_retention **out) {
  if (ls_workspace_set(ws, "movements", "boundary") != LS_OK) return die("movements", ws);
  ls_retention_query q = LS_RETENTION_QUERY_INIT; /* week, first_time, on, calendar, any event */
  ls_retention *m = NULL;
  double t0 = now_ms(), c0 = cpu_ms();
  if (ls_retention_run(ws, &q, &m) != LS_OK) return die("retention", ws);
  double ms = now_ms() - t0, cms = cpu_ms() - c0;
  if (r) add(r, ms), add(cpu, cms);
  ls_retention_free(*out);
  *out = m;
  return 0;
}

/* the matrix as JSON: the first cohort's Monday (days since the epoch), the
 * sizes and the rows of counts (null: not observable) */
static cJSON *json_matrix(const ls_retention *m) {
  cJSON *o = cJSON_CreateObject(), *rows = cJSON_CreateArray();
  cJSON_AddNumberToObject(o, "first_day", m->ncohorts ? (double)(m->cohort[0] / 86400000) : 0);
  for (size_t c = 0; c < m->ncohorts; c++) {
    cJSON *row = cJSON_CreateArray();
    for (size_t k = 0; k < m->nk; k++) {
      int64_t v = m->count[c * m->nk + k];
      cJSON_AddItemToArray(row, v == LS_RETENTION_ABSENT ? cJSON_CreateNull() : cJSON_CreateNumber((double)v));
    }
    cJSON_AddItemToArray(rows, row);
  }
  cJSON_AddItemToObject(o, "rows", rows);
  cJSON *mean = cJSON_CreateArray();
  for (size_t k = 0; k < m->nk; k++) cJSON_AddItemToArray(mean, cJSON_CreateNumber(m->mean[k]));
  cJSON_AddItemToObject(o, "mean", mean);
  return o;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: prodbench EVENTS.csv [--reps N]\n");
    return 2;
  }
  int reps = 5;
  for (int i = 2; i + 1 < argc; i += 2)
    if (strcmp(argv[i], "--reps") == 0) reps = atoi(argv[i + 1]);
  if (reps < 1 || reps > MAX_REPS) reps = 5;

  ls_workspace *ws = ls_workspace_new();
  if (!ws) return die("workspace", NULL);
  double t0 = now_ms();
  if (ls_workspace_load_path(ws, argv[1]) != LS_OK) return die(argv[1], ws);
  double load_ms = now_ms() - t0;
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  if (di < 0) return die("no events dataset", NULL);

  runs per[NMETRICS] = {0}, total = {0};
  ls_series *last[NMETRICS] = {NULL};
  if (round_of(ws, NULL, NULL, NULL)) return 1; /* warm-up */
  for (int r = 0; r < reps; r++)
    if (round_of(ws, per, &total, r == reps - 1 ? last : NULL)) return 1;
  runs funnel = {0}, funnel_cpu = {0};
  int64_t users[3];
  if (funnel_round(ws, NULL, NULL, users)) return 1; /* warm-up */
  for (int r = 0; r < reps; r++)
    if (funnel_round(ws, &funnel, &funnel_cpu, users)) return 1;
  runs retention = {0}, retention_cpu = {0};
  ls_retention *matrix = NULL;
  if (retention_round(ws, NULL, NULL, &matrix)) return 1; /* warm-up */
  for (int r = 0; r < reps; r++)
    if (retention_round(ws, &retention, &retention_cpu, &matrix)) return 1;
  runs sessions = {0}, paths = {0};
  ls_series *sessions_series = NULL;
  double pd[2];
  if (sessions_round(ws, NULL, NULL) || paths_round(ws, NULL, pd)) return 1; /* warm-up */
  for (int r = 0; r < reps; r++)
    if (sessions_round(ws, &sessions, r == reps - 1 ? &sessions_series : NULL) || paths_round(ws, &paths, pd)) return 1;

  runs p95 = {0};
  ls_series *p95s = NULL;
  if (p95_round(ws, NULL, NULL)) return 1; /* warm-up */
  for (int r = 0; r < reps; r++)
    if (p95_round(ws, &p95, r == reps - 1 ? &p95s : NULL)) return 1;

  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "rows", (double)ls_table_rows(ls_workspace_table(ws, (size_t)di)));
  cJSON_AddNumberToObject(o, "load_ms", load_ms);
  cJSON_AddNumberToObject(o, "reps", reps);
  cJSON_AddItemToObject(o, "total", json_runs(&total));
  cJSON *pm = cJSON_AddObjectToObject(o, "per_metric");
  cJSON *series = cJSON_AddObjectToObject(o, "series");
  for (size_t m = 0; m < NMETRICS; m++) {
    cJSON_AddItemToObject(pm, METRICS[m], json_runs(&per[m]));
    cJSON *values = cJSON_CreateArray();
    for (size_t i = 0; i < last[m]->n; i++) cJSON_AddItemToArray(values, cJSON_CreateNumber(last[m]->value[i]));
    cJSON_AddItemToObject(series, METRICS[m], values);
  }
  cJSON *fo = cJSON_AddObjectToObject(o, "funnel");
  cJSON_AddItemToObject(fo, "steps", cJSON_CreateStringArray(FUNNEL, 3));
  double u[3] = {(double)users[0], (double)users[1], (double)users[2]};
  cJSON_AddItemToObject(fo, "users", cJSON_CreateDoubleArray(u, 3));
  cJSON_AddItemToObject(fo, "runs", json_runs(&funnel));
  cJSON *po = cJSON_AddObjectToObject(o, "p95");
  cJSON_AddItemToObject(po, "runs", json_runs(&p95));
  cJSON *pv = cJSON_AddArrayToObject(po, "values"); /* null: a day without a latency */
  for (size_t i = 0; i < p95s->n; i++)
    cJSON_AddItemToArray(pv, p95s->value[i] == p95s->value[i] ? cJSON_CreateNumber(p95s->value[i]) : cJSON_CreateNull());
  cJSON_AddNumberToObject(po, "first_day", (double)(p95s->start[0] / 86400000));
  ls_series_free(p95s);
  cJSON *so = cJSON_AddObjectToObject(o, "sessions");
  cJSON_AddItemToObject(so, "runs", json_runs(&sessions));
  cJSON_AddItemToObject(so, "series", cJSON_CreateDoubleArray(sessions_series->value, (int)sessions_series->n));
  cJSON *pa = cJSON_AddObjectToObject(o, "paths");
  cJSON_AddItemToObject(pa, "runs", json_runs(&paths));
  cJSON_AddNumberToObject(pa, "distinct", pd[0]);
  cJSON_AddNumberToObject(pa, "sessions", pd[1]);
  ls_series_free(sessions_series);
  cJSON_AddItemToObject(fo, "cpu", json_runs(&funnel_cpu));
  cJSON *ro = json_matrix(matrix);
  cJSON_AddItemToObject(ro, "runs", json_runs(&retention));
  cJSON_AddItemToObject(ro, "cpu", json_runs(&retention_cpu));
  cJSON_AddItemToObject(o, "retention", ro);
  ls_retention_free(matrix);
  /* the first day as days since the epoch (UTC: the workspace's zone here) */
  cJSON_AddNumberToObject(o, "first_day", (double)(last[0]->start[0] / 86400000));
  char *text = cJSON_PrintUnformatted(o);
  if (!text) return die("json", NULL);
  puts(text);
  free(text);
  cJSON_Delete(o);
  for (size_t m = 0; m < NMETRICS; m++) ls_series_free(last[m]);
  ls_workspace_free(ws);
  return 0;
}
